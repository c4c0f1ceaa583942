#pragma once

// Private to core: fetch and push over libgit2, with credentials and error classification.

#include "gitrepository.h"
#include "remoteurl.h"

#include <QString>

struct git_repository;

namespace fd::core {

/**
 * The remote a repository fetches from and pushes to, with insteadOf rewriting already applied
 * (rewriteRemoteUrls()). Transfers use an in-memory remote for it, also for a clone's origin:
 * the clone's configured refspecs are never used, only the engine's explicit ones.
 */
struct RemoteEndpoint final {
    RemoteUrl fetchUrl;
    RemoteUrl pushUrl;
};

/** refs/heads/@p branch when @p branch is a valid branch name, else InvalidInput. */
Result<QString> branchRef(const QString& branch);

/** Fetches refs/heads/@p branch into GitRepository::trackingRef(@p branch); returns its tip. */
Result<QString> fetchBranch(git_repository* repository, const RemoteEndpoint& endpoint,
                            const GitRepositoryOptions& options, const QString& branch);

/** The branch the remote's HEAD names ("main"), as `git clone` would check out. */
Result<QString> remoteDefaultBranch(git_repository* repository, const RemoteEndpoint& endpoint,
                                    const GitRepositoryOptions& options);

/**
 * Fetches every tag of the remote into @p refNamespace ("refs/freightdesk/tags/"), forced and
 * pruned: the namespace mirrors the remote's tags, and a clone's own refs/tags are not touched.
 * Returns how many there are.
 */
Result<int> fetchTags(git_repository* repository, const RemoteEndpoint& endpoint,
                      const GitRepositoryOptions& options, const QString& refNamespace);

/** Pushes @p commitId to refs/heads/@p branch without force; then moves the tracking ref. */
Result<void> pushCommit(git_repository* repository, const RemoteEndpoint& endpoint,
                        const GitRepositoryOptions& options, const QString& commitId,
                        const QString& branch);

} // namespace fd::core

#pragma once

// Private to core: one commit's step of GitHistory::walk, on one thread's repository handle.

#include "githandles.h"
#include "githistory.h"
#include "gittreediff.h"

#include <optional>

namespace fd::core {

/** A commit the walk visits, with its changes under the walk's prefixes. */
struct GitWalkStep final {
    GitCommitInfo commit;
    QList<GitPathChange> changes;
};

/**
 * Decides whether a walk visits a commit and with which changes: its tree against its first
 * parent's, under the prefixes. Each thread of a walk has its own, on its own repository handle:
 * libgit2 objects and the tree cache are not shared between threads.
 */
class GitCommitDiffer final {
public:
    GitCommitDiffer(git_repository* repository, QList<QByteArray> prefixes,
                    const GitWalkOptions& options);

    /** The step for @p id, or nothing when the walk skips the commit. */
    Result<std::optional<GitWalkStep>> step(const git_oid& id);

private:
    git_repository* m_repository;
    bool m_everyCommit;
    bool m_diffMerges;
    GitTreeDiff m_diff;
};

/** What `git log` shows of a commit. */
GitCommitInfo commitInfoOf(git_commit* commit);
/** A signature with its time in its own UTC offset. */
GitPerson personOf(const git_signature* signature);

} // namespace fd::core

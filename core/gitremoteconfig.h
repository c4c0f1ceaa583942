#pragma once

// Private to core: a remote's URLs as Git would use them, read without libgit2's remote API.

#include "result.h"

#include <QString>

#include <optional>

struct git_repository;

namespace fd::core {

/** The URLs Git would fetch from and push to, after `url.<base>.insteadOf` rewriting. */
struct RemoteUrls final {
    QString fetchUrl;
    QString pushUrl;
};

/**
 * Applies the repository's (and the user's global) `url.<base>.insteadOf` to @p url, and for
 * the push URL `pushInsteadOf` as well, with git's rules: the longest matching prefix wins, and
 * an explicit @p configuredPushUrl gets insteadOf only.
 *
 * Done here rather than by libgit2 because libgit2 1.5.1 leaks a PCRE2 match block (~20 KB) for
 * every config entry its insteadOf lookup does not match, on each remote it creates or loads.
 */
RemoteUrls rewriteRemoteUrls(git_repository* repository, const QString& url,
                             const std::optional<QString>& configuredPushUrl = std::nullopt);

/** remote.<name>.url and remote.<name>.pushurl, rewritten; NotFound when there is no such remote. */
Result<RemoteUrls> readConfiguredRemote(git_repository* repository, const QString& name);

/** Records remote.origin.url/fetch in a new mirror, for people who look inside it. */
Result<void> writeMirrorRemote(git_repository* repository, const QString& redactedUrl);

} // namespace fd::core

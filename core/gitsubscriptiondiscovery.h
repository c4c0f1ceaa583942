#pragma once

#include "gitcommitdiscovery.h"
#include "gitrepository.h"
#include "kargomodel.h"

namespace fd::core {

/**
 * The commits a Warehouse's Git subscription offers, as Kargo discovers them: the newest
 * commits of its branch (`NewestFromBranch`, the default; the remote's default branch when none
 * is named), or its tags ordered by `SemVer` (with `semverConstraint`, `strictSemvers`),
 * `Lexical` or `NewestTag` after the allow/ignore rules, in both cases kept only when
 * `includePaths`/`excludePaths` select a file the commit changes, at most `discoveryLimit`.
 *
 * The repository is fetched through the Git engine into its mirror in the cache (the branch, or
 * all tags into the engine's own namespace). Blocks on the network: run it off the GUI thread.
 */
class GitSubscriptionDiscovery final {
public:
    static Result<QList<DiscoveredCommit>> discover(const WarehouseSubscription& subscription,
                                                    const GitRepositoryOptions& options = {});

    /** The same on a repository fetched already (tags in GitRepository::tagNamespace()). */
    static Result<QList<DiscoveredCommit>> select(const GitHistory& history,
                                                  const WarehouseSubscription& subscription,
                                                  const QString& branchRevision);

    /** True for `NewestFromBranch` (or no strategy): commits of a branch, not tags. */
    static bool followsBranch(const WarehouseSubscription& subscription);
};

} // namespace fd::core

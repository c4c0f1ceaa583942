#pragma once

#include "githistory.h"
#include "gitpathfilter.h"

namespace fd::core {

/** A commit a Git subscription offers as freight, with what Kargo records of it. */
struct DiscoveredCommit final {
    QString id;
    /** The tag it was found by; empty for a branch's commit. */
    QString tag;
    /** The branch it was found on; empty for a tag's commit. */
    QString branch;
    /** At most 80 characters, as Kargo keeps it. */
    QString subject;
    QString author;    // "Name <email>"
    QString committer; // "Name <email>"
    /** The tag's creator date, or the commit's committer date. */
    QDateTime creatorDate;

    bool operator==(const DiscoveredCommit&) const = default;
};

/**
 * Kargo's commit discovery for a Git subscription, on a repository already fetched: the newest
 * commits of a branch (`NewestFromBranch`), or tags in the order a strategy gave them, each kept
 * only when the subscription's include/exclude paths select the files its commit changes.
 */
class GitCommitDiscovery final {
public:
    /** Commits reachable from @p revision, newest first, at most @p limit. */
    static Result<QList<DiscoveredCommit>> branchHistory(const GitHistory& history,
                                                         const QString& revision,
                                                         const QString& branch,
                                                         const GitPathFilter& filter, int limit);
    /** @p tags in their order whose commits @p filter selects, at most @p limit. */
    static Result<QList<DiscoveredCommit>> tagged(const GitHistory& history,
                                                  const QList<GitTagInfo>& tags,
                                                  const GitPathFilter& filter, int limit);
};

} // namespace fd::core

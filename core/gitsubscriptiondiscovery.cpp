#include "gitsubscriptiondiscovery.h"

#include "tagselector.h"

#include <algorithm>

namespace fd::core {

bool GitSubscriptionDiscovery::followsBranch(const WarehouseSubscription& subscription) {
    return subscription.selectionStrategy.isEmpty() ||
           subscription.selectionStrategy == u"NewestFromBranch";
}

Result<QList<DiscoveredCommit>>
GitSubscriptionDiscovery::select(const GitHistory& history,
                                 const WarehouseSubscription& subscription,
                                 const QString& branchRevision) {
    auto filter = GitPathFilter::parse(subscription.includePaths, subscription.excludePaths);
    if (!filter) {
        Error error = std::move(filter).error();
        error.location = subscription.position.toString();
        return error;
    }
    const int limit =
        std::clamp(subscription.discoveryLimit.value_or(TagSelectionPolicy::defaultDiscoveryLimit),
                   1, TagSelectionPolicy::maxDiscoveryLimit);
    if (followsBranch(subscription))
        return GitCommitDiscovery::branchHistory(history, branchRevision, subscription.branch,
                                                 *filter, limit);

    auto selector = TagSelector::forSubscription(subscription);
    if (!selector)
        return std::move(selector).error();
    auto tags = history.tags(GitRepository::tagNamespace());
    if (!tags)
        return std::move(tags).error();
    QList<DatedTag> dated;
    dated.reserve(tags->size());
    QHash<QString, const GitTagInfo*> byName;
    for (const GitTagInfo& tag : *tags) {
        dated.append({tag.name, tag.creatorDate});
        byName.insert(tag.name, &tag);
    }
    QList<GitTagInfo> ordered;
    for (const QString& name : selector->select(dated))
        ordered.append(*byName.value(name));
    return GitCommitDiscovery::tagged(history, ordered, *filter, limit);
}

Result<QList<DiscoveredCommit>>
GitSubscriptionDiscovery::discover(const WarehouseSubscription& subscription,
                                   const GitRepositoryOptions& options) {
    auto repository = GitRepository::open(subscription.repoURL, options);
    if (!repository)
        return std::move(repository).error();
    QString revision;
    WarehouseSubscription resolved = subscription;
    if (followsBranch(subscription)) {
        if (resolved.branch.isEmpty()) {
            auto branch = (*repository)->defaultBranch();
            if (!branch)
                return std::move(branch).error();
            resolved.branch = *branch;
        }
        auto tip = (*repository)->fetch(resolved.branch);
        if (!tip)
            return std::move(tip).error();
        revision = *tip;
    } else if (auto fetched = (*repository)->fetchTags(); !fetched) {
        return std::move(fetched).error();
    }
    auto history = GitHistory::open((*repository)->gitDirectory());
    if (!history)
        return std::move(history).error();
    return select(**history, resolved, revision);
}

} // namespace fd::core

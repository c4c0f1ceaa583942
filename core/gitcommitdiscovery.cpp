#include "gitcommitdiscovery.h"

namespace fd::core {

namespace {

constexpr qsizetype maximumSubject = 80;

QString shortened(const QString& subject) {
    return subject.size() <= maximumSubject
               ? subject
               : subject.left(maximumSubject - 3) + QStringLiteral("...");
}

QString signature(const GitPerson& person) {
    return QStringLiteral("%1 <%2>").arg(person.name, person.email);
}

QStringList pathsOf(const QList<GitPathChange>& changes) {
    QStringList paths;
    paths.reserve(changes.size());
    for (const GitPathChange& change : changes)
        paths.append(change.path);
    return paths;
}

} // namespace

Result<QList<DiscoveredCommit>>
GitCommitDiscovery::branchHistory(const GitHistory& history, const QString& revision,
                                  const QString& branch, const GitPathFilter& filter, int limit) {
    QList<DiscoveredCommit> found;
    if (limit <= 0)
        return found;
    GitWalkOptions options;
    options.diffMerges = true; // what a merge brings to the branch decides, as for tags
    auto walked = history.walk(
        revision, options, [&](const GitCommitInfo& commit, const QList<GitPathChange>& changes) {
            if (filter.isEmpty() || filter.selects(pathsOf(changes)))
                found.append({commit.id,
                              {},
                              branch,
                              shortened(commit.summary),
                              signature(commit.author),
                              signature(commit.committer),
                              commit.committer.time});
            return found.size() < limit;
        });
    if (!walked)
        return std::move(walked).error();
    return found;
}

Result<QList<DiscoveredCommit>> GitCommitDiscovery::tagged(const GitHistory& history,
                                                           const QList<GitTagInfo>& tags,
                                                           const GitPathFilter& filter, int limit) {
    QList<DiscoveredCommit> found;
    for (const GitTagInfo& tag : tags) {
        if (found.size() >= limit)
            break;
        if (!filter.isEmpty()) {
            auto changes = history.changes(tag.commitId);
            if (!changes)
                return std::move(changes).error();
            if (!filter.selects(pathsOf(*changes)))
                continue;
        }
        found.append({tag.commitId,
                      tag.name,
                      {},
                      shortened(tag.subject),
                      signature(tag.author),
                      signature(tag.committer),
                      tag.creatorDate});
    }
    return found;
}

} // namespace fd::core

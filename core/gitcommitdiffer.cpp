#include "gitcommitdiffer.h"

#include "gitsupport.h"

namespace fd::core {

namespace {

QDateTime timeOf(const git_time& when) {
    return QDateTime::fromSecsSinceEpoch(when.time, Qt::OffsetFromUTC, when.offset * 60);
}

} // namespace

GitPerson personOf(const git_signature* signature) {
    return GitPerson{QString::fromUtf8(signature->name), QString::fromUtf8(signature->email),
                     timeOf(signature->when)};
}

GitCommitInfo commitInfoOf(git_commit* commit) {
    GitCommitInfo info;
    info.id = oidToString(*git_commit_id(commit));
    const unsigned int parents = git_commit_parentcount(commit);
    info.parentIds.reserve(parents);
    for (unsigned int i = 0; i < parents; ++i)
        info.parentIds.append(oidToString(*git_commit_parent_id(commit, i)));
    info.author = personOf(git_commit_author(commit));
    info.committer = personOf(git_commit_committer(commit));
    // Messages are taken as UTF-8: an `encoding` header (rare since Git 1.5) is not honoured.
    if (const char* summary = git_commit_summary(commit))
        info.summary = QString::fromUtf8(summary);
    if (const char* message = git_commit_message(commit))
        info.message = QString::fromUtf8(message);
    return info;
}

GitCommitDiffer::GitCommitDiffer(git_repository* repository, QList<QByteArray> prefixes,
                                 const GitWalkOptions& options)
    : m_repository(repository)
    , m_everyCommit(prefixes.isEmpty())
    , m_diffMerges(options.diffMerges)
    , m_diff(repository, std::move(prefixes)) {}

Result<std::optional<GitWalkStep>> GitCommitDiffer::step(const git_oid& id) {
    git_commit* rawCommit = nullptr;
    if (const int rc = git_commit_lookup(&rawCommit, m_repository, &id); rc < 0)
        return gitFailureError(QStringLiteral("could not read commit %1").arg(oidToString(id)), rc);
    const GitCommitHandle commit(rawCommit);

    QList<GitPathChange> changes;
    const unsigned int parents = git_commit_parentcount(commit.get());
    if (parents <= 1 || m_diffMerges || !m_everyCommit) {
        GitCommitHandle parent;
        if (parents > 0) {
            git_commit* rawParent = nullptr;
            if (const int rc = git_commit_parent(&rawParent, commit.get(), 0); rc < 0)
                return gitFailureError(
                    QStringLiteral("could not read the parent of commit %1").arg(oidToString(id)),
                    rc);
            parent.reset(rawParent);
        }
        auto compared = m_diff.compare(parent ? git_commit_tree_id(parent.get()) : nullptr,
                                       *git_commit_tree_id(commit.get()), changes);
        if (!compared)
            return std::move(compared).error();
        if (changes.isEmpty() && !m_everyCommit)
            return std::optional<GitWalkStep>();
        if (parents > 1 && !m_diffMerges)
            changes.clear();
    }
    return std::optional<GitWalkStep>(GitWalkStep{commitInfoOf(commit.get()), std::move(changes)});
}

} // namespace fd::core

#include "gitobjects.h"

#include "gitsupport.h"

#include <git2.h>

namespace fd::core {

QString directoryOf(git_repository* repository) {
    QString path = QString::fromUtf8(git_repository_path(repository));
    while (path.size() > 1 && path.endsWith(u'/'))
        path.chop(1);
    return path;
}

Result<GitCommitHandle> resolveCommit(git_repository* repository, const QString& revision) {
    if (revision.isEmpty())
        return Error{Error::Kind::InvalidInput, QStringLiteral("no revision given"), {}};
    git_object* raw = nullptr;
    const QByteArray spec = revision.toUtf8();
    const int rc = git_revparse_single(&raw, repository, spec.constData());
    const GitObjectHandle object(raw);
    if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC)
        return Error{Error::Kind::NotFound,
                     QStringLiteral("revision '%1' not found in %2 (fetch the branch first?)")
                         .arg(revision, directoryOf(repository)),
                     revision};
    if (rc == GIT_EAMBIGUOUS)
        return Error{
            Error::Kind::InvalidInput,
            QStringLiteral("revision '%1' is ambiguous; give the full commit id").arg(revision),
            revision};
    if (rc < 0)
        return gitFailureError(QStringLiteral("could not resolve revision '%1'").arg(revision), rc,
                               revision);
    git_object* peeled = nullptr;
    if (const int peelRc = git_object_peel(&peeled, object.get(), GIT_OBJECT_COMMIT); peelRc < 0) {
        const GitFailure failure = GitFailure::capture(peelRc);
        return Error{
            Error::Kind::InvalidInput,
            QStringLiteral("revision '%1' is not a commit: %2").arg(revision, failure.message),
            revision};
    }
    return GitCommitHandle(reinterpret_cast<git_commit*>(peeled));
}

Result<GitTreeHandle> treeOf(const git_commit* commit) {
    git_tree* tree = nullptr;
    if (const int rc = git_commit_tree(&tree, commit); rc < 0)
        return gitFailureError(QStringLiteral("could not read the tree of commit %1")
                                   .arg(oidToString(*git_commit_id(commit))),
                               rc);
    return GitTreeHandle(tree);
}

} // namespace fd::core

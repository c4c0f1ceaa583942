#include "gitlocalpush.h"

#include "githandles.h"
#include "gitlocalfetch.h"
#include "gitsupport.h"

#include <QFile>

#include <git2.h>

namespace fd::core {

namespace {

Error moved(const QString& target, const QByteArray& branchRef) {
    return Error{Error::Kind::Rejected,
                 QStringLiteral("%1 in %2 has commits this push does not contain "
                                "(non-fast-forward; fetch and try again)")
                     .arg(QString::fromUtf8(branchRef), target),
                 QString::fromUtf8(branchRef)};
}

/** True when @p branchRef is what a non-bare repository has checked out (git refuses those). */
bool isCheckedOut(git_repository* target, const QByteArray& branchRef) {
    if (git_repository_is_bare(target))
        return false;
    git_reference* head = nullptr;
    if (git_reference_lookup(&head, target, "HEAD") < 0) {
        git_error_clear();
        return false;
    }
    const GitReferenceHandle owner(head);
    const char* symbolic = git_reference_symbolic_target(head);
    return symbolic && branchRef == symbolic;
}

} // namespace

std::optional<Result<void>>
pushToLocalRepository(git_repository* repository, const QString& repositoryPath,
                      const QString& targetPath, const QByteArray& sourceRef, const git_oid& commit,
                      const QByteArray& branchRef) {
    git_repository* rawTarget = nullptr;
    const QByteArray nativePath = QFile::encodeName(targetPath);
    if (git_repository_open_ext(&rawTarget, nativePath.constData(), GIT_REPOSITORY_OPEN_NO_SEARCH,
                                nullptr) < 0) {
        git_error_clear();
        return std::nullopt;
    }
    const GitRepositoryHandle target(rawTarget);
    git_oid old;
    if (git_reference_name_to_id(&old, target.get(), branchRef.constData()) < 0 ||
        isCheckedOut(target.get(), branchRef)) {
        git_error_clear();
        return std::nullopt;
    }
    if (git_oid_equal(&old, &commit))
        return Result<void>();
    // The branch must lead to our commit: its tip is one we fetched and built on.
    git_odb* rawOdb = nullptr;
    if (git_repository_odb(&rawOdb, repository) < 0) {
        git_error_clear();
        return std::nullopt;
    }
    const GitOdbHandle odb(rawOdb);
    if (git_odb_exists(odb.get(), &old) != 1 ||
        git_graph_descendant_of(repository, &commit, &old) != 1) {
        git_error_clear();
        return Result<void>(moved(targetPath, branchRef));
    }
    const auto copied = fetchFromLocalRepository(target.get(), repositoryPath, sourceRef);
    if (!copied || !git_oid_equal(&*copied, &commit))
        return std::nullopt;

    git_reference* updated = nullptr;
    const int rc = git_reference_create_matching(&updated, target.get(), branchRef.constData(),
                                                 &commit, 1, &old, "push (freightdesk)");
    const GitReferenceHandle owner(updated);
    if (rc == GIT_EMODIFIED || rc == GIT_ELOCKED) {
        git_error_clear();
        return Result<void>(moved(targetPath, branchRef));
    }
    if (rc < 0)
        return Result<void>(gitFailureError(QStringLiteral("could not update %1 in %2")
                                                .arg(QString::fromUtf8(branchRef), targetPath),
                                            rc, QString::fromUtf8(branchRef)));
    return Result<void>();
}

} // namespace fd::core

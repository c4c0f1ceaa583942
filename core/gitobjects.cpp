#include "gitobjects.h"

#include "gitpath.h"
#include "gitsupport.h"

#include <git2.h>

namespace fd::core {

namespace {

// GitOps values files are small; anything this big is not something to hold in memory.
constexpr git_object_size_t maximumFileSize = 64 * 1024 * 1024;

} // namespace

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

Result<GitTreeHandle> emptyTree(git_repository* repository) {
    git_treebuilder* rawBuilder = nullptr;
    if (const int rc = git_treebuilder_new(&rawBuilder, repository, nullptr); rc < 0)
        return gitFailureError(QStringLiteral("could not start an empty tree"), rc);
    git_oid id;
    const int writeRc = git_treebuilder_write(&id, rawBuilder);
    git_treebuilder_free(rawBuilder);
    if (writeRc < 0)
        return gitFailureError(QStringLiteral("could not write an empty tree"), writeRc);
    git_tree* tree = nullptr;
    if (const int rc = git_tree_lookup(&tree, repository, &id); rc < 0)
        return gitFailureError(QStringLiteral("could not read the empty tree"), rc);
    return GitTreeHandle(tree);
}

/** The entry at @p path, or a null handle when there is none. */
Result<GitTreeEntryHandle> entryAt(const git_tree* tree, const QByteArray& path) {
    git_tree_entry* entry = nullptr;
    const int rc = git_tree_entry_bypath(&entry, tree, path.constData());
    if (rc == GIT_ENOTFOUND)
        return GitTreeEntryHandle();
    if (rc < 0)
        return gitFailureError(
            QStringLiteral("could not look up '%1'").arg(QString::fromUtf8(path)), rc,
            QString::fromUtf8(path));
    return GitTreeEntryHandle(entry);
}

Result<QByteArray> readFileAt(git_repository* repository, const QString& revision,
                              const QString& path) {
    auto gitPath = validateRepositoryPath(path);
    if (!gitPath)
        return std::move(gitPath).error();
    auto commit = resolveCommit(repository, revision);
    if (!commit)
        return std::move(commit).error();
    auto tree = treeOf(commit->get());
    if (!tree)
        return std::move(tree).error();
    auto entry = entryAt(tree->get(), *gitPath);
    if (!entry)
        return std::move(entry).error();
    const QString at = QStringLiteral("at revision '%1' (commit %2)")
                           .arg(revision, shortOid(*git_commit_id(commit->get())));
    if (!*entry)
        return Error{Error::Kind::NotFound, QStringLiteral("'%1' does not exist %2").arg(path, at),
                     path};
    const git_filemode_t mode = git_tree_entry_filemode(entry->get());
    if (mode == GIT_FILEMODE_TREE)
        return Error{Error::Kind::InvalidInput, QStringLiteral("'%1' is a folder %2").arg(path, at),
                     path};
    if (mode != GIT_FILEMODE_BLOB && mode != GIT_FILEMODE_BLOB_EXECUTABLE)
        return Error{Error::Kind::Unsupported,
                     QStringLiteral("'%1' is a symbolic link or submodule %2").arg(path, at), path};

    git_blob* rawBlob = nullptr;
    const int rc = git_blob_lookup(&rawBlob, repository, git_tree_entry_id(entry->get()));
    const GitBlobHandle blob(rawBlob);
    if (rc < 0)
        return gitFailureError(QStringLiteral("could not read '%1' %2").arg(path, at), rc, path);
    const git_object_size_t size = git_blob_rawsize(blob.get());
    if (size > maximumFileSize)
        return Error{Error::Kind::TooLarge,
                     QStringLiteral("'%1' is %2 bytes %3, over the %4-byte limit")
                         .arg(path)
                         .arg(size)
                         .arg(at)
                         .arg(maximumFileSize),
                     path};
    return QByteArray(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                      static_cast<qsizetype>(size));
}

} // namespace fd::core

#include "githistory.h"

#include "gitcommitdiffer.h"
#include "githandles.h"
#include "gitobjects.h"
#include "gitparallelwalk.h"
#include "gitpath.h"
#include "gitsupport.h"
#include "gittreediff.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <optional>

namespace fd::core {

struct GitHistory::Private {
    GitRepositoryHandle repository;
    QString gitDirectory;
};

namespace {

// GitOps values files are small; anything this big is not something to hold in memory.
constexpr git_object_size_t maximumBlobSize = 64 * 1024 * 1024;

Result<GitTreeHandle> lookupTree(git_repository* repository, const git_oid& id) {
    git_tree* tree = nullptr;
    if (const int rc = git_tree_lookup(&tree, repository, &id); rc < 0)
        return gitFailureError(QStringLiteral("could not read tree %1").arg(oidToString(id)), rc);
    return GitTreeHandle(tree);
}

std::optional<GitTreeEntry::Kind> kindOf(git_filemode_t mode) {
    switch (mode) {
    case GIT_FILEMODE_BLOB:
        return GitTreeEntry::Kind::File;
    case GIT_FILEMODE_BLOB_EXECUTABLE:
        return GitTreeEntry::Kind::Executable;
    case GIT_FILEMODE_LINK:
        return GitTreeEntry::Kind::SymbolicLink;
    case GIT_FILEMODE_COMMIT:
        return GitTreeEntry::Kind::Submodule;
    default:
        return std::nullopt;
    }
}

/** Collects the files of @p tree, depth first in Git's order, which is the paths' byte order. */
class TreeLister final {
public:
    TreeLister(git_repository* repository, git_odb* odb, QList<GitTreeEntry>& entries)
        : m_repository(repository)
        , m_odb(odb)
        , m_entries(entries) {}

    Result<void> list(const git_tree* tree, const QByteArray& folder) {
        const size_t count = git_tree_entrycount(tree);
        for (size_t i = 0; i < count; ++i) {
            const git_tree_entry* entry = git_tree_entry_byindex(tree, i);
            QByteArray path = folder.isEmpty() ? QByteArray(git_tree_entry_name(entry))
                                               : folder + '/' + git_tree_entry_name(entry);
            const git_filemode_t mode = git_tree_entry_filemode(entry);
            if (mode == GIT_FILEMODE_TREE) {
                auto subtree = lookupTree(m_repository, *git_tree_entry_id(entry));
                if (!subtree)
                    return std::move(subtree).error();
                if (auto listed = list(subtree->get(), path); !listed)
                    return listed;
                continue;
            }
            const auto kind = kindOf(mode);
            if (!kind)
                continue;
            if (auto added = add(entry, QString::fromUtf8(path), *kind); !added)
                return added;
        }
        return {};
    }

    Result<void> add(const git_tree_entry* entry, const QString& path, GitTreeEntry::Kind kind) {
        GitTreeEntry listed{path, oidToString(*git_tree_entry_id(entry)), kind, -1};
        if (kind != GitTreeEntry::Kind::Submodule) {
            // The header only: for a packed object the size is at the start of its (delta) data,
            // so no blob is inflated.
            size_t size = 0;
            git_object_t type = GIT_OBJECT_INVALID;
            if (const int rc = git_odb_read_header(&size, &type, m_odb, git_tree_entry_id(entry));
                rc < 0)
                return gitFailureError(QStringLiteral("could not read '%1'").arg(path), rc, path);
            listed.size = static_cast<qint64>(size);
        }
        m_entries.append(std::move(listed));
        return {};
    }

private:
    git_repository* m_repository;
    git_odb* m_odb;
    QList<GitTreeEntry>& m_entries;
};

Result<QList<QByteArray>> walkPrefixes(const QStringList& prefixes) {
    QList<QByteArray> result;
    for (QString prefix : prefixes) {
        while (prefix.endsWith(u'/'))
            prefix.chop(1);
        if (prefix.isEmpty())
            return QList<QByteArray>(); // the whole repository
        auto path = validateRepositoryPath(prefix);
        if (!path)
            return std::move(path).error();
        result.append(*path);
    }
    return result;
}

} // namespace

GitHistory::GitHistory(std::unique_ptr<Private> d)
    : d(std::move(d)) {}

GitHistory::~GitHistory() = default;

Result<std::unique_ptr<GitHistory>> GitHistory::open(const QString& gitDirectory) {
    ensureLibgit2();
    git_repository* raw = nullptr;
    const QByteArray nativePath = QFile::encodeName(gitDirectory);
    // NO_SEARCH: a folder inside some other repository must not silently open that repository.
    const int rc = git_repository_open_ext(&raw, nativePath.constData(),
                                           GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
    GitRepositoryHandle repository(raw);
    if (rc == GIT_ENOTFOUND)
        return Error{Error::Kind::NotFound,
                     QStringLiteral("'%1' is not a Git repository").arg(gitDirectory),
                     gitDirectory};
    if (rc < 0)
        return gitFailureError(QStringLiteral("could not open the repository"), rc, gitDirectory);
    auto d = std::make_unique<Private>();
    d->gitDirectory = directoryOf(repository.get());
    d->repository = std::move(repository);
    return std::unique_ptr<GitHistory>(new GitHistory(std::move(d)));
}

QString GitHistory::gitDirectory() const {
    return d->gitDirectory;
}

QString GitHistory::name() const {
    QFileInfo directory(d->gitDirectory);
    if (directory.fileName() == QStringLiteral(".git"))
        directory = QFileInfo(directory.path());
    QString name = directory.fileName();
    if (name.endsWith(QStringLiteral(".git")))
        name.chop(4);
    return name;
}

Result<QString> GitHistory::resolve(const QString& revision) const {
    auto commit = resolveCommit(d->repository.get(), revision);
    if (!commit)
        return std::move(commit).error();
    return oidToString(*git_commit_id(commit->get()));
}

Result<bool> GitHistory::isAncestor(const QString& ancestor, const QString& descendant) const {
    auto older = resolveCommit(d->repository.get(), ancestor);
    if (!older)
        return std::move(older).error();
    auto newer = resolveCommit(d->repository.get(), descendant);
    if (!newer)
        return std::move(newer).error();
    const git_oid* olderId = git_commit_id(older->get());
    const git_oid* newerId = git_commit_id(newer->get());
    if (git_oid_equal(olderId, newerId))
        return true;
    const int rc = git_graph_descendant_of(d->repository.get(), newerId, olderId);
    if (rc < 0)
        return gitFailureError(
            QStringLiteral("could not compare %1 with %2").arg(ancestor, descendant), rc);
    return rc == 1;
}

Result<QList<GitTreeEntry>> GitHistory::listFiles(const QString& revision,
                                                  const QString& prefix) const {
    QString folder = prefix;
    while (folder.endsWith(u'/'))
        folder.chop(1);
    auto commit = resolveCommit(d->repository.get(), revision);
    if (!commit)
        return std::move(commit).error();
    auto root = treeOf(commit->get());
    if (!root)
        return std::move(root).error();
    git_odb* rawOdb = nullptr;
    if (const int rc = git_repository_odb(&rawOdb, d->repository.get()); rc < 0)
        return gitFailureError(QStringLiteral("could not open the object database"), rc);
    const GitOdbHandle odb(rawOdb);

    QList<GitTreeEntry> entries;
    TreeLister lister(d->repository.get(), odb.get(), entries);
    if (folder.isEmpty()) {
        if (auto listed = lister.list(root->get(), {}); !listed)
            return std::move(listed).error();
        return entries;
    }
    auto gitPath = validateRepositoryPath(folder);
    if (!gitPath)
        return std::move(gitPath).error();
    git_tree_entry* rawEntry = nullptr;
    const int rc = git_tree_entry_bypath(&rawEntry, root->get(), gitPath->constData());
    const GitTreeEntryHandle entry(rawEntry);
    if (rc == GIT_ENOTFOUND)
        return entries; // nothing under a folder that does not exist
    if (rc < 0)
        return gitFailureError(QStringLiteral("could not look up '%1'").arg(folder), rc, folder);
    const git_filemode_t mode = git_tree_entry_filemode(entry.get());
    if (mode == GIT_FILEMODE_TREE) {
        auto subtree = lookupTree(d->repository.get(), *git_tree_entry_id(entry.get()));
        if (!subtree)
            return std::move(subtree).error();
        if (auto listed = lister.list(subtree->get(), *gitPath); !listed)
            return std::move(listed).error();
    } else if (const auto kind = kindOf(mode)) {
        if (auto added = lister.add(entry.get(), folder, *kind); !added)
            return std::move(added).error();
    }
    return entries;
}

Result<QByteArray> GitHistory::readBlob(const QString& blobId) const {
    git_oid id;
    const QByteArray hex = blobId.toLatin1();
    if (blobId.size() != GIT_OID_HEXSZ || git_oid_fromstr(&id, hex.constData()) < 0)
        return Error{Error::Kind::InvalidInput,
                     QStringLiteral("'%1' is not a full blob id (40 hex digits)").arg(blobId),
                     blobId};
    git_blob* raw = nullptr;
    const int rc = git_blob_lookup(&raw, d->repository.get(), &id);
    const GitBlobHandle blob(raw);
    if (rc == GIT_ENOTFOUND)
        return Error{Error::Kind::NotFound,
                     QStringLiteral("blob %1 is not in %2").arg(blobId, d->gitDirectory), blobId};
    if (rc < 0)
        return gitFailureError(QStringLiteral("could not read blob %1").arg(blobId), rc, blobId);
    const git_object_size_t size = git_blob_rawsize(blob.get());
    if (size > maximumBlobSize)
        return Error{Error::Kind::TooLarge,
                     QStringLiteral("blob %1 is %2 bytes, over the %3-byte limit")
                         .arg(blobId)
                         .arg(size)
                         .arg(maximumBlobSize),
                     blobId};
    return QByteArray(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                      static_cast<qsizetype>(size));
}

Result<QByteArray> GitHistory::readFile(const QString& revision, const QString& path) const {
    return readFileAt(d->repository.get(), revision, path);
}

Result<void> GitHistory::walk(
    const QString& revision, const GitWalkOptions& options,
    const std::function<bool(const GitCommitInfo&, const QList<GitPathChange>&)>& visit) const {
    git_repository* repository = d->repository.get();
    auto prefixes = walkPrefixes(options.pathPrefixes);
    if (!prefixes)
        return std::move(prefixes).error();
    auto tip = resolveCommit(repository, revision);
    if (!tip)
        return std::move(tip).error();

    git_revwalk* rawWalk = nullptr;
    if (const int rc = git_revwalk_new(&rawWalk, repository); rc < 0)
        return gitFailureError(QStringLiteral("could not start walking history"), rc, revision);
    const GitRevwalkHandle walker(rawWalk);
    // Like `git log --date-order`: newest first, never a parent before one of its children.
    if (const int rc = git_revwalk_sorting(walker.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
        rc < 0)
        return gitFailureError(QStringLiteral("could not sort history"), rc, revision);
    if (const int rc = git_revwalk_push(walker.get(), git_commit_id(tip->get())); rc < 0)
        return gitFailureError(QStringLiteral("could not walk from '%1'").arg(revision), rc,
                               revision);
    for (const QString& hidden : options.hide) {
        auto commit = resolveCommit(repository, hidden);
        if (!commit)
            return std::move(commit).error();
        if (const int rc = git_revwalk_hide(walker.get(), git_commit_id(commit->get())); rc < 0)
            return gitFailureError(QStringLiteral("could not hide commit %1").arg(hidden), rc,
                                   hidden);
    }

    // The order first (libgit2 sorts topologically only after reading every commit anyway),
    // then the trees, which is where the time goes.
    std::vector<git_oid> ids;
    git_oid id;
    while (true) {
        const int next = git_revwalk_next(&id, walker.get());
        if (next == GIT_ITEROVER)
            break;
        if (next < 0)
            return gitFailureError(QStringLiteral("could not walk history"), next, revision);
        ids.push_back(id);
    }
    return walkCommits(repository, d->gitDirectory, ids, *prefixes, options, visit);
}

Result<QList<GitTagInfo>> GitHistory::tags(const QString& refNamespace) const {
    git_repository* repository = d->repository.get();
    const QByteArray glob = (refNamespace + u'*').toUtf8();
    git_reference_iterator* rawIterator = nullptr;
    if (const int rc = git_reference_iterator_glob_new(&rawIterator, repository, glob.constData());
        rc < 0)
        return gitFailureError(QStringLiteral("could not list the tags"), rc, refNamespace);
    const std::unique_ptr<git_reference_iterator, GitFree<git_reference_iterator_free>> iterator(
        rawIterator);
    QList<GitTagInfo> tags;
    git_reference* rawReference = nullptr;
    while (git_reference_next(&rawReference, iterator.get()) == 0) {
        const GitReferenceHandle reference(rawReference);
        git_object* rawCommit = nullptr;
        if (git_reference_peel(&rawCommit, reference.get(), GIT_OBJECT_COMMIT) < 0)
            continue; // a tag of a tree or blob, or of an object this repository lacks
        const GitObjectHandle commitObject(rawCommit);
        auto* commit = reinterpret_cast<git_commit*>(commitObject.get());
        const GitCommitInfo info = commitInfoOf(commit);
        GitTagInfo tag{
            QString::fromUtf8(git_reference_name(reference.get())).mid(refNamespace.size()),
            info.id,
            info.committer.time,
            info.summary,
            info.author,
            info.committer};
        git_object* rawTag = nullptr;
        if (git_reference_peel(&rawTag, reference.get(), GIT_OBJECT_TAG) == 0) {
            const GitObjectHandle tagObject(rawTag);
            auto* annotated = reinterpret_cast<git_tag*>(tagObject.get());
            if (const git_signature* tagger = git_tag_tagger(annotated))
                tag.creatorDate = personOf(tagger).time;
            const QString message = QString::fromUtf8(git_tag_message(annotated)).trimmed();
            tag.subject = message.section(u'\n', 0, 0);
        }
        tags.append(std::move(tag));
    }
    std::stable_sort(tags.begin(), tags.end(), [](const GitTagInfo& a, const GitTagInfo& b) {
        if (a.creatorDate != b.creatorDate)
            return a.creatorDate > b.creatorDate;
        return a.name < b.name;
    });
    return tags;
}

Result<QList<GitPathChange>> GitHistory::changes(const QString& revision) const {
    git_repository* repository = d->repository.get();
    auto commit = resolveCommit(repository, revision);
    if (!commit)
        return std::move(commit).error();
    GitWalkOptions options;
    options.diffMerges = true;
    GitCommitDiffer differ(repository, {}, options);
    auto step = differ.step(*git_commit_id(commit->get()));
    if (!step)
        return std::move(step).error();
    return *step ? (*step)->changes : QList<GitPathChange>();
}

Result<QList<GitPathChange>> GitHistory::changesBetween(const QString& from,
                                                        const QString& to) const {
    git_repository* repository = d->repository.get();
    auto older = resolveCommit(repository, from);
    if (!older)
        return std::move(older).error();
    auto newer = resolveCommit(repository, to);
    if (!newer)
        return std::move(newer).error();
    QList<GitPathChange> changes;
    GitTreeDiff diff(repository, {});
    if (auto compared = diff.compare(git_commit_tree_id(older->get()),
                                     *git_commit_tree_id(newer->get()), changes);
        !compared)
        return std::move(compared).error();
    return changes;
}

} // namespace fd::core

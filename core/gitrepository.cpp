#include "gitrepository.h"

#include "githandles.h"
#include "gitmirrorseed.h"
#include "gitobjects.h"
#include "gitpath.h"
#include "gitremoteconfig.h"
#include "gitsupport.h"
#include "gittransfer.h"
#include "gittreepack.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QMap>
#include <QRandomGenerator>
#include <QStandardPaths>

#include <vector>

namespace fd::core {

struct GitRepository::Private {
    GitRepositoryHandle repository;
    RemoteEndpoint endpoint;
    GitRepositoryOptions options;
    QString gitDirectory;
    bool mirror = false;
};

namespace {

/** What opening found, before it becomes a GitRepository. */
struct OpenedRepository final {
    GitRepositoryHandle repository;
    RemoteEndpoint endpoint;
    bool mirror = false;
};

QString mirrorRoot(const GitRepositoryOptions& options) {
    if (!options.cacheDirectory.isEmpty())
        return options.cacheDirectory;
    return QStandardPaths::writableLocation(QStandardPaths::CacheLocation) +
           QStringLiteral("/mirrors");
}

Result<GitRepositoryHandle> openBareMirror(const QString& path) {
    git_repository* raw = nullptr;
    const QByteArray nativePath = QFile::encodeName(path);
    const int rc = git_repository_open_ext(&raw, nativePath.constData(),
                                           GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
    GitRepositoryHandle repository(raw);
    if (rc < 0)
        return Error{Error::Kind::Io,
                     QStringLiteral("the cache holds something that is not a Git mirror (%1); "
                                    "delete it and try again")
                         .arg(GitFailure::capture(rc).message),
                     path};
    if (!git_repository_is_bare(repository.get()))
        return Error{
            Error::Kind::Io,
            QStringLiteral("the cached mirror has a working tree; delete it and try again"), path};
    return repository;
}

/** Creates the mirror beside its final place and renames it there, so a crash or a second
 *  process never leaves a half-made mirror under the real name. */
Result<void> createBareMirror(const QString& path, const RemoteUrl& url) {
    const QString staging = QStringLiteral("%1.new-%2-%3")
                                .arg(path)
                                .arg(QCoreApplication::applicationPid())
                                .arg(QRandomGenerator::global()->generate(), 8, 16, QChar(u'0'));
    {
        git_repository_init_options init;
        git_repository_init_options_init(&init, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
        init.flags =
            GIT_REPOSITORY_INIT_BARE | GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT;
        git_repository* raw = nullptr;
        const QByteArray nativeStaging = QFile::encodeName(staging);
        const int rc = git_repository_init_ext(&raw, nativeStaging.constData(), &init);
        GitRepositoryHandle repository(raw);
        if (rc < 0)
            return gitFailureError(QStringLiteral("could not create a mirror"), rc, staging);
        // For people who look inside: the URL without credentials, and git's usual layout, which
        // is also where the engine's explicit refspecs put things.
        if (auto written = writeMirrorRemote(repository.get(), url.redacted()); !written) {
            QDir(staging).removeRecursively();
            return Error{
                Error::Kind::Git,
                QStringLiteral("could not configure the mirror: %1").arg(written.error().message),
                staging};
        }
    }
    // A repository on this machine: its object files, linked, instead of a pack that libgit2's
    // local transport would build and index object by object (minutes for a long history).
    if (const QString source = url.localFile(); !source.isEmpty())
        seedMirrorFromLocalRepository(source, staging);
    if (!QDir().rename(staging, path)) {
        QDir(staging).removeRecursively();
        if (!QFileInfo::exists(path)) // else another process made it first: use theirs
            return Error{Error::Kind::Io,
                         QStringLiteral("could not move the new mirror into place"), path};
    }
    return {};
}

Result<OpenedRepository> openMirror(const QString& text, const GitRepositoryOptions& options) {
    auto url = RemoteUrl::parse(text);
    if (!url)
        return std::move(url).error();
    const QString root = mirrorRoot(options);
    if (!QDir().mkpath(root))
        return Error{Error::Kind::Io, QStringLiteral("could not create the mirror cache folder"),
                     root};
    const QString path = root + u'/' + url->mirrorDirectoryName();
    if (!QFileInfo::exists(path)) {
        if (auto created = createBareMirror(path, *url); !created)
            return std::move(created).error();
    }
    auto repository = openBareMirror(path);
    if (!repository)
        return std::move(repository).error();
    // The mirror is named after the URL as given; transfers use it after insteadOf rewriting.
    const RemoteUrls urls = rewriteRemoteUrls(repository->get(), text);
    auto fetchUrl = RemoteUrl::parse(urls.fetchUrl);
    auto pushUrl = RemoteUrl::parse(urls.pushUrl);
    if (!fetchUrl)
        return std::move(fetchUrl).error();
    if (!pushUrl)
        return std::move(pushUrl).error();
    return OpenedRepository{std::move(*repository), RemoteEndpoint{*fetchUrl, *pushUrl}, true};
}

Result<RemoteUrl> originUrl(const QString& configured, const QString& repositoryPath,
                            const QString& base) {
    auto url = RemoteUrl::parse(configured);
    if (!url)
        return Error{url.error().kind,
                     QStringLiteral("origin of this clone: %1").arg(url.error().message),
                     repositoryPath};
    // libgit2 would resolve a relative path against our working directory, not the clone's.
    if (url->isLocalPath() && QDir::isRelativePath(url->path()))
        return RemoteUrl::parse(QDir(base).absoluteFilePath(url->path()));
    return url;
}

Result<OpenedRepository> openClone(const QString& path) {
    const QFileInfo info(path);
    if (!info.isDir())
        return Error{Error::Kind::NotFound,
                     QStringLiteral("there is no folder '%1' (give a clone's folder or a remote "
                                    "URL)")
                         .arg(path),
                     path};
    git_repository* raw = nullptr;
    const QByteArray nativePath = QFile::encodeName(path);
    // NO_SEARCH: a folder inside some other repository must not silently open that repository.
    const int rc = git_repository_open_ext(&raw, nativePath.constData(),
                                           GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
    GitRepositoryHandle repository(raw);
    if (rc == GIT_ENOTFOUND)
        return Error{Error::Kind::NotFound,
                     QStringLiteral("'%1' is not a Git repository: expected a clone (a folder with "
                                    ".git) or a bare repository")
                         .arg(path),
                     path};
    if (rc < 0)
        return gitFailureError(QStringLiteral("could not open the repository"), rc, path);

    const auto origin = readConfiguredRemote(repository.get(), QStringLiteral("origin"));
    if (!origin && origin.error().kind == Error::Kind::NotFound)
        return Error{Error::Kind::NotFound,
                     QStringLiteral("the repository has no remote named 'origin' to fetch from and "
                                    "push to (add one with `git remote add origin <url>`)"),
                     path};
    if (!origin)
        return Error{origin.error().kind, origin.error().message, path};

    const char* workdir = git_repository_workdir(repository.get());
    const QString base = workdir ? QString::fromUtf8(workdir) : directoryOf(repository.get());
    auto fetchUrl = originUrl(origin->fetchUrl, path, base);
    if (!fetchUrl)
        return std::move(fetchUrl).error();
    auto pushUrl = originUrl(origin->pushUrl, path, base);
    if (!pushUrl)
        return std::move(pushUrl).error();

    return OpenedRepository{std::move(repository), RemoteEndpoint{*fetchUrl, *pushUrl}, false};
}

/** A file's mode in the new tree: the existing one for a regular or executable file. */
Result<git_filemode_t> modeForUpdate(const git_tree* parentTree, const QByteArray& path) {
    const QString shown = QString::fromUtf8(path);
    auto existing = entryAt(parentTree, path);
    if (!existing)
        return std::move(existing).error();
    if (*existing) {
        const git_filemode_t mode = git_tree_entry_filemode(existing->get());
        if (mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE)
            return mode;
        if (mode == GIT_FILEMODE_TREE)
            return Error{Error::Kind::InvalidInput,
                         QStringLiteral("'%1' is a folder, not a file").arg(shown), shown};
        return Error{Error::Kind::Unsupported,
                     QStringLiteral("'%1' is a %2; Freightdesk only writes regular files")
                         .arg(shown, mode == GIT_FILEMODE_LINK ? QStringLiteral("symbolic link")
                                                               : QStringLiteral("submodule")),
                     shown};
    }
    // A new file: every existing ancestor must be a folder (a file cannot become one).
    for (qsizetype slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
        auto ancestor = entryAt(parentTree, path.left(slash));
        if (!ancestor)
            return std::move(ancestor).error();
        if (!*ancestor)
            break; // the rest of the path is new
        if (git_tree_entry_filemode(ancestor->get()) != GIT_FILEMODE_TREE)
            return Error{Error::Kind::InvalidInput,
                         QStringLiteral("cannot create '%1': '%2' is not a folder")
                             .arg(shown, QString::fromUtf8(path.left(slash))),
                         shown};
    }
    return GIT_FILEMODE_BLOB;
}

/** Validated paths (as Git stores them) to contents, sorted; no path is a folder of another. */
Result<QMap<QByteArray, QByteArray>> validatedFiles(const QHash<QString, QByteArray>& files) {
    QMap<QByteArray, QByteArray> validated;
    for (auto it = files.cbegin(); it != files.cend(); ++it) {
        auto path = validateRepositoryPath(it.key());
        if (!path)
            return std::move(path).error();
        validated.insert(*path, it.value());
    }
    for (auto it = validated.cbegin(); it != validated.cend(); ++it) {
        const QByteArray& path = it.key();
        for (qsizetype slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
            if (validated.contains(path.left(slash)))
                return Error{Error::Kind::InvalidInput,
                             QStringLiteral("'%1' cannot be a file and a folder in one commit")
                                 .arg(QString::fromUtf8(path.left(slash))),
                             QString::fromUtf8(path)};
        }
    }
    return validated;
}

} // namespace

GitRepository::GitRepository(std::unique_ptr<Private> d)
    : d(std::move(d)) {}

GitRepository::~GitRepository() = default;

Result<std::unique_ptr<GitRepository>> GitRepository::open(const QString& urlOrPath,
                                                           const GitRepositoryOptions& options) {
    ensureLibgit2();
    auto opened =
        RemoteUrl::looksLikeUrl(urlOrPath) ? openMirror(urlOrPath, options) : openClone(urlOrPath);
    if (!opened)
        return std::move(opened).error();
    auto d = std::make_unique<Private>();
    d->gitDirectory = directoryOf(opened->repository.get());
    d->repository = std::move(opened->repository);
    d->endpoint = std::move(opened->endpoint);
    d->mirror = opened->mirror;
    d->options = options;
    return std::unique_ptr<GitRepository>(new GitRepository(std::move(d)));
}

QString GitRepository::remoteUrl() const {
    return d->endpoint.fetchUrl.redacted();
}

QString GitRepository::gitDirectory() const {
    return d->gitDirectory;
}

bool GitRepository::isMirror() const {
    return d->mirror;
}

QString GitRepository::trackingRef(const QString& branch) {
    return QStringLiteral("refs/remotes/origin/") + branch;
}

Result<QString> GitRepository::fetch(const QString& branch) {
    auto tip = fetchBranch(d->repository.get(), d->endpoint, d->options, branch);
    // Only in our own mirrors: a clone's object database is its owner's to pack.
    if (tip && d->mirror) {
        git_oid id;
        const QByteArray hex = tip->toLatin1();
        if (git_oid_fromstr(&id, hex.constData()) == 0)
            refreshTreePack(d->repository.get(), id);
    }
    return tip;
}

Result<int> GitRepository::fetchTags() {
    return core::fetchTags(d->repository.get(), d->endpoint, d->options, tagNamespace());
}

Result<QString> GitRepository::defaultBranch() {
    return remoteDefaultBranch(d->repository.get(), d->endpoint, d->options);
}

QString GitRepository::tagNamespace() {
    return QStringLiteral("refs/freightdesk/tags/");
}

Result<void> GitRepository::push(const QString& commitId, const QString& branch) {
    return pushCommit(d->repository.get(), d->endpoint, d->options, commitId, branch);
}

Result<QByteArray> GitRepository::readFile(const QString& revision, const QString& path) const {
    return readFileAt(d->repository.get(), revision, path);
}

Result<GitIdentity> GitRepository::identity() const {
    if (d->options.identity) {
        if (d->options.identity->name.trimmed().isEmpty() ||
            d->options.identity->email.trimmed().isEmpty())
            return Error{Error::Kind::InvalidInput,
                         QStringLiteral("the commit identity needs a name and an email"),
                         {}};
        return *d->options.identity;
    }
    git_signature* raw = nullptr;
    const int rc = git_signature_default(&raw, d->repository.get());
    const GitSignatureHandle signature(raw);
    if (rc < 0) {
        const GitFailure failure = GitFailure::capture(rc);
        return Error{Error::Kind::NotFound,
                     QStringLiteral("no Git identity to commit as (%1): run `git config --global "
                                    "user.name \"Your Name\"` and `git config --global user.email "
                                    "you@example.com`")
                         .arg(failure.message),
                     {}};
    }
    return GitIdentity{QString::fromUtf8(signature->name), QString::fromUtf8(signature->email)};
}

Result<QString> GitRepository::createCommit(const QString& parentId,
                                            const QHash<QString, QByteArray>& files,
                                            const QString& message) {
    if (files.isEmpty())
        return Error{Error::Kind::InvalidInput, QStringLiteral("no files to commit"), {}};
    if (message.trimmed().isEmpty())
        return Error{Error::Kind::InvalidInput, QStringLiteral("the commit message is empty"), {}};
    auto validated = validatedFiles(files);
    if (!validated)
        return std::move(validated).error();
    auto who = identity();
    if (!who)
        return std::move(who).error();
    git_signature* rawSignature = nullptr;
    const QByteArray name = who->name.toUtf8();
    const QByteArray email = who->email.toUtf8();
    const int signatureRc = git_signature_now(&rawSignature, name.constData(), email.constData());
    const GitSignatureHandle signature(rawSignature);
    if (signatureRc < 0) {
        const GitFailure failure = GitFailure::capture(signatureRc);
        return Error{Error::Kind::InvalidInput,
                     QStringLiteral("invalid commit identity: %1").arg(failure.message),
                     {}};
    }

    git_repository* repository = d->repository.get();
    // No parent: the first commit of a new branch, on an empty tree.
    std::optional<GitCommitHandle> parent;
    GitTreeHandle parentTree;
    if (parentId.isEmpty()) {
        auto empty = emptyTree(repository);
        if (!empty)
            return std::move(empty).error();
        parentTree = std::move(*empty);
    } else {
        auto resolved = resolveCommit(repository, parentId);
        if (!resolved)
            return std::move(resolved).error();
        auto tree = treeOf(resolved->get());
        if (!tree)
            return std::move(tree).error();
        parent = std::move(*resolved);
        parentTree = std::move(*tree);
    }

    std::vector<git_tree_update> updates;
    updates.reserve(static_cast<size_t>(validated->size()));
    for (auto it = validated->cbegin(); it != validated->cend(); ++it) {
        auto mode = modeForUpdate(parentTree.get(), it.key());
        if (!mode)
            return std::move(mode).error();
        git_tree_update update{};
        update.action = GIT_TREE_UPDATE_UPSERT;
        update.filemode = *mode;
        update.path = it.key().constData(); // kept alive by *validated
        const QByteArray& content = it.value();
        if (const int rc = git_blob_create_from_buffer(&update.id, repository, content.constData(),
                                                       static_cast<size_t>(content.size()));
            rc < 0)
            return gitFailureError(
                QStringLiteral("could not store '%1'").arg(QString::fromUtf8(it.key())), rc,
                QString::fromUtf8(it.key()));
        updates.push_back(update);
    }

    // Creates the intermediate trees of new folders and keeps every untouched entry as it was.
    git_oid treeId;
    if (const int rc = git_tree_create_updated(&treeId, repository, parentTree.get(),
                                               updates.size(), updates.data());
        rc < 0)
        return gitFailureError(QStringLiteral("could not build the new tree"), rc);
    git_tree* rawTree = nullptr;
    const int treeRc = git_tree_lookup(&rawTree, repository, &treeId);
    const GitTreeHandle tree(rawTree);
    if (treeRc < 0)
        return gitFailureError(QStringLiteral("could not read the new tree"), treeRc);

    // Git's tools expect a commit message to end with a newline (trailers parse by lines).
    QByteArray text = message.toUtf8();
    if (!text.endsWith('\n'))
        text += '\n';
    const git_commit* parents[] = {parent ? parent->get() : nullptr};
    git_oid commitId;
    // update_ref = nullptr: no ref moves, so a crash before the push leaves only an unreachable
    // commit behind.
    if (const int rc =
            git_commit_create(&commitId, repository, nullptr, signature.get(), signature.get(),
                              nullptr, text.constData(), tree.get(), parent ? 1 : 0, parents);
        rc < 0)
        return gitFailureError(QStringLiteral("could not create the commit"), rc);
    return oidToString(commitId);
}

} // namespace fd::core

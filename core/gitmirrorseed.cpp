#include "gitmirrorseed.h"

#include "githandles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

namespace fd::core {

namespace {

/** The object folder of the repository at @p path (bare, or a clone's .git); empty if none. */
QString objectsDirectoryOf(const QString& path) {
    git_repository* raw = nullptr;
    const QByteArray nativePath = QFile::encodeName(path);
    if (git_repository_open_ext(&raw, nativePath.constData(), GIT_REPOSITORY_OPEN_NO_SEARCH,
                                nullptr) < 0) {
        git_error_clear();
        return {};
    }
    const GitRepositoryHandle repository(raw);
    // A shallow repository lacks the history behind its boundary, which a mirror must have.
    if (git_repository_is_shallow(repository.get()) != 0)
        return {};
    GitBuffer objects;
    if (git_repository_item_path(objects.get(), repository.get(), GIT_REPOSITORY_ITEM_OBJECTS) <
        0) {
        git_error_clear();
        return {};
    }
    return QFile::decodeName(objects.toByteArray());
}

/** Places @p source at @p target: a hard link, else a copy renamed into place when complete. */
bool linkOrCopy(const QString& source, const QString& target) {
#ifdef Q_OS_UNIX
    const QByteArray from = QFile::encodeName(source);
    const QByteArray to = QFile::encodeName(target);
    if (::link(from.constData(), to.constData()) == 0)
        return true;
#endif
    // A copy that stops half-way must never be taken for an object file.
    const QString partial = target + QStringLiteral(".seeding");
    QFile::remove(partial);
    if (!QFile::copy(source, partial))
        return false;
    if (QFile::rename(partial, target))
        return true;
    QFile::remove(partial);
    return false;
}

bool isHex(const QString& text) {
    return std::all_of(text.cbegin(), text.cend(), [](QChar c) {
        return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f');
    });
}

/** The files placed so far; removed again unless the whole seed succeeds. */
class Seed final {
public:
    ~Seed() {
        if (m_complete)
            return;
        for (const QString& file : std::as_const(m_placed))
            QFile::remove(file);
    }

    bool place(const QString& source, const QString& target) {
        if (!linkOrCopy(source, target))
            return false;
        m_placed.append(target);
        return true;
    }
    void complete() { m_complete = true; }
    qsizetype count() const { return m_placed.size(); }

private:
    QStringList m_placed;
    bool m_complete = false;
};

bool seedLooseObjects(const QDir& source, const QDir& target, Seed& seed) {
    const QStringList fanout = source.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString& prefix : fanout) {
        if (prefix.size() != 2 || !isHex(prefix))
            continue;
        const QDir from(source.filePath(prefix));
        const QStringList objects = from.entryList(QDir::Files);
        if (objects.isEmpty())
            continue;
        if (!target.mkpath(prefix))
            return false;
        const QDir to(target.filePath(prefix));
        for (const QString& object : objects) {
            if (object.size() == GIT_OID_HEXSZ - 2 && isHex(object) &&
                !seed.place(from.filePath(object), to.filePath(object)))
                return false;
        }
    }
    return true;
}

bool seedPacks(const QDir& source, const QDir& target, Seed& seed) {
    // Objects of a partial clone's promisor packs may be missing; let the fetch decide.
    if (!source.entryList({QStringLiteral("*.promisor")}, QDir::Files).isEmpty())
        return false;
    const QStringList indexes = source.entryList({QStringLiteral("pack-*.idx")}, QDir::Files);
    for (const QString& index : indexes) {
        const QString pack = index.chopped(4) + QStringLiteral(".pack");
        // The pack first: an index without its pack would make every lookup in it fail.
        if (!seed.place(source.filePath(pack), target.filePath(pack)) ||
            !seed.place(source.filePath(index), target.filePath(index)))
            return false;
    }
    return true;
}

} // namespace

bool seedMirrorFromLocalRepository(const QString& sourcePath, const QString& mirrorGitDirectory) {
    const QString sourceObjects = objectsDirectoryOf(sourcePath);
    if (sourceObjects.isEmpty())
        return false; // not a repository we can read: the fetch reports that in its own words
    const QDir source(sourceObjects);
    // Objects borrowed from elsewhere would be missing from the copy while the tip is there.
    if (QFileInfo(source.filePath(QStringLiteral("info/alternates"))).size() > 0)
        return false;
    const QDir target(mirrorGitDirectory + QStringLiteral("/objects"));
    if (!target.mkpath(QStringLiteral("pack")))
        return false;
    // Loose objects before packs: `git repack` writes its pack before deleting the loose objects
    // in it, so an object gone by the time its folder is listed is in a pack listed afterwards,
    // and one deleted between listing and linking fails the seed. Either way the copy never
    // holds a tip without its history.
    Seed seed;
    if (!seedLooseObjects(source, target, seed) ||
        !seedPacks(QDir(source.filePath(QStringLiteral("pack"))),
                   QDir(target.filePath(QStringLiteral("pack"))), seed))
        return false;
    seed.complete();
    return seed.count() > 0;
}

} // namespace fd::core

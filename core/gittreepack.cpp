#include "gittreepack.h"

#include "githandles.h"
#include "gitsupport.h"

#include <QCryptographicHash>
#include <QFile>
#include <QSaveFile>
#include <QSet>
#include <QStringList>

#include <algorithm>
#include <optional>
#include <vector>

namespace fd::core {

namespace {

// Outside objects/ so that Git ignores it: "<pack name> <commit id> full|delta" per line, oldest
// first. A chain is a full pack and the delta packs after it, which hold only the trees that were
// new at their commit: together they hold every tree of the last line's commit.
constexpr char markerName[] = "freightdesk-tree-packs";
// Deltas before the next full pack: each adds an index that a lookup may have to search.
constexpr qsizetype maxDeltas = 16;

struct Marker final {
    QString name;
    QString commit;
    bool full = true;
};

QList<Marker> readMarkers(const QString& path) {
    QList<Marker> markers;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return markers;
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray& line : lines) {
        const QList<QByteArray> fields = line.trimmed().split(' ');
        if ((fields.size() == 2 || fields.size() == 3) && fields[0].size() == GIT_OID_HEXSZ &&
            fields[1].size() == GIT_OID_HEXSZ)
            markers.append({QString::fromLatin1(fields[0]), QString::fromLatin1(fields[1]),
                            fields.size() == 2 || fields[2] != "delta"});
    }
    return markers;
}

/** Where the newest chain starts in @p markers; markers.size() when there is none. */
qsizetype chainStart(const QList<Marker>& markers) {
    for (qsizetype i = markers.size() - 1; i >= 0; --i) {
        if (markers.at(i).full)
            return i;
    }
    return markers.size();
}

/** The object ids a pack index (version 2) lists; nullopt when it cannot be read. */
std::optional<QSet<QByteArray>> indexedObjects(const QString& indexPath) {
    QFile file(indexPath);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray index = file.readAll();
    constexpr qsizetype fanout = 8;
    constexpr qsizetype ids = fanout + 256 * 4;
    if (index.size() < ids || !index.startsWith(QByteArray("\377tOc\0\0\0\2", 8)))
        return std::nullopt;
    const auto* last = reinterpret_cast<const uchar*>(index.constData() + ids - 4);
    const qsizetype count = qsizetype(quint32(last[0]) << 24 | quint32(last[1]) << 16 |
                                      quint32(last[2]) << 8 | quint32(last[3]));
    if (index.size() < ids + count * GIT_OID_RAWSZ)
        return std::nullopt;
    QSet<QByteArray> objects;
    objects.reserve(count);
    for (qsizetype i = 0; i < count; ++i)
        objects.insert(index.mid(ids + i * GIT_OID_RAWSZ, GIT_OID_RAWSZ));
    return objects;
}

bool writeMarkers(const QString& path, const QList<Marker>& markers) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    for (const Marker& marker : markers)
        file.write((marker.name + u' ' + marker.commit +
                    (marker.full ? QStringLiteral(" full\n") : QStringLiteral(" delta\n")))
                       .toLatin1());
    return file.commit();
}

/** A pack and its index (version 2) of whole, undeltified objects, as Git reads them. */
class PackWriter final {
public:
    void add(const git_oid& id, git_object_t type, const QByteArray& content) {
        QByteArray packed = objectHeader(type, size_t(content.size()));
        packed += qCompress(content, 1).mid(4); // qCompress puts the length before the zlib stream
        m_entries.push_back({id, crc32(packed), quint32(m_body.size()) + headerSize});
        m_body += packed;
    }

    bool isEmpty() const { return m_entries.empty(); }

    /** Writes pack-<checksum>.pack, then its .idx (which makes libgit2 see it); the name. */
    QString write(const QString& folder) {
        QByteArray pack("PACK", 4);
        appendUint32(pack, 2);
        appendUint32(pack, quint32(m_entries.size()));
        pack += m_body;
        const QByteArray checksum = QCryptographicHash::hash(pack, QCryptographicHash::Sha1);
        pack += checksum;

        std::sort(m_entries.begin(), m_entries.end(),
                  [](const Entry& a, const Entry& b) { return git_oid_cmp(&a.id, &b.id) < 0; });
        QByteArray index("\377tOc", 4);
        appendUint32(index, 2);
        quint32 count = 0;
        for (int byte = 0, next = 0; byte < 256; ++byte) {
            while (next < int(m_entries.size()) && m_entries[size_t(next)].id.id[0] == byte) {
                ++next;
                ++count;
            }
            appendUint32(index, count);
        }
        for (const Entry& entry : m_entries)
            index.append(reinterpret_cast<const char*>(entry.id.id), GIT_OID_RAWSZ);
        for (const Entry& entry : m_entries)
            appendUint32(index, entry.crc);
        for (const Entry& entry : m_entries)
            appendUint32(index, entry.offset);
        index += checksum;
        index += QCryptographicHash::hash(index, QCryptographicHash::Sha1);

        const QString name = QString::fromLatin1(checksum.toHex());
        const QString base = folder + QStringLiteral("/pack-") + name;
        if (!writeWhole(base + QStringLiteral(".pack"), pack) ||
            !writeWhole(base + QStringLiteral(".idx"), index))
            return {};
        return name;
    }

private:
    struct Entry final {
        git_oid id;
        quint32 crc;
        quint32 offset;
    };
    static constexpr quint32 headerSize = 12;

    static QByteArray objectHeader(git_object_t type, size_t size) {
        QByteArray header;
        unsigned char byte = static_cast<unsigned char>((unsigned(type) << 4) | (size & 15));
        for (size >>= 4; size; size >>= 7) {
            header.append(char(byte | 0x80));
            byte = static_cast<unsigned char>(size & 0x7f);
        }
        header.append(char(byte));
        return header;
    }
    static void appendUint32(QByteArray& out, quint32 value) {
        const char bytes[4] = {char(value >> 24), char(value >> 16), char(value >> 8), char(value)};
        out.append(bytes, 4);
    }
    static quint32 crc32(const QByteArray& data) {
        quint32 crc = 0xffffffffu;
        for (const char c : data) {
            crc ^= quint8(c);
            for (int bit = 0; bit < 8; ++bit)
                crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
        }
        return ~crc;
    }
    static bool writeWhole(const QString& path, const QByteArray& bytes) {
        QSaveFile file(path); // renamed into place when complete
        return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() &&
               file.commit();
    }

    std::vector<Entry> m_entries;
    QByteArray m_body;
};

/**
 * Adds @p id and every tree below it (blobs are only marked, never read, by the push). A tree in
 * @p seen is skipped with everything below it: its content fixes its subtrees, and seen holds
 * whole snapshots' trees.
 */
bool addTrees(git_repository* repository, git_odb* odb, const git_oid& id, PackWriter& writer,
              QSet<QByteArray>& seen) {
    const QByteArray key(reinterpret_cast<const char*>(id.id), GIT_OID_RAWSZ);
    if (seen.contains(key))
        return true;
    seen.insert(key);
    git_odb_object* raw = nullptr;
    if (git_odb_read(&raw, odb, &id) < 0)
        return false;
    const QByteArray content(static_cast<const char*>(git_odb_object_data(raw)),
                             qsizetype(git_odb_object_size(raw)));
    git_odb_object_free(raw);
    writer.add(id, GIT_OBJECT_TREE, content);
    git_tree* rawTree = nullptr;
    if (git_tree_lookup(&rawTree, repository, &id) < 0)
        return false;
    const GitTreeHandle tree(rawTree);
    for (size_t i = 0; i < git_tree_entrycount(tree.get()); ++i) {
        const git_tree_entry* entry = git_tree_entry_byindex(tree.get(), i);
        if (git_tree_entry_type(entry) == GIT_OBJECT_TREE &&
            !addTrees(repository, odb, *git_tree_entry_id(entry), writer, seen))
            return false;
    }
    return true;
}

/**
 * The name ("<hex>") of a new pack holding the trees of @p tip that @p known lacks, or empty;
 * @p nothingNew is set when there were none.
 */
QString writeTreePack(git_repository* repository, const git_oid& tip, const QString& packFolder,
                      QSet<QByteArray> known, bool* nothingNew) {
    git_commit* rawCommit = nullptr;
    if (git_commit_lookup(&rawCommit, repository, &tip) < 0)
        return {};
    const GitCommitHandle commit(rawCommit);
    git_odb* rawOdb = nullptr;
    if (git_repository_odb(&rawOdb, repository) < 0)
        return {};
    const std::unique_ptr<git_odb, GitFree<git_odb_free>> odb(rawOdb);
    // libgit2's packbuilder would do, but spends most of its time searching deltas and in its
    // indexer's per-object mmap; trees stored whole are also the cheapest to read back.
    PackWriter writer;
    if (!addTrees(repository, odb.get(), *git_commit_tree_id(commit.get()), writer, known))
        return {};
    *nothingNew = writer.isEmpty();
    return *nothingNew ? QString() : writer.write(packFolder);
}

void removePack(const QString& packFolder, const QString& name) {
    const QString base = packFolder + QStringLiteral("/pack-") + name;
    // The index first: a pack without its index is ignored, an index without its pack is not.
    QFile::remove(base + QStringLiteral(".idx"));
    QFile::remove(base + QStringLiteral(".pack"));
}

} // namespace

void refreshTreePack(git_repository* repository, const git_oid& tip) {
    const QString gitDirectory = QString::fromUtf8(git_repository_path(repository));
    const QString markerPath = gitDirectory + QString::fromLatin1(markerName);
    const QString packFolder = gitDirectory + QStringLiteral("objects/pack");
    const QString commitId = oidToString(tip);
    QList<Marker> markers = readMarkers(markerPath);
    if (!markers.isEmpty() && markers.constLast().commit == commitId)
        return;

    // Extend the newest chain with the trees that are new at the tip, or start a new chain.
    const qsizetype start = chainStart(markers);
    QSet<QByteArray> known;
    bool full = start == markers.size() || markers.size() - start > maxDeltas;
    for (qsizetype i = start; !full && i < markers.size(); ++i) {
        const auto objects = indexedObjects(packFolder + QStringLiteral("/pack-") +
                                            markers.at(i).name + QStringLiteral(".idx"));
        if (objects)
            known.unite(*objects);
        full = !objects;
    }
    if (full)
        known.clear();
    bool nothingNew = false;
    const QString name = writeTreePack(repository, tip, packFolder, known, &nothingNew);
    git_error_clear(); // a failure here is not the caller's error
    if (nothingNew) {  // the same snapshot under a new commit: the chain holds it already
        markers.last().commit = commitId;
        writeMarkers(markerPath, markers);
        return;
    }
    if (name.isEmpty())
        return;
    markers.removeIf([&](const Marker& marker) { return marker.name == name; });
    markers.append({name, commitId, full});
    // The chain before the newest is kept for a process that may still be reading it.
    const qsizetype previous = chainStart(markers.first(chainStart(markers)));
    const QList<Marker> expired = markers.first(previous);
    markers.remove(0, previous);
    // Recorded before the old ones are deleted: a crash in between leaves an extra pack behind,
    // never a line naming a pack that is gone.
    if (!writeMarkers(markerPath, markers))
        return;
    for (const Marker& marker : std::as_const(expired))
        removePack(packFolder, marker.name);
}

} // namespace fd::core

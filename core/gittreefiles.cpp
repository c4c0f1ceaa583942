#include "gittreefiles.h"

#include "githistory.h"

#include <algorithm>

namespace fd::core {

Result<std::unique_ptr<GitTreeFiles>> GitTreeFiles::open(std::shared_ptr<const GitHistory> history,
                                                         const QString& revision) {
    // Resolved first so that the listing and every later read see the same commit even if the
    // ref moves meanwhile.
    auto commitId = history->resolve(revision);
    if (!commitId)
        return std::move(commitId).error();
    auto entries = history->listFiles(*commitId);
    if (!entries)
        return std::move(entries).error();
    QStringList paths;
    QHash<QString, QString> blobIds;
    paths.reserve(entries->size());
    blobIds.reserve(entries->size());
    for (const GitTreeEntry& entry : *entries) {
        if (entry.kind != GitTreeEntry::Kind::File && entry.kind != GitTreeEntry::Kind::Executable)
            continue;
        paths.append(entry.path);
        blobIds.insert(entry.path, entry.blobId);
    }
    // Git's order is the UTF-8 byte order; QString sorts by UTF-16, which DirectoryFiles uses too.
    std::sort(paths.begin(), paths.end());
    return std::unique_ptr<GitTreeFiles>(new GitTreeFiles(std::move(history), std::move(*commitId),
                                                          std::move(paths), std::move(blobIds)));
}

GitTreeFiles::GitTreeFiles(std::shared_ptr<const GitHistory> history, QString commitId,
                           QStringList paths, QHash<QString, QString> blobIds)
    : m_history(std::move(history))
    , m_commitId(std::move(commitId))
    , m_paths(std::move(paths))
    , m_blobIds(std::move(blobIds)) {}

QStringList GitTreeFiles::paths() const {
    return m_paths;
}

Result<QByteArray> GitTreeFiles::read(const QString& path) const {
    const auto blobId = m_blobIds.constFind(path);
    if (blobId == m_blobIds.cend())
        return Error{Error::Kind::NotFound,
                     QStringLiteral("'%1' is not a file in %2").arg(path, description()), path};
    auto bytes = m_history->readBlob(*blobId);
    if (!bytes)
        return Error{bytes.error().kind,
                     QStringLiteral("%1: %2").arg(description(), bytes.error().message), path};
    return bytes;
}

QString GitTreeFiles::description() const {
    return m_history->name() + u'@' + m_commitId.left(7);
}

} // namespace fd::core

#include "gittreefiles.h"

#include <algorithm>

namespace fd::core {

Result<std::unique_ptr<GitTreeFiles>> GitTreeFiles::open(std::shared_ptr<const GitHistory> history,
                                                         const QString& revision) {
    // Resolved first so that the listing and every later read see the same commit even if the
    // ref moves meanwhile.
    auto commitId = history->resolve(revision);
    if (!commitId)
        return std::move(commitId).error();
    return std::unique_ptr<GitTreeFiles>(
        new GitTreeFiles(std::move(history), std::move(*commitId)));
}

GitTreeFiles::GitTreeFiles(std::shared_ptr<const GitHistory> history, QString commitId)
    : m_history(std::move(history))
    , m_commitId(std::move(commitId)) {}

Result<void> GitTreeFiles::list() const {
    std::call_once(m_listed, [this] {
        auto entries = m_history->listFiles(m_commitId);
        if (!entries) {
            m_listingError = std::move(entries).error();
            m_isListed.store(true);
            return;
        }
        m_paths.reserve(entries->size());
        m_blobIds.reserve(entries->size());
        for (const GitTreeEntry& entry : *entries) {
            if (entry.kind != GitTreeEntry::Kind::File &&
                entry.kind != GitTreeEntry::Kind::Executable)
                continue;
            m_paths.append(entry.path);
            m_blobIds.insert(entry.path, entry.blobId);
        }
        // Git's order is the UTF-8 byte order; QString sorts by UTF-16, as DirectoryFiles does.
        std::sort(m_paths.begin(), m_paths.end());
        m_isListed.store(true);
    });
    if (m_listingError)
        return *m_listingError;
    return {};
}

QStringList GitTreeFiles::paths() const {
    (void)list();
    return m_paths;
}

bool GitTreeFiles::contains(const QString& path) const {
    (void)list();
    return m_blobIds.contains(path);
}

QString GitTreeFiles::blobId(const QString& path) const {
    (void)list();
    return m_blobIds.value(path);
}

Result<QByteArray> GitTreeFiles::read(const QString& path) const {
    if (!m_isListed.load()) { // one path lookup, no listing
        auto bytes = m_history->readFile(m_commitId, path);
        if (!bytes && (bytes.error().kind == Error::Kind::InvalidInput ||
                       bytes.error().kind == Error::Kind::Unsupported)) // a folder or a link
            return notAFile(path);
        return bytes;
    }
    if (m_listingError)
        return *m_listingError;
    const auto blobId = m_blobIds.constFind(path);
    if (blobId == m_blobIds.cend())
        return notAFile(path);
    auto bytes = m_history->readBlob(*blobId);
    if (!bytes)
        return Error{bytes.error().kind,
                     QStringLiteral("%1: %2").arg(description(), bytes.error().message), path};
    return bytes;
}

Result<QList<GitPathChange>> GitTreeFiles::changesSince(const QString& commitId) const {
    return m_history->changesBetween(commitId, m_commitId);
}

Error GitTreeFiles::notAFile(const QString& path) const {
    return {Error::Kind::NotFound,
            QStringLiteral("'%1' is not a file in %2").arg(path, description()), path};
}

QString GitTreeFiles::description() const {
    return m_history->name() + u'@' + m_commitId.left(7);
}

} // namespace fd::core

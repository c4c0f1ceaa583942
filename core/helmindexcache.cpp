#include "helmindexcache.h"

#include <QCryptographicHash>
#include <QDataStream>
#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QStandardPaths>

namespace fd::core {

HelmIndexCache::HelmIndexCache(QString directory)
    : m_directory(directory.isEmpty()
                      ? QStandardPaths::writableLocation(QStandardPaths::CacheLocation) +
                            QStringLiteral("/helm")
                      : std::move(directory)) {}

QString HelmIndexCache::fileFor(const QString& indexUrl) const {
    const QByteArray key = QCryptographicHash::hash(indexUrl.toUtf8(), QCryptographicHash::Sha1);
    return m_directory + u'/' + QString::fromLatin1(key.toHex()) + QStringLiteral(".index");
}

std::optional<CachedHelmIndex> HelmIndexCache::load(const QString& indexUrl) const {
    QFile file(fileFor(indexUrl));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    QDataStream in(&file);
    in.setVersion(QDataStream::Qt_6_4);
    QString url;
    CachedHelmIndex cached;
    QByteArray index;
    in >> url >> cached.etag >> cached.fetchedAt >> index;
    // The URL is stored too: a hash collision or a copied file must not pass for this index.
    if (in.status() != QDataStream::Ok || url != indexUrl)
        return std::nullopt;
    auto read = HelmChartIndex::deserialize(index, indexUrl);
    if (!read)
        return std::nullopt;
    cached.index = std::move(*read);
    return cached;
}

Result<void> HelmIndexCache::store(const QString& indexUrl, const CachedHelmIndex& cached) const {
    const QString path = fileFor(indexUrl);
    if (!QDir().mkpath(m_directory))
        return Error{Error::Kind::Io,
                     QStringLiteral("could not create the chart index cache folder"), m_directory};
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error{
            Error::Kind::Io,
            QStringLiteral("could not write the chart index cache: %1").arg(file.errorString()),
            path};
    QDataStream out(&file);
    out.setVersion(QDataStream::Qt_6_4);
    out << indexUrl << cached.etag << cached.fetchedAt << cached.index.serialize();
    if (out.status() != QDataStream::Ok || !file.commit())
        return Error{
            Error::Kind::Io,
            QStringLiteral("could not write the chart index cache: %1").arg(file.errorString()),
            path};
    return {};
}

} // namespace fd::core

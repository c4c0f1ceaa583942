#include "freightstore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSet>
#include <QStandardPaths>

#include <algorithm>

namespace fd::core {

namespace {

constexpr int formatVersion = 1;

} // namespace

QString FreightStore::pathFor(const QString& source, const QString& branch,
                              const QString& directory) {
    const QString folder = directory.isEmpty()
                               ? QStandardPaths::writableLocation(QStandardPaths::CacheLocation) +
                                     QStringLiteral("/freight")
                               : directory;
    const QByteArray key = (source + QLatin1Char('\n') + branch).toUtf8();
    return folder + QLatin1Char('/') +
           QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha1).toHex()) +
           QStringLiteral(".json");
}

FreightStore FreightStore::open(const QString& path) {
    FreightStore store;
    store.m_path = path;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return store;
    const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
    if (root.value(QStringLiteral("version")).toInt() != formatVersion)
        return store;
    FreightStore read;
    read.m_path = path;
    read.m_refreshedAt = QDateTime::fromString(root.value(QStringLiteral("refreshedAt")).toString(),
                                               Qt::ISODateWithMs);
    for (const QJsonValue& item : root.value(QStringLiteral("freight")).toArray()) {
        auto freight = Freight::fromJson(item.toObject());
        if (!freight)
            return store;
        if (!read.m_freight.contains(freight->service))
            read.m_services.append(freight->service);
        read.m_freight[freight->service].append(std::move(*freight));
    }
    return read;
}

Result<void> FreightStore::save() const {
    QJsonArray freightArray;
    for (const Freight& each : freight())
        freightArray.append(each.toJson());
    const QJsonObject root{
        {QStringLiteral("version"), formatVersion},
        {QStringLiteral("refreshedAt"), m_refreshedAt.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("freight"), freightArray},
    };
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(QJsonDocument(root).toJson(QJsonDocument::Compact)) < 0 || !file.commit())
        return Error{
            Error::Kind::Io,
            QStringLiteral("could not write the freight cache: %1").arg(file.errorString()),
            m_path};
    return {};
}

void FreightStore::merge(const QList<ServiceFreight>& discovered, const QDateTime& refreshedAt) {
    m_refreshedAt = refreshedAt;
    for (const ServiceFreight& service : discovered) {
        if (!service.problems.isEmpty() && service.freight.isEmpty())
            continue;
        QList<Freight>& known = m_freight[service.service];
        if (!m_services.contains(service.service))
            m_services.append(service.service);
        QHash<QString, qsizetype> knownAt;
        for (qsizetype i = 0; i < known.size(); ++i)
            knownAt.insert(known.at(i).id, i);
        QList<Freight> merged;
        QSet<QString> seen;
        for (Freight found : service.freight) {
            if (const auto at = knownAt.constFind(found.id); at != knownAt.cend()) {
                found.discoveredAt = known.at(*at).discoveredAt;
                found.stages = known.at(*at).stages;
            }
            seen.insert(found.id);
            merged.append(std::move(found));
        }
        for (const Freight& old : known) {
            if (!seen.contains(old.id))
                merged.append(old);
        }
        std::stable_sort(merged.begin(), merged.end(), [](const Freight& a, const Freight& b) {
            return a.discoveredAt > b.discoveredAt;
        });
        if (merged.size() > maxPerService)
            merged.resize(maxPerService);
        known = std::move(merged);
    }
}

QList<Freight> FreightStore::freight(const QString& service) const {
    if (!service.isEmpty())
        return m_freight.value(service);
    QList<Freight> all;
    for (const QString& name : m_services)
        all.append(m_freight.value(name));
    return all;
}

} // namespace fd::core

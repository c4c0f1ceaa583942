#pragma once

#include "freight.h"
#include "freightdiscovery.h"
#include "result.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

namespace fd::core {

/**
 * The freight Freightdesk has discovered for one repository and branch, kept on disk (the user's
 * cache directory) so that the app starts with what it knew and so that freight outlives the
 * registry's window: a tag pushed out of `discoveryLimit`, a combination of a multi-subscription
 * Warehouse that is no longer the newest, a digest a mutable tag no longer names.
 *
 * Newest first is by discoveredAt (when Freightdesk first saw it, as Kargo orders freight by
 * creation), then in the order discovery ranked it. A service keeps its newest maxPerService.
 * It is a cache: a file that cannot be read is started over, not an error.
 */
class FreightStore final {
public:
    static constexpr int maxPerService = 500;

    /** "<cache>/freight/<hash of source and branch>.json"; @p directory empty: the user's cache. */
    static QString pathFor(const QString& source, const QString& branch,
                           const QString& directory = {});
    /** The store at @p path; empty when the file is missing, unreadable or of another version. */
    static FreightStore open(const QString& path);

    /** Writes the store atomically; the folder is made as needed. */
    Result<void> save() const;

    /**
     * Adds what a discovery found: new freight with its discoveredAt, known freight keeping its
     * own (and its stage states). A service whose discovery had problems keeps what it had.
     */
    void merge(const QList<ServiceFreight>& discovered, const QDateTime& refreshedAt);

    /** Newest first; every service's when @p service is empty. */
    QList<Freight> freight(const QString& service = {}) const;
    /** When the last merge happened; invalid when never. */
    const QDateTime& refreshedAt() const { return m_refreshedAt; }
    const QString& path() const { return m_path; }

private:
    QString m_path;
    QDateTime m_refreshedAt;
    QStringList m_services; // in the order first seen
    QHash<QString, QList<Freight>> m_freight;
};

} // namespace fd::core

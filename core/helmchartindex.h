#pragma once

#include "result.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace fd::core {

/** One version of a chart as a Helm repository's index.yaml lists it. */
struct HelmChartVersion final {
    QString version;
    QString appVersion;
    /** The package's sha256, hex, as the index gives it; empty when it gives none. */
    QString digest;
    QDateTime created;
    QStringList urls;
    bool deprecated = false;

    bool operator==(const HelmChartVersion&) const = default;
};

/**
 * A classic Helm chart repository's `index.yaml`, reduced to what freight discovery needs: per
 * chart its versions, as listed. Public repositories' indexes run to tens of megabytes, so the
 * file is read as a stream of YAML events (no tree of it is ever built) and the result is
 * serialised compactly for the cache, which is what later runs read instead (see
 * HelmIndexCache).
 */
class HelmChartIndex final {
public:
    /** Reads @p bytes; @p source (the index URL) names it in errors. */
    static Result<HelmChartIndex> parse(const QByteArray& bytes, const QString& source);

    QStringList charts() const;
    /** @p chart's versions in the index's order (newest first in indexes Helm writes). */
    QList<HelmChartVersion> versions(const QString& chart) const;
    /** Entries without a `version`, left out as Helm leaves them out. */
    int skippedEntries() const { return m_skipped; }

    QByteArray serialize() const;
    /** What serialize() wrote; an error for anything else (an older format, damage). */
    static Result<HelmChartIndex> deserialize(const QByteArray& bytes, const QString& source);

    bool operator==(const HelmChartIndex&) const = default;

private:
    friend class HelmIndexReader;
    QHash<QString, QList<HelmChartVersion>> m_entries;
    int m_skipped = 0;
};

} // namespace fd::core

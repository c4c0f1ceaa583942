#pragma once

#include "helmchartindex.h"

#include <QDateTime>
#include <QString>

#include <optional>

namespace fd::core {

/** A chart repository's index as last fetched, with what a conditional request needs. */
struct CachedHelmIndex final {
    QString etag;
    QDateTime fetchedAt;
    HelmChartIndex index;
};

/**
 * Chart repository indexes kept between runs, one file per repository URL, in Freightdesk's
 * compact form: an unchanged index (the server answers 304 to If-None-Match) is never downloaded
 * or parsed again. Writes are atomic; a damaged or foreign file reads as absent.
 */
class HelmIndexCache final {
public:
    /** Empty @p directory: QStandardPaths::CacheLocation + "/helm". */
    explicit HelmIndexCache(QString directory = {});

    std::optional<CachedHelmIndex> load(const QString& indexUrl) const;
    Result<void> store(const QString& indexUrl, const CachedHelmIndex& cached) const;

    QString directory() const { return m_directory; }

private:
    QString fileFor(const QString& indexUrl) const;

    QString m_directory;
};

} // namespace fd::core

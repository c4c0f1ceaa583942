#pragma once

#include "helmchartindex.h"
#include "helmcredentials.h"
#include "helmindexcache.h"
#include "registryexchange.h"

#include <QObject>

#include <functional>
#include <optional>

class QNetworkAccessManager;

namespace fd::core {

/** A chart repository's index as fetched: new, or the cached one the server said is current. */
struct HelmIndexFetch final {
    HelmChartIndex index;
    /** True when the server answered 304 Not Modified and nothing was downloaded or parsed. */
    bool notModified = false;
    QString etag;
};

/**
 * Fetches classic Helm chart repositories' `index.yaml`: conditionally (If-None-Match with the
 * cached ETag), through the same exchange as the registry client (timeouts, redirects without
 * credentials, a size limit), parsed off the calling thread because public indexes run to tens of
 * megabytes, and kept in a HelmIndexCache. Asynchronous: the GUI never waits on it.
 */
class HelmRepositoryClient final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HelmRepositoryClient)

public:
    using Done = std::function<void(Result<HelmIndexFetch>)>;

    HelmRepositoryClient(QNetworkAccessManager* network, HelmIndexCache cache,
                         RegistryTimeouts timeouts = defaultTimeouts(), QObject* parent = nullptr);

    /**
     * Fetches the index of @p repositoryUrl ("https://charts.example.com/stable"); @p done runs
     * once, later, unless @p context is deleted first. Errors name the index URL.
     */
    void fetchIndex(const QString& repositoryUrl, QObject* context, Done done);

    /** Where chart repository credentials are read; HelmCredentials' default when not set. */
    void setRepositoriesFile(const QString& path) { m_repositoriesFile = path; }

    /** "<repository>/index.yaml", without a doubled slash. */
    static QString indexUrl(const QString& repositoryUrl);
    static RegistryTimeouts defaultTimeouts();

private:
    void request(const QUrl& indexUrl, const QString& url, std::optional<CachedHelmIndex> cached,
                 const std::optional<HelmCredential>& credential, QObject* context,
                 const Done& done);

    QNetworkAccessManager* m_network;
    HelmIndexCache m_cache;
    RegistryTimeouts m_timeouts;
    QString m_repositoriesFile;
};

} // namespace fd::core

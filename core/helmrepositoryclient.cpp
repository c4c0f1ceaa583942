#include "helmrepositoryclient.h"

#include <QDateTime>
#include <QFutureWatcher>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

namespace fd::core {

namespace {

Error indexError(const QString& url, int status) {
    const Error::Kind kind = status == 401 || status == 403 ? Error::Kind::Authentication
                             : status == 404                ? Error::Kind::NotFound
                                                            : Error::Kind::Network;
    QString advice;
    if (status == 404)
        advice = QStringLiteral("; check the repository URL (it is the folder that holds "
                                "index.yaml)");
    else if (kind == Error::Kind::Authentication)
        advice = QStringLiteral("; this chart repository needs credentials");
    return Error{kind,
                 QStringLiteral("the chart repository answered HTTP %1%2").arg(status).arg(advice),
                 url};
}

} // namespace

HelmRepositoryClient::HelmRepositoryClient(QNetworkAccessManager* network, HelmIndexCache cache,
                                           RegistryTimeouts timeouts, QObject* parent)
    : QObject(parent)
    , m_network(network)
    , m_cache(std::move(cache))
    , m_timeouts(timeouts) {}

RegistryTimeouts HelmRepositoryClient::defaultTimeouts() {
    RegistryTimeouts timeouts;
    timeouts.maxBodyBytes = 512 * 1024 * 1024; // the largest public indexes are tens of MiB
    return timeouts;
}

QString HelmRepositoryClient::indexUrl(const QString& repositoryUrl) {
    QString url = repositoryUrl.trimmed();
    while (url.endsWith(u'/'))
        url.chop(1);
    return url + QStringLiteral("/index.yaml");
}

void HelmRepositoryClient::fetchIndex(const QString& repositoryUrl, QObject* context, Done done) {
    const QString url = indexUrl(repositoryUrl);
    const QUrl parsedUrl(url);
    if (!parsedUrl.isValid() || (parsedUrl.scheme() != u"https" && parsedUrl.scheme() != u"http")) {
        QMetaObject::invokeMethod(
            context,
            [done, url] {
                done(Error{Error::Kind::InvalidInput,
                           QStringLiteral("a chart repository URL must be http(s)"), url});
            },
            Qt::QueuedConnection);
        return;
    }
    auto cached = std::make_shared<std::optional<CachedHelmIndex>>(m_cache.load(url));
    RegistryRequest request;
    request.url = parsedUrl;
    request.headers.emplaceBack("Accept", "application/x-yaml, text/yaml, */*");
    if (*cached && !(*cached)->etag.isEmpty())
        request.headers.emplaceBack("If-None-Match", (*cached)->etag.toUtf8());
    QPointer<HelmRepositoryClient> self(this);
    QPointer<QObject> guard(context);
    RegistryExchange::start(
        m_network, request, m_timeouts, context,
        [self, guard, url, cached, done](Result<RegistryResponse> response) {
            if (!self || !guard)
                return;
            if (!response) {
                Error error = std::move(response).error();
                error.location = url;
                return done(error);
            }
            if (response->status == 304 && *cached)
                return done(HelmIndexFetch{(*cached)->index, true, (*cached)->etag});
            if (response->status != 200)
                return done(indexError(url, response->status));
            const QString etag = QString::fromUtf8(response->header("etag"));
            // Parsed on a pool thread; the watcher belongs to the caller's context, so a caller
            // that went away in the meantime is not called.
            auto* watcher = new QFutureWatcher<Result<HelmChartIndex>>(guard.data());
            QObject::connect(watcher, &QFutureWatcherBase::finished, watcher,
                             [self, watcher, url, etag, done] {
                                 watcher->deleteLater();
                                 if (self)
                                     self->parsed(url, etag, watcher->result(), done);
                             });
            watcher->setFuture(QtConcurrent::run(
                [body = response->body, url] { return HelmChartIndex::parse(body, url); }));
        });
}

void HelmRepositoryClient::parsed(const QString& url, const QString& etag,
                                  Result<HelmChartIndex> index, const Done& done) {
    if (!index)
        return done(std::move(index).error());
    // A cache that cannot be written only makes the next fetch a full one.
    (void)m_cache.store(url, {etag, QDateTime::currentDateTimeUtc(), *index});
    done(HelmIndexFetch{std::move(*index), false, etag});
}

} // namespace fd::core

#include "helmrepositoryclient.h"

#include "helmcredentials.h"
#include "offthread.h"

#include <QDateTime>
#include <QDir>
#include <QPointer>

namespace fd::core {

namespace {

Error indexError(const QString& url, int status, const std::optional<HelmCredential>& sent,
                 const QString& repositoriesFile) {
    const Error::Kind kind = status == 401 || status == 403 ? Error::Kind::Authentication
                             : status == 404                ? Error::Kind::NotFound
                                                            : Error::Kind::Network;
    QString advice;
    if (status == 404)
        advice = QStringLiteral("; check the repository URL (it is the folder that holds "
                                "index.yaml)");
    else if (kind == Error::Kind::Authentication && sent)
        advice =
            QStringLiteral("; it refused user '%1' (from %2)").arg(sent->userName, sent->source);
    else if (kind == Error::Kind::Authentication)
        advice = QStringLiteral("; this chart repository needs credentials: `helm repo add "
                                "--username ... --password ...` stores them in %1")
                     .arg(QDir::toNativeSeparators(repositoriesFile));
    return Error{kind,
                 QStringLiteral("the chart repository answered HTTP %1%2").arg(status).arg(advice),
                 url};
}

Result<HelmIndexFetch> freshIndex(const HelmIndexCache& cache, const QString& url,
                                  const QByteArray& body, const QString& etag) {
    auto index = HelmChartIndex::parse(body, url);
    if (!index)
        return std::move(index).error();
    // A cache that cannot be written only makes the next fetch a full one.
    (void)cache.store(url, {etag, QDateTime::currentDateTimeUtc(), *index});
    return HelmIndexFetch{std::move(*index), false, etag};
}

} // namespace

HelmRepositoryClient::HelmRepositoryClient(QNetworkAccessManager* network, HelmIndexCache cache,
                                           RegistryTimeouts timeouts, QObject* parent)
    : QObject(parent)
    , m_network(network)
    , m_cache(std::move(cache))
    , m_timeouts(timeouts)
    , m_repositoriesFile(HelmCredentials::defaultRepositoriesFile()) {}

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
    // Credentials in the URL are used, never shown or made part of the cache's key.
    const QString url =
        indexUrl(QUrl(repositoryUrl.trimmed()).adjusted(QUrl::RemoveUserInfo).toString());
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
    // The cache is read, and an index parsed and written, on pool threads: public indexes
    // run to tens of megabytes, and the caller may be the GUI thread.
    QPointer<HelmRepositoryClient> self(this);
    offThread(
        context,
        [cache = m_cache, url, repositoryUrl, file = m_repositoriesFile] {
            return std::pair(cache.load(url), HelmCredentials::lookup(file, repositoryUrl));
        },
        [self, context, url, parsedUrl,
         done](std::pair<std::optional<CachedHelmIndex>, std::optional<HelmCredential>> found) {
            if (self)
                self->request(parsedUrl, url, std::move(found.first), found.second, context, done);
        });
}

void HelmRepositoryClient::request(const QUrl& indexUrl, const QString& url,
                                   std::optional<CachedHelmIndex> cached,
                                   const std::optional<HelmCredential>& credential,
                                   QObject* context, const Done& done) {
    RegistryRequest request;
    request.url = indexUrl;
    if (credential)
        request.authorization = basicAuthorization(credential->userName, credential->password);
    request.headers.emplaceBack("Accept", "application/x-yaml, text/yaml, */*");
    if (cached && !cached->etag.isEmpty())
        request.headers.emplaceBack("If-None-Match", cached->etag.toUtf8());
    QPointer<QObject> guard(context);
    RegistryExchange::start(m_network, request, m_timeouts, context,
                            [guard, url, cached = std::move(cached), cache = m_cache, credential,
                             file = m_repositoriesFile, done](Result<RegistryResponse> response) {
                                if (!guard)
                                    return;
                                if (!response) {
                                    Error error = std::move(response).error();
                                    error.location = url;
                                    return done(error);
                                }
                                if (response->status == 304 && cached)
                                    return done(HelmIndexFetch{cached->index, true, cached->etag});
                                if (response->status != 200)
                                    return done(
                                        indexError(url, response->status, credential, file));
                                offThread(
                                    guard.data(),
                                    [cache, url, body = response->body,
                                     etag = QString::fromUtf8(response->header("etag"))] {
                                        return freshIndex(cache, url, body, etag);
                                    },
                                    done);
                            });
}

} // namespace fd::core

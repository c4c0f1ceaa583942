#include "registryexchange.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslError>

namespace fd::core {

QByteArray basicAuthorization(const QString& userName, const QString& secret) {
    return "Basic " + (userName + QLatin1Char(':') + secret).toUtf8().toBase64();
}

namespace {

constexpr int maxRedirects = 5;

QString seconds(std::chrono::milliseconds duration) {
    return QString::number(double(duration.count()) / 1000.0, 'g', 3);
}

} // namespace

bool RegistryExchange::sameOrigin(const QUrl& a, const QUrl& b) {
    return a.scheme() == b.scheme() && a.host().compare(b.host(), Qt::CaseInsensitive) == 0 &&
           a.port(a.scheme() == u"https" ? 443 : 80) == b.port(b.scheme() == u"https" ? 443 : 80);
}

void RegistryExchange::start(QNetworkAccessManager* network, RegistryRequest request,
                             const RegistryTimeouts& timeouts, QObject* parent, Done done) {
    auto* exchange =
        new RegistryExchange(network, std::move(request), timeouts, parent, std::move(done));
    exchange->send(exchange->m_request.url, true);
}

RegistryExchange::RegistryExchange(QNetworkAccessManager* network, RegistryRequest request,
                                   const RegistryTimeouts& timeouts, QObject* parent, Done done)
    : QObject(parent)
    , m_network(network)
    , m_request(std::move(request))
    , m_timeouts(timeouts)
    , m_done(std::move(done)) {
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &RegistryExchange::onTimeout);
}

RegistryExchange::~RegistryExchange() {
    if (m_reply) {
        disconnect(m_reply, nullptr, this, nullptr);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

void RegistryExchange::send(const QUrl& url, bool withAuthorization) {
    m_currentUrl = url;
    m_sent = false;
    ++m_requests;
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setTransferTimeout(0); // ours distinguishes connecting from a stalled answer
    request.setRawHeader("User-Agent", "Freightdesk/" FREIGHTDESK_VERSION);
    for (const auto& [name, value] : m_request.headers)
        request.setRawHeader(name, value);
    if (withAuthorization && !m_request.authorization.isEmpty())
        request.setRawHeader("Authorization", m_request.authorization);

    // Not sendCustomRequest for these: Qt would wait for the body a HEAD answer announces.
    if (m_request.method == "HEAD")
        m_reply = m_network->head(request);
    else if (m_request.method == "GET")
        m_reply = m_network->get(request);
    else
        m_reply = m_network->sendCustomRequest(request, m_request.method, m_request.body);
    if (m_request.ignoreTlsErrors)
        connect(m_reply, &QNetworkReply::sslErrors, m_reply,
                [reply = m_reply.data()](const QList<QSslError>&) { reply->ignoreSslErrors(); });
    m_timer.start(m_timeouts.connect);
    connect(m_reply, &QNetworkReply::requestSent, this, &RegistryExchange::progressed);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, &RegistryExchange::progressed);
    connect(m_reply, &QNetworkReply::downloadProgress, this, [this](qint64 received, qint64) {
        progressed();
        if (received > m_timeouts.maxBodyBytes && m_reply) {
            m_tooLarge = true;
            m_reply->abort();
        }
    });
    connect(m_reply, &QNetworkReply::finished, this, &RegistryExchange::onFinished);
}

void RegistryExchange::progressed() {
    // abort() emits progress signals of its own: they must not change which timeout it was.
    if (m_timedOut)
        return;
    m_sent = true;
    m_timer.start(m_timeouts.noProgress);
}

void RegistryExchange::onTimeout() {
    m_timedOut = true;
    if (m_reply)
        m_reply->abort();
}

void RegistryExchange::onFinished() {
    m_timer.stop();
    QNetworkReply* reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (m_timedOut || m_tooLarge || status == 0)
        return finish(transportError(reply));

    // Qt's LocationHeader drops a relative URL, which HTTP allows (RFC 9110) and chart
    // repositories on static hosting send; the raw header is resolved against the request.
    const QUrl location = QUrl::fromEncoded(reply->rawHeader("Location"), QUrl::StrictMode);
    if (status >= 300 && status < 400 && status != 304 && location.isValid()) {
        const QUrl next = m_currentUrl.resolved(location);
        if (m_requests > maxRedirects)
            return finish(Error{Error::Kind::Network,
                                QStringLiteral("more than %1 redirects").arg(maxRedirects),
                                {}});
        if (m_currentUrl.scheme() == u"https" && next.scheme() != u"https")
            return finish(Error{Error::Kind::Network,
                                QStringLiteral("refused a redirect from HTTPS to %1")
                                    .arg(next.toDisplayString(QUrl::RemoveQuery)),
                                {}});
        if (status == 303)
            m_request.method = "GET";
        return send(next, sameOrigin(next, m_request.url));
    }

    RegistryResponse response;
    response.status = status;
    response.url = m_currentUrl;
    response.requests = m_requests;
    for (const auto& [name, value] : reply->rawHeaderPairs())
        response.headers.insert(name.toLower(), value);
    response.body = reply->readAll();
    finish(std::move(response));
}

Error RegistryExchange::transportError(const QNetworkReply* reply) const {
    const QString host =
        m_currentUrl.host() +
        (m_currentUrl.port() > 0 ? QStringLiteral(":%1").arg(m_currentUrl.port()) : QString());
    if (m_tooLarge)
        return Error{Error::Kind::TooLarge,
                     QStringLiteral("the answer from %1 is larger than %2 MiB")
                         .arg(host)
                         .arg(m_timeouts.maxBodyBytes / (1024 * 1024)),
                     {}};
    if (m_timedOut && !m_sent)
        return Error{Error::Kind::Network,
                     QStringLiteral("could not connect to %1 within %2 s")
                         .arg(host, seconds(m_timeouts.connect)),
                     {}};
    if (m_timedOut)
        return Error{Error::Kind::Network,
                     QStringLiteral("%1 stopped answering (nothing for %2 s)")
                         .arg(host, seconds(m_timeouts.noProgress)),
                     {}};
    QString detail = reply->errorString();
    if (reply->error() == QNetworkReply::SslHandshakeFailedError && !m_request.tlsHint.isEmpty())
        detail += QStringLiteral(" (%1)").arg(m_request.tlsHint);
    return Error{Error::Kind::Network, detail, {}};
}

void RegistryExchange::finish(Result<RegistryResponse> result) {
    m_timer.stop();
    Done done = std::move(m_done);
    deleteLater();
    if (done)
        done(std::move(result));
}

} // namespace fd::core

#include "argocdappstream.h"

#include "argocdapierror.h"
#include "argocdclient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslError>

namespace fd::core {

ArgoCdAppStream::ArgoCdAppStream(ArgoCdClient* client, QObject* parent)
    : QObject(parent)
    , m_client(client) {
    m_connectTimer.setSingleShot(true);
    connect(&m_connectTimer, &QTimer::timeout, this, [this] {
        m_timedOut = true;
        if (m_reply)
            m_reply->abort();
    });
}

ArgoCdAppStream::~ArgoCdAppStream() {
    close();
}

void ArgoCdAppStream::open(const ArgoCdAppQuery& query, const QString& resourceVersion) {
    close();
    QUrlQuery parameters;
    if (!query.name.isEmpty())
        parameters.addQueryItem(QStringLiteral("name"), query.name);
    if (!query.selector.isEmpty())
        parameters.addQueryItem(QStringLiteral("selector"), query.selector);
    for (const QString& project : query.projects)
        parameters.addQueryItem(QStringLiteral("projects"), project);
    if (!query.appNamespace.isEmpty())
        parameters.addQueryItem(QStringLiteral("appNamespace"), query.appNamespace);
    if (!resourceVersion.isEmpty())
        parameters.addQueryItem(QStringLiteral("resourceVersion"), resourceVersion);

    QNetworkRequest request(
        m_client->apiUrl(QStringLiteral("/api/v1/stream/applications"), parameters));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setTransferTimeout(0); // a quiet stream is not a broken one
    request.setRawHeader("Accept", "text/event-stream");
    request.setRawHeader("Cache-Control", "no-cache");
    request.setRawHeader("User-Agent", "Freightdesk/" FREIGHTDESK_VERSION);
    if (const QByteArray authorization = m_client->authorization(); !authorization.isEmpty())
        request.setRawHeader("Authorization", authorization);

    m_parser.reset();
    m_errorBody.clear();
    m_streamError.clear();
    m_status = 0;
    m_timedOut = false;
    m_reply = m_client->network()->get(request);
    if (m_client->connection().insecure)
        connect(m_reply, &QNetworkReply::sslErrors, m_reply,
                [reply = m_reply.data()](const QList<QSslError>&) { reply->ignoreSslErrors(); });
    connect(m_reply, &QNetworkReply::metaDataChanged, this, &ArgoCdAppStream::onMetaData);
    connect(m_reply, &QNetworkReply::readyRead, this, &ArgoCdAppStream::onReadable);
    connect(m_reply, &QNetworkReply::finished, this, &ArgoCdAppStream::onFinished);
    m_connectTimer.start(std::chrono::seconds(15));
}

bool ArgoCdAppStream::isOpen() const {
    return m_reply != nullptr;
}

void ArgoCdAppStream::close() {
    m_connectTimer.stop();
    if (!m_reply)
        return;
    QNetworkReply* reply = m_reply;
    m_reply = nullptr;
    disconnect(reply, nullptr, this, nullptr);
    reply->abort();
    reply->deleteLater();
}

void ArgoCdAppStream::onMetaData() {
    m_connectTimer.stop();
    m_status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (m_status == 200)
        Q_EMIT opened();
}

void ArgoCdAppStream::onReadable() {
    const QByteArray bytes = m_reply->readAll();
    if (m_status != 200) {
        m_errorBody += bytes.left(64 * 1024 - m_errorBody.size());
        return;
    }
    const QPointer<ArgoCdAppStream> alive(this);
    for (const ServerEvent& event : m_parser.feed(bytes)) {
        handle(event);
        if (!alive || !m_reply)
            return; // a receiver closed or deleted the stream
    }
}

void ArgoCdAppStream::handle(const ServerEvent& event) {
    const QJsonObject message = QJsonDocument::fromJson(event.data).object();
    if (message.contains(u"error")) {
        m_streamError = ArgoCdApiError::serverMessage(event.data);
        return;
    }
    const QJsonObject result = message.value(u"result").toObject();
    const QString type = result.value(u"type").toString();
    if (type.isEmpty() || !result.value(u"application").isObject())
        return;
    Q_EMIT applicationEvent(type,
                            ArgoCdAppStatus::fromJson(result.value(u"application").toObject()));
}

void ArgoCdAppStream::onFinished() {
    m_connectTimer.stop();
    QNetworkReply* reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    if (m_status == 0)
        m_status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString server = m_client->connection().displayName();
    Error error{Error::Kind::Network, {}, server};
    if (m_status != 0 && m_status != 200) {
        m_errorBody += reply->readAll();
        error = ArgoCdApiError::fromStatus(m_status, m_errorBody, server, {});
    } else if (!m_streamError.isEmpty()) {
        error.message = QStringLiteral("Argo CD at %1 ended the application stream: %2")
                            .arg(server, m_streamError);
    } else if (m_timedOut) {
        error.message =
            QStringLiteral("Argo CD at %1 did not open the application stream").arg(server);
    } else if (reply->error() != QNetworkReply::NoError) {
        error.message = QStringLiteral("Argo CD at %1: the application stream broke off: %2")
                            .arg(server, reply->errorString());
    } else {
        error.message = QStringLiteral("Argo CD at %1 closed the application stream").arg(server);
    }
    Q_EMIT ended(m_status, error);
}

} // namespace fd::core

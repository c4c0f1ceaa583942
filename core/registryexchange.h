#pragma once

#include "result.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <chrono>
#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace fd::core {

struct RegistryTimeouts final {
    std::chrono::milliseconds connect{10000};    // until the request is on the wire
    std::chrono::milliseconds noProgress{30000}; // then between two pieces of the answer
    qint64 maxBodyBytes = 32 * 1024 * 1024;
};

/** The Authorization header value for HTTP Basic authentication. */
QByteArray basicAuthorization(const QString& userName, const QString& secret);

struct RegistryRequest final {
    QByteArray method = "GET"; // GET, HEAD, or any other with a body (POST)
    QUrl url;
    QList<std::pair<QByteArray, QByteArray>> headers;
    /** The Authorization header, sent to the URL's origin only (never after a redirect away). */
    QByteArray authorization;
    QByteArray body;
    /** Accept any certificate: only when the user opted in for this server (self-signed). */
    bool ignoreTlsErrors = false;
    /** Added to a TLS handshake failure: how to opt in. */
    QString tlsHint = QStringLiteral("if this registry only speaks plain HTTP, allow it with "
                                     "--insecure-registry");
};

struct RegistryResponse final {
    int status = 0;
    QUrl url;                              // after redirects
    QHash<QByteArray, QByteArray> headers; // names in lower case
    QByteArray body;
    int requests = 0; // HTTP requests it took, redirects included

    QByteArray header(const QByteArray& lowerCaseName) const {
        return headers.value(lowerCaseName);
    }
};

/**
 * One HTTP exchange with a registry: follows redirects itself (registries send blob downloads to
 * storage, which must not see the registry's Authorization header), and gives up when connecting
 * or a pause in the answer takes longer than the timeouts. Any HTTP status is a response; only
 * transport failures are errors, with an empty location for the caller to fill in.
 */
class RegistryExchange final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RegistryExchange)

public:
    using Done = std::function<void(Result<RegistryResponse>)>;

    /** Starts the exchange; @p done runs once, later, unless @p parent is deleted first. */
    static void start(QNetworkAccessManager* network, RegistryRequest request,
                      const RegistryTimeouts& timeouts, QObject* parent, Done done);
    ~RegistryExchange() override;

    /** Same scheme, host and port (80 and 443 when not written). */
    static bool sameOrigin(const QUrl& a, const QUrl& b);

private:
    RegistryExchange(QNetworkAccessManager* network, RegistryRequest request,
                     const RegistryTimeouts& timeouts, QObject* parent, Done done);
    void send(const QUrl& url, bool withAuthorization);
    void onFinished();
    void onTimeout();
    void progressed();
    void finish(Result<RegistryResponse> result);
    Error transportError(const QNetworkReply* reply) const;

    QNetworkAccessManager* m_network;
    RegistryRequest m_request;
    RegistryTimeouts m_timeouts;
    Done m_done;
    QPointer<QNetworkReply> m_reply;
    QTimer m_timer;
    QUrl m_currentUrl;
    int m_requests = 0;
    bool m_sent = false;
    bool m_timedOut = false;
    bool m_tooLarge = false;
};

} // namespace fd::core

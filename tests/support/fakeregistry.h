#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QTcpServer>

#include <functional>
#include <memory>

class QSslCertificate;
class QSslKey;
class QTcpSocket;

namespace fd::testsupport {

/** One request as the FakeRegistry received it. */
struct FakeRequest final {
    QByteArray method;
    QByteArray target;                     // path and query
    QHash<QByteArray, QByteArray> headers; // names in lower case
    QByteArray body;                       // as long as Content-Length says

    QByteArray path() const { return target.split('?').constFirst(); }
    /** The query parameter's values, decoded, in order (`projects=a&projects=b`). */
    QList<QByteArray> queryValues(const QByteArray& name) const;
    QByteArray queryValue(const QByteArray& name) const { return queryValues(name).value(0); }
    QByteArray header(const QByteArray& name) const { return headers.value(name); }
};

/**
 * What the FakeRegistry answers; `hang` answers nothing and keeps the connection open;
 * `announcedLength` larger than the body stalls after sending part of it.
 */
struct FakeReply final {
    int status = 200;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
    bool hang = false;
    qsizetype announcedLength = -1;
    int delayMs = 0; ///< answer this much later, as a slow server would
    /**
     * Sent with `Transfer-Encoding: chunked`, one write per entry, `chunkDelayMs` apart, instead
     * of `body`: a streamed answer (server-sent events). After the last one the reply ends, or
     * the connection stays open (`keepOpen`) or is dropped mid-stream (`drop`).
     */
    QList<QByteArray> chunks = {};
    int chunkDelayMs = 0;
    bool keepOpen = false;
    bool drop = false;

    static FakeReply json(const QByteArray& body, int status = 200);
};

/**
 * A small HTTP/1.1 server on 127.0.0.1 for what a real registry will not do on demand: bearer
 * tokens that expire, Link pagination, 401/403/404/429/5xx, a hang, a body that is not JSON.
 * Every request goes to the handler; the server records them all.
 */
class FakeRegistry final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FakeRegistry)

public:
    using Handler = std::function<FakeReply(const FakeRequest&)>;

    explicit FakeRegistry(Handler handler);
    ~FakeRegistry() override;

    bool listen();
    /** Listens for HTTPS with @p certificate (e.g. a self-signed one). */
    bool listenTls(const QSslCertificate& certificate, const QSslKey& key);
    /** A self-signed certificate for 127.0.0.1 made with the openssl command in @p folder. */
    static bool makeSelfSigned(const QString& folder, QSslCertificate* certificate, QSslKey* key);
    /** Drops every open connection, as a restarting server or a proxy would. */
    void dropConnections();
    quint16 port() const { return m_server->serverPort(); }
    /** "127.0.0.1:<port>". */
    QByteArray host() const;
    QList<FakeRequest> requests() const { return m_requests; }
    void setHandler(Handler handler) { m_handler = std::move(handler); }

private:
    void onConnection();
    void onReadable(QTcpSocket* socket);
    void answer(QTcpSocket* socket, const FakeRequest& request, const FakeReply& reply);
    void stream(QTcpSocket* socket, const FakeReply& reply);

    Handler m_handler;
    std::unique_ptr<QTcpServer> m_server;
    QList<FakeRequest> m_requests;
    QHash<QTcpSocket*, QByteArray> m_buffers;
};

} // namespace fd::testsupport

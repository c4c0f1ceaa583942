#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QTcpServer>

#include <functional>

class QTcpSocket;

namespace fd::testsupport {

/** One request as the FakeRegistry received it. */
struct FakeRequest final {
    QByteArray method;
    QByteArray target;                     // path and query
    QHash<QByteArray, QByteArray> headers; // names in lower case

    QByteArray path() const { return target.split('?').constFirst(); }
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
    quint16 port() const { return m_server.serverPort(); }
    /** "127.0.0.1:<port>". */
    QByteArray host() const;
    QList<FakeRequest> requests() const { return m_requests; }
    void setHandler(Handler handler) { m_handler = std::move(handler); }

private:
    void onConnection();
    void onReadable(QTcpSocket* socket);

    Handler m_handler;
    QTcpServer m_server;
    QList<FakeRequest> m_requests;
    QHash<QTcpSocket*, QByteArray> m_buffers;
};

} // namespace fd::testsupport

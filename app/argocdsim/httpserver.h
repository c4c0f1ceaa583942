#pragma once

#include <QObject>
#include <QString>

#include <functional>

class QTcpServer;

namespace fd::argocdsim {

class HttpConnection;
struct HttpRequest;

/**
 * Listens on 127.0.0.1 and hands every request of every connection (an HttpConnection, owned
 * here) to one handler, which answers on that connection now or later.
 */
class HttpServer final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpServer)

public:
    using Handler = std::function<void(HttpConnection* connection, const HttpRequest& request)>;

    explicit HttpServer(Handler handler, QObject* parent = nullptr);
    ~HttpServer() override;

    /** @p port 0: a free one. False with errorString() when it cannot. */
    bool listen(quint16 port = 0);
    quint16 port() const;
    QString errorString() const;

private:
    void accept();

    Handler m_handler;
    QTcpServer* m_server;
};

} // namespace fd::argocdsim

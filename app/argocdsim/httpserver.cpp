#include "httpserver.h"

#include "httpconnection.h"

#include <QTcpServer>
#include <QTcpSocket>

namespace fd::argocdsim {

HttpServer::HttpServer(Handler handler, QObject* parent)
    : QObject(parent)
    , m_handler(std::move(handler))
    , m_server(new QTcpServer(this)) {
    connect(m_server, &QTcpServer::newConnection, this, &HttpServer::accept);
}

HttpServer::~HttpServer() = default;

bool HttpServer::listen(quint16 port) {
    return m_server->listen(QHostAddress::LocalHost, port);
}

quint16 HttpServer::port() const {
    return m_server->serverPort();
}

QString HttpServer::errorString() const {
    return m_server->errorString();
}

void HttpServer::accept() {
    while (QTcpSocket* socket = m_server->nextPendingConnection()) {
        auto* connection = new HttpConnection(socket, m_server);
        connect(connection, &HttpConnection::requestReceived, this,
                [this, connection](const HttpRequest& request) { m_handler(connection, request); });
        connect(connection, &HttpConnection::closed, connection, &QObject::deleteLater);
    }
}

} // namespace fd::argocdsim

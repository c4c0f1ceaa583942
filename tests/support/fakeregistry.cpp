#include "fakeregistry.h"

#include <QTcpSocket>
#include <QTimer>

namespace fd::testsupport {

FakeReply FakeReply::json(const QByteArray& body, int status) {
    return {status, {{"Content-Type", "application/json"}}, body, false, -1};
}

FakeRegistry::FakeRegistry(Handler handler)
    : m_handler(std::move(handler)) {
    connect(&m_server, &QTcpServer::newConnection, this, &FakeRegistry::onConnection);
}

FakeRegistry::~FakeRegistry() {
    m_server.close();
}

bool FakeRegistry::listen() {
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QByteArray FakeRegistry::host() const {
    return "127.0.0.1:" + QByteArray::number(port());
}

void FakeRegistry::onConnection() {
    while (QTcpSocket* socket = m_server.nextPendingConnection()) {
        socket->setParent(this);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadable(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_buffers.remove(socket);
            socket->deleteLater();
        });
    }
}

void FakeRegistry::onReadable(QTcpSocket* socket) {
    QByteArray& buffer = m_buffers[socket];
    buffer += socket->readAll();
    // Requests without bodies (GET, HEAD), one after another on a kept-alive connection.
    qsizetype end = 0;
    while ((end = buffer.indexOf("\r\n\r\n")) >= 0) {
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        buffer.remove(0, end + 4);
        const QList<QByteArray> requestLine = lines.constFirst().trimmed().split(' ');
        FakeRequest request;
        request.method = requestLine.value(0);
        request.target = requestLine.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            if (colon > 0)
                request.headers.insert(lines.at(i).left(colon).trimmed().toLower(),
                                       lines.at(i).mid(colon + 1).trimmed());
        }
        m_requests.append(request);
        const FakeReply reply = m_handler(request);
        if (reply.hang)
            return;
        QByteArray response = "HTTP/1.1 " + QByteArray::number(reply.status) + " Fake\r\n";
        for (const auto& [name, value] : reply.headers)
            response += name + ": " + value + "\r\n";
        const qsizetype length =
            reply.announcedLength >= 0 ? reply.announcedLength : reply.body.size();
        response += "Content-Length: " + QByteArray::number(length) + "\r\n\r\n";
        if (request.method != "HEAD")
            response += reply.body;
        if (reply.delayMs > 0)
            QTimer::singleShot(reply.delayMs, socket,
                               [socket, response] { socket->write(response); });
        else
            socket->write(response);
    }
}

} // namespace fd::testsupport

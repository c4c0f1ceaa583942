#include "fakeregistry.h"

#include <QDir>
#include <QFile>
#include <QPointer>
#include <QProcess>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>

namespace fd::testsupport {

QList<QByteArray> FakeRequest::queryValues(const QByteArray& name) const {
    const qsizetype question = target.indexOf('?');
    if (question < 0)
        return {};
    const QUrlQuery query(QString::fromUtf8(target.mid(question + 1)));
    QList<QByteArray> values;
    for (const QString& value :
         query.allQueryItemValues(QString::fromUtf8(name), QUrl::FullyDecoded))
        values.append(value.toUtf8());
    return values;
}

FakeReply FakeReply::json(const QByteArray& body, int status) {
    FakeReply reply;
    reply.status = status;
    reply.headers = {{"Content-Type", "application/json"}};
    reply.body = body;
    return reply;
}

FakeRegistry::FakeRegistry(Handler handler)
    : m_handler(std::move(handler))
    , m_server(std::make_unique<QTcpServer>()) {}

FakeRegistry::~FakeRegistry() {
    m_server->close();
}

bool FakeRegistry::listen() {
    connect(m_server.get(), &QTcpServer::newConnection, this, &FakeRegistry::onConnection);
    return m_server->listen(QHostAddress::LocalHost, 0);
}

bool FakeRegistry::listenTls(const QSslCertificate& certificate, const QSslKey& key) {
    auto server = std::make_unique<QSslServer>();
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificate(certificate);
    configuration.setPrivateKey(key);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    server->setSslConfiguration(configuration);
    // A client that refuses the certificate aborts the handshake; that is the test passing.
    connect(server.get(), &QSslServer::pendingConnectionAvailable, this,
            &FakeRegistry::onConnection);
    m_server = std::move(server);
    return m_server->listen(QHostAddress::LocalHost, 0);
}

bool FakeRegistry::makeSelfSigned(const QString& folder, QSslCertificate* certificate,
                                  QSslKey* key) {
    const QString certPath = QDir(folder).filePath(QStringLiteral("cert.pem"));
    const QString keyPath = QDir(folder).filePath(QStringLiteral("key.pem"));
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                   QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-days"),
                   QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"),
                   QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1"),
                   QStringLiteral("-keyout"), keyPath, QStringLiteral("-out"), certPath});
    if (!openssl.waitForFinished(60000) || openssl.exitCode() != 0)
        return false;
    QFile certFile(certPath);
    QFile keyFile(keyPath);
    if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly))
        return false;
    *certificate = QSslCertificate(certFile.readAll(), QSsl::Pem);
    *key = QSslKey(keyFile.readAll(), QSsl::Rsa, QSsl::Pem);
    return !certificate->isNull() && !key->isNull();
}

QByteArray FakeRegistry::host() const {
    return "127.0.0.1:" + QByteArray::number(port());
}

void FakeRegistry::dropConnections() {
    for (QTcpSocket* socket : findChildren<QTcpSocket*>())
        socket->abort();
}

void FakeRegistry::onConnection() {
    while (QTcpSocket* socket = m_server->nextPendingConnection()) {
        socket->setParent(this);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadable(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_buffers.remove(socket);
            socket->deleteLater();
        });
        if (socket->bytesAvailable() > 0)
            onReadable(socket);
    }
}

void FakeRegistry::onReadable(QTcpSocket* socket) {
    QByteArray& buffer = m_buffers[socket];
    buffer += socket->readAll();
    // Requests one after another on a kept-alive connection; a body as long as Content-Length.
    qsizetype end = 0;
    while ((end = buffer.indexOf("\r\n\r\n")) >= 0) {
        const QList<QByteArray> lines = buffer.left(end).split('\n');
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
        const qsizetype length = request.header("content-length").toLongLong();
        if (buffer.size() < end + 4 + length)
            return; // the rest of the body is still on its way
        request.body = buffer.mid(end + 4, length);
        buffer.remove(0, end + 4 + length);
        m_requests.append(request);
        const FakeReply reply = m_handler(request);
        if (reply.hang)
            return;
        answer(socket, request, reply);
    }
}

void FakeRegistry::answer(QTcpSocket* socket, const FakeRequest& request, const FakeReply& reply) {
    QByteArray response = "HTTP/1.1 " + QByteArray::number(reply.status) + " Fake\r\n";
    for (const auto& [name, value] : reply.headers)
        response += name + ": " + value + "\r\n";
    if (!reply.chunks.isEmpty()) {
        response += "Transfer-Encoding: chunked\r\n\r\n";
        socket->write(response);
        return stream(socket, reply);
    }
    const qsizetype length = reply.announcedLength >= 0 ? reply.announcedLength : reply.body.size();
    response += "Content-Length: " + QByteArray::number(length) + "\r\n\r\n";
    if (request.method != "HEAD")
        response += reply.body;
    if (reply.delayMs > 0)
        QTimer::singleShot(reply.delayMs, socket, [socket, response] { socket->write(response); });
    else
        socket->write(response);
}

void FakeRegistry::stream(QTcpSocket* socket, const FakeReply& reply) {
    QList<QByteArray> pieces;
    for (const QByteArray& chunk : reply.chunks)
        pieces.append(QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\n");
    if (!reply.keepOpen && !reply.drop)
        pieces.append("0\r\n\r\n");
    const QPointer<QTcpSocket> guard(socket);
    for (qsizetype i = 0; i < pieces.size(); ++i)
        QTimer::singleShot(int(i) * reply.chunkDelayMs, socket, [guard, piece = pieces.at(i)] {
            if (guard)
                guard->write(piece);
        });
    if (reply.drop)
        QTimer::singleShot(int(pieces.size()) * reply.chunkDelayMs + 20, socket, [guard] {
            if (guard) {
                guard->flush();
                guard->abort();
            }
        });
}

} // namespace fd::testsupport

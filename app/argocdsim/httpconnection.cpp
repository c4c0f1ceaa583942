#include "httpconnection.h"

#include <QTcpSocket>

namespace fd::argocdsim {

namespace {
constexpr qsizetype MaxHeadBytes = 64 * 1024;
constexpr qsizetype MaxBodyBytes = 64 * 1024 * 1024;
} // namespace

HttpConnection::HttpConnection(QTcpSocket* socket, QObject* parent)
    : QObject(parent)
    , m_socket(socket) {
    m_socket->setParent(this);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::readRequests);
    connect(m_socket, &QTcpSocket::disconnected, this, &HttpConnection::closed);
}

HttpConnection::~HttpConnection() = default;

void HttpConnection::readRequests() {
    m_buffer += m_socket->readAll();
    while (!m_busy && m_socket->state() == QAbstractSocket::ConnectedState) {
        if (m_bodyLength < 0) {
            const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
            if (headEnd < 0) {
                if (m_buffer.size() > MaxHeadBytes)
                    fail(400, "request head too large\n");
                return;
            }
            if (!parseHead(headEnd))
                return;
        }
        if (m_chunked) {
            if (!readChunks())
                return;
        } else {
            if (m_buffer.size() < m_bodyLength)
                return;
            m_pending.body = m_buffer.left(m_bodyLength);
            m_buffer.remove(0, m_bodyLength);
        }
        m_bodyLength = -1;
        m_chunked = false;
        m_busy = true;
        const HttpRequest request = std::exchange(m_pending, HttpRequest{});
        Q_EMIT requestReceived(request);
    }
}

bool HttpConnection::parseHead(qsizetype headEnd) {
    const QList<QByteArray> lines = m_buffer.left(headEnd).split('\n');
    m_buffer.remove(0, headEnd + 4);
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine[2].startsWith("HTTP/1.")) {
        fail(400, "malformed request line\n");
        return false;
    }
    m_pending.method = requestLine[0];
    const QByteArray target = requestLine[1];
    const qsizetype question = target.indexOf('?');
    m_pending.path = QString::fromUtf8(
        QByteArray::fromPercentEncoding(question < 0 ? target : target.left(question)));
    if (question >= 0)
        m_pending.query = QUrlQuery(QString::fromUtf8(target.mid(question + 1)));
    m_keepAlive = requestLine[2] == "HTTP/1.1";
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = lines[i].left(colon).trimmed().toLower();
        const QByteArray value = lines[i].mid(colon + 1).trimmed();
        m_pending.headers.append({name, value});
        if (name == "connection")
            m_keepAlive = value.toLower() != "close";
    }
    const QByteArray encoding = m_pending.header("transfer-encoding").toLower();
    if (!encoding.isEmpty() && encoding != "chunked") {
        fail(400, "only chunked transfer encoding is supported\n");
        return false;
    }
    m_chunked = !encoding.isEmpty();
    bool ok = true;
    const QByteArray length = m_pending.header("content-length");
    m_bodyLength = length.isEmpty() ? 0 : length.toLongLong(&ok);
    if (!ok || m_bodyLength < 0 || m_bodyLength > MaxBodyBytes) {
        fail(413, "request body too large\n");
        return false;
    }
    return true;
}

bool HttpConnection::readChunks() {
    // Git clients send a push's pack chunked: its length is not known up front.
    while (true) {
        const qsizetype lineEnd = m_buffer.indexOf("\r\n");
        if (lineEnd < 0)
            return false;
        bool ok = false;
        const qsizetype size =
            m_buffer.left(lineEnd).split(';').constFirst().trimmed().toLongLong(&ok, 16);
        if (!ok || size < 0 || m_pending.body.size() + size > MaxBodyBytes) {
            fail(ok ? 413 : 400, ok ? "request body too large\n" : "malformed chunk size\n");
            return false;
        }
        // The last chunk is followed by (no) trailers and an empty line.
        const qsizetype needed = lineEnd + 2 + size + 2;
        if (m_buffer.size() < needed)
            return false;
        m_pending.body += m_buffer.mid(lineEnd + 2, size);
        m_buffer.remove(0, needed);
        if (size == 0)
            return true;
    }
}

void HttpConnection::respond(const HttpResponse& response) {
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    m_socket->write(response.serialize(m_keepAlive));
    m_busy = false;
    if (!m_keepAlive) {
        m_socket->disconnectFromHost();
        return;
    }
    if (!m_buffer.isEmpty() || m_socket->bytesAvailable() > 0)
        readRequests();
}

void HttpConnection::beginStream(int status,
                                 const QList<std::pair<QByteArray, QByteArray>>& headers) {
    m_streaming = true;
    QByteArray head =
        "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    for (const auto& [name, value] : headers)
        head += name + ": " + value + "\r\n";
    head += "Transfer-Encoding: chunked\r\n\r\n";
    m_socket->write(head);
}

void HttpConnection::writeChunk(const QByteArray& data) {
    if (data.isEmpty() || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    m_socket->write(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
}

void HttpConnection::abort() {
    m_socket->abort();
}

void HttpConnection::fail(int status, const QByteArray& message) {
    m_keepAlive = false;
    m_busy = true;
    m_socket->write(HttpResponse::text(status, message).serialize(false));
    m_socket->disconnectFromHost();
}

} // namespace fd::argocdsim

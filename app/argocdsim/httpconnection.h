#pragma once

#include "httpmessage.h"

#include <QObject>

class QTcpSocket;

namespace fd::argocdsim {

/**
 * One client connection: reads HTTP/1.1 requests one at a time (the next is parsed only once
 * the current one is answered; bodies with a length or chunked), answers with a length or turns
 * into a chunked stream.
 */
class HttpConnection final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpConnection)

public:
    /** Takes ownership of @p socket. */
    explicit HttpConnection(QTcpSocket* socket, QObject* parent = nullptr);
    ~HttpConnection() override;

    void respond(const HttpResponse& response);
    /** Sends the status line and headers of a chunked response that stays open. */
    void beginStream(int status, const QList<std::pair<QByteArray, QByteArray>>& headers);
    void writeChunk(const QByteArray& data);
    bool isStreaming() const { return m_streaming; }
    /** Drops the connection at once, as a broken network would (no final chunk). */
    void abort();

Q_SIGNALS:
    void requestReceived(const fd::argocdsim::HttpRequest& request);
    void closed();

private:
    void readRequests();
    bool parseHead(qsizetype headEnd);
    /** Reads the chunks that have arrived; true once the last one has. */
    bool readChunks();
    void fail(int status, const QByteArray& message);

    QTcpSocket* m_socket;
    QByteArray m_buffer;
    HttpRequest m_pending;
    qsizetype m_bodyLength = -1; // -1: waiting for a head
    bool m_chunked = false;
    bool m_busy = false;
    bool m_keepAlive = true;
    bool m_streaming = false;
};

} // namespace fd::argocdsim

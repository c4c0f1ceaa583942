#pragma once

#include <QByteArray>
#include <QList>

namespace fd::core {

/** One server-sent event: its `event:` name (empty means "message") and `data:` lines joined. */
struct ServerEvent final {
    QByteArray event;
    QByteArray data;
    QByteArray id;
};

/**
 * The text/event-stream format (WHATWG HTML, "server-sent events") read incrementally: bytes
 * arrive in pieces that may split a line, or a CRLF, anywhere; an event ends at a blank line.
 * Comment lines (": keep-alive") and events without data are skipped.
 */
class ServerEventParser final {
public:
    /** Adds @p bytes and returns the events they completed. */
    QList<ServerEvent> feed(const QByteArray& bytes);
    /** Bytes held for an incomplete line or event. */
    qsizetype pending() const { return m_buffer.size() + m_current.data.size(); }
    void reset();

private:
    void line(const QByteArray& text, QList<ServerEvent>& events);

    QByteArray m_buffer;
    ServerEvent m_current;
    bool m_hasData = false;
    bool m_lastWasCr = false; // a CR ended the previous piece: a following LF belongs to it
};

} // namespace fd::core

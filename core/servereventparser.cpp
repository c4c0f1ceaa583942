#include "servereventparser.h"

namespace fd::core {

QList<ServerEvent> ServerEventParser::feed(const QByteArray& bytes) {
    QList<ServerEvent> events;
    for (const char c : bytes) {
        if (c == '\n' && m_lastWasCr) {
            m_lastWasCr = false;
            continue;
        }
        m_lastWasCr = c == '\r';
        if (c == '\n' || c == '\r') {
            line(m_buffer, events);
            m_buffer.clear();
        } else {
            m_buffer.append(c);
        }
    }
    return events;
}

void ServerEventParser::reset() {
    *this = ServerEventParser();
}

void ServerEventParser::line(const QByteArray& text, QList<ServerEvent>& events) {
    if (text.isEmpty()) {
        if (m_hasData)
            events.append(std::move(m_current));
        m_current = ServerEvent();
        m_hasData = false;
        return;
    }
    if (text.startsWith(':'))
        return;
    const qsizetype colon = text.indexOf(':');
    const QByteArray field = colon < 0 ? text : text.left(colon);
    QByteArray value = colon < 0 ? QByteArray() : text.mid(colon + 1);
    if (value.startsWith(' '))
        value.remove(0, 1);
    if (field == "data") {
        if (m_hasData)
            m_current.data.append('\n');
        m_current.data.append(value);
        m_hasData = true;
    } else if (field == "event") {
        m_current.event = value;
    } else if (field == "id") {
        m_current.id = value;
    }
}

} // namespace fd::core

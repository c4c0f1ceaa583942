#include "registrychallenge.h"

namespace fd::core {

namespace {

class Scanner final {
public:
    explicit Scanner(const QByteArray& text)
        : m_text(text) {}

    bool atEnd() {
        skipSpace();
        return m_position >= m_text.size();
    }
    char peek() {
        skipSpace();
        return m_position < m_text.size() ? m_text.at(m_position) : '\0';
    }
    void skip() { ++m_position; }

    QByteArray token() {
        skipSpace();
        const qsizetype start = m_position;
        while (m_position < m_text.size() && isTokenChar(m_text.at(m_position)))
            ++m_position;
        return m_text.mid(start, m_position - start);
    }

    QByteArray quotedOrToken() {
        if (peek() != '"')
            return token();
        ++m_position;
        QByteArray value;
        while (m_position < m_text.size() && m_text.at(m_position) != '"') {
            if (m_text.at(m_position) == '\\' && m_position + 1 < m_text.size())
                ++m_position;
            value += m_text.at(m_position++);
        }
        ++m_position; // the closing quote
        return value;
    }

private:
    static bool isTokenChar(char c) {
        return c > ' ' && c != ',' && c != '=' && c != '"' && c != ';';
    }
    void skipSpace() {
        while (m_position < m_text.size() &&
               (m_text.at(m_position) == ' ' || m_text.at(m_position) == '\t' ||
                m_text.at(m_position) == '\n' || m_text.at(m_position) == '\r'))
            ++m_position;
    }

    const QByteArray& m_text;
    qsizetype m_position = 0;
};

} // namespace

QList<RegistryChallenge> RegistryChallenge::parse(const QByteArray& header) {
    QList<RegistryChallenge> challenges;
    Scanner scanner(header);
    while (!scanner.atEnd()) {
        if (scanner.peek() == ',') {
            scanner.skip();
            continue;
        }
        const QByteArray word = scanner.token();
        if (word.isEmpty()) {
            scanner.skip(); // a stray character: step over it rather than loop
            continue;
        }
        if (scanner.peek() == '=' && !challenges.isEmpty()) {
            scanner.skip();
            challenges.last().parameters.insert(QString::fromLatin1(word).toLower(),
                                                QString::fromUtf8(scanner.quotedOrToken()));
        } else {
            challenges.append({QString::fromLatin1(word).toLower(), {}});
        }
    }
    return challenges;
}

} // namespace fd::core

#include "kargoexprlexer.h"

#include <QLocale>
#include <QStringList>

namespace fd::core {

namespace {

bool isIdentifierStart(QChar c) {
    return c.isLetter() || c == QLatin1Char('_') || c == QLatin1Char('$');
}

bool isIdentifierPart(QChar c) {
    return isIdentifierStart(c) || c.isDigit();
}

// Operators, longest first so that "??" wins over "?".
const QStringList& operatorTexts() {
    static const QStringList texts{
        QStringLiteral("?."), QStringLiteral("??"), QStringLiteral("=="), QStringLiteral("!="),
        QStringLiteral("<="), QStringLiteral(">="), QStringLiteral("&&"), QStringLiteral("||"),
        QStringLiteral("**"), QStringLiteral(".."), QStringLiteral("("),  QStringLiteral(")"),
        QStringLiteral("["),  QStringLiteral("]"),  QStringLiteral("{"),  QStringLiteral("}"),
        QStringLiteral(","),  QStringLiteral(":"),  QStringLiteral("."),  QStringLiteral("?"),
        QStringLiteral("!"),  QStringLiteral("+"),  QStringLiteral("-"),  QStringLiteral("*"),
        QStringLiteral("/"),  QStringLiteral("%"),  QStringLiteral("<"),  QStringLiteral(">"),
        QStringLiteral("^"),  QStringLiteral("|"),  QStringLiteral("#"),  QStringLiteral(";"),
        QStringLiteral("=")};
    return texts;
}

} // namespace

KargoExprLexer::KargoExprLexer(const QString& text)
    : m_text(text) {}

bool KargoExprLexer::fail(qsizetype position, const QString& problem) {
    m_errorPosition = position;
    m_errorMessage = problem;
    return false;
}

bool KargoExprLexer::next() {
    while (m_pos < m_text.size() && m_text[m_pos].isSpace())
        ++m_pos;
    m_token = KargoExprToken{};
    m_token.position = m_pos;
    if (m_pos >= m_text.size())
        return true;
    const QChar c = m_text[m_pos];
    if (c.isDigit())
        return lexNumber();
    if (c == QLatin1Char('\'') || c == QLatin1Char('"'))
        return lexString(c);
    if (c == QLatin1Char('`'))
        return lexRawString();
    if (isIdentifierStart(c)) {
        const qsizetype start = m_pos;
        while (m_pos < m_text.size() && isIdentifierPart(m_text[m_pos]))
            ++m_pos;
        m_token.kind = KargoExprToken::Kind::Identifier;
        m_token.text = m_text.mid(start, m_pos - start);
        return true;
    }
    for (const QString& op : operatorTexts()) {
        if (QStringView(m_text).mid(m_pos).startsWith(op)) {
            // "?." before a digit is a ternary and a number (a?.5:1), as in expr.
            if (op == QStringLiteral("?.") && m_pos + 2 < m_text.size() &&
                m_text[m_pos + 2].isDigit())
                continue;
            m_pos += op.size();
            m_token.kind = KargoExprToken::Kind::Operator;
            m_token.text = op;
            return true;
        }
    }
    return fail(m_pos, QStringLiteral("unexpected character '%1'").arg(c));
}

bool KargoExprLexer::lexNumber() {
    const qsizetype start = m_pos;
    const auto digits = [&](auto accept) {
        while (m_pos < m_text.size() && (accept(m_text[m_pos]) || m_text[m_pos] == u'_'))
            ++m_pos;
    };
    const auto isDecimal = [](QChar c) { return c >= u'0' && c <= u'9'; };
    int base = 10;
    if (m_text[m_pos] == u'0' && m_pos + 1 < m_text.size()) {
        const QChar prefix = m_text[m_pos + 1].toLower();
        base = prefix == u'x' ? 16 : prefix == u'o' ? 8 : prefix == u'b' ? 2 : 10;
    }
    if (base != 10) {
        m_pos += 2;
        digits([](QChar c) { return c.isLetterOrNumber() && c.unicode() < 0x80; });
    } else {
        digits(isDecimal);
        // "1..2" is a range, "1.foo" a member: only a digit after the dot makes a fraction.
        if (m_pos + 1 < m_text.size() && m_text[m_pos] == u'.' && isDecimal(m_text[m_pos + 1])) {
            ++m_pos;
            digits(isDecimal);
        }
        if (m_pos < m_text.size() && (m_text[m_pos] == u'e' || m_text[m_pos] == u'E')) {
            ++m_pos;
            if (m_pos < m_text.size() && (m_text[m_pos] == u'+' || m_text[m_pos] == u'-'))
                ++m_pos;
            digits(isDecimal);
        }
    }
    QString text = m_text.mid(start, m_pos - start);
    text.remove(u'_');
    bool ok = false;
    if (base == 10)
        m_token.number = QLocale::c().toDouble(text, &ok);
    else
        m_token.number = static_cast<double>(text.mid(2).toULongLong(&ok, base));
    if (!ok || (m_pos < m_text.size() && isIdentifierStart(m_text[m_pos])))
        return fail(start,
                    QStringLiteral("invalid number %1").arg(m_text.mid(start, m_pos - start + 1)));
    m_token.kind = KargoExprToken::Kind::Number;
    return true;
}

std::optional<uint> KargoExprLexer::hexDigits(int count) {
    if (m_pos + count > m_text.size())
        return std::nullopt;
    uint value = 0;
    for (int i = 0; i < count; ++i) {
        const int digit = QStringLiteral("0123456789abcdef").indexOf(m_text[m_pos + i].toLower());
        if (digit < 0)
            return std::nullopt;
        value = value * 16 + static_cast<uint>(digit);
    }
    m_pos += count;
    return value;
}

bool KargoExprLexer::lexString(QChar quote) {
    const qsizetype start = m_pos++;
    QString value;
    while (m_pos < m_text.size() && m_text[m_pos] != quote) {
        if (m_text[m_pos] != u'\\') {
            value += m_text[m_pos++];
            continue;
        }
        const qsizetype escape = m_pos++;
        if (m_pos >= m_text.size())
            break;
        const QChar c = m_text[m_pos++];
        std::optional<uint> code;
        switch (c.unicode()) {
        case 'a':
            code = 0x07;
            break;
        case 'b':
            code = 0x08;
            break;
        case 'f':
            code = 0x0c;
            break;
        case 'n':
            code = 0x0a;
            break;
        case 'r':
            code = 0x0d;
            break;
        case 't':
            code = 0x09;
            break;
        case 'v':
            code = 0x0b;
            break;
        case '\\':
            code = '\\';
            break;
        case '\'':
            code = '\'';
            break;
        case '"':
            code = '"';
            break;
        case 'x':
            code = hexDigits(2);
            break;
        case 'u':
            code = hexDigits(4);
            break;
        case 'U':
            code = hexDigits(8);
            break;
        default:
            if (c >= u'0' && c <= u'7' && m_pos + 1 < m_text.size()) {
                bool ok = false;
                const uint octal = m_text.mid(m_pos - 1, 3).toUInt(&ok, 8);
                if (ok && octal < 256 && m_text[m_pos].isDigit() && m_text[m_pos + 1].isDigit()) {
                    m_pos += 2;
                    code = octal;
                }
            }
        }
        if (!code || *code > 0x10ffff || (*code >= 0xd800 && *code <= 0xdfff))
            return fail(escape, QStringLiteral("invalid escape sequence in string"));
        const char32_t character = *code;
        value += QString::fromUcs4(&character, 1);
    }
    if (m_pos >= m_text.size())
        return fail(start, QStringLiteral("string not terminated"));
    ++m_pos;
    m_token.kind = KargoExprToken::Kind::String;
    m_token.text = value;
    return true;
}

bool KargoExprLexer::lexRawString() {
    const qsizetype start = m_pos++;
    const qsizetype end = m_text.indexOf(u'`', m_pos);
    if (end < 0)
        return fail(start, QStringLiteral("string not terminated"));
    m_token.kind = KargoExprToken::Kind::String;
    m_token.text = m_text.mid(m_pos, end - m_pos);
    m_pos = end + 1;
    return true;
}

} // namespace fd::core

#include "kargoexprparser.h"

#include <QLocale>

#include <optional>

namespace fd::core {

namespace {

struct Token final {
    enum class Kind { End, Number, String, Identifier, Operator };
    Kind kind = Kind::End;
    QString text; // the operator or identifier; a string's value
    double number = 0;
    qsizetype position = 0;
};

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

struct BinaryOperator final {
    int precedence;
    bool rightAssociative;
    bool supported;
};

// expr-lang's precedence table; "??" binds tighter than arithmetic there.
std::optional<BinaryOperator> binaryOperator(const QString& op) {
    static const QHash<QString, BinaryOperator> table{
        {QStringLiteral("||"), {10, false, true}},
        {QStringLiteral("or"), {10, false, true}},
        {QStringLiteral("&&"), {15, false, true}},
        {QStringLiteral("and"), {15, false, true}},
        {QStringLiteral("=="), {20, false, true}},
        {QStringLiteral("!="), {20, false, true}},
        {QStringLiteral("<"), {20, false, true}},
        {QStringLiteral(">"), {20, false, true}},
        {QStringLiteral("<="), {20, false, true}},
        {QStringLiteral(">="), {20, false, true}},
        {QStringLiteral("in"), {20, false, false}},
        {QStringLiteral("matches"), {20, false, false}},
        {QStringLiteral("contains"), {20, false, false}},
        {QStringLiteral("startsWith"), {20, false, false}},
        {QStringLiteral("endsWith"), {20, false, false}},
        {QStringLiteral(".."), {25, false, false}},
        {QStringLiteral("+"), {30, false, true}},
        {QStringLiteral("-"), {30, false, true}},
        {QStringLiteral("*"), {60, false, true}},
        {QStringLiteral("/"), {60, false, true}},
        {QStringLiteral("%"), {60, false, true}},
        {QStringLiteral("**"), {100, true, true}},
        {QStringLiteral("^"), {100, true, true}},
        {QStringLiteral("??"), {500, false, true}},
        {QStringLiteral("|"), {0, false, false}},
    };
    const auto it = table.constFind(op);
    if (it == table.constEnd())
        return std::nullopt;
    return *it;
}

class Parser final {
public:
    Parser(const QString& text, qsizetype columnOffset)
        : m_text(text)
        , m_columnOffset(columnOffset) {}

    Result<KargoExprTree> run() {
        if (!next())
            return std::move(*m_error);
        const int root = parseTernary();
        if (m_error)
            return std::move(*m_error);
        if (m_token.kind != Token::Kind::End) {
            fail(m_token.position, QStringLiteral("unexpected %1").arg(describe(m_token)));
            return std::move(*m_error);
        }
        m_tree.root = root;
        return std::move(m_tree);
    }

private:
    // --- lexer ---

    bool next() {
        while (m_pos < m_text.size() && m_text[m_pos].isSpace())
            ++m_pos;
        m_token = Token{};
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
            m_token.kind = Token::Kind::Identifier;
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
                m_token.kind = Token::Kind::Operator;
                m_token.text = op;
                return true;
            }
        }
        return fail(m_pos, QStringLiteral("unexpected character '%1'").arg(c));
    }

    bool lexNumber() {
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
            if (m_pos + 1 < m_text.size() && m_text[m_pos] == u'.' &&
                isDecimal(m_text[m_pos + 1])) {
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
            return fail(
                start,
                QStringLiteral("invalid number %1").arg(m_text.mid(start, m_pos - start + 1)));
        m_token.kind = Token::Kind::Number;
        return true;
    }

    std::optional<uint> hexDigits(int count) {
        if (m_pos + count > m_text.size())
            return std::nullopt;
        uint value = 0;
        for (int i = 0; i < count; ++i) {
            const int digit =
                QStringLiteral("0123456789abcdef").indexOf(m_text[m_pos + i].toLower());
            if (digit < 0)
                return std::nullopt;
            value = value * 16 + static_cast<uint>(digit);
        }
        m_pos += count;
        return value;
    }

    bool lexString(QChar quote) {
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
                    if (ok && octal < 256 && m_text[m_pos].isDigit() &&
                        m_text[m_pos + 1].isDigit()) {
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
        m_token.kind = Token::Kind::String;
        m_token.text = value;
        return true;
    }

    bool lexRawString() {
        const qsizetype start = m_pos++;
        const qsizetype end = m_text.indexOf(u'`', m_pos);
        if (end < 0)
            return fail(start, QStringLiteral("string not terminated"));
        m_token.kind = Token::Kind::String;
        m_token.text = m_text.mid(m_pos, end - m_pos);
        m_pos = end + 1;
        return true;
    }

    // --- parser ---

    bool fail(qsizetype position, const QString& problem, Error::Kind kind = Error::Kind::Parse) {
        if (!m_error) {
            const qsizetype column = m_columnOffset + position + 1;
            m_error = kind == Error::Kind::Parse
                          ? Error{kind,
                                  QStringLiteral("syntax error at column %1: %2")
                                      .arg(column)
                                      .arg(problem),
                                  {}}
                          : Error{kind, problem + QStringLiteral(" (column %1)").arg(column), {}};
        }
        m_token = Token{}; // stops every loop
        m_token.position = m_text.size();
        return false;
    }

    static QString describe(const Token& token) {
        switch (token.kind) {
        case Token::Kind::End:
            return QStringLiteral("end of expression");
        case Token::Kind::Number:
            return QStringLiteral("number");
        case Token::Kind::String:
            return QStringLiteral("string");
        case Token::Kind::Identifier:
        case Token::Kind::Operator:
            return QStringLiteral("'%1'").arg(token.text);
        }
        return {};
    }

    bool isOperator(const char* text) const {
        return m_token.kind == Token::Kind::Operator && m_token.text == QLatin1String(text);
    }

    bool expect(const char* text) {
        if (!isOperator(text))
            return fail(m_token.position, QStringLiteral("expected '%1' but found %2")
                                              .arg(QLatin1String(text), describe(m_token)));
        return next();
    }

    int add(KargoExprNode node) {
        if (m_error)
            return -1;
        for (const int child : node.children) {
            if (child >= 0)
                node.depth = std::max(node.depth, m_tree.nodes[child].depth + 1);
        }
        if (node.depth > KargoExprParser::maxDepth) {
            fail(node.column - 1 - m_columnOffset,
                 QStringLiteral("expression nested more than %1 levels deep")
                     .arg(KargoExprParser::maxDepth),
                 Error::Kind::TooLarge);
            return -1;
        }
        m_tree.nodes.append(std::move(node));
        return static_cast<int>(m_tree.nodes.size() - 1);
    }

    KargoExprNode node(KargoExprNode::Kind kind, qsizetype position,
                       QList<int> children = {}) const {
        KargoExprNode n;
        n.kind = kind;
        n.column = m_columnOffset + position + 1;
        n.children = std::move(children);
        return n;
    }

    // Recursion guard for the parser itself; add() bounds the depth of the tree.
    bool enter() {
        if (++m_nesting > KargoExprParser::maxDepth)
            return fail(m_token.position,
                        QStringLiteral("expression nested more than %1 levels deep")
                            .arg(KargoExprParser::maxDepth),
                        Error::Kind::TooLarge);
        return true;
    }

    int parseTernary() {
        if (!enter())
            return -1;
        const qsizetype position = m_token.position;
        int result = parseBinary(0);
        if (!m_error && isOperator("?")) {
            next();
            const int yes = parseTernary();
            expect(":");
            const int no = parseTernary();
            result = add(node(KargoExprNode::Kind::Conditional, position, {result, yes, no}));
        }
        --m_nesting;
        return result;
    }

    int parseBinary(int minPrecedence) {
        if (!enter())
            return -1;
        int left = parseUnary();
        while (!m_error &&
               (m_token.kind == Token::Kind::Operator || m_token.kind == Token::Kind::Identifier)) {
            const auto op = binaryOperator(m_token.text);
            if (!op || op->precedence < minPrecedence)
                break;
            if (!op->supported) {
                fail(m_token.position,
                     QStringLiteral("operator '%1' is not supported").arg(m_token.text),
                     Error::Kind::Unsupported);
                break;
            }
            const Token token = m_token;
            next();
            const int right =
                parseBinary(op->rightAssociative ? op->precedence : op->precedence + 1);
            KargoExprNode n = node(KargoExprNode::Kind::Binary, token.position, {left, right});
            n.name = token.text == QStringLiteral("and")  ? QStringLiteral("&&")
                     : token.text == QStringLiteral("or") ? QStringLiteral("||")
                                                          : token.text;
            left = add(std::move(n));
        }
        --m_nesting;
        return left;
    }

    int parseUnary() {
        const Token token = m_token;
        const bool isNot = isOperator("!") || (token.kind == Token::Kind::Identifier &&
                                               token.text == QStringLiteral("not"));
        if (isNot || isOperator("-") || isOperator("+")) {
            next();
            const int operand = parseBinary(isNot ? 50 : 90);
            KargoExprNode n = node(KargoExprNode::Kind::Unary, token.position, {operand});
            n.name = isNot ? QStringLiteral("!") : token.text;
            return add(std::move(n));
        }
        return parsePostfix(parsePrimary());
    }

    int literal(const KargoValue& value, qsizetype position) {
        KargoExprNode n = node(KargoExprNode::Kind::Literal, position);
        n.literal = value;
        next();
        return add(std::move(n));
    }

    int parsePrimary() {
        const Token token = m_token;
        switch (token.kind) {
        case Token::Kind::Number:
            return literal(KargoValue(token.number), token.position);
        case Token::Kind::String:
            return literal(KargoValue(token.text), token.position);
        case Token::Kind::Identifier:
            return parseIdentifier();
        case Token::Kind::End:
            fail(token.position, QStringLiteral("unexpected end of expression"));
            return -1;
        case Token::Kind::Operator:
            break;
        }
        if (isOperator("(")) {
            next();
            const int inner = parseTernary();
            expect(")");
            return inner;
        }
        if (isOperator("["))
            return parseList();
        if (isOperator("{"))
            return parseMap();
        if (isOperator("#") || isOperator("."))
            fail(token.position, QStringLiteral("predicates (#, .field) are not supported"),
                 Error::Kind::Unsupported);
        else
            fail(token.position, QStringLiteral("unexpected %1").arg(describe(token)));
        return -1;
    }

    int parseIdentifier() {
        const Token token = m_token;
        if (token.text == QStringLiteral("true") || token.text == QStringLiteral("false"))
            return literal(KargoValue(token.text == QStringLiteral("true")), token.position);
        if (token.text == QStringLiteral("nil"))
            return literal(KargoValue(), token.position);
        if (token.text == QStringLiteral("let")) {
            fail(token.position, QStringLiteral("'let' is not supported"),
                 Error::Kind::Unsupported);
            return -1;
        }
        next();
        if (!isOperator("(")) {
            KargoExprNode n = node(KargoExprNode::Kind::Identifier, token.position);
            n.name = token.text;
            return add(std::move(n));
        }
        KargoExprNode n = node(KargoExprNode::Kind::Call, token.position, parseArguments(")"));
        n.name = token.text;
        return add(std::move(n));
    }

    QList<int> parseArguments(const char* close) {
        QList<int> items;
        next(); // the opening bracket
        while (!m_error && !isOperator(close)) {
            items.append(parseTernary());
            if (isOperator(","))
                next();
            else if (!isOperator(close))
                fail(m_token.position, QStringLiteral("expected ',' or '%1' but found %2")
                                           .arg(QLatin1String(close), describe(m_token)));
        }
        expect(close);
        return items;
    }

    int parseList() {
        const qsizetype position = m_token.position;
        if (!enter())
            return -1;
        const QList<int> items = parseArguments("]");
        --m_nesting;
        return add(node(KargoExprNode::Kind::List, position, items));
    }

    int parseMap() {
        const qsizetype position = m_token.position;
        if (!enter())
            return -1;
        QList<int> items;
        next();
        while (!m_error && !isOperator("}")) {
            const Token key = m_token;
            if (key.kind == Token::Kind::Identifier || key.kind == Token::Kind::String)
                items.append(literal(KargoValue(key.text), key.position));
            else if (key.kind == Token::Kind::Number)
                items.append(literal(KargoValue(KargoValue(key.number).toString()), key.position));
            else
                fail(key.position,
                     QStringLiteral("expected a map key but found %1").arg(describe(key)));
            expect(":");
            items.append(parseTernary());
            if (!isOperator("}") && !expect(","))
                break;
        }
        expect("}");
        --m_nesting;
        return add(node(KargoExprNode::Kind::Map, position, items));
    }

    int parsePostfix(int object) {
        while (!m_error) {
            const Token token = m_token;
            const bool optional = isOperator("?.");
            if (optional || isOperator(".")) {
                next();
                if (optional && isOperator("[")) {
                    object = parseIndex(object, token.position, true);
                    continue;
                }
                if (m_token.kind != Token::Kind::Identifier) {
                    fail(m_token.position, QStringLiteral("expected a field name but found %1")
                                               .arg(describe(m_token)));
                    break;
                }
                KargoExprNode n = node(KargoExprNode::Kind::Member, token.position, {object});
                n.name = m_token.text;
                n.optional = optional;
                next();
                if (isOperator("(")) {
                    fail(m_token.position,
                         QStringLiteral("method call %1() is not supported").arg(n.name),
                         Error::Kind::Unsupported);
                    break;
                }
                object = add(std::move(n));
            } else if (isOperator("[")) {
                object = parseIndex(object, token.position, false);
            } else {
                break;
            }
        }
        return object;
    }

    int parseIndex(int object, qsizetype position, bool optional) {
        next(); // [
        if (isOperator(":")) {
            fail(m_token.position, QStringLiteral("slices are not supported"),
                 Error::Kind::Unsupported);
            return -1;
        }
        const int index = parseTernary();
        if (isOperator(":")) {
            fail(m_token.position, QStringLiteral("slices are not supported"),
                 Error::Kind::Unsupported);
            return -1;
        }
        expect("]");
        KargoExprNode n = node(KargoExprNode::Kind::Index, position, {object, index});
        n.optional = optional;
        return add(std::move(n));
    }

    const QString& m_text;
    qsizetype m_columnOffset;
    qsizetype m_pos = 0;
    int m_nesting = 0;
    Token m_token;
    KargoExprTree m_tree;
    std::optional<Error> m_error;
};

} // namespace

Result<KargoExprTree> KargoExprParser::parse(const QString& expression, qsizetype columnOffset) {
    return Parser(expression, columnOffset).run();
}

} // namespace fd::core

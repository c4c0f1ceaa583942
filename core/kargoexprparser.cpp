#include "kargoexprparser.h"

#include "kargoexprlexer.h"

#include <QHash>

#include <optional>

namespace fd::core {

namespace {

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
        , m_lexer(text)
        , m_columnOffset(columnOffset) {}

    Result<KargoExprTree> run() {
        if (!next())
            return std::move(*m_error);
        const int root = parseTernary();
        if (m_error)
            return std::move(*m_error);
        if (m_token.kind != KargoExprToken::Kind::End) {
            fail(m_token.position, QStringLiteral("unexpected %1").arg(describe(m_token)));
            return std::move(*m_error);
        }
        m_tree.root = root;
        return std::move(m_tree);
    }

private:
    // Reads the next token into m_token; a lexical error is a syntax error.
    bool next() {
        if (!m_lexer.next())
            return fail(m_lexer.errorPosition(), m_lexer.errorMessage());
        m_token = m_lexer.token();
        return true;
    }

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
        m_token = KargoExprToken{}; // stops every loop
        m_token.position = m_text.size();
        return false;
    }

    static QString describe(const KargoExprToken& token) {
        switch (token.kind) {
        case KargoExprToken::Kind::End:
            return QStringLiteral("end of expression");
        case KargoExprToken::Kind::Number:
            return QStringLiteral("number");
        case KargoExprToken::Kind::String:
            return QStringLiteral("string");
        case KargoExprToken::Kind::Identifier:
        case KargoExprToken::Kind::Operator:
            return QStringLiteral("'%1'").arg(token.text);
        }
        return {};
    }

    bool isOperator(const char* text) const {
        return m_token.kind == KargoExprToken::Kind::Operator &&
               m_token.text == QLatin1String(text);
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
        while (!m_error && (m_token.kind == KargoExprToken::Kind::Operator ||
                            m_token.kind == KargoExprToken::Kind::Identifier)) {
            const auto op = binaryOperator(m_token.text);
            if (!op || op->precedence < minPrecedence)
                break;
            if (!op->supported) {
                fail(m_token.position,
                     QStringLiteral("operator '%1' is not supported").arg(m_token.text),
                     Error::Kind::Unsupported);
                break;
            }
            const KargoExprToken token = m_token;
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
        const KargoExprToken token = m_token;
        const bool isNot = isOperator("!") || (token.kind == KargoExprToken::Kind::Identifier &&
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
        const KargoExprToken token = m_token;
        switch (token.kind) {
        case KargoExprToken::Kind::Number:
            return literal(KargoValue(token.number), token.position);
        case KargoExprToken::Kind::String:
            return literal(KargoValue(token.text), token.position);
        case KargoExprToken::Kind::Identifier:
            return parseIdentifier();
        case KargoExprToken::Kind::End:
            fail(token.position, QStringLiteral("unexpected end of expression"));
            return -1;
        case KargoExprToken::Kind::Operator:
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
        const KargoExprToken token = m_token;
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
            const KargoExprToken key = m_token;
            if (key.kind == KargoExprToken::Kind::Identifier ||
                key.kind == KargoExprToken::Kind::String)
                items.append(literal(KargoValue(key.text), key.position));
            else if (key.kind == KargoExprToken::Kind::Number)
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
            const KargoExprToken token = m_token;
            const bool optional = isOperator("?.");
            if (optional || isOperator(".")) {
                next();
                if (optional && isOperator("[")) {
                    object = parseIndex(object, token.position, true);
                    continue;
                }
                if (m_token.kind != KargoExprToken::Kind::Identifier) {
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
    KargoExprLexer m_lexer;
    qsizetype m_columnOffset;
    int m_nesting = 0;
    KargoExprToken m_token;
    KargoExprTree m_tree;
    std::optional<Error> m_error;
};

} // namespace

Result<KargoExprTree> KargoExprParser::parse(const QString& expression, qsizetype columnOffset) {
    return Parser(expression, columnOffset).run();
}

} // namespace fd::core

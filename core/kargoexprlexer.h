#pragma once

#include <QString>

#include <optional>

namespace fd::core {

/** One token of an expr-lang expression. */
struct KargoExprToken final {
    enum class Kind { End, Number, String, Identifier, Operator };
    Kind kind = Kind::End;
    QString text; // the operator or identifier; a string literal's value
    double number = 0;
    qsizetype position = 0; // 0-based, in the expression
};

/**
 * Splits an expression into expr-lang tokens: numbers (decimal, 0x/0o/0b, underscores,
 * exponents), strings in single or double quotes with Go's escapes, raw strings in backticks,
 * identifiers and operators.
 */
class KargoExprLexer final {
public:
    explicit KargoExprLexer(const QString& text);

    /** Reads the next token; false on a lexical error (see errorMessage()). */
    bool next();
    const KargoExprToken& token() const { return m_token; }
    qsizetype errorPosition() const { return m_errorPosition; }
    const QString& errorMessage() const { return m_errorMessage; }

private:
    bool lexNumber();
    bool lexString(QChar quote);
    bool lexRawString();
    std::optional<uint> hexDigits(int count);
    bool fail(qsizetype position, const QString& problem);

    const QString& m_text;
    qsizetype m_pos = 0;
    KargoExprToken m_token;
    qsizetype m_errorPosition = 0;
    QString m_errorMessage;
};

} // namespace fd::core

#include "jsoncondition.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <optional>

namespace fd::core {

namespace {

/** Reads the condition's text left to right; the first problem wins. */
class Scanner final {
public:
    explicit Scanner(const QString& text)
        : m_text(text) {}

    bool atEnd() const { return m_at >= m_text.size(); }
    qsizetype position() const { return m_at; }
    QChar peek(qsizetype ahead = 0) const {
        return m_at + ahead < m_text.size() ? m_text.at(m_at + ahead) : QChar();
    }
    void skipSpaces() {
        while (!atEnd() && peek().isSpace())
            ++m_at;
    }
    bool take(QStringView token) {
        if (!QStringView(m_text).mid(m_at).startsWith(token))
            return false;
        m_at += token.size();
        return true;
    }
    QString word() {
        const qsizetype start = m_at;
        while (!atEnd() && (peek().isLetterOrNumber() || peek() == u'_' || peek() == u'-'))
            ++m_at;
        return m_text.mid(start, m_at - start);
    }
    /** A literal word or number: letters, digits and `_ - . +`. */
    QString token() {
        const qsizetype start = m_at;
        while (!atEnd() && (peek().isLetterOrNumber() || QStringView(u"_-.+").contains(peek())))
            ++m_at;
        return m_text.mid(start, m_at - start);
    }
    std::optional<QString> quoted() {
        const QChar quote = peek();
        if (quote != u'"' && quote != u'\'')
            return std::nullopt;
        ++m_at;
        QString value;
        while (!atEnd() && peek() != quote) {
            if (peek() == u'\\' && m_at + 1 < m_text.size())
                ++m_at;
            value += peek();
            ++m_at;
        }
        if (atEnd())
            return std::nullopt;
        ++m_at;
        return value;
    }
    Error error(const QString& what) const {
        return Error{Error::Kind::InvalidInput,
                     QStringLiteral("JSON condition '%1', column %2: %3")
                         .arg(m_text)
                         .arg(m_at + 1)
                         .arg(what),
                     {}};
    }

private:
    const QString& m_text;
    qsizetype m_at = 0;
};

std::optional<QJsonValue> literal(Scanner& scanner) {
    if (const auto text = scanner.quoted())
        return QJsonValue(*text);
    const QString word = scanner.token();
    if (word == u"true" || word == u"false")
        return QJsonValue(word == u"true");
    if (word == u"null")
        return QJsonValue(QJsonValue::Null);
    bool number = false;
    const double value = word.toDouble(&number);
    if (number)
        return QJsonValue(value);
    return std::nullopt;
}

QString shown(const QJsonValue& value, bool found) {
    if (!found)
        return QStringLiteral("(absent)");
    if (value.isString())
        return QLatin1Char('"') + value.toString() + QLatin1Char('"');
    if (value.isObject() || value.isArray()) {
        const QJsonDocument document =
            value.isObject() ? QJsonDocument(value.toObject()) : QJsonDocument(value.toArray());
        return QString::fromUtf8(document.toJson(QJsonDocument::Compact)).left(200);
    }
    if (value.isNull())
        return QStringLiteral("null");
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return QString::number(value.toDouble());
}

/** A number, or a string that reads as one (a status written "200" against a 200). */
std::optional<double> numberOf(const QJsonValue& value) {
    if (value.isDouble())
        return value.toDouble();
    bool ok = false;
    const double number = value.toString().toDouble(&ok);
    return value.isString() && ok ? std::optional<double>(number) : std::nullopt;
}

} // namespace

Result<JsonCondition> JsonCondition::parse(const QString& text) {
    JsonCondition condition;
    condition.m_text = text.trimmed();
    Scanner scanner(condition.m_text);
    scanner.take(u"$");
    while (!scanner.atEnd()) {
        if (scanner.take(u".")) {
            const QString key = scanner.word();
            if (key.isEmpty())
                return scanner.error(QStringLiteral("a key name must follow '.'"));
            condition.m_path.append({key, -1});
        } else if (scanner.take(u"[")) {
            if (const auto key = scanner.quoted()) {
                condition.m_path.append({*key, -1});
            } else {
                bool ok = false;
                const int index = scanner.word().toInt(&ok);
                if (!ok || index < 0)
                    return scanner.error(QStringLiteral("brackets hold an index or a quoted key"));
                condition.m_path.append({{}, index});
            }
            if (!scanner.take(u"]"))
                return scanner.error(QStringLiteral("']' expected"));
        } else {
            break;
        }
    }
    if (condition.m_path.isEmpty())
        return scanner.error(QStringLiteral("a condition starts with a path such as $.status"));
    condition.m_pathText = condition.m_text.left(scanner.position());
    scanner.skipSpaces();
    if (scanner.atEnd())
        return condition;
    static const QList<std::pair<QStringView, Operator>> operators{
        {u"==", Operator::Equal},       {u"!=", Operator::NotEqual},
        {u"<=", Operator::LessOrEqual}, {u">=", Operator::GreaterOrEqual},
        {u"<", Operator::Less},         {u">", Operator::Greater}};
    bool found = false;
    for (const auto& [token, op] : operators) {
        if (scanner.take(token)) {
            condition.m_operator = op;
            found = true;
            break;
        }
    }
    if (!found)
        return scanner.error(QStringLiteral("an operator (==, !=, <, <=, >, >=) expected"));
    scanner.skipSpaces();
    const auto value = literal(scanner);
    if (!value)
        return scanner.error(
            QStringLiteral("a value expected: a quoted string, a number, true, false or null"));
    condition.m_literal = *value;
    scanner.skipSpaces();
    if (!scanner.atEnd())
        return scanner.error(QStringLiteral("nothing may follow the value"));
    return condition;
}

QJsonValue JsonCondition::resolve(const QJsonValue& document, bool* found) const {
    QJsonValue value = document;
    for (const Step& step : m_path) {
        if (step.index >= 0 ? !value.isArray() || step.index >= value.toArray().size()
                            : !value.isObject() || !value.toObject().contains(step.key)) {
            *found = false;
            return {};
        }
        value = step.index >= 0 ? value.toArray().at(step.index) : value.toObject().value(step.key);
    }
    *found = true;
    return value;
}

bool JsonCondition::holds(const QJsonValue& document, QString* actual) const {
    bool found = false;
    const QJsonValue value = resolve(document, &found);
    if (actual)
        *actual = shown(value, found);
    // An absent value counts as null, as most JSON APIs leave out what is null.
    const QJsonValue present = found ? value : QJsonValue(QJsonValue::Null);
    // Numbers compare as numbers even when one side is written as a string; two strings never
    // do ("1.0" is not "1.00").
    const bool numeric = present.isDouble() || m_literal.isDouble();
    const auto left = numberOf(present);
    const auto right = numberOf(m_literal);
    const auto equal = [&] {
        if (numeric && left && right)
            return *left == *right;
        return present == m_literal;
    };
    const auto compare = [&](auto ordered) {
        if (numeric && left && right)
            return ordered(*left, *right);
        if (present.isString() && m_literal.isString())
            return ordered(present.toString(), m_literal.toString());
        return false;
    };
    switch (m_operator) {
    case Operator::Truthy:
        return found && !present.isNull() && !present.isUndefined() &&
               present != QJsonValue(false) && present != QJsonValue(0) &&
               present != QJsonValue(QString());
    case Operator::Equal:
        return equal();
    case Operator::NotEqual:
        return !equal();
    case Operator::Less:
        return compare([](const auto& a, const auto& b) { return a < b; });
    case Operator::LessOrEqual:
        return compare([](const auto& a, const auto& b) { return a <= b; });
    case Operator::Greater:
        return compare([](const auto& a, const auto& b) { return a > b; });
    case Operator::GreaterOrEqual:
        return compare([](const auto& a, const auto& b) { return a >= b; });
    }
    return false;
}

} // namespace fd::core

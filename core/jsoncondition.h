#pragma once

#include "result.h"

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QVariant>

namespace fd::core {

/**
 * A condition on a JSON document, as a verification check states it: a path, optionally compared
 * with a literal. `$.status == "ok"`, `.checks[0].healthy`, `$.version != '1.0.0'`,
 * `$.replicas.ready >= 3`, `$.error == null`. A path alone holds when its value is present and
 * not false, null, 0 or "". The leading `$` is optional; keys with other characters than
 * letters, digits, `_` and `-` go in brackets: `$["app.kubernetes.io/name"]`.
 */
class JsonCondition final {
public:
    enum class Operator { Truthy, Equal, NotEqual, Less, LessOrEqual, Greater, GreaterOrEqual };

    /** Errors name the column where the text stops making sense. */
    static Result<JsonCondition> parse(const QString& text);

    /** Whether it holds; @p actual (when given) receives the value found, for a message. */
    bool holds(const QJsonValue& document, QString* actual = nullptr) const;
    QString text() const { return m_text; }
    /** The path as written ("$.status"). */
    QString pathText() const { return m_pathText; }

private:
    struct Step final {
        QString key;    // a member, or
        int index = -1; // an array element
    };

    QJsonValue resolve(const QJsonValue& document, bool* found) const;

    QString m_text;
    QString m_pathText;
    QList<Step> m_path;
    Operator m_operator = Operator::Truthy;
    QJsonValue m_literal;
};

} // namespace fd::core

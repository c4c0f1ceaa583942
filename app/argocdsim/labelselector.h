#pragma once

#include "result.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <utility>

namespace fd::argocdsim {

/**
 * A Kubernetes label selector in its string form, as `?selector=` carries it: requirements
 * joined by commas (AND), each `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k` or `!k`.
 */
class LabelSelector final {
public:
    static fd::core::Result<LabelSelector> parse(const QString& text);

    bool matches(const QList<std::pair<QString, QString>>& labels) const;
    bool isEmpty() const { return m_requirements.isEmpty(); }

private:
    struct Requirement final {
        enum class Op { In, NotIn, Exists, DoesNotExist };
        QString key;
        Op op = Op::Exists;
        QStringList values;
    };
    static fd::core::Result<Requirement> parseRequirement(const QString& text);

    QList<Requirement> m_requirements;
};

} // namespace fd::argocdsim

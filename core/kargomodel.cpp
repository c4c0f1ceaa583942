#include "kargomodel.h"

#include <QRegularExpression>

#include <algorithm>

namespace fd::core {

namespace {

bool hasLabel(const StringPairs& labels, const QString& key, QString* value = nullptr) {
    for (const auto& [k, v] : labels) {
        if (k == key) {
            if (value)
                *value = v;
            return true;
        }
    }
    return false;
}

/** Kargo's name selector: exact, "regex:" (Go's regexp, unanchored) or "glob:" (whole name). */
bool nameMatches(const QString& selector, const QString& name) {
    if (selector.startsWith(u"regex:")) {
        const QRegularExpression pattern(selector.mid(6));
        return pattern.isValid() && pattern.match(name).hasMatch();
    }
    if (selector.startsWith(u"glob:")) {
        const QRegularExpression pattern(QRegularExpression::wildcardToRegularExpression(
            selector.mid(5), QRegularExpression::DefaultWildcardConversion));
        return pattern.isValid() && pattern.match(name).hasMatch();
    }
    return selector == name;
}

bool requirementHolds(const LabelRequirement& requirement, const StringPairs& labels) {
    QString value;
    const bool present = hasLabel(labels, requirement.key, &value);
    if (requirement.op == u"In")
        return present && requirement.values.contains(value);
    if (requirement.op == u"NotIn")
        return !present || !requirement.values.contains(value);
    if (requirement.op == u"Exists")
        return present;
    if (requirement.op == u"DoesNotExist")
        return !present;
    return false; // Kubernetes rejects other operators; an invalid selector selects nothing.
}

void appendUnique(QStringList& list, const QString& value) {
    if (!value.isEmpty() && !list.contains(value))
        list.append(value);
}

} // namespace

SourcePosition SourcePosition::of(const YamlValue& value) {
    return {value.fileName(), value.line(), value.column()};
}

QString SourcePosition::toString() const {
    if (line <= 0)
        return file;
    return QStringLiteral("%1:%2:%3").arg(file).arg(line).arg(column);
}

QString PromotionStep::alias(int index) const {
    return as.isEmpty() ? QStringLiteral("step-%1").arg(index) : as;
}

QString KargoStage::label(const QString& key) const {
    QString value;
    hasLabel(labels, key, &value);
    return value;
}

QStringList KargoStage::upstreamStages() const {
    QStringList result;
    for (const FreightRequest& request : requestedFreight) {
        for (const QString& stage : request.stages)
            appendUnique(result, stage);
    }
    return result;
}

QStringList KargoStage::warehouses() const {
    QStringList result;
    for (const FreightRequest& request : requestedFreight) {
        if (request.originKind == u"Warehouse")
            appendUnique(result, request.originName);
    }
    return result;
}

QString WarehouseSubscription::kindName() const {
    switch (kind) {
    case Kind::Image:
        return QStringLiteral("image");
    case Kind::Git:
        return QStringLiteral("git");
    case Kind::Chart:
        break;
    }
    return QStringLiteral("chart");
}

bool PromotionPolicy::matches(const KargoStage& candidate) const {
    if (!hasSelector)
        return !stage.isEmpty() && stage == candidate.name;
    // Name and labels are ANDed; an empty selector part does not restrict.
    if (!selectorName.isEmpty() && !nameMatches(selectorName, candidate.name))
        return false;
    for (const auto& [key, value] : matchLabels) {
        QString actual;
        if (!hasLabel(candidate.labels, key, &actual) || actual != value)
            return false;
    }
    return std::all_of(matchExpressions.begin(), matchExpressions.end(),
                       [&](const LabelRequirement& requirement) {
                           return requirementHolds(requirement, candidate.labels);
                       });
}

QString KargoPromotionTask::kind() const {
    return cluster ? QStringLiteral("ClusterPromotionTask") : QStringLiteral("PromotionTask");
}

} // namespace fd::core

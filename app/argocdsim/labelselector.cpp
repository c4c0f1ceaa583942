#include "labelselector.h"

#include <QRegularExpression>

namespace fd::argocdsim {

using fd::core::Error;

namespace {

Error invalid(const QString& text, const QString& why) {
    return Error{Error::Kind::InvalidInput,
                 QStringLiteral("unable to parse requirement: %1: %2").arg(text, why),
                 {}};
}

/** Splits at commas that are not inside parentheses. */
QStringList splitRequirements(const QString& text) {
    QStringList parts;
    int depth = 0;
    QString current;
    for (const QChar c : text) {
        if (c == u'(')
            ++depth;
        else if (c == u')')
            --depth;
        if (c == u',' && depth == 0) {
            parts.append(current.trimmed());
            current.clear();
        } else {
            current += c;
        }
    }
    parts.append(current.trimmed());
    return parts;
}

bool validKey(const QString& key) {
    static const QRegularExpression pattern(
        QStringLiteral("^([a-z0-9.-]+/)?[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$"));
    return pattern.match(key).hasMatch();
}

} // namespace

fd::core::Result<LabelSelector> LabelSelector::parse(const QString& text) {
    LabelSelector selector;
    if (text.trimmed().isEmpty())
        return selector;
    for (const QString& part : splitRequirements(text)) {
        auto requirement = parseRequirement(part);
        if (!requirement)
            return std::move(requirement).error();
        selector.m_requirements.append(*requirement);
    }
    return selector;
}

fd::core::Result<LabelSelector::Requirement> LabelSelector::parseRequirement(const QString& text) {
    static const QRegularExpression setForm(
        QStringLiteral("^(\\S+)\\s+(in|notin)\\s*\\(([^()]*)\\)$"));
    static const QRegularExpression equalityForm(
        QStringLiteral("^([^=!\\s]+)\\s*(==|=|!=)\\s*(\\S*)$"));
    Requirement requirement;
    if (const auto match = setForm.match(text); match.hasMatch()) {
        requirement.key = match.captured(1);
        requirement.op = match.captured(2) == u"in" ? Requirement::Op::In : Requirement::Op::NotIn;
        for (const QString& value : match.captured(3).split(u','))
            requirement.values.append(value.trimmed());
    } else if (const auto match = equalityForm.match(text); match.hasMatch()) {
        requirement.key = match.captured(1);
        requirement.op = match.captured(2) == u"!=" ? Requirement::Op::NotIn : Requirement::Op::In;
        requirement.values = {match.captured(3)};
    } else if (text.startsWith(u'!')) {
        requirement.key = text.mid(1).trimmed();
        requirement.op = Requirement::Op::DoesNotExist;
    } else {
        requirement.key = text;
    }
    if (!validKey(requirement.key))
        return invalid(text, QStringLiteral("invalid label key \"%1\"").arg(requirement.key));
    return requirement;
}

bool LabelSelector::matches(const QList<std::pair<QString, QString>>& labels) const {
    for (const Requirement& requirement : m_requirements) {
        const QString* value = nullptr;
        for (const auto& [key, labelValue] : labels) {
            if (key == requirement.key)
                value = &labelValue;
        }
        switch (requirement.op) {
        case Requirement::Op::In:
            if (!value || !requirement.values.contains(*value))
                return false;
            break;
        case Requirement::Op::NotIn:
            if (value && requirement.values.contains(*value))
                return false;
            break;
        case Requirement::Op::Exists:
            if (!value)
                return false;
            break;
        case Requirement::Op::DoesNotExist:
            if (value)
                return false;
            break;
        }
    }
    return true;
}

} // namespace fd::argocdsim

#include "kargoexpression.h"

#include "kargoexprevaluator.h"
#include "kargoexprparser.h"

#include <cmath>

namespace fd::core {

namespace {

struct Delimiters final {
    QLatin1StringView start;
    QLatin1StringView end;
};

// Kargo accepts both; an expression ends at the first closing delimiter, even inside a string.
constexpr Delimiters delimiters[] = {{QLatin1StringView("${{"), QLatin1StringView("}}")},
                                     {QLatin1StringView("${%"), QLatin1StringView("%}")}};

Result<KargoValue> evaluateAt(const QString& expression, qsizetype columnOffset,
                              const KargoContext& context) {
    const auto tree = KargoExprParser::parse(expression, columnOffset);
    if (!tree)
        return tree.error();
    return KargoExprEvaluator(*tree, context).run();
}

// encoding/json refuses NaN and infinities, so Kargo fails on them when it writes the config.
std::optional<Error> unwritable(const KargoValue& value) {
    if (value.type() == KargoValue::Type::Number && !std::isfinite(value.toNumber()))
        return Error{Error::Kind::InvalidInput,
                     QStringLiteral("json: unsupported value: %1").arg(value.toString()),
                     {}};
    for (const KargoValue& item : value.list()) {
        if (auto error = unwritable(item))
            return error;
    }
    for (const KargoValue& item : value.map()) {
        if (auto error = unwritable(item))
            return error;
    }
    return std::nullopt;
}

} // namespace

Result<KargoValue> evaluateKargoTemplate(const QString& text, const KargoContext& context) {
    QList<KargoPart> parts;
    qsizetype at = 0;
    bool hasExpression = false;
    while (true) {
        qsizetype start = -1;
        const Delimiters* found = nullptr;
        for (const Delimiters& d : delimiters) {
            const qsizetype i = text.indexOf(d.start, at);
            if (i >= 0 && (start < 0 || i < start)) {
                start = i;
                found = &d;
            }
        }
        if (!found) {
            parts.append(text.mid(at));
            break;
        }
        hasExpression = true;
        parts.append(text.mid(at, start - at));
        const qsizetype begin = start + found->start.size();
        const qsizetype end = text.indexOf(found->end, begin);
        if (end < 0)
            return Error{Error::Kind::Parse,
                         QStringLiteral("unclosed expression at column %1: expected \"%2\" before "
                                        "the end of the string")
                             .arg(start + 1)
                             .arg(found->end),
                         {}};
        auto value = evaluateAt(text.mid(begin, end - begin), begin, context);
        if (!value)
            return value;
        if (auto error = unwritable(*value))
            return *error;
        parts.append(value->parts());
        at = end + found->end.size();
    }
    // Without an expression Kargo keeps the text as it is: "42" stays a string.
    if (!hasExpression)
        return KargoValue(text);
    KargoValue combined = KargoValue::fromParts(parts);
    if (!combined.isKnown())
        return combined;
    KargoValue result = KargoValue::fromRenderedTemplate(combined.toString());
    if (auto error = unwritable(result))
        return *error;
    return result;
}

Result<KargoValue> evaluateKargoExpression(const QString& expression, const KargoContext& context) {
    return evaluateAt(expression, 0, context);
}

Result<bool> evaluateKargoCondition(const QString& text, const KargoContext& context) {
    const auto value = evaluateKargoTemplate(text, context);
    if (!value)
        return value.error();
    if (!value->isKnown()) {
        QStringList names;
        for (const KargoDeferred& deferred : value->deferred())
            names.append(deferred.toString());
        return Error{Error::Kind::Unsupported,
                     QStringLiteral("the condition depends on %1, known only at promotion time")
                         .arg(names.join(QStringLiteral(", "))),
                     {}};
    }
    if (value->type() != KargoValue::Type::Bool)
        return Error{
            Error::Kind::InvalidInput,
            QStringLiteral("expression must evaluate to a boolean, got %1").arg(value->typeName()),
            {}};
    return value->toBool();
}

} // namespace fd::core

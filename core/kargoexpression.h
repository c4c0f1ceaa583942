#pragma once

#include "kargovalue.h"
#include "result.h"

#include <QHash>
#include <QString>

namespace fd::core {

/**
 * What a Kargo expression can see at discovery time. Kargo's promotion environment also holds
 * ctx.promotion, ctx.targetFreight.name, ctx.meta.promotion.actor and the outputs of earlier
 * steps; those are deferred values here.
 */
struct KargoContext final {
    /** ctx.project */
    QString project;
    /** ctx.stage */
    QString stage;
    /** vars.name: already evaluated, in declaration order, by the caller. */
    QHash<QString, KargoValue> vars;
    /** Kargo defines task.outputs only for the steps of a PromotionTask. */
    bool inTask = false;
    /** ctx.targetFreight.origin.name when the caller evaluates for one warehouse, else deferred. */
    QString targetFreightOrigin;
};

/**
 * Evaluates a config string: text with zero or more `${{ expr }}` (or `${% expr %}`). Without
 * any, the text stays a string, even "42". Otherwise the rendered text follows Kargo's rule
 * (KargoValue::fromRenderedTemplate): `${{ 1 }}` is a number, `${{ quote(1) }}` a string. A value
 * with deferred parts keeps them in order; the promotion engine fills them in and applies the rule.
 */
Result<KargoValue> evaluateKargoTemplate(const QString& text, const KargoContext& context);

/** Evaluates a bare expression (no `${{ }}`) to its own type, without the template rule. */
Result<KargoValue> evaluateKargoExpression(const QString& expression, const KargoContext& context);

/**
 * Evaluates a step's `if:` (a template) to a bool, as Kargo requires; a condition that depends
 * on a deferred value is an Unsupported error naming it.
 */
Result<bool> evaluateKargoCondition(const QString& text, const KargoContext& context);

} // namespace fd::core

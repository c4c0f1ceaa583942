#include "promotionplanner.h"

#include "kargoexpression.h"
#include "kargomanifests.h"
#include "promotionsteptranslator.h"

#include <QSet>

namespace fd::core {

namespace {

/** A step of the promotion after task inlining, with the variables it sees. */
struct InlinedStep {
    const PromotionStep* step = nullptr;
    QString alias;
    QList<KargoVar> vars;
    bool inTask = false;
};

/**
 * Kargo's promotionTaskVarsToStepVars: task defaults the promotion does not set, then the task
 * step's vars; a task variable without default that nobody sets stops the Promotion.
 */
std::optional<QList<KargoVar>> taskStepVars(const KargoPromotionTask& task,
                                            const QList<KargoVar>& promotionVars,
                                            const PromotionStep& taskStep, QString* missing) {
    QSet<QString> setByPromotion;
    for (const KargoVar& var : promotionVars) {
        if (var.hasValue())
            setByPromotion.insert(var.name);
    }
    QSet<QString> setByStep;
    for (const KargoVar& var : taskStep.vars) {
        if (var.hasValue())
            setByStep.insert(var.name);
    }
    QList<KargoVar> result;
    for (const KargoVar& var : task.vars) {
        if (setByPromotion.contains(var.name))
            continue;
        if (var.hasValue()) {
            result.append(var);
            continue;
        }
        if (!setByStep.contains(var.name)) {
            *missing = var.name;
            return std::nullopt;
        }
    }
    result.append(taskStep.vars);
    return result;
}

/** Evaluates @p vars in order into @p context; false (with a finding) on the first failure. */
bool evaluateVars(const QList<KargoVar>& vars, KargoContext& context, StagePlan& plan) {
    for (const KargoVar& var : vars) {
        auto value = evaluateKargoTemplate(var.value.value_or(QString()), context);
        if (!value) {
            const Error& error = value.error();
            PromotionStepTranslator::fail(plan,
                                          error.kind == Error::Kind::NotFound
                                              ? QStringLiteral("undefined-var")
                                              : QStringLiteral("unsupported-expression"),
                                          QStringLiteral("Stage %1, variable %2: %3")
                                              .arg(plan.stage, var.name, error.message),
                                          var.position.toString());
            return false;
        }
        context.vars.insert(var.name, *value);
    }
    return true;
}

} // namespace

StagePlan PromotionPlanner::plan(const KargoStage& stage) const {
    StagePlan plan;
    plan.project = stage.project;
    plan.stage = stage.name;
    if (stage.steps.isEmpty()) {
        plan.findings.append({Finding::Severity::Note, QStringLiteral("no-promotion-steps"),
                              QStringLiteral("Stage %1 has no promotion steps: Kargo passes "
                                             "freight through it and nothing is written")
                                  .arg(stage.name),
                              stage.position.toString()});
        return plan;
    }
    // Kargo's Promotion vars: the Stage's, then the template's (later ones win).
    const QList<KargoVar> promotionVars = stage.vars + stage.promotionVars;

    QList<InlinedStep> steps;
    for (int i = 0; i < stage.steps.size(); ++i) {
        const PromotionStep& step = stage.steps.at(i);
        if (!step.task) {
            steps.append({&step, step.alias(i), step.vars, false});
            continue;
        }
        const KargoPromotionTask* task = m_kargo.promotionTask(stage.project, *step.task);
        if (!task) {
            PromotionStepTranslator::fail(
                plan, QStringLiteral("unknown-task"),
                QStringLiteral("Stage %1 uses %2 %3, which does not exist")
                    .arg(stage.name, step.task->kind, step.task->name),
                step.position.toString());
            continue;
        }
        QString missing;
        const auto vars = taskStepVars(*task, promotionVars, step, &missing);
        if (!vars) {
            PromotionStepTranslator::fail(
                plan, QStringLiteral("undefined-var"),
                QStringLiteral("Stage %1 uses %2 %3 without its variable %4, which has no default")
                    .arg(stage.name, task->kind(), task->name, missing),
                step.position.toString());
            continue;
        }
        for (int j = 0; j < task->steps.size(); ++j) {
            const PromotionStep& inner = task->steps.at(j);
            steps.append({&inner, step.alias(i) + QStringLiteral("::") + inner.alias(j),
                          *vars + inner.vars, true});
        }
    }

    KargoContext base;
    base.project = stage.project;
    base.stage = stage.name;
    if (!evaluateVars(promotionVars, base, plan))
        return plan;
    PromotionStepTranslator translator(plan);
    for (const InlinedStep& inlined : steps) {
        KargoContext context = base;
        context.inTask = inlined.inTask;
        if (!evaluateVars(inlined.vars, context, plan))
            continue;
        const PromotionStep& step = *inlined.step;
        if (!step.condition.isEmpty()) {
            const auto runs = evaluateKargoCondition(step.condition, context);
            if (!runs) {
                PromotionStepTranslator::fail(
                    plan, QStringLiteral("unsupported-condition"),
                    QStringLiteral("Stage %1, step %2: whether it runs depends on %3")
                        .arg(stage.name, step.uses, runs.error().message),
                    step.position.toString());
                continue;
            }
            if (!*runs)
                continue;
        }
        translator.translate(step.uses, inlined.alias, step.config, step.position, context);
    }
    return plan;
}

QList<StagePlan> PromotionPlanner::planAll() const {
    QList<StagePlan> plans;
    for (const KargoStage& stage : m_kargo.stages())
        plans.append(plan(stage));
    return plans;
}

} // namespace fd::core

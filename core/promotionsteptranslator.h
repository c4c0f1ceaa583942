#pragma once

#include "kargoexpression.h"
#include "promotionplan.h"

#include <optional>

namespace fd::core {

/**
 * Turns the inlined, condition-checked steps of one Stage into the plan's native actions, in
 * order. It keeps the checkouts of earlier `git-clone` steps to map Kargo's working-folder paths
 * (`./out/env/dev/values.yaml`) back to a repository, branch and path. A step or expression it
 * cannot perform adds an error finding and makes the plan read-only. Private helper of
 * PromotionPlanner.
 */
class PromotionStepTranslator final {
public:
    explicit PromotionStepTranslator(StagePlan& plan)
        : m_plan(plan) {}

    void translate(const QString& uses, const QString& alias, const YamlValue& config,
                   const SourcePosition& position, const KargoContext& context);

    /** Marks the plan read-only for @p message, keeping the first reason. */
    static void fail(StagePlan& plan, const QString& code, const QString& message,
                     const QString& location);

private:
    struct Located {
        const PlanCheckout* checkout = nullptr;
        QString path; // relative to the repository root
    };

    void gitClone(const YamlValue& config, PlanAction& action);
    void yamlUpdate(const YamlValue& config, PlanAction& action);
    void kustomizeSetImage(const YamlValue& config, PlanAction& action);
    void helmUpdateChart(const YamlValue& config, PlanAction& action);
    void folderStep(const YamlValue& config, PlanAction& action);
    void gitPush(const YamlValue& config, PlanAction& action);
    void gitOpenPr(const YamlValue& config, PlanAction& action);
    void argoCDUpdate(const YamlValue& config, PlanAction& action);

    std::optional<KargoValue> value(const YamlValue& node);
    /** A known string for @p node; nullopt (and a finding) when required and absent or deferred. */
    std::optional<QString> text(const YamlValue& node, const QString& field, bool required);
    std::optional<Located> locate(const YamlValue& node, const QString& field);
    PlanTarget target(PlanTarget::Kind kind, const Located& where, const QString& key,
                      const QString& field, const KargoValue& value) const;
    void fail(const QString& code, const QString& message, const QString& location);

    StagePlan& m_plan;
    QList<PlanCheckout> m_checkouts;
    const KargoContext* m_context = nullptr;
    QString m_uses;
    SourcePosition m_position;
};

/** Kargo's working-folder path normalised ("./out/a/../b" → "out/b"); nullopt when it leaves. */
std::optional<QString> normalizedWorkPath(const QString& path);

} // namespace fd::core

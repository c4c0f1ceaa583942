#pragma once

#include "freight.h"
#include "pipeline.h"
#include "promotionevent.h"
#include "promotionrules.h"
#include "versionhistory.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace fd::core {

/** What an unattended Freightdesk does next in one stage. */
struct StageDecision final {
    enum class Action {
        Promote, // auto-promotion: the newest freight the stage may take
        Verify,  // the stage runs freight nobody has verified yet: follow Argo CD, run the checks
        None,    // nothing to do; reason says why
    };

    Action action = Action::None;
    QString service;
    QString stage;
    /** Promote: the freight to promote; Verify: the one the stage runs. */
    Freight freight;
    /** Verify: the commit that wrote the stage's current version. */
    QString commit;
    /** In words, for the log of a team that runs it unattended. */
    QString reason;
};

/**
 * What `watch` decides, stage by stage, from the pipeline, the freight (newest first, current
 * stages marked), the stages' version history and the promotion log:
 * - a stage with auto-promotion (not read-only, promoted by a push) takes the newest freight it
 *   may take under PromotionRules — never one older than what it runs, never one it ran before
 *   and left (a rollback is a person's decision), never one whose promotion or verification
 *   failed there (a person promotes it again if they want to);
 * - otherwise, a stage whose current freight is not verified and has no recorded outcome there is
 *   verified, unless the stage wants a person to do that.
 */
class AutoPromotion final {
public:
    /**
     * @p current and @p changes as VersionHistory has them (per stage at the tip; every change,
     * newest first); @p events oldest first.
     */
    AutoPromotion(const Pipeline& pipeline, QList<VersionRecord> current,
                  QList<VersionRecord> changes, QList<PromotionEvent> events);

    /** One decision per stage of @p freight's services, in pipeline order. */
    QList<StageDecision> decide(const QList<Freight>& freight, const QDateTime& now) const;

private:
    StageDecision promotion(const PipelineStage& stage, const QList<const Freight*>& freight,
                            const QDateTime& now) const;
    /** Verify, or None with why not (no reason: nothing to verify). */
    StageDecision verification(const PipelineStage& stage,
                               const QList<const Freight*>& freight) const;
    bool ranBefore(const PipelineStage& stage, const Freight& freight) const;
    const PromotionEvent* outcome(const QString& stage, const QString& freightId) const;

    const Pipeline& m_pipeline;
    QList<VersionRecord> m_current;
    QList<VersionRecord> m_changes;
    QList<PromotionEvent> m_events; // oldest first
    PromotionRules m_rules;
};

} // namespace fd::core

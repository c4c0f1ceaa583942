#pragma once

#include "freight.h"
#include "pipeline.h"
#include "promotionrules.h"
#include "result.h"
#include "valuespush.h"
#include "versionhistory.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace fd::core {

/** Moving one stage back to freight it ran before. */
struct RollbackPlan final {
    QString stage;
    /** What the stage runs now. */
    QString fromVersion;
    Freight freight;
    QList<ValueEdit> edits;
    /** Who approved the freight for the stage, when it was promoted there. */
    QStringList approvers;
    /** The branch the stage writes; empty: the repository's. */
    QString branch;
    /**
     * Why policy would stop it (a hold, a freeze), in words; the caller refuses the rollback
     * unless a person chose to set it aside, and then it becomes a trailer. Empty: nothing.
     */
    QString blocker;

    /**
     * "Roll back S to V (from W)" with a single promotion's trailers, `Freightdesk-Rollback-From`
     * and, when @p policyOverridden, `Freightdesk-Policy-Overridden: <blocker>`.
     */
    PushRequest request(const QString& defaultBranch, bool policyOverridden) const;
};

/**
 * Plans a rollback: a stage goes back to the freight it ran before its current one (from the
 * version history: the newest change to another version), or to a named freight it ran at some
 * point. Unlike a promotion it does not ask for verification, soak time or approvals: the freight
 * ran in this very stage and passed them when it was promoted there, and an emergency must not
 * wait for a soak. Holds and freezes are a person's or a team's explicit "no changes": they are
 * reported as blockers for the caller to refuse on, or to override on a person's say-so.
 * Freight the stage never ran is refused: promote it instead, through the rules.
 */
class StageRollback final {
public:
    /** @p freight: every service's, newest first. */
    StageRollback(const Pipeline& pipeline, const VersionHistory& history,
                  const QList<Freight>& freight, const PromotionRules& rules);

    /** @p ref: a freight as resolveFreight() reads it; empty: the previous one. */
    Result<RollbackPlan> plan(const QString& stage, const QString& ref, const QDateTime& now) const;

private:
    Result<Freight> previousFreight(const PipelineStage& stage, const QString& current) const;
    Result<Freight> namedFreight(const PipelineStage& stage, const QString& ref,
                                 const QString& current) const;

    const Pipeline& m_pipeline;
    const VersionHistory& m_history;
    const QList<Freight>& m_freight;
    const PromotionRules& m_rules;
};

} // namespace fd::core

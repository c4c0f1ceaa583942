#include "stagerollback.h"

#include "freightref.h"
#include "freightstages.h"
#include "promotionedits.h"

namespace fd::core {

namespace {

QList<Freight> freightOf(const QList<Freight>& freight, const QString& service) {
    QList<Freight> result;
    std::copy_if(freight.cbegin(), freight.cend(), std::back_inserter(result),
                 [&](const Freight& each) { return each.service == service; });
    return result;
}

} // namespace

StageRollback::StageRollback(const Pipeline& pipeline, const VersionHistory& history,
                             const QList<Freight>& freight, const PromotionRules& rules)
    : m_pipeline(pipeline)
    , m_history(history)
    , m_freight(freight)
    , m_rules(rules) {}

Result<Freight> StageRollback::previousFreight(const PipelineStage& stage,
                                               const QString& current) const {
    for (const VersionRecord& change : m_history.changesOf(stage.name)) {
        if (change.version.isEmpty() || change.version == current)
            continue;
        for (const Freight& freight : m_freight) {
            if (freight.service == stage.service && freightMatchesVersion(freight, change.version))
                return freight;
        }
        return Error{
            Error::Kind::NotFound,
            QStringLiteral("%1 ran %2 before %3 (set in %4), which is no known freight of "
                           "%5: discover it with `freightdesk-cli freight`, or name "
                           "the freight to roll back to")
                .arg(stage.name, change.version, current, change.commit.left(12), stage.service),
            {}};
    }
    return Error{Error::Kind::NotFound,
                 QStringLiteral("%1 has run nothing but %2: there is nothing to roll back to")
                     .arg(stage.name, current.isEmpty() ? QStringLiteral("(none)") : current),
                 {}};
}

Result<Freight> StageRollback::namedFreight(const PipelineStage& stage, const QString& ref,
                                            const QString& current) const {
    auto freight = resolveFreight(freightOf(m_freight, stage.service), ref);
    if (!freight || freightMatchesVersion(*freight, current))
        return freight; // plan() says it runs there already
    for (const VersionRecord& change : m_history.changesOf(stage.name)) {
        if (change.version != current && freightMatchesVersion(*freight, change.version))
            return freight;
    }
    return Error{Error::Kind::Refused,
                 QStringLiteral("%1 never ran %2 (%3) before: a rollback only returns to freight "
                                "the stage ran; promote it instead, through the rules")
                     .arg(stage.name, ref, freight->alias),
                 {}};
}

Result<RollbackPlan> StageRollback::plan(const QString& stageName, const QString& ref,
                                         const QDateTime& now) const {
    const PipelineStage* stage = m_pipeline.stage(stageName);
    if (!stage)
        return Error{
            Error::Kind::NotFound, QStringLiteral("there is no stage %1").arg(stageName), {}};
    QString current;
    for (const VersionRecord& record : m_history.current()) {
        if (record.stage == stage->name)
            current = record.version;
    }
    auto freight =
        ref.isEmpty() ? previousFreight(*stage, current) : namedFreight(*stage, ref, current);
    if (!freight)
        return std::move(freight).error();
    if (freightMatchesVersion(*freight, current))
        return Error{
            Error::Kind::InvalidInput,
            QStringLiteral("%1 already runs %2 (%3)").arg(stage->name, current, freight->alias),
            {}};
    auto edits = promotionEdits(*stage, *freight);
    if (!edits)
        return std::move(edits).error();
    RollbackPlan plan;
    plan.stage = stage->name;
    plan.fromVersion = current;
    plan.freight = *freight;
    plan.edits = *edits;
    plan.approvers = m_rules.standing(*freight, stage->name, now).approvers;
    plan.blocker = m_rules.blocked(*stage, now);
    plan.branch = promotionBranch(*stage);
    return plan;
}

PushRequest RollbackPlan::request(const QString& defaultBranch, bool policyOverridden) const {
    PushRequest request;
    request.branch = branch.isEmpty() ? defaultBranch : branch;
    request.edits = edits;
    QStringList versions;
    for (const ValueEdit& edit : edits)
        versions.append(edit.value);
    versions.removeDuplicates();
    request.message = QStringLiteral("Roll back %1 to %2 (from %3)")
                          .arg(stage, versions.join(QStringLiteral(", ")), fromVersion);
    request.trailers = {{QStringLiteral("Freightdesk-Freight"), freight.id},
                        {QStringLiteral("Freightdesk-Freight-Alias"), freight.alias},
                        {QStringLiteral("Freightdesk-Stage"), stage}};
    for (const QString& approver : approvers)
        request.trailers.append({QStringLiteral("Freightdesk-Approved-By"), approver});
    request.trailers.append({QStringLiteral("Freightdesk-Rollback-From"), fromVersion});
    if (policyOverridden && !blocker.isEmpty())
        request.trailers.append({QStringLiteral("Freightdesk-Policy-Overridden"), blocker});
    return request;
}

} // namespace fd::core

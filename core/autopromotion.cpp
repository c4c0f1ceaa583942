#include "autopromotion.h"

#include "freightstages.h"

namespace fd::core {

namespace {

bool isFailure(PromotionEvent::Kind kind) {
    return kind == PromotionEvent::Kind::PromotionFailed ||
           kind == PromotionEvent::Kind::VerificationFailed ||
           kind == PromotionEvent::Kind::Aborted;
}

StageDecision none(const PipelineStage& stage, const QString& reason) {
    return {StageDecision::Action::None, stage.service, stage.name, {}, {}, reason};
}

qsizetype currentIndex(const PipelineStage& stage, const QList<const Freight*>& freight) {
    for (qsizetype i = 0; i < freight.size(); ++i) {
        if (freight.at(i)->stages.value(stage.name).current)
            return i;
    }
    return -1;
}

} // namespace

AutoPromotion::AutoPromotion(const Pipeline& pipeline, QList<VersionRecord> current,
                             QList<VersionRecord> changes, QList<PromotionEvent> events)
    : m_pipeline(pipeline)
    , m_current(std::move(current))
    , m_changes(std::move(changes))
    , m_events(std::move(events))
    , m_rules(pipeline, m_events) {}

QList<StageDecision> AutoPromotion::decide(const QList<Freight>& freight,
                                           const QDateTime& now) const {
    QList<StageDecision> decisions;
    for (const PipelineStage& stage : m_pipeline.stages) {
        QList<const Freight*> ofService;
        for (const Freight& each : freight) {
            if (each.service == stage.service)
                ofService.append(&each);
        }
        if (ofService.isEmpty()) {
            decisions.append(none(stage, QStringLiteral("no freight is known for %1 (has "
                                                        "`freightdesk-cli freight` found any?)")
                                             .arg(stage.service)));
            continue;
        }
        StageDecision decision = promotion(stage, ofService, now);
        if (decision.action == StageDecision::Action::None) {
            StageDecision verify = verification(stage, ofService);
            if (verify.action == StageDecision::Action::Verify)
                decision = std::move(verify);
            else if (!verify.reason.isEmpty())
                decision.reason += QStringLiteral("; ") + verify.reason;
        }
        decisions.append(std::move(decision));
    }
    return decisions;
}

StageDecision AutoPromotion::promotion(const PipelineStage& stage,
                                       const QList<const Freight*>& freight,
                                       const QDateTime& now) const {
    if (!stage.policy.autoPromotion)
        return none(stage, QStringLiteral("auto-promotion is off"));
    if (stage.readOnly)
        return none(stage, QStringLiteral("read-only: ") + stage.readOnlyReason);
    if (stage.promotion != PromotionMethod::Push)
        return none(stage, stage.promotion == PromotionMethod::PullRequest
                               ? QStringLiteral("promoted through a pull request a person merges")
                               : QStringLiteral("has no promotion steps"));
    const qsizetype current = currentIndex(stage, freight);
    QString newestReason;
    QStringList passedOver;
    for (qsizetype i = 0; i < freight.size() && (current < 0 || i < current); ++i) {
        const Freight& candidate = *freight.at(i);
        const FreightStanding standing = m_rules.standing(candidate, stage.name, now);
        if (!standing.promotable) {
            if (newestReason.isEmpty())
                newestReason = QStringLiteral("%1: %2").arg(candidate.alias, standing.reason);
            continue;
        }
        // What a stage left or what failed there is a person's to promote again; newer
        // freight behind it still moves.
        if (ranBefore(stage, candidate)) {
            passedOver.append(
                QStringLiteral("%1 ran here before and was replaced").arg(candidate.alias));
            continue;
        }
        if (const PromotionEvent* last = outcome(stage.name, candidate.id);
            last && isFailure(last->kind)) {
            passedOver.append(QStringLiteral("%1 was %2 here on %3 (%4)")
                                  .arg(candidate.alias, PromotionEvent::kindName(last->kind),
                                       last->at.toUTC().toString(Qt::ISODate), last->reason));
            continue;
        }
        QString reason = QStringLiteral("auto-promotion: %1 is the newest freight %2 may take")
                             .arg(candidate.alias, stage.name);
        if (!passedOver.isEmpty())
            reason +=
                QStringLiteral(" (passed over: %1)").arg(passedOver.join(QStringLiteral("; ")));
        return {StageDecision::Action::Promote, stage.service, stage.name, candidate, {}, reason};
    }
    if (!passedOver.isEmpty())
        newestReason = passedOver.join(QStringLiteral("; ")) +
                       QStringLiteral("; a person promotes it again if they want to");
    const QString running = current < 0 ? QStringLiteral("runs no known freight")
                                        : QStringLiteral("runs %1").arg(freight.at(current)->alias);
    return none(stage,
                newestReason.isEmpty()
                    ? running + QStringLiteral(", the newest it may take")
                    : QStringLiteral("%1; newer is not eligible (%2)").arg(running, newestReason));
}

StageDecision AutoPromotion::verification(const PipelineStage& stage,
                                          const QList<const Freight*>& freight) const {
    const qsizetype current = currentIndex(stage, freight);
    if (current < 0)
        return none(stage, {});
    const Freight& running = *freight.at(current);
    if (running.stages.value(stage.name).verified)
        return none(stage, {});
    if (stage.policy.verification.manual)
        return none(stage, QStringLiteral("%1 waits for a person to verify it").arg(running.alias));
    if (const PromotionEvent* last = outcome(stage.name, running.id); last && isFailure(last->kind))
        return none(stage,
                    QStringLiteral("%1 was %2 here (%3)")
                        .arg(running.alias, PromotionEvent::kindName(last->kind), last->reason));
    QString commit;
    for (const VersionRecord& record : m_current) {
        if (record.stage == stage.name)
            commit = record.commit;
    }
    if (commit.isEmpty())
        return none(stage, QStringLiteral("no commit is known to have set %1").arg(running.alias));
    return {StageDecision::Action::Verify,
            stage.service,
            stage.name,
            running,
            commit,
            QStringLiteral("%1 runs %2 since %3 and nobody has verified it")
                .arg(stage.name, running.alias, commit.left(12))};
}

bool AutoPromotion::ranBefore(const PipelineStage& stage, const Freight& freight) const {
    return std::any_of(m_changes.cbegin(), m_changes.cend(), [&](const VersionRecord& change) {
        return change.stage == stage.name && freightMatchesVersion(freight, change.version);
    });
}

const PromotionEvent* AutoPromotion::outcome(const QString& stage, const QString& freightId) const {
    for (auto it = m_events.crbegin(); it != m_events.crend(); ++it) {
        if (it->stage != stage || it->freightId != freightId)
            continue;
        if (isFailure(it->kind) || it->kind == PromotionEvent::Kind::Promoted ||
            it->kind == PromotionEvent::Kind::Verified)
            return &*it;
    }
    return nullptr;
}

} // namespace fd::core

#include "promotionrules.h"

#include <algorithm>

namespace fd::core {

namespace {

QString person(const PromotionEvent& event) {
    return event.byEmail.isEmpty() ? event.byName : event.byEmail.toLower();
}

} // namespace

PromotionRules::PromotionRules(const Pipeline& pipeline, QList<PromotionEvent> events)
    : m_pipeline(pipeline)
    , m_events(std::move(events)) {
    std::stable_sort(m_events.begin(), m_events.end(),
                     [](const PromotionEvent& a, const PromotionEvent& b) { return a.at < b.at; });
    // Every question is about one freight or one stage's holds: looked up, not scanned (the
    // desktop app asks 2,000 freight × 30 stages at a time).
    for (qsizetype i = 0; i < m_events.size(); ++i) {
        const PromotionEvent& event = m_events.at(i);
        if (event.kind == PromotionEvent::Kind::Held ||
            event.kind == PromotionEvent::Kind::Released)
            m_holdEvents[event.stage].append(i);
        else
            m_byFreight[event.freightId].append(i);
    }
}

PromotionRules::Verification PromotionRules::verification(const QString& freightId,
                                                          const QString& stage) const {
    Verification result;
    for (const qsizetype i : m_byFreight.value(freightId)) {
        const PromotionEvent* event = &m_events.at(i);
        if (event->stage != stage)
            continue;
        if (event->kind == PromotionEvent::Kind::Verified)
            result = {true, false, event->at};
        else if (event->kind == PromotionEvent::Kind::VerificationFailed)
            result = {false, true, event->at};
    }
    return result;
}

QStringList PromotionRules::approvers(const QString& freightId, const QString& stage) const {
    QStringList people;
    for (const qsizetype i : m_byFreight.value(freightId)) {
        const PromotionEvent* event = &m_events.at(i);
        if (event->kind == PromotionEvent::Kind::Approved && event->stage == stage &&
            !people.contains(person(*event)))
            people.append(person(*event));
    }
    return people;
}

std::optional<PromotionEvent> PromotionRules::hold(const QString& stage) const {
    std::optional<PromotionEvent> current;
    for (const qsizetype i : m_holdEvents.value(stage)) {
        const PromotionEvent* event = &m_events.at(i);
        if (event->kind == PromotionEvent::Kind::Held)
            current = *event;
        else
            current.reset();
    }
    return current;
}

QString PromotionRules::blocked(const PipelineStage& stage, const QDateTime& now) const {
    if (const auto held = hold(stage.name))
        return QStringLiteral("%1 is held by %2%3")
            .arg(stage.name, held->byName,
                 held->reason.isEmpty() ? QString() : QStringLiteral(": ") + held->reason);
    for (const FreezeWindow& freeze : stage.policy.freezes) {
        if (freeze.contains(now))
            return QStringLiteral("%1 is frozen until %2%3")
                .arg(stage.name, freeze.endOf(now).toString(Qt::ISODate),
                     freeze.reason.isEmpty() ? QString() : QStringLiteral(": ") + freeze.reason);
    }
    return {};
}

void PromotionRules::checkAvailability(const Freight& freight, const PipelineStage& stage,
                                       const QDateTime& now, FreightStanding& standing) const {
    if (stage.direct || stage.upstream.isEmpty() || !standing.approvers.isEmpty()) {
        standing.available = true;
        return;
    }
    const bool all = stage.availability.compare(QStringLiteral("All"), Qt::CaseInsensitive) == 0;
    const qint64 soak = stage.policy.soakTime.count();
    QStringList unverified;
    std::optional<QDateTime> soonest; // OneOf: the first upstream to finish soaking
    std::optional<QDateTime> latest;  // All: the last one
    bool anyReady = false;
    for (const QString& upstream : stage.upstream) {
        const Verification upstreamState = verification(freight.id, upstream);
        if (!upstreamState.verified) {
            unverified.append(upstream);
            continue;
        }
        const QDateTime soaked = upstreamState.at.addSecs(soak);
        if (soaked <= now)
            anyReady = true;
        if (!soonest || soaked < *soonest)
            soonest = soaked;
        if (!latest || soaked > *latest)
            latest = soaked;
    }
    if (all ? unverified.isEmpty() && latest && *latest <= now : anyReady) {
        standing.available = true;
        return;
    }
    if (all ? !unverified.isEmpty() : !soonest) {
        standing.reason =
            QStringLiteral("not verified in %1 yet")
                .arg(unverified.join(all ? QStringLiteral(" and ") : QStringLiteral(" or ")));
        return;
    }
    standing.availableFrom = all ? latest : soonest;
    standing.reason = QStringLiteral("soaking upstream until %1")
                          .arg(standing.availableFrom->toUTC().toString(Qt::ISODate));
}

FreightStanding PromotionRules::standing(const Freight& freight, const QString& stageName,
                                         const QDateTime& now, const QString& promoter) const {
    FreightStanding standing;
    const PipelineStage* stage = m_pipeline.stage(stageName);
    if (!stage) {
        standing.reason = QStringLiteral("there is no stage %1").arg(stageName);
        return standing;
    }
    const Verification own = verification(freight.id, stageName);
    standing.verified = own.verified;
    standing.verificationFailed = own.failed;
    if (own.verified)
        standing.verifiedAt = own.at;
    standing.approvers = approvers(freight.id, stageName);
    checkAvailability(freight, *stage, now, standing);

    QStringList counted = standing.approvers;
    if (!promoter.isEmpty())
        counted.removeAll(promoter.toLower());
    standing.approvalsMissing = std::max(0, stage->policy.requiredApprovals - int(counted.size()));
    if (!standing.available)
        return standing;
    standing.reason = blocked(*stage, now);
    if (!standing.reason.isEmpty())
        return standing;
    if (standing.approvalsMissing > 0) {
        standing.awaitingApproval = true;
        standing.reason =
            QStringLiteral("needs %1 more approval(s)%2")
                .arg(standing.approvalsMissing)
                .arg(promoter.isEmpty() ? QString()
                                        : QStringLiteral(" from someone other than the promoter"));
        return standing;
    }
    standing.promotable = true;
    return standing;
}

void PromotionRules::applyTo(QList<Freight>& freight) const {
    for (Freight& each : freight) {
        for (const PipelineStage* stage : m_pipeline.stagesOf(each.service)) {
            const Verification state = verification(each.id, stage->name);
            const bool approved = !approvers(each.id, stage->name).isEmpty();
            if (!state.verified && !approved && !each.stages.contains(stage->name))
                continue;
            FreightStageState& target = each.stages[stage->name];
            target.verified = state.verified;
            target.approved = approved;
        }
    }
}

} // namespace fd::core

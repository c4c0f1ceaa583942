#include "promotionreview.h"

#include "gitrepository.h"
#include "promotionlog.h"
#include "promotionrequest.h"
#include "unifieddiff.h"
#include "valuespush.h"

namespace fd::core {

namespace {

QString durationText(std::chrono::seconds duration) {
    const qint64 seconds = duration.count();
    if (seconds % 3600 == 0)
        return QStringLiteral("%1 h").arg(seconds / 3600);
    if (seconds % 60 == 0)
        return QStringLiteral("%1 min").arg(seconds / 60);
    return QStringLiteral("%1 s").arg(seconds);
}

PolicyCheck upstreamCheck(const PipelineStage& stage, const FreightStanding& standing) {
    using Kind = PolicyCheck::Kind;
    if (stage.direct || stage.upstream.isEmpty())
        return {Kind::VerifiedUpstream, true, QStringLiteral("takes freight from the warehouse")};
    const QString upstream = stage.upstream.join(QStringLiteral(", "));
    if (standing.available && !standing.approvers.isEmpty() && !standing.availableFrom)
        return {
            Kind::VerifiedUpstream, true,
            QStringLiteral("approved for %1 (upstream verification not needed)").arg(stage.name)};
    if (standing.available || standing.availableFrom)
        return {Kind::VerifiedUpstream, true,
                QStringLiteral("verified upstream (%1)").arg(upstream)};
    return {Kind::VerifiedUpstream, false,
            QStringLiteral("not verified upstream: %1").arg(standing.reason)};
}

PolicyCheck soakCheck(const PipelineStage& stage, const FreightStanding& standing) {
    using Kind = PolicyCheck::Kind;
    if (stage.policy.soakTime.count() == 0)
        return {Kind::SoakTime, true, QStringLiteral("soak time: none required")};
    const QString soak = durationText(stage.policy.soakTime);
    if (standing.availableFrom)
        return {Kind::SoakTime, false,
                QStringLiteral("soak time %1: soaking until %2")
                    .arg(soak, standing.availableFrom->toUTC().toString(Qt::ISODate))};
    if (standing.available)
        return {Kind::SoakTime, true, QStringLiteral("soak time %1 passed").arg(soak)};
    return {Kind::SoakTime, false,
            QStringLiteral("soak time %1: not verified upstream yet").arg(soak)};
}

PolicyCheck approvalsCheck(const PipelineStage& stage, const FreightStanding& standing,
                           const QString& promoter) {
    const int required = stage.policy.requiredApprovals;
    if (required == 0)
        return {PolicyCheck::Kind::Approvals, true, QStringLiteral("approvals: none required")};
    QString text = QStringLiteral("approvals %1 of %2")
                       .arg(required - standing.approvalsMissing)
                       .arg(required);
    if (!promoter.isEmpty() && standing.approvers.contains(promoter.toLower()))
        text += QStringLiteral(" (yours does not count: you are promoting)");
    return {PolicyCheck::Kind::Approvals, standing.approvalsMissing == 0, text};
}

} // namespace

bool PromotionReview::promotable() const {
    if (previewError || files.isEmpty())
        return false;
    for (const PolicyCheck& check : checks) {
        if (!check.passed)
            return false;
    }
    return standing.promotable;
}

QList<PolicyCheck> policyChecks(const PipelineStage& stage, const FreightStanding& standing,
                                const PromotionRules& rules, const QDateTime& now,
                                const QString& promoter) {
    using Kind = PolicyCheck::Kind;
    QList<PolicyCheck> checks{upstreamCheck(stage, standing), soakCheck(stage, standing),
                              approvalsCheck(stage, standing, promoter)};
    PolicyCheck freeze{Kind::FreezeWindow, true, QStringLiteral("freeze window: not frozen")};
    for (const FreezeWindow& window : stage.policy.freezes) {
        if (window.contains(now)) {
            freeze = {Kind::FreezeWindow, false,
                      QStringLiteral("frozen until %1%2")
                          .arg(window.endOf(now).toString(Qt::ISODate),
                               window.reason.isEmpty() ? QString()
                                                       : QStringLiteral(": ") + window.reason)};
            break;
        }
    }
    checks.append(freeze);
    if (const auto held = rules.hold(stage.name))
        checks.append(
            {Kind::Hold, false,
             QStringLiteral("held by %1%2")
                 .arg(held->byName,
                      held->reason.isEmpty() ? QString() : QStringLiteral(": ") + held->reason)});
    else
        checks.append({Kind::Hold, true, QStringLiteral("hold: none")});
    if (stage.readOnly)
        checks.append({Kind::ReadOnly, false,
                       QStringLiteral("read-only in Freightdesk: %1").arg(stage.readOnlyReason)});
    return checks;
}

bool isProtectedStage(const PipelineStage& stage) {
    const QString environment = stage.environment.toLower();
    return stage.policy.requiredApprovals > 0 || environment == QStringLiteral("prod") ||
           environment == QStringLiteral("production");
}

Result<ReviewInputs> readReviewInputs(GitRepository& repository) {
    auto identity = repository.identity();
    if (!identity)
        return identity.error();
    auto log = PromotionLog(repository).read();
    if (!log)
        return log.error();
    return ReviewInputs{identity->email, log->events};
}

Result<const PipelineStage*> reviewedStage(const Pipeline& pipeline, const QString& name) {
    if (const PipelineStage* stage = pipeline.stage(name))
        return stage;
    return Error{Error::Kind::NotFound,
                 QStringLiteral("there is no stage %1 in the pipeline").arg(name),
                 {}};
}

Result<PromotionReview> reviewPromotion(GitRepository& repository, const Pipeline& pipeline,
                                        const QString& stageName, const Freight& freight,
                                        const QString& branch, const QString& reviewedTip,
                                        const QDateTime& now) {
    auto found = reviewedStage(pipeline, stageName);
    if (!found)
        return found.error();
    const PipelineStage* stage = *found;
    auto inputs = readReviewInputs(repository);
    if (!inputs)
        return inputs.error();
    const PromotionRules rules(pipeline, inputs->events);

    PromotionReview review;
    review.stage = *stage;
    review.freight = freight;
    review.promoter = inputs->promoter;
    review.standing = rules.standing(freight, stageName, now, review.promoter);
    review.checks = policyChecks(*stage, review.standing, rules, now, review.promoter);
    auto request = promotionRequest(*stage, freight, review.standing, branch, reviewedTip);
    if (!request)
        return request.error();
    review.request = std::move(*request);

    previewFiles(repository, review);
    return review;
}

void previewFiles(GitRepository& repository, PromotionReview& review) {
    auto files = previewPush(repository, review.request.push, review.baseCommit);
    if (files)
        review.files = std::move(*files);
    else
        review.previewError = files.error();
}

Result<QList<ReviewedFile>> previewPush(GitRepository& repository, const PushRequest& push,
                                        QString& baseCommit) {
    auto preview = ValuesPush(repository).preview(push);
    if (!preview)
        return preview.error();
    baseCommit = preview->baseCommit;
    QList<ReviewedFile> files;
    for (const FileChange& change : std::as_const(preview->changes)) {
        auto diff = UnifiedDiff::between(change.path, change.before, change.after);
        if (!diff)
            return diff.error();
        files.append({change.path, change.before, change.after, *diff});
    }
    return files;
}

} // namespace fd::core

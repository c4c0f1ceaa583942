#include "rollbackreview.h"

#include "stagerollback.h"

namespace fd::core {

Result<PromotionReview> reviewRollback(GitRepository& repository, const Pipeline& pipeline,
                                       const VersionHistory& history, const QList<Freight>& freight,
                                       const QString& stageName, const QString& branch,
                                       const QString& reviewedTip, const QDateTime& now) {
    auto found = reviewedStage(pipeline, stageName);
    if (!found)
        return found.error();
    const PipelineStage* stage = *found;
    auto inputs = readReviewInputs(repository);
    if (!inputs)
        return inputs.error();
    const PromotionRules rules(pipeline, inputs->events);
    auto plan = StageRollback(pipeline, history, freight, rules).plan(stageName, {}, now);
    if (!plan)
        return plan.error();

    PromotionReview review;
    review.stage = *stage;
    review.freight = plan->freight;
    review.promoter = inputs->promoter;
    review.standing.approvers = plan->approvers;
    review.standing.promotable = plan->blocker.isEmpty();
    review.standing.reason = plan->blocker;
    review.checks.append({PolicyCheck::Kind::VerifiedUpstream, true,
                          QStringLiteral("ran in %1 before: verification, soak time and "
                                         "approvals are not asked again")
                              .arg(stageName)});
    for (const PolicyCheck& check :
         policyChecks(*stage, review.standing, rules, now, review.promoter)) {
        if (check.kind == PolicyCheck::Kind::FreezeWindow ||
            check.kind == PolicyCheck::Kind::Hold || check.kind == PolicyCheck::Kind::ReadOnly)
            review.checks.append(check);
    }
    PromotionRunRequest& request = review.request;
    request.service = stage->service;
    request.stage = stageName;
    request.freightId = plan->freight.id;
    request.freightAlias = plan->freight.alias;
    request.push = plan->request(branch, false);
    if (request.push.branch == branch)
        request.push.reviewedCommit = reviewedTip; // the tip the plan was made on
    request.argocdApps = stage->argocdApps;
    previewFiles(repository, review);
    return review;
}

} // namespace fd::core

#include "promotionrequest.h"

#include "promotionedits.h"

namespace fd::core {

namespace {

QString branchOf(const PipelineStage& stage, const QString& repositoryBranch) {
    const QString own = promotionBranch(stage);
    return own.isEmpty() ? repositoryBranch : own;
}

/** What a promotion and a verification of @p freight in @p stage have in common. */
PromotionRunRequest requestFor(const PipelineStage& stage, const Freight& freight,
                               const QString& repositoryBranch) {
    PromotionRunRequest request;
    request.service = stage.service;
    request.stage = stage.name;
    request.freightId = freight.id;
    request.freightAlias = freight.alias;
    request.push.branch = branchOf(stage, repositoryBranch);
    request.argocdApps = stage.argocdApps;
    return request;
}

} // namespace

Result<PromotionRunRequest> promotionRequest(const PipelineStage& stage, const Freight& freight,
                                             const FreightStanding& standing,
                                             const QString& repositoryBranch,
                                             const QString& reviewedTip) {
    auto edits = promotionEdits(stage, freight);
    if (!edits)
        return std::move(edits).error();
    PromotionRunRequest request = requestFor(stage, freight, repositoryBranch);
    request.push.edits = *edits;
    if (request.push.branch == repositoryBranch)
        request.push.reviewedCommit = reviewedTip;
    QStringList versions;
    for (const ValueEdit& edit : std::as_const(*edits))
        versions.append(edit.value);
    versions.removeDuplicates();
    request.push.message = QStringLiteral("Promote %1 %2 to %3")
                               .arg(stage.service, versions.join(QStringLiteral(", ")), stage.name);
    request.push.trailers = {{QStringLiteral("Freightdesk-Freight"), freight.id},
                             {QStringLiteral("Freightdesk-Freight-Alias"), freight.alias},
                             {QStringLiteral("Freightdesk-Stage"), stage.name}};
    for (const QString& approver : standing.approvers)
        request.push.trailers.append({QStringLiteral("Freightdesk-Approved-By"), approver});
    request.approvalsMissing = standing.approvalsMissing;
    request.manualVerification = stage.policy.verification.manual;
    return request;
}

PromotionRunRequest verificationRequest(const PipelineStage& stage, const Freight& freight,
                                        const QString& repositoryBranch, const QString& commit) {
    PromotionRunRequest request = requestFor(stage, freight, repositoryBranch);
    request.verifyCommit = commit;
    return request;
}

} // namespace fd::core

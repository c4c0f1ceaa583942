#pragma once

#include "freight.h"
#include "pipeline.h"
#include "promotionrules.h"
#include "promotionrun.h"
#include "result.h"

#include <QString>

namespace fd::core {

/**
 * The promotion of @p freight into @p stage as a run request: the edits on the stage's branch
 * (@p repositoryBranch unless its targets name their own), the message ("Promote api 1.2.0 to
 * prod"), the trailers (freight, alias, stage, each approver), the stage's Argo CD apps, the
 * approvals still missing and whether the stage wants a person's verification. When the branch
 * is @p repositoryBranch, @p reviewedTip (the commit the decision was made on) becomes
 * PushRequest::reviewedCommit, so a promotion someone pushed since is a conflict. Checks are the
 * caller's to add (they need the network).
 */
Result<PromotionRunRequest> promotionRequest(const PipelineStage& stage, const Freight& freight,
                                             const FreightStanding& standing,
                                             const QString& repositoryBranch,
                                             const QString& reviewedTip);

/**
 * A run that promotes nothing: it follows @p stage's apps until they run @p commit (which wrote
 * @p freight's version there) synced and healthy, runs the checks, and records Verified.
 */
PromotionRunRequest verificationRequest(const PipelineStage& stage, const Freight& freight,
                                        const QString& repositoryBranch, const QString& commit);

} // namespace fd::core

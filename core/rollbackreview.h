#pragma once

#include "freight.h"
#include "pipeline.h"
#include "promotionreview.h"
#include "result.h"
#include "versionhistory.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace fd::core {

class GitRepository;

/**
 * A rollback of @p stageName to the freight it ran before (StageRollback), reviewed as a
 * promotion is: the run request ("Roll back ..." with its trailers), the files it changes on the
 * branch's tip, and the checks a rollback keeps (a hold, a freeze, read-only); verification,
 * soak and approvals are not asked again. Blocks on Git: run it off the GUI thread.
 */
Result<PromotionReview> reviewRollback(GitRepository& repository, const Pipeline& pipeline,
                                       const VersionHistory& history, const QList<Freight>& freight,
                                       const QString& stageName, const QString& branch,
                                       const QString& reviewedTip, const QDateTime& now);

} // namespace fd::core

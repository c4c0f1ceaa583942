#pragma once

#include "error.h"
#include "freight.h"
#include "pipeline.h"
#include "promotionreview.h"
#include "releasetrain.h"
#include "result.h"
#include "trainplan.h"
#include "versionhistory.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace fd::core {

class GitRepository;

/** A release train as a person reviews it: the cars, the one commit and the files it changes. */
struct TrainReview final {
    TrainPlan plan;
    /** The train's commit (message prefilled); empty edits when nothing moves. */
    PushRequest push;
    QString baseCommit;
    QList<ReviewedFile> files;
    /** Why the files could not be computed. */
    std::optional<Error> previewError;
    /** Some car goes to a protected stage (approvals wanted, prod): confirm by typing. */
    bool protectedStages = false;

    /** No car is refused, something moves and the files were computed. */
    bool startable() const;
};

/**
 * Plans @p request (ReleaseTrain, judged by the promotion log read now, with the repository's Git
 * identity as promoter) and applies its edits to the branch's tip in memory. Blocks on Git: run it
 * off the GUI thread.
 */
Result<TrainReview> reviewTrain(GitRepository& repository, const Pipeline& pipeline,
                                const QList<VersionRecord>& current, const QList<Freight>& freight,
                                const TrainRequest& request, const QString& branch,
                                const QString& reviewedTip, const QDateTime& now);

} // namespace fd::core

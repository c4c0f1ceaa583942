#include "trainreview.h"

namespace fd::core {

bool TrainReview::startable() const {
    return !plan.refused() && !plan.moving().isEmpty() && !previewError && !files.isEmpty();
}

Result<TrainReview> reviewTrain(GitRepository& repository, const Pipeline& pipeline,
                                const QList<VersionRecord>& current, const QList<Freight>& freight,
                                const TrainRequest& request, const QString& branch,
                                const QString& reviewedTip, const QDateTime& now) {
    auto inputs = readReviewInputs(repository);
    if (!inputs)
        return inputs.error();
    const PromotionRules rules(pipeline, inputs->events);
    auto plan =
        ReleaseTrain(pipeline, current, freight, rules).plan(request, now, inputs->promoter);
    if (!plan)
        return plan.error();
    TrainReview review;
    review.plan = std::move(*plan);
    for (const TrainCar& car : review.plan.moving()) {
        if (const PipelineStage* stage = pipeline.stage(car.stage))
            review.protectedStages = review.protectedStages || isProtectedStage(*stage);
    }
    review.push = review.plan.request(branch);
    if (review.push.branch == branch)
        review.push.reviewedCommit = reviewedTip; // the tip the plan was made on
    if (review.plan.refused() || review.plan.moving().isEmpty())
        return review;
    auto files = previewPush(repository, review.push, review.baseCommit);
    if (files)
        review.files = std::move(*files);
    else
        review.previewError = files.error();
    return review;
}

} // namespace fd::core

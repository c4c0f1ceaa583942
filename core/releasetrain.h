#pragma once

#include "freight.h"
#include "pipeline.h"
#include "promotionrules.h"
#include "result.h"
#include "trainplan.h"
#include "versionhistory.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace fd::core {

/** What a release train is asked to do. */
struct TrainRequest final {
    /** The environment every car goes into ("prod"). */
    QString environment;
    /** The services on the train; empty: every service with a stage in the environment. */
    QStringList services;
    /** Where the freight comes from; empty: each stage's upstream stages in the graph. */
    QString fromEnvironment;
};

/**
 * Plans a release train: for each service's stage in one environment, the freight its upstream
 * runs now (the stages before it in the graph, or those of another environment), checked by the
 * promotion rules as a single promotion would be, with the edits that write it. A stage whose
 * upstream stages run different freight is refused naming them: the train does not guess.
 *
 * Pure: reads the pipeline, every stage's current version, the known freight and the rules.
 */
class ReleaseTrain final {
public:
    /** @p current: VersionHistory::current(); @p freight: every service's, newest first. */
    ReleaseTrain(const Pipeline& pipeline, const QList<VersionRecord>& current,
                 const QList<Freight>& freight, const PromotionRules& rules);

    /**
     * The plan for @p request, as @p promoter at @p now. An environment, service or --from
     * environment the pipeline does not have is InvalidInput; stages writing to different
     * branches are Unsupported (one commit goes to one branch). Per-service problems are
     * refused cars, not errors.
     */
    Result<TrainPlan> plan(const TrainRequest& request, const QDateTime& now,
                           const QString& promoter) const;

private:
    struct Source final {
        QString version;
        std::optional<Freight> freight;
    };

    Result<void> checkRequest(const TrainRequest& request) const;
    QString currentVersion(const QString& stage) const;
    Source currentFreight(const QString& service, const QString& stage) const;
    TrainCar car(const PipelineStage& stage, const TrainRequest& request, const QDateTime& now,
                 const QString& promoter) const;
    QStringList sourceStages(const PipelineStage& stage, const TrainRequest& request) const;
    bool pickFreight(TrainCar& car) const;

    const Pipeline& m_pipeline;
    const QList<VersionRecord>& m_current;
    const QList<Freight>& m_freight;
    const PromotionRules& m_rules;
};

} // namespace fd::core

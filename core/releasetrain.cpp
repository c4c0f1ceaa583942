#include "releasetrain.h"

#include "freightstages.h"
#include "promotionedits.h"

namespace fd::core {

namespace {

QStringList environments(const Pipeline& pipeline) {
    QStringList names;
    for (const PipelineStage& stage : pipeline.stages)
        names.append(stage.environment);
    names.removeDuplicates();
    return names;
}

Error invalid(const QString& message) {
    return Error{Error::Kind::InvalidInput, message, {}};
}

} // namespace

ReleaseTrain::ReleaseTrain(const Pipeline& pipeline, const QList<VersionRecord>& current,
                           const QList<Freight>& freight, const PromotionRules& rules)
    : m_pipeline(pipeline)
    , m_current(current)
    , m_freight(freight)
    , m_rules(rules) {}

Result<void> ReleaseTrain::checkRequest(const TrainRequest& request) const {
    if (request.fromEnvironment == request.environment)
        return invalid(QStringLiteral("the train goes to %1: it cannot come from there too")
                           .arg(request.environment));
    const QStringList known = environments(m_pipeline);
    for (const QString& environment : {request.environment, request.fromEnvironment}) {
        if (environment.isEmpty()) // no --from: the graph decides
            continue;
        if (!known.contains(environment))
            return invalid(QStringLiteral("no stage is in environment \"%1\" (there are: %2)")
                               .arg(environment, known.join(QStringLiteral(", "))));
    }
    for (const QString& service : request.services) {
        if (!m_pipeline.service(service)) {
            QStringList names;
            for (const PipelineService& each : m_pipeline.services)
                names.append(each.name);
            return invalid(QStringLiteral("no service \"%1\" (there are: %2)")
                               .arg(service, names.join(QStringLiteral(", "))));
        }
        const QList<const PipelineStage*> stages = m_pipeline.stagesOf(service);
        if (std::none_of(stages.cbegin(), stages.cend(), [&](const PipelineStage* stage) {
                return stage->environment == request.environment;
            }))
            return invalid(
                QStringLiteral("service %1 has no stage in %2").arg(service, request.environment));
    }
    return {};
}

QString ReleaseTrain::currentVersion(const QString& stage) const {
    for (const VersionRecord& record : m_current) {
        if (record.stage == stage)
            return record.version;
    }
    return {};
}

ReleaseTrain::Source ReleaseTrain::currentFreight(const QString& service,
                                                  const QString& stage) const {
    Source source{currentVersion(stage), std::nullopt};
    // Newest first: of several freight a mutable tag names, the newest is current.
    for (const Freight& freight : m_freight) {
        if (freight.service == service && freightMatchesVersion(freight, source.version)) {
            source.freight = freight;
            break;
        }
    }
    return source;
}

QStringList ReleaseTrain::sourceStages(const PipelineStage& stage,
                                       const TrainRequest& request) const {
    if (request.fromEnvironment.isEmpty())
        return stage.upstream;
    QStringList names;
    for (const PipelineStage* each : m_pipeline.stagesOf(stage.service)) {
        if (each->environment == request.fromEnvironment)
            names.append(each->name);
    }
    return names;
}

bool ReleaseTrain::pickFreight(TrainCar& car) const {
    QStringList running;
    QStringList ids;
    for (const QString& stage : std::as_const(car.from)) {
        const Source source = currentFreight(car.service, stage);
        if (source.version.isEmpty()) {
            car.reason = QStringLiteral("%1 has no version yet").arg(stage);
            return false;
        }
        if (!source.freight) {
            car.reason = QStringLiteral("%1 runs %2, which is no known freight of %3 (discover "
                                        "it with `freightdesk-cli freight`)")
                             .arg(stage, source.version, car.service);
            return false;
        }
        running.append(
            QStringLiteral("%1 runs %2 (%3)").arg(stage, source.version, source.freight->alias));
        if (!ids.contains(source.freight->id))
            ids.append(source.freight->id);
        if (!car.freight)
            car.freight = source.freight;
    }
    if (ids.size() < 2)
        return true;
    car.freight.reset();
    car.reason = QStringLiteral("its upstream stages run different freight (%1): choose where it "
                                "comes from, or promote it alone")
                     .arg(running.join(QStringLiteral(", ")));
    return false;
}

TrainCar ReleaseTrain::car(const PipelineStage& stage, const TrainRequest& request,
                           const QDateTime& now, const QString& promoter) const {
    TrainCar car;
    car.service = stage.service;
    car.stage = stage.name;
    car.from = sourceStages(stage, request);
    car.currentVersion = currentVersion(stage.name);
    if (car.from.isEmpty()) {
        car.reason = request.fromEnvironment.isEmpty()
                         ? QStringLiteral("%1 takes freight straight from the warehouse, not from "
                                          "an upstream stage: promote a freight into it by name")
                               .arg(stage.name)
                         : QStringLiteral("%1 has no stage in %2")
                               .arg(stage.service, request.fromEnvironment);
        return car;
    }
    if (!pickFreight(car))
        return car;
    if (freightMatchesVersion(*car.freight, car.currentVersion)) {
        car.action = TrainCar::Action::Skip;
        car.reason =
            QStringLiteral("already runs %1 (%2)").arg(car.currentVersion, car.freight->alias);
        return car;
    }
    const FreightStanding standing = m_rules.standing(*car.freight, stage.name, now, promoter);
    if (!standing.promotable) {
        car.reason = QStringLiteral("%1 cannot be promoted into %2: %3")
                         .arg(car.freight->alias, stage.name, standing.reason);
        return car;
    }
    auto edits = promotionEdits(stage, *car.freight);
    if (!edits) {
        car.reason = edits.error().message;
        return car;
    }
    car.action = TrainCar::Action::Promote;
    car.edits = *edits;
    car.approvers = standing.approvers;
    return car;
}

Result<TrainPlan> ReleaseTrain::plan(const TrainRequest& request, const QDateTime& now,
                                     const QString& promoter) const {
    if (request.environment.isEmpty())
        return invalid(QStringLiteral("name the environment the train goes to"));
    if (auto valid = checkRequest(request); !valid)
        return std::move(valid).error();
    TrainPlan plan;
    plan.environment = request.environment;
    QStringList branches; // "stage (branch)" of every moving car
    bool mixed = false;
    for (const PipelineStage& stage : m_pipeline.stages) {
        if (stage.environment != request.environment ||
            (!request.services.isEmpty() && !request.services.contains(stage.service)))
            continue;
        plan.cars.append(car(stage, request, now, promoter));
        if (plan.cars.constLast().action != TrainCar::Action::Promote)
            continue;
        const QString branch = promotionBranch(stage);
        mixed = mixed || (!branches.isEmpty() && branch != plan.branch);
        plan.branch = branch;
        branches.append(
            QStringLiteral("%1 on %2")
                .arg(stage.name, branch.isEmpty() ? QStringLiteral("the default branch") : branch));
    }
    if (mixed)
        return Error{Error::Kind::Unsupported,
                     QStringLiteral("the stages write to different branches (%1), and one commit "
                                    "goes to one branch: promote them in trains of their own")
                         .arg(branches.join(QStringLiteral(", "))),
                     {}};
    return plan;
}

} // namespace fd::core

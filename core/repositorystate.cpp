#include "repositorystate.h"

#include "freightstages.h"

#include <QHash>
#include <QSet>

#include <algorithm>

namespace fd::core {

namespace {

QString eventKey(const QString& freightId, const QString& stage) {
    return freightId + QLatin1Char('\n') + stage;
}

/** The (freight, stage) pairs whose last promotion outcome in the log is a failure. */
QSet<QString> failedPromotions(const QList<PromotionEvent>& events) {
    QSet<QString> failed;
    for (const PromotionEvent& event : events) {
        if (event.kind == PromotionEvent::Kind::PromotionFailed)
            failed.insert(eventKey(event.freightId, event.stage));
        else if (event.kind == PromotionEvent::Kind::Promoted)
            failed.remove(eventKey(event.freightId, event.stage));
    }
    return failed;
}

/**
 * Per stage index, which freight its history names. Versions are matched once each, not once
 * per change; of several freight a version names (a mutable tag), the newest, as
 * markCurrentStages decides.
 */
QList<QList<bool>> pastFreight(const QList<Freight>& freight, const QStringList& stages,
                               const QHash<QString, QSet<QString>>& versionsByStage) {
    QList<QList<bool>> result(stages.size(), QList<bool>(freight.size(), false));
    for (int s = 0; s < stages.size(); ++s) {
        for (const QString& version : versionsByStage.value(stages[s])) {
            const auto found =
                std::find_if(freight.cbegin(), freight.cend(), [&](const Freight& each) {
                    return freightMatchesVersion(each, version);
                });
            if (found != freight.cend())
                result[s][int(found - freight.cbegin())] = true;
        }
    }
    return result;
}

/** Freight newer than @p own that @p upstream runs or ran, from the cells already computed. */
int countBehind(const ServiceState& state, int own, int upstream) {
    int count = 0;
    for (int f = 0; f < own; ++f) {
        if (state.cell(f, upstream).wasHere)
            ++count;
    }
    return count;
}

void summarize(ServiceState& state, const Pipeline& pipeline, const PromotionRules& rules,
               const QList<VersionRecord>& current, const QDateTime& now) {
    for (int s = 0; s < state.stages.size(); ++s) {
        const PipelineStage& stage = *pipeline.stage(state.stages[s]);
        StageSummary summary;
        summary.stage = stage.name;
        summary.environment = stage.environment;
        const auto record =
            std::find_if(current.cbegin(), current.cend(),
                         [&](const VersionRecord& r) { return r.stage == stage.name; });
        if (record != current.cend())
            summary.version = record->version;
        for (int f = 0; f < state.freight.size() && summary.freightIndex < 0; ++f) {
            if (state.freight[f].stages.value(stage.name).current)
                summary.freightIndex = f;
        }
        // Candidates only: older freight waiting for approval would be a rollback, not pending.
        const int candidates =
            summary.freightIndex < 0 ? int(state.freight.size()) : summary.freightIndex;
        for (int f = 0; f < candidates; ++f) {
            if (state.cell(f, s).standing.awaitingApproval)
                ++summary.awaitingApproval;
        }
        if (summary.freightIndex >= 0) {
            for (const QString& upstream : stage.upstream) {
                const qsizetype u = state.stages.indexOf(upstream);
                if (u < 0)
                    continue;
                const int behind = countBehind(state, summary.freightIndex, int(u));
                if (behind > summary.behind) {
                    summary.behind = behind;
                    summary.behindUpstream = upstream;
                }
            }
        }
        summary.hold = rules.hold(stage.name);
        summary.blocked = rules.blocked(stage, now);
        state.summaries.append(summary);
    }
}

ServiceState serviceState(const QString& service, const RepositoryInputs& inputs,
                          const PromotionRules& rules,
                          const QHash<QString, QSet<QString>>& versionsByStage,
                          const QSet<QString>& failed, const QDateTime& now) {
    ServiceState state;
    state.service = service;
    for (const PipelineStage* stage : inputs.pipeline.stagesOf(service)) {
        state.stages.append(stage->name);
        state.stageColors.append(stage->color);
    }
    for (const Freight& each : inputs.freight) {
        if (each.service == service)
            state.freight.append(each);
    }
    markCurrentStages(state.freight, inputs.current);
    rules.applyTo(state.freight);

    const QList<QList<bool>> past = pastFreight(state.freight, state.stages, versionsByStage);
    state.cells.reserve(state.freight.size() * state.stages.size());
    for (int f = 0; f < state.freight.size(); ++f) {
        const Freight& freight = state.freight[f];
        for (int s = 0; s < state.stages.size(); ++s) {
            const QString& stage = state.stages[s];
            state.cells.append({rules.standing(freight, stage, now),
                                past[s][f] || freight.stages.value(stage).current,
                                failed.contains(eventKey(freight.id, stage))});
        }
    }
    summarize(state, inputs.pipeline, rules, inputs.current, now);
    return state;
}

} // namespace

QStringList RepositoryState::environments() const {
    QStringList environments;
    for (const PipelineStage& stage : pipeline.stages) {
        if (!environments.contains(stage.environment))
            environments.append(stage.environment);
    }
    return environments;
}

const ServiceState* RepositoryState::service(const QString& name) const {
    const auto found = std::find_if(services.cbegin(), services.cend(),
                                    [&](const ServiceState& each) { return each.service == name; });
    return found == services.cend() ? nullptr : &*found;
}

RepositoryState RepositoryState::assemble(RepositoryInputs inputs, const QDateTime& now) {
    QHash<QString, QSet<QString>> versionsByStage;
    for (const VersionRecord& change : inputs.changes)
        versionsByStage[change.stage].insert(change.version);
    const QSet<QString> failed = failedPromotions(inputs.events);
    const PromotionRules rules(inputs.pipeline, inputs.events);

    RepositoryState state;
    state.judgedAt = now;
    for (const PipelineService& service : inputs.pipeline.services)
        state.services.append(
            serviceState(service.name, inputs, rules, versionsByStage, failed, now));
    state.pipeline = std::move(inputs.pipeline);
    state.current = std::move(inputs.current);
    state.changes = std::move(inputs.changes);
    state.events = std::move(inputs.events);
    return state;
}

RepositoryState RepositoryState::withFreight(QList<Freight> freight, const QDateTime& now) const {
    RepositoryState state = assemble({pipeline, current, changes, std::move(freight), events}, now);
    state.source = source;
    state.branch = branch;
    state.tip = tip;
    state.errors = errors;
    return state;
}

} // namespace fd::core

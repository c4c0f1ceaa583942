#include "pipeline.h"

#include <QHash>
#include <QSet>

#include <algorithm>

namespace fd::core {

const PipelineStage* Pipeline::stage(const QString& name) const {
    const auto found = std::find_if(stages.begin(), stages.end(),
                                    [&](const PipelineStage& stage) { return stage.name == name; });
    return found == stages.end() ? nullptr : &*found;
}

const PipelineService* Pipeline::service(const QString& name) const {
    const auto found =
        std::find_if(services.begin(), services.end(),
                     [&](const PipelineService& service) { return service.name == name; });
    return found == services.end() ? nullptr : &*found;
}

QList<const PipelineStage*> Pipeline::stagesOf(const QString& serviceName) const {
    QList<const PipelineStage*> result;
    for (const PipelineStage& stage : stages) {
        if (stage.service == serviceName)
            result.append(&stage);
    }
    return result;
}

QString Pipeline::sourceName() const {
    switch (source) {
    case Source::Kargo:
        return QStringLiteral("kargo");
    case Source::FreightdeskYaml:
        return QStringLiteral("freightdesk.yaml");
    case Source::Inferred:
        break;
    }
    return QStringLiteral("inferred");
}

namespace {

/** A cycle among the stages not yet placed: follow upstream links until one repeats. */
QStringList findCycle(const QList<PipelineStage>& stages, const QHash<QString, int>& index,
                      const QList<bool>& placed) {
    int current = static_cast<int>(placed.indexOf(false));
    QList<int> path;
    while (current >= 0 && !path.contains(current)) {
        path.append(current);
        int next = -1;
        for (const QString& upstream : stages.at(current).upstream) {
            const int candidate = index.value(upstream, -1);
            if (candidate >= 0 && !placed.at(candidate)) {
                next = candidate;
                break;
            }
        }
        current = next;
    }
    QStringList cycle;
    if (current < 0)
        return cycle;
    // Upstream links run against the flow; report the cycle in the direction freight moves.
    for (qsizetype i = path.indexOf(current); i < path.size(); ++i)
        cycle.prepend(stages.at(path.at(i)).name);
    cycle.append(cycle.first());
    return cycle;
}

} // namespace

Result<void> sortStagesByGraph(QList<PipelineStage>& stages) {
    QHash<QString, int> index;
    for (int i = 0; i < stages.size(); ++i)
        index.insert(stages.at(i).name, i);

    QList<PipelineStage> ordered;
    ordered.reserve(stages.size());
    QList<bool> placed(stages.size(), false);
    bool progress = true;
    while (progress && ordered.size() < stages.size()) {
        progress = false;
        for (int i = 0; i < stages.size(); ++i) {
            if (placed.at(i))
                continue;
            const bool ready =
                std::all_of(stages.at(i).upstream.begin(), stages.at(i).upstream.end(),
                            [&](const QString& upstream) {
                                const int at = index.value(upstream, -1);
                                if (at < 0)
                                    return true; // not a stage here: the lint report names it
                                return at != i && placed.at(at);
                            });
            if (ready) {
                placed[i] = true;
                ordered.append(stages.at(i));
                progress = true;
            }
        }
    }
    if (ordered.size() < stages.size()) {
        const QStringList cycle = findCycle(stages, index, placed);
        return Error{Error::Kind::InvalidInput,
                     QStringLiteral("the stages form a cycle: %1; freight could never enter "
                                    "them. Remove one of these upstream links")
                         .arg(cycle.join(QStringLiteral(" -> "))),
                     {}};
    }
    stages = std::move(ordered);
    return {};
}

QStringList nearestIncludedUpstream(const QStringList& upstream,
                                    const std::function<QStringList(const QString&)>& upstreamOf,
                                    const std::function<bool(const QString&)>& included) {
    QStringList result;
    QStringList pending = upstream;
    QSet<QString> seen;
    while (!pending.isEmpty()) {
        const QString name = pending.takeFirst();
        if (seen.contains(name))
            continue;
        seen.insert(name);
        if (!included(name)) {
            pending.append(upstreamOf(name));
        } else if (!result.contains(name)) {
            result.append(name);
        }
    }
    return result;
}

} // namespace fd::core

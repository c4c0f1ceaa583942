#include "kargomanifests.h"

#include "kargoobjectreader.h"
#include "manifestscan.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <functional>

namespace fd::core {

namespace {

const QString KargoGroup = QStringLiteral("kargo.akuity.io");

/** Kinds Kargo creates itself or that hold no pipeline: recognised, not read. */
bool isRuntimeKind(const QString& kind) {
    static const QStringList kinds{QStringLiteral("Freight"), QStringLiteral("Promotion"),
                                   QStringLiteral("ClusterConfig"),
                                   QStringLiteral("ServiceAccount")};
    return kinds.contains(kind);
}

Finding finding(Finding::Severity severity, const char* code, const QString& message,
                const SourcePosition& where) {
    return {severity, QString::fromUtf8(code), message, where.toString()};
}

/** Reports every object after the first with the same key; returns the ones to keep. */
template <typename T, typename KeyOf>
QList<T> withoutDuplicates(const QList<T>& objects, const QString& kind, KeyOf keyOf,
                           Findings& findings) {
    QHash<QString, SourcePosition> seen;
    QList<T> kept;
    for (const T& object : objects) {
        const QString key = keyOf(object);
        const auto first = seen.constFind(key);
        if (first == seen.constEnd()) {
            seen.insert(key, object.position);
            kept.append(object);
            continue;
        }
        findings.append(finding(Finding::Severity::Error, "duplicate-name",
                                QStringLiteral("%1 %2 is defined twice; the one at %3 is used")
                                    .arg(kind, object.name, first->toString()),
                                object.position));
    }
    return kept;
}

QString projectKey(const QString& project, const QString& name) {
    return project + u'/' + name;
}

} // namespace

KargoManifests KargoManifests::read(const ManifestScan& scan) {
    KargoManifests result;
    KargoObjectReader reader(result.m_findings);
    for (const Manifest& manifest : scan.manifests()) {
        if (manifest.group() == u"argoproj.io" &&
            (manifest.kind == u"AnalysisTemplate" || manifest.kind == u"ClusterAnalysisTemplate")) {
            if (auto analysis = AnalysisTemplate::read(manifest, result.m_findings))
                result.m_analysisTemplates.append(std::move(*analysis));
            continue;
        }
        if (manifest.group() != KargoGroup)
            continue;
        const QString& kind = manifest.kind;
        if (kind == u"Stage") {
            if (auto stage = reader.stage(manifest))
                result.m_stages.append(std::move(*stage));
        } else if (kind == u"Warehouse") {
            if (auto warehouse = reader.warehouse(manifest))
                result.m_warehouses.append(std::move(*warehouse));
        } else if (kind == u"PromotionTask" || kind == u"ClusterPromotionTask") {
            if (auto task = reader.promotionTask(manifest))
                result.m_tasks.append(std::move(*task));
        } else if (kind == u"Project") {
            if (auto project = reader.project(manifest))
                result.m_projects.append(std::move(*project));
        } else if (kind == u"ProjectConfig") {
            if (auto config = reader.projectConfig(manifest))
                result.m_projectConfigs.append(std::move(*config));
        } else {
            const QString why = isRuntimeKind(kind)
                                    ? QStringLiteral("Kargo kind %1 is not part of a pipeline: "
                                                     "not read")
                                    : QStringLiteral("unknown Kargo kind %1: not read");
            result.m_findings.append(finding(Finding::Severity::Note, "unknown-kind", why.arg(kind),
                                             SourcePosition::of(manifest.object)));
        }
    }
    result.checkDuplicates();
    result.checkReferences();
    result.checkCycles();
    return result;
}

void KargoManifests::checkDuplicates() {
    const auto inProject = [](const auto& object) {
        return projectKey(object.project, object.name);
    };
    m_projects = withoutDuplicates(
        m_projects, QStringLiteral("Project"), [](const KargoProject& p) { return p.name; },
        m_findings);
    m_projectConfigs =
        withoutDuplicates(m_projectConfigs, QStringLiteral("ProjectConfig"), inProject, m_findings);
    m_warehouses =
        withoutDuplicates(m_warehouses, QStringLiteral("Warehouse"), inProject, m_findings);
    m_stages = withoutDuplicates(m_stages, QStringLiteral("Stage"), inProject, m_findings);
    m_tasks = withoutDuplicates(
        m_tasks, QStringLiteral("PromotionTask"),
        [](const KargoPromotionTask& t) { return t.kind() + u':' + projectKey(t.project, t.name); },
        m_findings);
}

void KargoManifests::checkReferences() {
    for (const KargoStage& stage : m_stages) {
        const QString subject = QStringLiteral("Stage %1").arg(stage.name);
        for (const FreightRequest& request : stage.requestedFreight) {
            if (request.originKind == u"Warehouse" && !request.originName.isEmpty() &&
                !warehouse(stage.project, request.originName))
                m_findings.append(finding(Finding::Severity::Error, "unknown-warehouse",
                                          QStringLiteral("%1 requests freight from Warehouse %2, "
                                                         "which is not in project %3")
                                              .arg(subject, request.originName, stage.project),
                                          request.position));
            for (const QString& upstream : request.stages) {
                if (!this->stage(stage.project, upstream))
                    m_findings.append(finding(Finding::Severity::Error, "unknown-stage",
                                              QStringLiteral("%1 takes freight from Stage %2, "
                                                             "which is not in project %3")
                                                  .arg(subject, upstream, stage.project),
                                              request.position));
            }
        }
        for (const PromotionStep& step : stage.steps) {
            if (step.task && !step.task->name.isEmpty() &&
                !promotionTask(stage.project, *step.task))
                m_findings.append(finding(Finding::Severity::Error, "unknown-task",
                                          QStringLiteral("%1 uses %2 %3, which does not exist")
                                              .arg(subject, step.task->kind, step.task->name),
                                          step.position));
        }
    }
}

void KargoManifests::checkCycles() {
    // Depth-first search over "takes freight from" edges; a back edge closes a cycle.
    enum class Mark { New, Open, Done };
    QHash<const KargoStage*, Mark> marks;
    QList<const KargoStage*> path;
    QSet<QString> reported;
    std::function<void(const KargoStage*)> visit = [&](const KargoStage* stage) {
        marks[stage] = Mark::Open;
        path.append(stage);
        for (const QString& name : stage->upstreamStages()) {
            const KargoStage* upstream = this->stage(stage->project, name);
            if (!upstream)
                continue;
            const Mark mark = marks.value(upstream, Mark::New);
            if (mark == Mark::New) {
                visit(upstream);
                continue;
            }
            if (mark != Mark::Open)
                continue;
            // Written in the direction freight flows, starting where the search closed it.
            QStringList cycle;
            for (qsizetype i = path.size() - 1; i >= path.indexOf(upstream); --i)
                cycle.append(path.at(i)->name);
            std::rotate(cycle.begin(), cycle.end() - 1, cycle.end());
            QStringList key = cycle;
            std::sort(key.begin(), key.end());
            const QString cycleKey = stage->project + u'/' + key.join(u',');
            if (reported.contains(cycleKey))
                continue;
            reported.insert(cycleKey);
            const QString message =
                cycle.size() == 1
                    ? QStringLiteral("Stage %1 takes freight from itself").arg(cycle.first())
                    : QStringLiteral("Stages %1 take freight from each other in a cycle: %2 → %3")
                          .arg(cycle.join(QStringLiteral(", ")), cycle.join(QStringLiteral(" → ")),
                               cycle.first());
            m_findings.append(
                finding(Finding::Severity::Error, "stage-cycle", message, upstream->position));
        }
        path.removeLast();
        marks[stage] = Mark::Done;
    };
    for (const KargoStage& stage : m_stages) {
        if (marks.value(&stage, Mark::New) == Mark::New)
            visit(&stage);
    }
}

const AnalysisTemplate* KargoManifests::analysisTemplate(const QString& project,
                                                         const QString& name) const {
    const AnalysisTemplate* cluster = nullptr;
    for (const AnalysisTemplate& analysis : m_analysisTemplates) {
        if (analysis.name != name)
            continue;
        if (analysis.namespaceName == project)
            return &analysis;
        if (analysis.namespaceName.isEmpty())
            cluster = &analysis;
    }
    return cluster;
}

QList<const KargoStage*> KargoManifests::stagesOf(const QString& project) const {
    QList<const KargoStage*> result;
    for (const KargoStage& stage : m_stages) {
        if (stage.project == project)
            result.append(&stage);
    }
    return result;
}

const KargoStage* KargoManifests::stage(const QString& project, const QString& name) const {
    for (const KargoStage& stage : m_stages) {
        if (stage.project == project && stage.name == name)
            return &stage;
    }
    return nullptr;
}

const KargoWarehouse* KargoManifests::warehouse(const QString& project, const QString& name) const {
    for (const KargoWarehouse& warehouse : m_warehouses) {
        if (warehouse.project == project && warehouse.name == name)
            return &warehouse;
    }
    return nullptr;
}

const KargoProjectConfig* KargoManifests::projectConfig(const QString& project) const {
    for (const KargoProjectConfig& config : m_projectConfigs) {
        if (config.project == project)
            return &config;
    }
    return nullptr;
}

const KargoPromotionTask* KargoManifests::promotionTask(const QString& project,
                                                        const PromotionTaskRef& ref) const {
    for (const KargoPromotionTask& task : m_tasks) {
        if (task.name != ref.name || task.cluster != ref.isCluster())
            continue;
        if (task.cluster || task.project == project)
            return &task;
    }
    return nullptr;
}

QList<const KargoStage*> KargoManifests::downstreamOf(const KargoStage& stage) const {
    QList<const KargoStage*> result;
    for (const KargoStage& candidate : m_stages) {
        if (candidate.project == stage.project && candidate.upstreamStages().contains(stage.name))
            result.append(&candidate);
    }
    return result;
}

const PromotionPolicy* KargoManifests::promotionPolicy(const KargoStage& stage) const {
    const QList<PromotionPolicy>* policies = nullptr;
    if (const KargoProjectConfig* config = projectConfig(stage.project)) {
        policies = &config->promotionPolicies;
    } else {
        for (const KargoProject& project : m_projects) {
            if (project.name == stage.project)
                policies = &project.promotionPolicies;
        }
    }
    if (!policies)
        return nullptr;
    for (const PromotionPolicy& policy : *policies) {
        if (policy.matches(stage))
            return &policy;
    }
    return nullptr;
}

bool KargoManifests::autoPromotionEnabled(const KargoStage& stage) const {
    const PromotionPolicy* policy = promotionPolicy(stage);
    return policy && policy->autoPromotionEnabled;
}

} // namespace fd::core

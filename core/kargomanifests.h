#pragma once

#include "analysistemplate.h"
#include "finding.h"
#include "kargomodel.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace fd::core {

class ManifestScan;

/**
 * Every `kargo.akuity.io/v1alpha1` object of a repository as plain values, with lookups by
 * project and name, and the findings of reading them and of checking them against each other:
 * missing required fields, duplicate names in a project, unknown Kargo kinds, upstream Stages or
 * Warehouses that do not exist, cycles in the Stage graph, steps naming a task that does not
 * exist, deprecated fields. An object with a missing name is reported and left out.
 */
class KargoManifests final {
public:
    static KargoManifests read(const ManifestScan& scan);

    const QList<KargoProject>& projects() const { return m_projects; }
    const QList<KargoProjectConfig>& projectConfigs() const { return m_projectConfigs; }
    const QList<KargoWarehouse>& warehouses() const { return m_warehouses; }
    const QList<KargoStage>& stages() const { return m_stages; }
    /** PromotionTasks and ClusterPromotionTasks. */
    const QList<KargoPromotionTask>& promotionTasks() const { return m_tasks; }
    const Findings& findings() const { return m_findings; }
    /** The Argo Rollouts AnalysisTemplates (and cluster ones) Stages verify freight with. */
    const QList<AnalysisTemplate>& analysisTemplates() const { return m_analysisTemplates; }
    /** A template of @p project by @p name, else a ClusterAnalysisTemplate of that name. */
    const AnalysisTemplate* analysisTemplate(const QString& project, const QString& name) const;

    /** The Stages of @p project in file order. */
    QList<const KargoStage*> stagesOf(const QString& project) const;
    const KargoStage* stage(const QString& project, const QString& name) const;
    const KargoWarehouse* warehouse(const QString& project, const QString& name) const;
    const KargoProjectConfig* projectConfig(const QString& project) const;
    /** The task @p ref names, as Kargo looks it up for a Stage of @p project. */
    const KargoPromotionTask* promotionTask(const QString& project,
                                            const PromotionTaskRef& ref) const;
    /** The Stages that take freight from @p stage, in file order. */
    QList<const KargoStage*> downstreamOf(const KargoStage& stage) const;
    /**
     * The first promotion policy for @p stage: the ProjectConfig's when the project has one,
     * else the Project's older `spec.promotionPolicies`; null when none matches.
     */
    const PromotionPolicy* promotionPolicy(const KargoStage& stage) const;
    bool autoPromotionEnabled(const KargoStage& stage) const;

private:
    void checkDuplicates();
    void checkReferences();
    void checkCycles();

    QList<KargoProject> m_projects;
    QList<KargoProjectConfig> m_projectConfigs;
    QList<KargoWarehouse> m_warehouses;
    QList<KargoStage> m_stages;
    QList<KargoPromotionTask> m_tasks;
    QList<AnalysisTemplate> m_analysisTemplates;
    Findings m_findings;
};

} // namespace fd::core

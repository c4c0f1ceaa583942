#pragma once

#include "pipeline.h"

#include <QStringList>

namespace fd::core {

class ArgoCDApps;
class KargoManifests;
class RepositoryFiles;

/**
 * The pipeline of a repository that holds Kargo manifests: a service per Warehouse, a stage per
 * Stage with its upstream stages, its targets from the resolved promotion steps, the Argo CD apps
 * it updates or that are authorized for it, and its auto-promotion policy. A stage's
 * environment comes from what it writes (`env/dev/frontend/...` → dev) and deploys (the apps'
 * names and destinations), and only last from its name.
 */
class KargoPipeline final {
public:
    static Pipeline build(const KargoManifests& kargo, const ArgoCDApps& apps,
                          const RepositoryFiles& files, const QStringList& repositoryUrls,
                          const QString& defaultBranch);

    /**
     * The environment of a stage writing @p paths and deploying @p appNames, for @p service:
     * the folder after env/, envs/, environments/, stages/, overlays/ or clusters/ in a path,
     * else an app name without the service (`frontend-dev` → dev), else @p stageName without
     * the service and a `-stage` suffix.
     */
    static QString environmentOf(const QStringList& paths, const QStringList& appNames,
                                 const QString& service, const QString& stageName);
};

} // namespace fd::core

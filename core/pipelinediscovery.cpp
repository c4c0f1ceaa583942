#include "pipelinediscovery.h"

#include "argocdapps.h"
#include "freightdeskconfig.h"
#include "layoutinference.h"
#include "manifestscan.h"
#include "repositoryfiles.h"

namespace fd::core {

namespace {

/** Names, on each target and its stage, the Argo CD applications that deploy the target's file. */
void attachApplications(Pipeline& pipeline, const ArgoCDApps& apps) {
    for (PipelineStage& stage : pipeline.stages) {
        for (PipelineTarget& target : stage.targets) {
            for (const ArgoCDApplication& app : apps.applicationsReading(target.file)) {
                if (!target.argocdApps.contains(app.name))
                    target.argocdApps.append(app.name);
                if (!stage.argocdApps.contains(app.name))
                    stage.argocdApps.append(app.name);
            }
        }
    }
}

} // namespace

Result<Pipeline> PipelineDiscovery::discover(const RepositoryFiles& files,
                                             const DiscoveryOptions& options) {
    const ManifestScan scan = ManifestScan::read(files);
    const QString configName = QString::fromLatin1(FreightdeskConfig::FileName);
    Pipeline pipeline;
    if (files.paths().contains(configName)) {
        auto bytes = files.read(configName);
        if (!bytes)
            return std::move(bytes).error();
        auto configured = FreightdeskConfig::read(*bytes, configName, options.project);
        if (!configured)
            return std::move(configured).error();
        pipeline = std::move(*configured);
    } else {
        pipeline = LayoutInference::infer(files, options.project);
        for (PipelineStage& stage : pipeline.stages) {
            for (PipelineTarget& target : stage.targets)
                target.branch = options.branch;
        }
    }
    const ArgoCDApps apps = ArgoCDApps::read(scan, files, options.repositoryUrls);
    attachApplications(pipeline, apps);
    pipeline.findings = scan.findings() + apps.findings() + pipeline.findings;
    return pipeline;
}

} // namespace fd::core

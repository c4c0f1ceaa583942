#include "pipelinediscovery.h"

#include "argocdapps.h"
#include "freightdeskconfig.h"
#include "kargomanifests.h"
#include "kargopipeline.h"
#include "layoutinference.h"
#include "manifestscan.h"
#include "pipelinelint.h"
#include "repositoryfiles.h"

namespace fd::core {

namespace {

/** Names, on each target and its stage, the Argo CD applications that deploy the target's file. */
void attachApplications(Pipeline& pipeline, const ArgoCDApps& apps, const QString& branch) {
    for (PipelineStage& stage : pipeline.stages) {
        for (PipelineTarget& target : stage.targets) {
            for (const QString& app : applicationsDeploying(apps, target, branch)) {
                if (!target.argocdApps.contains(app))
                    target.argocdApps.append(app);
                if (!stage.argocdApps.contains(app))
                    stage.argocdApps.append(app);
            }
        }
    }
}

/**
 * With Kargo manifests, freightdesk.yaml adds what Kargo has no field for: approvals and soak
 * times per environment. Its services are not used; a note says so.
 */
void applyConfiguredPolicies(Pipeline& pipeline, const QByteArray& config) {
    const QString fileName = QString::fromLatin1(FreightdeskConfig::FileName);
    const auto policies =
        FreightdeskConfig::environmentPolicies(config, fileName, pipeline.findings);
    for (PipelineStage& stage : pipeline.stages) {
        for (const auto& [environment, policy] : policies) {
            if (environment != stage.environment)
                continue;
            stage.policy.requiredApprovals =
                std::max(stage.policy.requiredApprovals, policy.requiredApprovals);
            stage.policy.soakTime = std::max(stage.policy.soakTime, policy.soakTime);
            if (policy.requiredApprovals > 0 && stage.policy.location.isEmpty())
                stage.policy.location = policy.location;
        }
    }
    pipeline.findings.append(
        {Finding::Severity::Note, QStringLiteral("kargo-and-freightdesk-yaml"),
         QStringLiteral("the pipeline comes from the Kargo manifests; freightdesk.yaml adds only "
                        "its approvals and soak times per environment"),
         fileName});
}

} // namespace

Result<Pipeline> PipelineDiscovery::discover(const RepositoryFiles& files,
                                             const DiscoveryOptions& options) {
    return discover(ManifestScan::read(files), files, options, {});
}

Result<Pipeline>
PipelineDiscovery::discover(const ManifestScan& scan, const RepositoryFiles& files,
                            const DiscoveryOptions& options,
                            const std::function<QString(const PipelineTarget&)>& repositoryOf) {
    const QString defaultBranch =
        options.branch.isEmpty() ? QStringLiteral("main") : options.branch;
    const ArgoCDApps apps = ArgoCDApps::read(scan, files, options.repositoryUrls);
    const KargoManifests kargo = KargoManifests::read(scan);
    const QString configName = QString::fromLatin1(FreightdeskConfig::FileName);
    const bool hasConfig = files.contains(configName);
    QByteArray config;
    if (hasConfig) {
        auto bytes = files.read(configName);
        if (!bytes)
            return std::move(bytes).error();
        config = *bytes;
    }

    Pipeline pipeline;
    if (!kargo.stages().isEmpty()) {
        pipeline = KargoPipeline::build(kargo, apps, files, options.repositoryUrls, defaultBranch);
        if (hasConfig)
            applyConfiguredPolicies(pipeline, config);
    } else if (hasConfig) {
        auto configured = FreightdeskConfig::read(config, configName, options.project);
        if (!configured)
            return std::move(configured).error();
        pipeline = std::move(*configured);
        attachApplications(pipeline, apps, defaultBranch);
    } else {
        pipeline = LayoutInference::infer(files, options.project);
        for (PipelineStage& stage : pipeline.stages) {
            for (PipelineTarget& target : stage.targets)
                target.branch = options.branch;
        }
        attachApplications(pipeline, apps, defaultBranch);
    }
    lintPipeline(pipeline, apps, files, defaultBranch, repositoryOf);
    pipeline.findings = scan.findings() + apps.findings() + pipeline.findings;
    return pipeline;
}

} // namespace fd::core

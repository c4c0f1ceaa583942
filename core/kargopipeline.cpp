#include "kargopipeline.h"

#include "argocdapps.h"
#include "kargomanifests.h"
#include "pipelinelint.h"
#include "promotionplanner.h"
#include "remoteurl.h"
#include "repositoryfiles.h"

#include <QSet>

namespace fd::core {

namespace {

const QStringList EnvironmentFolders{QStringLiteral("env"),          QStringLiteral("envs"),
                                     QStringLiteral("environments"), QStringLiteral("stages"),
                                     QStringLiteral("overlays"),     QStringLiteral("clusters")};

QString describe(const WarehouseSubscription& subscription) {
    switch (subscription.kind) {
    case WarehouseSubscription::Kind::Image:
        return QStringLiteral("image %1 (%2)")
            .arg(subscription.repoURL, subscription.selectionStrategy.isEmpty()
                                           ? QStringLiteral("SemVer")
                                           : subscription.selectionStrategy);
    case WarehouseSubscription::Kind::Git:
        return QStringLiteral("git %1%2")
            .arg(subscription.repoURL, subscription.branch.isEmpty()
                                           ? QString()
                                           : QLatin1Char(' ') + subscription.branch);
    case WarehouseSubscription::Kind::Chart:
        break;
    }
    return QStringLiteral("chart %1%2")
        .arg(subscription.repoURL, subscription.chartName.isEmpty()
                                       ? QString()
                                       : QLatin1Char(' ') + subscription.chartName);
}

PipelineService serviceOf(const KargoWarehouse& warehouse) {
    PipelineService service{
        warehouse.name, {}, {}, warehouse.position.toString(), warehouse.subscriptions};
    for (const WarehouseSubscription& subscription : warehouse.subscriptions) {
        if (subscription.kind == WarehouseSubscription::Kind::Image &&
            service.imageRepository.isEmpty())
            service.imageRepository = subscription.repoURL;
        service.subscriptions.append(describe(subscription));
    }
    return service;
}

/** Decides whether a target's repository is the one discovery reads. */
class ThisRepository final {
public:
    ThisRepository(const RepositoryFiles& files, const QStringList& urls)
        : m_files(files) {
        for (const QString& url : urls) {
            if (auto parsed = RemoteUrl::parse(url))
                m_identities.insert(parsed->repositoryIdentity());
        }
    }

    /** By URL when the repository's URLs are known and one matches, else by the path existing. */
    bool contains(const QString& repoUrl, const QString& path) const {
        if (auto parsed = RemoteUrl::parse(repoUrl);
            parsed && m_identities.contains(parsed->repositoryIdentity()))
            return true;
        return m_files.contains(path);
    }

private:
    const RepositoryFiles& m_files;
    QSet<QString> m_identities;
};

PipelineTarget targetOf(const PlanTarget& planned, bool inThisRepository) {
    PipelineTarget target;
    switch (planned.kind) {
    case PlanTarget::Kind::YamlKey:
        target.kind = PipelineTarget::Kind::YamlKey;
        target.key = planned.key;
        break;
    case PlanTarget::Kind::KustomizeImage:
        target.kind = PipelineTarget::Kind::KustomizeImage;
        target.image = planned.key;
        break;
    case PlanTarget::Kind::HelmChart:
        target.kind = PipelineTarget::Kind::HelmChart;
        target.key = planned.key;
        break;
    }
    target.repoUrl = inThisRepository ? QString() : planned.repoURL;
    target.branch = planned.branch;
    target.file = planned.path;
    // A value that is only the freight's field reads as in the other sources of a pipeline.
    target.value = planned.value.type() == KargoValue::Type::Deferred
                       ? planned.value.deferred().constFirst().toString()
                       : planned.value.toString();
    target.location = planned.position.toString();
    return target;
}

PromotionMethod methodOf(StagePlan::Delivery delivery) {
    switch (delivery) {
    case StagePlan::Delivery::Push:
        return PromotionMethod::Push;
    case StagePlan::Delivery::GeneratedBranch:
    case StagePlan::Delivery::PullRequest:
        return PromotionMethod::PullRequest;
    case StagePlan::Delivery::None:
        break;
    }
    return PromotionMethod::None;
}

void addApp(QStringList& apps, const QString& name) {
    if (!name.isEmpty() && !apps.contains(name))
        apps.append(name);
}

/**
 * A Stage's `verification`: its analysis templates as HTTP checks where they map onto them;
 * otherwise (another provider, a condition beyond a comparison, a missing template) a person
 * verifies, and a note says why.
 */
StageVerification verificationOf(const KargoStage& stage, const KargoManifests& kargo,
                                 Findings& findings) {
    StageVerification verification;
    for (const QString& name : stage.analysisTemplates) {
        verification.location = stage.position.toString();
        const AnalysisTemplate* analysis = kargo.analysisTemplate(stage.project, name);
        const Result<QList<HttpCheckSpec>> checks =
            analysis
                ? analysis->httpChecks(stage.analysisArgs)
                : Error{Error::Kind::NotFound,
                        QStringLiteral("analysis template %1 is not in the repository").arg(name),
                        stage.position.toString()};
        if (checks) {
            verification.httpChecks.append(*checks);
            continue;
        }
        verification.manual = true;
        findings.append({Finding::Severity::Note, QStringLiteral("manual-verification"),
                         QStringLiteral("Stage %1: %2; freight is verified there by hand")
                             .arg(stage.name, checks.error().message),
                         checks.error().location});
    }
    return verification;
}

PipelineStage stageOf(const KargoStage& kargoStage, const KargoManifests& kargo,
                      const StagePlan& plan, const ArgoCDApps& apps, const ThisRepository& here,
                      const QString& defaultBranch) {
    PipelineStage stage;
    stage.name = kargoStage.name;
    const QStringList warehouses = kargoStage.warehouses();
    stage.service = warehouses.value(0);
    stage.upstream = kargoStage.upstreamStages();
    std::chrono::nanoseconds soak{0};
    for (const FreightRequest& request : kargoStage.requestedFreight) {
        stage.direct = stage.direct || request.direct;
        if (request.stages.size() > 1 && stage.availability.isEmpty())
            stage.availability = request.availabilityStrategy.isEmpty()
                                     ? QStringLiteral("OneOf")
                                     : request.availabilityStrategy;
        if (request.requiredSoakTime)
            soak = std::max(soak, *request.requiredSoakTime);
    }
    stage.color = kargoStage.color;
    stage.location = kargoStage.position.toString();
    stage.policy.autoPromotion = kargo.autoPromotionEnabled(kargoStage);
    stage.policy.soakTime = std::chrono::duration_cast<std::chrono::seconds>(soak);
    if (const PromotionPolicy* policy = kargo.promotionPolicy(kargoStage))
        stage.policy.location = policy->position.toString();
    stage.promotion = methodOf(plan.delivery);
    stage.readOnly = plan.readOnly;
    stage.readOnlyReason = plan.readOnlyReason;

    for (const PlanArgoCDApp& planned : plan.argoCDApps) {
        addApp(stage.argocdApps, planned.name);
        if (planned.selector.isEmpty())
            continue;
        // By label selector: every app carrying all the labels, in the namespace asked for.
        for (const ArgoCDApplication& app : apps.applications()) {
            const bool matches = std::all_of(
                planned.selector.begin(), planned.selector.end(),
                [&](const auto& label) { return app.label(label.first) == label.second; });
            const QString wanted =
                planned.namespaceName.isEmpty() ? QStringLiteral("argocd") : planned.namespaceName;
            if (matches && app.namespaceName == wanted)
                addApp(stage.argocdApps, app.name);
        }
    }
    for (const ArgoCDApplication& app :
         apps.authorizedFor(kargoStage.project + QLatin1Char(':') + kargoStage.name))
        addApp(stage.argocdApps, app.name);
    QStringList paths;
    for (const PlanTarget& planned : plan.targets) {
        PipelineTarget target = targetOf(planned, here.contains(planned.repoURL, planned.path));
        if (target.repoUrl.isEmpty()) {
            for (const QString& app : applicationsDeploying(apps, target, defaultBranch))
                addApp(target.argocdApps, app);
        }
        for (const QString& app : target.argocdApps)
            addApp(stage.argocdApps, app);
        paths.append(target.file);
        stage.targets.append(target);
    }
    stage.environment =
        KargoPipeline::environmentOf(paths, stage.argocdApps, stage.service, stage.name);
    return stage;
}

} // namespace

QString KargoPipeline::environmentOf(const QStringList& paths, const QStringList& appNames,
                                     const QString& service, const QString& stageName) {
    for (const QString& path : paths) {
        const QStringList parts = path.split(QLatin1Char('/'));
        for (qsizetype i = 0; i + 1 < parts.size(); ++i) {
            if (EnvironmentFolders.contains(parts.at(i).toLower()) && i + 2 <= parts.size() - 1)
                return parts.at(i + 1);
        }
    }
    // A warehouse is often named after its service with a suffix ("frontend-warehouse").
    QStringList serviceNames{service};
    if (service.contains(QLatin1Char('-')))
        serviceNames.append(service.section(QLatin1Char('-'), 0, -2));
    const auto strip = [&](QString name) {
        for (const QString& prefix : serviceNames) {
            if (!prefix.isEmpty() && name.startsWith(prefix + QLatin1Char('-'))) {
                name = name.mid(prefix.size() + 1);
                break;
            }
        }
        if (name.endsWith(QLatin1String("-stage")))
            name.chop(6);
        return name;
    };
    for (const QString& app : appNames) {
        const QString environment = strip(app);
        if (environment != app)
            return environment;
    }
    return strip(stageName);
}

Pipeline KargoPipeline::build(const KargoManifests& kargo, const ArgoCDApps& apps,
                              const RepositoryFiles& files, const QStringList& repositoryUrls,
                              const QString& defaultBranch) {
    Pipeline pipeline;
    pipeline.source = Pipeline::Source::Kargo;
    QStringList projects;
    for (const KargoStage& stage : kargo.stages()) {
        if (!projects.contains(stage.project))
            projects.append(stage.project);
    }
    pipeline.project = projects.join(QStringLiteral(", "));
    pipeline.findings = kargo.findings();
    for (const KargoWarehouse& warehouse : kargo.warehouses())
        pipeline.services.append(serviceOf(warehouse));

    const ThisRepository here(files, repositoryUrls);
    const PromotionPlanner planner(kargo);
    for (const KargoStage& kargoStage : kargo.stages()) {
        const StagePlan plan = planner.plan(kargoStage);
        pipeline.findings.append(plan.findings);
        pipeline.stages.append(stageOf(kargoStage, kargo, plan, apps, here, defaultBranch));
        pipeline.stages.last().policy.verification =
            verificationOf(kargoStage, kargo, pipeline.findings);
    }
    // Cycles are reported by KargoManifests with the stages' positions; keep file order then.
    (void)sortStagesByGraph(pipeline.stages);
    return pipeline;
}

} // namespace fd::core

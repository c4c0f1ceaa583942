#include "pipelinelint.h"

#include "argocdapps.h"
#include "imagereference.h"
#include "repositoryfiles.h"
#include "yamlsimplescalar.h"
#include "yamlvalue.h"

#include <QSet>

namespace fd::core {

namespace {

Finding finding(Finding::Severity severity, const char* code, const QString& message,
                const QString& location) {
    return {severity, QString::fromLatin1(code), message, location};
}

void checkAuthorizedStages(Pipeline& pipeline, const ArgoCDApps& apps) {
    if (pipeline.source != Pipeline::Source::Kargo)
        return;
    const QStringList projects = pipeline.project.split(QStringLiteral(", "));
    for (const ArgoCDApplication& app : apps.applications()) {
        for (const QString& authorized : app.authorizedStages) {
            const QString project = authorized.section(QLatin1Char(':'), 0, 0);
            const QString stage = authorized.section(QLatin1Char(':'), 1);
            if (stage.contains(QLatin1Char('*')) || !projects.contains(project) ||
                pipeline.stage(stage))
                continue;
            pipeline.findings.append(finding(
                Finding::Severity::Warning, "unknown-authorized-stage",
                QStringLiteral("Argo CD app '%1' is authorized for Kargo stage '%2', which does "
                               "not exist: Kargo will never update it")
                    .arg(app.name, authorized),
                app.location));
        }
    }
}

void checkReaders(Pipeline& pipeline, const ArgoCDApps& apps, const QString& defaultBranch) {
    if (apps.applications().isEmpty())
        return;
    QSet<QString> written;
    for (const PipelineStage& stage : pipeline.stages) {
        for (const PipelineTarget& target : stage.targets) {
            if (!target.repoUrl.isEmpty())
                continue;
            written.insert(target.file);
            // A read-only stage does more than its targets say (a rendered branch): what it
            // deploys is unknown, and its finding says why already.
            if (stage.readOnly)
                continue;
            if (!applicationsDeploying(apps, target, defaultBranch).isEmpty())
                continue;
            pipeline.findings.append(finding(
                Finding::Severity::Warning, "unread-target",
                QStringLiteral("stage '%1' writes %2, which no Argo CD app of this repository "
                               "reads: the promotion would deploy nothing")
                    .arg(stage.name, target.file),
                target.location.isEmpty() ? stage.location : target.location));
        }
    }
    QSet<QString> reported;
    for (const ArgoCDApplication& app : apps.applications()) {
        for (const ArgoCDSource& source : app.sources) {
            for (const ArgoCDValueFile& file : source.valueFiles) {
                if (!file.inThisRepository || !file.exists || written.contains(file.path) ||
                    reported.contains(file.path))
                    continue;
                reported.insert(file.path);
                pipeline.findings.append(finding(
                    Finding::Severity::Note, "unpromoted-file",
                    QStringLiteral("%1 is deployed by Argo CD app '%2' but no stage promotes "
                                   "it: its version changes only by hand")
                        .arg(file.path, app.name),
                    file.location));
            }
        }
    }
}

void checkPolicies(Pipeline& pipeline) {
    for (const PipelineStage& stage : pipeline.stages) {
        if (!stage.policy.autoPromotion || stage.policy.requiredApprovals <= 0)
            continue;
        pipeline.findings.append(
            finding(Finding::Severity::Error, "auto-promotion-with-approvals",
                    QStringLiteral("stage '%1' promotes automatically although it requires %2 "
                                   "approval(s): approvals could never be given before a promotion")
                        .arg(stage.name)
                        .arg(stage.policy.requiredApprovals),
                    stage.policy.location.isEmpty() ? stage.location : stage.policy.location));
    }
}

} // namespace

QStringList applicationsDeploying(const ArgoCDApps& apps, const PipelineTarget& target,
                                  const QString& defaultBranch) {
    const auto branchOf = [&](const QString& revision) {
        return revision.isEmpty() || revision == u"HEAD" ? defaultBranch : revision;
    };
    const QString written = target.branch.isEmpty() ? defaultBranch : target.branch;
    QStringList names;
    for (const ArgoCDPathUse& use : apps.readersOf(target.file)) {
        const QString& name = apps.applications().at(use.application).name;
        if (branchOf(use.revision) == written && !names.contains(name))
            names.append(name);
    }
    return names;
}

QString repositoryBeside(const PipelineTarget& target, const RepositoryFiles& files) {
    if (target.kind != PipelineTarget::Kind::YamlKey || !target.key.endsWith(QLatin1String("tag")))
        return {};
    auto bytes = files.read(target.file);
    QStringList keys = target.key.split(QLatin1Char('.'));
    if (bytes) {
        // Most values files need no parser (and there is one per stage).
        keys.last() = QStringLiteral("repository");
        const SimpleYamlScalar simple = readSimpleYamlScalar(*bytes, keys.join(QLatin1Char('.')));
        // A null reads as "" here but as written there: let the parser say.
        const bool null =
            simple.value == u"~" || simple.value.compare(u"null", Qt::CaseInsensitive) == 0;
        if (simple.outcome != SimpleYamlScalar::Outcome::NotSimple && !null)
            return simple.value;
    }
    auto documents =
        bytes ? YamlValue::parseAll(*bytes, target.file) : Result<QList<YamlValue>>(bytes.error());
    if (!documents || documents->isEmpty())
        return {};
    YamlValue node = documents->first();
    for (qsizetype i = 0; i + 1 < keys.size(); ++i)
        node = node[keys.at(i)];
    return node["repository"].scalar();
}

Findings imageMismatches(const Pipeline& pipeline,
                         const std::function<QString(const PipelineTarget&)>& repositoryOf) {
    Findings findings;
    for (const PipelineStage& stage : pipeline.stages) {
        const PipelineService* service = pipeline.service(stage.service);
        if (!service || service->imageRepository.isEmpty())
            continue;
        for (const PipelineTarget& target : stage.targets) {
            const QString repository = repositoryOf(target);
            if (repository.isEmpty() || imagePathWithoutRegistry(repository) ==
                                            imagePathWithoutRegistry(service->imageRepository))
                continue;
            findings.append(
                finding(Finding::Severity::Warning, "image-mismatch",
                        QStringLiteral("%1 deploys image %2, but service '%3' promotes tags of %4: "
                                       "the tag would be applied to another image")
                            .arg(target.file, repository, service->name, service->imageRepository),
                        service->location));
        }
    }
    return findings;
}

void lintPipeline(Pipeline& pipeline, const ArgoCDApps& apps, const RepositoryFiles& files,
                  const QString& defaultBranch,
                  const std::function<QString(const PipelineTarget&)>& repositoryOf) {
    checkAuthorizedStages(pipeline, apps);
    checkReaders(pipeline, apps, defaultBranch);
    checkPolicies(pipeline);
    const auto fromFiles = [&files](const PipelineTarget& target) {
        return repositoryBeside(target, files);
    };
    // Last, so that a cache can replace them alone when only values files changed.
    pipeline.findings += repositoryOf ? imageMismatches(pipeline, repositoryOf)
                                      : imageMismatches(pipeline, fromFiles);
}

} // namespace fd::core

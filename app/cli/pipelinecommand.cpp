#include "pipelinecommand.h"

#include "clireporter.h"
#include "pipelinejson.h"
#include "repositoryarguments.h"

#include <QCommandLineParser>

namespace fd::app {

namespace {

const char* const Description =
    R"(Show what Freightdesk understands of a GitOps repository: its services, the stages
each goes through and in which order, the file and key that hold each stage's version,
the Argo CD applications that deploy it, and the promotion policies. Read from Kargo
manifests, else freightdesk.yaml, else the repository's layout.)";

const char* const JsonHelp = "Print the pipeline as JSON.";

QString sourceDescription(const core::Pipeline& pipeline) {
    switch (pipeline.source) {
    case core::Pipeline::Source::Kargo:
        return QStringLiteral("from its Kargo manifests");
    case core::Pipeline::Source::FreightdeskYaml:
        return QStringLiteral("from freightdesk.yaml");
    case core::Pipeline::Source::Inferred:
        break;
    }
    return QStringLiteral("inferred from its layout (see freightdesk-cli lint)");
}

QString targetText(const core::PipelineTarget& target) {
    QString text = target.file;
    switch (target.kind) {
    case core::PipelineTarget::Kind::YamlKey:
        text += QStringLiteral("  ") + target.key;
        break;
    case core::PipelineTarget::Kind::KustomizeImage:
        text += QStringLiteral("  image ") + target.image;
        break;
    case core::PipelineTarget::Kind::HelmChart:
        text += QStringLiteral("  chart ") + target.key;
        break;
    }
    if (!target.branch.isEmpty())
        text += QStringLiteral("  (branch %1)").arg(target.branch);
    if (!target.argocdApps.isEmpty())
        text += QStringLiteral("  -> Argo CD ") + target.argocdApps.join(QStringLiteral(", "));
    return text;
}

QString stageText(const core::PipelineStage& stage) {
    QStringList facts{stage.environment.isEmpty() ? QStringLiteral("?") : stage.environment};
    facts.append(stage.upstream.isEmpty()
                     ? QStringLiteral("from the warehouse")
                     : QStringLiteral("after ") + stage.upstream.join(QStringLiteral(", ")));
    if (stage.direct && !stage.upstream.isEmpty())
        facts.append(QStringLiteral("and the warehouse"));
    if (stage.policy.autoPromotion)
        facts.append(QStringLiteral("auto-promotion"));
    if (stage.policy.requiredApprovals > 0)
        facts.append(QStringLiteral("%1 approval(s)").arg(stage.policy.requiredApprovals));
    if (stage.promotion == core::PromotionMethod::PullRequest)
        facts.append(QStringLiteral("by pull request"));
    if (stage.readOnly)
        facts.append(QStringLiteral("read-only: ") + stage.readOnlyReason);
    QString text = QStringLiteral("  %1  [%2]\n").arg(stage.name, facts.join(QStringLiteral("; ")));
    for (const core::PipelineTarget& target : stage.targets)
        text += QStringLiteral("      ") + targetText(target) + QLatin1Char('\n');
    const bool appsShown = std::any_of(stage.targets.begin(), stage.targets.end(),
                                       [](const auto& t) { return !t.argocdApps.isEmpty(); });
    if (!appsShown && !stage.argocdApps.isEmpty())
        text += QStringLiteral("      Argo CD ") + stage.argocdApps.join(QStringLiteral(", ")) +
                QLatin1Char('\n');
    return text;
}

QString pipelineText(const core::RepositorySnapshot& snapshot) {
    const core::Pipeline& pipeline = snapshot.pipeline();
    QString text =
        QStringLiteral("Pipeline of %1, %2\n").arg(pipeline.project, sourceDescription(pipeline));
    for (const core::PipelineService& service : pipeline.services) {
        text += QStringLiteral("\n%1%2\n")
                    .arg(service.name,
                         service.imageRepository.isEmpty()
                             ? QString()
                             : QStringLiteral("  (image %1)").arg(service.imageRepository));
        for (const core::PipelineStage* stage : pipeline.stagesOf(service.name))
            text += stageText(*stage);
    }
    int errors = 0, warnings = 0;
    for (const core::Finding& finding : pipeline.findings) {
        errors += finding.severity == core::Finding::Severity::Error;
        warnings += finding.severity == core::Finding::Severity::Warning;
    }
    if (errors + warnings > 0)
        text += QStringLiteral("\n%1 error(s), %2 warning(s): freightdesk-cli lint for details\n")
                    .arg(errors)
                    .arg(warnings);
    return text;
}

} // namespace

int PipelineCommand::run(const QStringList& arguments) {
    QCommandLineParser parser;
    if (const auto done = RepositoryArguments::parse(parser, QString::fromUtf8(Description),
                                                     QString::fromUtf8(JsonHelp), arguments,
                                                     QStringLiteral("pipeline")))
        return *done;
    const CliReporter reporter(parser.isSet(QStringLiteral("json")));
    auto snapshot = RepositoryArguments::load(parser, false);
    if (!snapshot)
        return reporter.failure(snapshot.error());
    QJsonObject json = core::pipelineToJson(snapshot->pipeline());
    json.insert(QStringLiteral("commit"), snapshot->tip());
    return reporter.success(json, pipelineText(*snapshot));
}

} // namespace fd::app

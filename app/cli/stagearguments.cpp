#include "stagearguments.h"

namespace fd::app {

QList<QCommandLineOption> StageArguments::options() {
    return {
        {QStringLiteral("service"), QStringLiteral("The service."), QStringLiteral("NAME")},
        {QStringLiteral("stage"),
         QStringLiteral("The stage, by name (frontend-prod) or environment (prod)."),
         QStringLiteral("STAGE")},
        {QStringLiteral("freight"),
         QStringLiteral("The freight: its ID (or 7+ characters of it), alias, or a tag or version "
                        "that names only one."),
         QStringLiteral("REF")},
    };
}

core::Result<const core::PipelineStage*> StageArguments::resolve(const core::Pipeline& pipeline,
                                                                 const QCommandLineParser& parser) {
    return resolve(pipeline, parser.value(QStringLiteral("service")),
                   parser.value(QStringLiteral("stage")));
}

bool StageArguments::matches(const core::PipelineStage& candidate, const QString& stage) {
    return candidate.name == stage || candidate.environment == stage;
}

core::Result<const core::PipelineStage*> StageArguments::resolve(const core::Pipeline& pipeline,
                                                                 const QString& service,
                                                                 const QString& stage) {
    if (!pipeline.service(service)) {
        QStringList names;
        for (const core::PipelineService& each : pipeline.services)
            names.append(each.name);
        return core::Error{core::Error::Kind::NotFound,
                           QStringLiteral("no service \"%1\" (there are: %2)")
                               .arg(service, names.join(QStringLiteral(", "))),
                           {}};
    }
    const QList<const core::PipelineStage*> stages = pipeline.stagesOf(service);
    for (const core::PipelineStage* candidate : stages) {
        if (matches(*candidate, stage))
            return candidate;
    }
    QStringList names;
    for (const core::PipelineStage* each : stages)
        names.append(QStringLiteral("%1 (%2)").arg(each->name, each->environment));
    return core::Error{core::Error::Kind::NotFound,
                       QStringLiteral("service %1 has no stage \"%2\" (it has: %3)")
                           .arg(service, stage, names.join(QStringLiteral(", "))),
                       {}};
}

} // namespace fd::app

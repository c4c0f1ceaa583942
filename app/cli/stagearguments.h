#pragma once

#include "pipeline.h"
#include "result.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>

namespace fd::app {

/** How commands name a stage: by its name, or by its environment within a service. */
class StageArguments final {
public:
    /** --service, --stage and --freight, as the commands about one freight in one stage take them. */
    static QList<QCommandLineOption> options();
    /**
     * The stage of @p service named @p stage ("frontend-prod") or in environment @p stage
     * ("prod"). Errors list the service's stages, or the services when @p service is unknown.
     */
    static core::Result<const core::PipelineStage*>
    resolve(const core::Pipeline& pipeline, const QString& service, const QString& stage);
    /** resolve() with the --service and --stage of @p parser. */
    static core::Result<const core::PipelineStage*> resolve(const core::Pipeline& pipeline,
                                                            const QCommandLineParser& parser);
    /** Whether @p candidate is what a --stage filter of @p stage means. */
    static bool matches(const core::PipelineStage& candidate, const QString& stage);
};

} // namespace fd::app

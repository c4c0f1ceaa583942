#pragma once

#include "pipeline.h"
#include "registryoverrides.h"
#include "result.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>

namespace fd::app {

/** The registry options of the commands that discover freight: mirrors and plain HTTP. */
class RegistryArguments final {
public:
    /** --registry-mirror HOST=URL and --insecure-registry HOST (both repeatable). */
    static QList<QCommandLineOption> options();
    /** The overrides, or a usage error's message. */
    static core::Result<core::RegistryOverrides> overrides(const QCommandLineParser& parser);
    /** Plain HTTP and mirrors are opt-in: says on stderr where they are in effect. */
    static void noteEndpoints(const QList<core::PipelineService>& services,
                              const core::RegistryOverrides& overrides);
};

} // namespace fd::app

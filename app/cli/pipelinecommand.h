#pragma once

#include <QStringList>

namespace fd::app {

/** `freightdesk-cli pipeline`: the services, stages, graph, targets and apps of a repository. */
class PipelineCommand final {
public:
    static int run(const QStringList& arguments);
};

} // namespace fd::app

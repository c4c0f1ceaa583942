#pragma once

#include "pipeline.h"
#include "result.h"

#include <QByteArray>
#include <QString>

namespace fd::core {

/**
 * Reads `freightdesk.yaml` (docs/freightdesk-yaml.md) into a Pipeline: one stage per
 * (service, environment), named `<service>-<environment>`, ordered by the environment graph.
 * Problems with one entry (a missing file, an unknown upstream, an unknown key) are findings and
 * the rest is still read; a file that is not valid YAML, has no environments, or whose
 * environments form a cycle is an error.
 */
class FreightdeskConfig final {
public:
    static constexpr const char* FileName = "freightdesk.yaml";

    static Result<Pipeline> read(const QByteArray& bytes, const QString& fileName,
                                 const QString& defaultProject);
    /**
     * The policies of each environment (before any service's overrides), for repositories whose
     * stages come from Kargo: freightdesk.yaml adds the approvals and soak times Kargo has no
     * field for. Problems are findings, as in read().
     */
    static QList<std::pair<QString, PipelinePolicy>>
    environmentPolicies(const QByteArray& bytes, const QString& fileName, Findings& findings);
};

} // namespace fd::core

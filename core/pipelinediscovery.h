#pragma once

#include "pipeline.h"
#include "result.h"

#include <QString>
#include <QStringList>

#include <functional>

namespace fd::core {

class ManifestScan;
class RepositoryFiles;

struct DiscoveryOptions final {
    /** The project name when the repository does not say one (Kargo namespace, freightdesk.yaml). */
    QString project;
    /** The URLs the repository is known by (its remote), to recognise Argo CD sources of it. */
    QStringList repositoryUrls;
    /** The branch the files were read from: the branch stage targets write by default. */
    QString branch;
};

/**
 * Learns a repository's pipeline from its files, from the first source that exists: Kargo
 * manifests, then freightdesk.yaml at the root, then the layout. Argo CD Applications (and
 * ApplicationSets) tell which apps deploy each target. The findings of every step are kept in
 * the pipeline: the lint report.
 */
class PipelineDiscovery final {
public:
    static Result<Pipeline> discover(const RepositoryFiles& files, const DiscoveryOptions& options);
    /**
     * The same from a scan of @p files already made, with lint's repositoryBeside() answered by
     * @p repositoryOf (empty: read from @p files): a cache records both apart.
     */
    static Result<Pipeline>
    discover(const ManifestScan& scan, const RepositoryFiles& files,
             const DiscoveryOptions& options,
             const std::function<QString(const PipelineTarget&)>& repositoryOf);
};

} // namespace fd::core

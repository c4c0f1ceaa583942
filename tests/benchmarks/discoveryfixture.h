#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <utility>

namespace fd::bench {

/** Where the generated repository's pipeline is written down. */
enum class PipelineSource {
    Kargo,          // kargo/<service>.yaml: a Warehouse, a PromotionTask and a Stage per stage
    FreightdeskYaml // freightdesk.yaml at the root
};

QString sourceName(PipelineSource source);

/**
 * The files that make fixturerepo's values files (env/<stage>/<service>/<service>-values.yaml,
 * image.tag) a pipeline discovery understands: one Argo CD Application per (service, stage)
 * under argocd/<stage>/ reading the values file from @p repositoryUrl (chart charts/<service>),
 * plus either Kargo manifests or freightdesk.yaml. The stages form a chain except the last,
 * which fans out from the one before its upstream (prod and prod-eu both after preprod).
 * Stage names are "<service>-<stage>" in both variants.
 */
QList<std::pair<QByteArray, QByteArray>> pipelineFiles(PipelineSource source,
                                                       const QStringList& services,
                                                       const QStringList& stages,
                                                       const QByteArray& repositoryUrl);

/** "service-0000", "service-0001", ...: the names fixturerepo gives its services. */
QStringList serviceNames(int count);

} // namespace fd::bench

#include "registryarguments.h"

#include "clireporter.h"
#include "imagereference.h"

#include <QSet>

namespace fd::app {

QList<QCommandLineOption> RegistryArguments::options() {
    return {
        {QStringLiteral("registry-mirror"),
         QStringLiteral("Send a registry's requests to a mirror, e.g. "
                        "docker.io=https://mirror.example.com (repeatable)."),
         QStringLiteral("HOST=URL")},
        {QStringLiteral("insecure-registry"),
         QStringLiteral("Allow plain HTTP for this registry host (repeatable; off by default)."),
         QStringLiteral("HOST")},
    };
}

core::Result<core::RegistryOverrides>
RegistryArguments::overrides(const QCommandLineParser& parser) {
    core::RegistryOverrides overrides;
    for (const QString& mirror : parser.values(QStringLiteral("registry-mirror"))) {
        if (auto added = overrides.addMirror(mirror); !added)
            return std::move(added).error();
    }
    for (const QString& host : parser.values(QStringLiteral("insecure-registry")))
        overrides.setInsecure(host);
    return overrides;
}

void RegistryArguments::noteEndpoints(const QList<core::PipelineService>& services,
                                      const core::RegistryOverrides& overrides) {
    QSet<QString> noted;
    for (const core::PipelineService& service : services) {
        for (const core::WarehouseSubscription& subscription : service.warehouseSubscriptions) {
            const auto image = core::ImageReference::parse(subscription.repoURL);
            if (subscription.kind != core::WarehouseSubscription::Kind::Image || !image ||
                noted.contains(image->registry))
                continue;
            noted.insert(image->registry);
            const core::RegistryEndpoint endpoint =
                overrides.endpoint(image->registry, image->apiHost());
            if (endpoint.mirrored || endpoint.plainHttp)
                CliReporter::printErr(QStringLiteral("note: %1 is read from %2%3")
                                          .arg(image->registry, endpoint.base.toString(),
                                               endpoint.plainHttp
                                                   ? QStringLiteral(" over plain HTTP, unencrypted")
                                                   : QString()));
        }
    }
}

} // namespace fd::app

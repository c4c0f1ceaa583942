#pragma once

#include "helmrepositoryclient.h"
#include "kargomodel.h"
#include "registryclient.h"

#include <QObject>

namespace fd::core {

/**
 * The versions a Warehouse's chart subscription offers, best first, at most `discoveryLimit`, as
 * Kargo selects them (SemVer with `semverConstraint`, Helm's lenient reading): from a classic
 * repository's index (`repoURL` + `name`) or from an OCI repository, named by its full path
 * (`oci://host/path/chart`, no `name`), whose tags spell a version's `+` as `_` as Helm pushes them.
 */
class ChartVersionDiscovery final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChartVersionDiscovery)

public:
    using Done = std::function<void(Result<QStringList>)>;

    ChartVersionDiscovery(HelmRepositoryClient* helm, RegistryClient* registry,
                          QObject* parent = nullptr);

    /** @p done runs once, later, unless @p context is deleted first. */
    void discover(const WarehouseSubscription& subscription, QObject* context, Done done);

private:
    static Result<QStringList> select(const WarehouseSubscription& subscription,
                                      const QStringList& versions);

    HelmRepositoryClient* m_helm;
    RegistryClient* m_registry;
};

} // namespace fd::core

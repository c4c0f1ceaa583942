#pragma once

#include "error.h"
#include "freight.h"
#include "gitrepository.h"
#include "pipeline.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>
#include <QThreadPool>

#include <functional>
#include <memory>

namespace fd::core {

class ChartVersionDiscovery;
class HelmRepositoryClient;
class ImageDiscovery;
class RegistryClient;

/** What discovery found for one service; a failed subscription fails its service alone. */
struct ServiceFreight final {
    QString service;
    /** Best first (the order of the subscriptions' selection). */
    QList<Freight> freight;
    /** Failures: each names the registry or repository and the image, chart or file. */
    QList<Error> problems;
    /** Why there is no freight without anything having failed (nothing passes the selection). */
    QList<Error> notes;
};

/**
 * Turns every service's subscriptions into freight, the way Kargo's Warehouses do:
 * - a service with one subscription (nearly all of them) gets one freight per version found;
 * - a service with several gets the freight Kargo creates automatically: the newest version of
 *   each. Older combinations are the ones FreightStore kept from earlier discoveries.
 * Images and charts are read asynchronously on this thread; Git subscriptions, which block on
 * the Git engine, on pool threads. Services are discovered in parallel.
 */
class FreightDiscovery final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FreightDiscovery)

public:
    using Done = std::function<void(QList<ServiceFreight>)>;

    FreightDiscovery(RegistryClient* registry, HelmRepositoryClient* helm, GitRepositoryOptions git,
                     QObject* parent = nullptr);
    ~FreightDiscovery() override;

    /** Stamps discoveredAt; the system clock when not set. */
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }

    /** @p done runs once, later, with one entry per service in order, unless @p context died. */
    void discover(const QList<PipelineService>& services, QObject* context, Done done);

private:
    struct Run;
    using Artifacts = Result<QList<FreightArtifact>>;

    void discoverSubscription(const WarehouseSubscription& subscription,
                              std::function<void(Artifacts)> done);
    static ServiceFreight assemble(const PipelineService& service, const QList<Artifacts>& found,
                                   const QDateTime& now);

    RegistryClient* m_registry;
    GitRepositoryOptions m_git;
    ImageDiscovery* m_images;
    ChartVersionDiscovery* m_charts;
    std::function<QDateTime()> m_clock;
    // Git fetches run here, not on the global pool: the destructor waits for them, so none
    // outlives the discovery, and their threads' libgit2 state is gone with them.
    QThreadPool m_gitThreads;
};

} // namespace fd::core

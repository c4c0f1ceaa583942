#include "freightfeed.h"

#include "freightdiscovery.h"
#include "freightrefresher.h"
#include "helmrepositoryclient.h"
#include "registryclient.h"
#include "repositorystate.h"

namespace fd::ui {

FreightFeed::FreightFeed(const core::RepositoryLoaderOptions& options, QObject* parent)
    : QObject(parent)
    , m_options(options) {}

FreightFeed::~FreightFeed() = default;

void FreightFeed::follow(const core::RepositoryState& state) {
    if (!m_options.discoverFreight)
        return;
    if (!m_refresher) {
        core::RegistryClientOptions registry;
        registry.overrides = m_options.registries;
        if (!m_options.snapshot.git.useKeychain)
            registry.credentials = {};
        m_registry = std::make_unique<core::RegistryClient>(&m_network, std::move(registry));
        m_helm = std::make_unique<core::HelmRepositoryClient>(&m_network, core::HelmIndexCache());
        m_discovery = std::make_unique<core::FreightDiscovery>(m_registry.get(), m_helm.get(),
                                                               m_options.snapshot.git);
        m_refresher = std::make_unique<core::FreightRefresher>(
            m_discovery.get(),
            core::FreightStore::pathFor(state.source, state.branch, m_options.freightDirectory));
        m_refresher->setInterval(m_options.freightInterval);
        connect(m_refresher.get(), &core::FreightRefresher::refreshed, this,
                [this](const QList<core::ServiceFreight>& found) {
                    QList<core::Error> problems;
                    for (const core::ServiceFreight& service : found)
                        problems.append(service.problems);
                    Q_EMIT discovered(m_refresher->store().freight(), problems);
                });
        m_refresher->setServices(state.pipeline.services);
        m_refresher->start();
        return;
    }
    m_refresher->setServices(state.pipeline.services);
}

void FreightFeed::refresh() {
    if (m_refresher)
        m_refresher->refresh();
}

bool FreightFeed::isRefreshing() const {
    return m_refresher && m_refresher->isRefreshing();
}

} // namespace fd::ui

#pragma once

#include "error.h"
#include "freight.h"
#include "repositoryloader.h"

#include <QList>
#include <QNetworkAccessManager>
#include <QObject>

#include <memory>

namespace fd::core {
class FreightDiscovery;
class FreightRefresher;
class HelmRepositoryClient;
class RegistryClient;
struct RepositoryState;
} // namespace fd::core

namespace fd::ui {

/**
 * A tab's freight: the store the CLI and the app share, kept fresh by discovery against the
 * registries, chart repositories and Git subscriptions of the repository's services (a
 * FreightRefresher: on an interval and when asked), all off the GUI thread.
 */
class FreightFeed final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FreightFeed)

public:
    explicit FreightFeed(const core::RepositoryLoaderOptions& options, QObject* parent = nullptr);
    ~FreightFeed() override;

    /** Follows @p state's services: the first call starts discovery, later ones update them. */
    void follow(const core::RepositoryState& state);
    /** Discovers now (or right after the discovery under way). */
    void refresh();
    bool isRefreshing() const;

Q_SIGNALS:
    /** A discovery was merged: every service's freight, newest first, and what failed. */
    void discovered(const QList<fd::core::Freight>& freight,
                    const QList<fd::core::Error>& problems);

private:
    core::RepositoryLoaderOptions m_options;
    QNetworkAccessManager m_network;
    std::unique_ptr<core::RegistryClient> m_registry;
    std::unique_ptr<core::HelmRepositoryClient> m_helm;
    std::unique_ptr<core::FreightDiscovery> m_discovery;
    std::unique_ptr<core::FreightRefresher> m_refresher; // last: it uses the discovery
};

} // namespace fd::ui

#pragma once

#include "freightdiscovery.h"
#include "freightstore.h"
#include "pipeline.h"

#include <QObject>
#include <QTimer>

#include <chrono>

namespace fd::core {

/**
 * Keeps a repository's freight fresh for the app: it starts with what the store on disk knew
 * (read off the GUI thread), discovers again on an interval and on demand, merges each discovery
 * into the store and writes it back, again off the GUI thread. A refresh asked for while one runs
 * is run once after it, not in parallel.
 */
class FreightRefresher final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FreightRefresher)

public:
    /** Kargo's default Warehouse interval. */
    static constexpr std::chrono::minutes defaultInterval{5};

    FreightRefresher(FreightDiscovery* discovery, QString storePath, QObject* parent = nullptr);
    ~FreightRefresher() override;

    void setServices(QList<PipelineService> services) { m_services = std::move(services); }
    /** 0: only refresh() discovers (the caller decides when). */
    void setInterval(std::chrono::milliseconds interval) { m_timer.setInterval(interval); }

    /** Reads the store, then refreshes now and on every interval. */
    void start();
    void stop();
    /** Discovers now (or right after the discovery under way). */
    void refresh();

    bool isRefreshing() const { return m_refreshing; }
    /** What is known now: the store as last loaded or merged. */
    const FreightStore& store() const { return m_store; }

Q_SIGNALS:
    /** The store on disk has been read: the app can show what it knew. */
    void loaded();
    void refreshStarted();
    /** A discovery was merged into store(); @p found says per service what it found and why not. */
    void refreshed(const QList<fd::core::ServiceFreight>& found);

private:
    void onDiscovered(QList<ServiceFreight> found);
    void save();

    FreightDiscovery* m_discovery;
    QString m_storePath;
    FreightStore m_store;
    QList<PipelineService> m_services;
    QTimer m_timer;
    bool m_loaded = false;
    bool m_refreshing = false;
    bool m_again = false;
    bool m_saving = false;
    bool m_saveAgain = false;
};

} // namespace fd::core

#include "freightrefresher.h"

#include "offthread.h"

namespace fd::core {

FreightRefresher::FreightRefresher(FreightDiscovery* discovery, QString storePath, QObject* parent)
    : QObject(parent)
    , m_discovery(discovery)
    , m_storePath(std::move(storePath)) {
    m_timer.setInterval(defaultInterval);
    connect(&m_timer, &QTimer::timeout, this, &FreightRefresher::refresh);
}

FreightRefresher::~FreightRefresher() = default;

void FreightRefresher::start() {
    if (m_loaded) {
        if (m_timer.interval() > 0)
            m_timer.start();
        return refresh();
    }
    offThread(
        this, [path = m_storePath] { return FreightStore::open(path); },
        [this](FreightStore store) {
            m_store = std::move(store);
            m_loaded = true;
            Q_EMIT loaded();
            if (m_timer.interval() > 0)
                m_timer.start();
            refresh();
        });
}

void FreightRefresher::stop() {
    m_timer.stop();
    m_again = false;
}

void FreightRefresher::refresh() {
    if (!m_loaded)
        return;
    if (m_refreshing) {
        m_again = true;
        return;
    }
    m_refreshing = true;
    Q_EMIT refreshStarted();
    m_discovery->discover(m_services, this,
                          [this](QList<ServiceFreight> found) { onDiscovered(std::move(found)); });
}

void FreightRefresher::onDiscovered(QList<ServiceFreight> found) {
    m_store.merge(found, QDateTime::currentDateTimeUtc());
    save();
    m_refreshing = false;
    Q_EMIT refreshed(found);
    if (m_again) {
        m_again = false;
        refresh();
    }
}

// Off this thread, one write at a time so that an older copy never lands after a newer one. Best
// effort: a cache that cannot be written only costs the next start its head start.
void FreightRefresher::save() {
    if (m_saving) {
        m_saveAgain = true;
        return;
    }
    m_saving = true;
    offThread(
        this, [store = m_store] { return store.save(); },
        [this](const Result<void>&) {
            m_saving = false;
            if (m_saveAgain) {
                m_saveAgain = false;
                save();
            }
        });
}

} // namespace fd::core

#pragma once

#include "autopromotion.h"
#include "error.h"
#include "freightrefresher.h"
#include "promotionevent.h"
#include "promotionqueue.h"
#include "promotionrun.h"
#include "repositorysnapshot.h"

#include <QList>
#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>

#include <chrono>
#include <memory>
#include <optional>

class QNetworkAccessManager;

namespace fd::core {

class ArgoCdClient;
class FreightDiscovery;
class GitRepository;

struct PromotionWatchOptions final {
    /** The repository as RepositorySnapshot::load takes it (URL or local clone). */
    QString source;
    SnapshotOptions snapshot;
    /** Where the freight found is kept; empty: FreightStore::pathFor(the source, the branch). */
    QString freightStorePath;
    /** How often it looks again (Kargo's Warehouse default); it also looks after each run. */
    std::chrono::milliseconds interval{std::chrono::minutes(5)};
    /** Per promotion and verification, as PromotionRunRequest::timeout. */
    std::chrono::seconds timeout = PromotionHealth::defaultTimeout;
    /** Its gitPool is where all of the watch's Git work runs, one task at a time. */
    PromotionRunOptions run;
};

/**
 * Freightdesk unattended (`freightdesk-cli watch`): each cycle loads the branch tip's pipeline
 * and versions and the promotion log (off this thread, on the runs' serial Git worker), discovers
 * freight, lets AutoPromotion decide, and starts a PromotionRun per stage that should promote or
 * verify, through a PromotionQueue so that nothing races on a stage. A cycle runs on start, on
 * every interval and once the runs it started have ended (so staging follows dev's verification
 * at once). A decision whose run ended with no recorded outcome (an error, an abort before the
 * push) is not taken again until the next interval, so a broken setup does not loop.
 */
class PromotionWatch final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PromotionWatch)

public:
    /** @p argocd may be null when no stage has apps; @p network serves the HTTP checks. */
    PromotionWatch(GitRepository& repository, FreightDiscovery* discovery, ArgoCdClient* argocd,
                   QNetworkAccessManager* network, PromotionWatchOptions options,
                   QObject* parent = nullptr);
    ~PromotionWatch() override;

    void start();
    /** No further cycles; runs under way go on (abortRuns() stops them). */
    void stop();
    void abortRuns(const QString& reason);
    /** No cycle and no run under way. */
    bool isIdle() const;

Q_SIGNALS:
    void cycleStarted();
    /** Every stage's decision, with the promotions and verifications this cycle started. */
    void cycleFinished(const QList<fd::core::StageDecision>& decisions);
    /** The cycle could not look (the repository, the log) or a service's discovery failed. */
    void problem(const fd::core::Error& error);
    void runStarted(fd::core::PromotionRun* run, const fd::core::StageDecision& decision);
    void runEnded(fd::core::PromotionRun* run);
    /** A cycle started nothing and nothing runs: all that can be done now is done. */
    void idle();

private:
    struct Loaded final {
        Result<RepositorySnapshot> snapshot;
        Result<PromotionLogContents> log;
    };

    void cycle();
    void onLoaded(Loaded loaded);
    void onFreight(const QList<ServiceFreight>& found);
    void decide();
    bool launch(StageDecision& decision, const PromotionRules& rules, const QDateTime& now);
    void onRunEnded(PromotionRun* run);
    void endCycle(int started);

    GitRepository& m_repository;
    ArgoCdClient* m_argocd;
    QNetworkAccessManager* m_network;
    PromotionWatchOptions m_options;
    FreightDiscovery* m_discovery;
    std::unique_ptr<FreightRefresher> m_refresher; // made once the first load names the source
    PromotionQueue m_queue;
    QTimer m_timer;
    bool m_running = false;
    bool m_cycling = false;
    bool m_waitingForFreight = false;
    bool m_again = false;
    std::optional<RepositorySnapshot> m_snapshot;
    QList<PromotionEvent> m_events;
    QHash<PromotionRun*, QString> m_active; // run → its decision's key
    QSet<QString> m_tried;                  // keys whose run ended with nothing recorded
};

} // namespace fd::core

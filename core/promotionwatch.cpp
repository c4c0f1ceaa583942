#include "promotionwatch.h"

#include "freightstages.h"
#include "offthread.h"
#include "promotionlog.h"
#include "promotionrequest.h"
#include "promotionrules.h"
#include "verificationsteps.h"

namespace fd::core {

namespace {

QString keyOf(const StageDecision& decision) {
    return QStringLiteral("%1|%2|%3")
        .arg(int(decision.action))
        .arg(decision.stage, decision.freight.id);
}

StageDecision skipped(StageDecision decision, const QString& reason) {
    decision.action = StageDecision::Action::None;
    decision.reason = reason;
    return decision;
}

} // namespace

PromotionWatch::PromotionWatch(GitRepository& repository, FreightDiscovery* discovery,
                               ArgoCdClient* argocd, QNetworkAccessManager* network,
                               PromotionWatchOptions options, QObject* parent)
    : QObject(parent)
    , m_repository(repository)
    , m_argocd(argocd)
    , m_network(network)
    , m_options(std::move(options))
    , m_discovery(discovery) {
    m_timer.setInterval(m_options.interval);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        m_tried.clear();
        cycle();
    });
    connect(&m_queue, &PromotionQueue::ended, this, &PromotionWatch::onRunEnded);
}

PromotionWatch::~PromotionWatch() = default;

void PromotionWatch::start() {
    m_running = true;
    m_timer.start();
    cycle();
}

void PromotionWatch::stop() {
    m_running = false;
    m_timer.stop();
    m_again = false;
}

void PromotionWatch::abortRuns(const QString& reason) {
    for (PromotionRun* run : m_active.keys())
        run->abort(reason);
}

bool PromotionWatch::isIdle() const {
    return !m_cycling && m_active.isEmpty();
}

void PromotionWatch::cycle() {
    if (!m_running)
        return;
    if (m_cycling) {
        m_again = true;
        return;
    }
    m_cycling = true;
    Q_EMIT cycleStarted();
    offThread(
        this,
        [source = m_options.source, options = m_options.snapshot, repository = &m_repository,
         logBranch = m_options.run.logBranch] {
            Loaded loaded{RepositorySnapshot::load(source, options),
                          PromotionLog(*repository, logBranch).read(options.fetch)};
            return loaded;
        },
        [this](Loaded loaded) { onLoaded(std::move(loaded)); }, m_options.run.gitPool);
}

void PromotionWatch::onLoaded(Loaded loaded) {
    if (!loaded.snapshot || !loaded.log) {
        Q_EMIT problem(!loaded.snapshot ? loaded.snapshot.error() : loaded.log.error());
        return endCycle(0);
    }
    if (!loaded.snapshot->history()) {
        Q_EMIT problem({Error::Kind::Unsupported,
                        QStringLiteral("%1 is not a Git repository: nothing to promote in")
                            .arg(loaded.snapshot->source()),
                        {}});
        return endCycle(0);
    }
    for (const Error& problem : std::as_const(loaded.log->problems))
        Q_EMIT this->problem(problem);
    m_snapshot = std::move(*loaded.snapshot);
    m_events = std::move(loaded.log->events);
    m_waitingForFreight = true;
    if (m_refresher) {
        m_refresher->setServices(m_snapshot->pipeline().services);
        return m_refresher->refresh();
    }
    const QString store =
        m_options.freightStorePath.isEmpty()
            ? FreightStore::pathFor(m_snapshot->source(), m_options.snapshot.branch)
            : m_options.freightStorePath;
    m_refresher = std::make_unique<FreightRefresher>(m_discovery, store);
    m_refresher->setInterval(std::chrono::milliseconds(0)); // the cycle decides when
    connect(m_refresher.get(), &FreightRefresher::refreshed, this, &PromotionWatch::onFreight);
    m_refresher->setServices(m_snapshot->pipeline().services);
    m_refresher->start();
}

void PromotionWatch::onFreight(const QList<ServiceFreight>& found) {
    if (!m_waitingForFreight)
        return;
    m_waitingForFreight = false;
    for (const ServiceFreight& service : found) {
        for (const Error& error : service.problems)
            Q_EMIT problem({error.kind, service.service + QStringLiteral(": ") + error.message,
                            error.location});
    }
    decide();
}

void PromotionWatch::decide() {
    if (!m_running) // stopped while it looked
        return endCycle(0);
    QList<Freight> freight = m_refresher->store().freight();
    const VersionHistory& history = *m_snapshot->history();
    markCurrentStages(freight, history.current());
    const PromotionRules rules(m_snapshot->pipeline(), m_events);
    rules.applyTo(freight);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QList<StageDecision> decisions =
        AutoPromotion(m_snapshot->pipeline(), history.current(), history.changes(), m_events)
            .decide(freight, now);
    int started = 0;
    for (StageDecision& decision : decisions) {
        if (decision.action != StageDecision::Action::None && launch(decision, rules, now))
            ++started;
    }
    Q_EMIT cycleFinished(decisions);
    endCycle(started);
}

bool PromotionWatch::launch(StageDecision& decision, const PromotionRules& rules,
                            const QDateTime& now) {
    if (m_queue.running(decision.stage) || m_queue.waiting(decision.stage)) {
        decision = skipped(decision,
                           QStringLiteral("a promotion into %1 is under way").arg(decision.stage));
        return false;
    }
    const QString key = keyOf(decision);
    if (m_tried.contains(key)) {
        decision = skipped(decision, QStringLiteral("tried already and nothing was recorded (see "
                                                    "above); tried again in the next interval"));
        return false;
    }
    const PipelineStage& stage = *m_snapshot->pipeline().stage(decision.stage);
    const QString branch = m_options.snapshot.branch;
    PromotionRunRequest request;
    if (decision.action == StageDecision::Action::Verify) {
        request = verificationRequest(stage, decision.freight, branch, decision.commit);
    } else {
        auto planned = promotionRequest(stage, decision.freight,
                                        rules.standing(decision.freight, stage.name, now), branch,
                                        m_snapshot->tip());
        if (!planned) {
            decision = skipped(decision, planned.error().toString());
            return false;
        }
        request = std::move(*planned);
    }
    request.timeout = m_options.timeout;
    request.checks = verificationSteps(stage.policy.verification, m_network, m_argocd);
    auto* run = new PromotionRun(m_repository, m_argocd, std::move(request), m_options.run);
    m_active.insert(run, key);
    Q_EMIT runStarted(run, decision);
    m_queue.submit(run);
    return true;
}

void PromotionWatch::onRunEnded(PromotionRun* run) {
    const QString key = m_active.take(run);
    // Nothing recorded (an error, an abort before the push) would decide the same again.
    if (run->logCommit().isEmpty() && run->state() != PromotionRun::State::Succeeded)
        m_tried.insert(key);
    Q_EMIT runEnded(run);
    run->deleteLater();
    if (m_active.isEmpty())
        cycle();
}

void PromotionWatch::endCycle(int started) {
    m_cycling = false;
    if (m_again) {
        m_again = false;
        return cycle();
    }
    if (started == 0 && m_active.isEmpty())
        Q_EMIT idle();
}

} // namespace fd::core

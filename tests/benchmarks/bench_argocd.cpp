// How much Freightdesk asks of an Argo CD API server with many applications, and how soon it
// knows a promotion is healthy: ArgoCdAppWatcher over the Argo CD simulator with 500 apps, in
// streaming mode and in polling mode, measured in the same run. Requests per minute while idle
// and during promotions (a push, a refresh of the app, waiting for it to be healthy at the
// pushed commit), and the delay between the simulator making the app Healthy and the watcher
// reporting it. The simulator runs on a thread of its own, as a server would. Not a timed test.

#include "argocdappwatcher.h"
#include "argocdclient.h"
#include "argocdsimulator.h"
#include "benchsystem.h"
#include "promotionhealth.h"
#include "testrepos.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <algorithm>

namespace fd::bench {
namespace {

using fd::argocdsim::ArgoCDSimulator;
using fd::argocdsim::SimConfig;
using fd::core::ArgoCdAppStatus;
using fd::core::ArgoCdAppWatcher;
using fd::core::ArgoCdClient;
using fd::core::ArgoCdConnection;
using fd::core::ArgoCdWatchOptions;
using fd::testsupport::TestRepos;

struct Options final {
    int apps = 500;
    int idleSeconds = 60;
    int promotions = 5;
};

Options parseOptions(const QCoreApplication& app) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Requests per minute and healthy-report delay of the Argo CD watcher, streaming against "
        "polling, on the Argo CD simulator with many applications."));
    parser.addHelpOption();
    const QCommandLineOption apps(QStringLiteral("apps"), QStringLiteral("Applications (500)."),
                                  QStringLiteral("n"), QStringLiteral("500"));
    const QCommandLineOption idle(QStringLiteral("idle-seconds"),
                                  QStringLiteral("Idle window per mode, in seconds (60)."),
                                  QStringLiteral("s"), QStringLiteral("60"));
    const QCommandLineOption promotions(QStringLiteral("promotions"),
                                        QStringLiteral("Promotions per mode (5)."),
                                        QStringLiteral("n"), QStringLiteral("5"));
    parser.addOptions({apps, idle, promotions});
    parser.process(app);
    return {positiveValue(parser, apps), positiveValue(parser, idle),
            positiveValue(parser, promotions)};
}

/** Healthy and Synced with no operation pending or running: the same test on both sides. */
bool settledHealthy(const ArgoCdAppStatus& app) {
    return app.healthStatus == u"Healthy" && app.syncStatus == u"Synced" && !app.operationPending &&
           (!app.hasOperationState || app.operationState.phase == u"Succeeded");
}

QString appName(int index) {
    return QStringLiteral("svc-%1").arg(index, 3, 10, QLatin1Char('0'));
}

QByteArray valuesFile(const QString& tag) {
    return QStringLiteral("image:\n  repository: ghcr.io/example/svc\n  tag: \"%1\"\n")
        .arg(tag)
        .toUtf8();
}

/** A bare repository with @p count automated Helm Applications, each with its values file. */
QString createRepository(const QString& folder, int count) {
    QMap<QString, QByteArray> files{
        {QStringLiteral("charts/svc/Chart.yaml"), "apiVersion: v2\nname: svc\nversion: 0.1.0\n"},
        {QStringLiteral("charts/svc/values.yaml"), valuesFile(QStringLiteral("latest"))}};
    for (int i = 0; i < count; ++i) {
        const QString name = appName(i);
        files.insert(QStringLiteral("apps/%1.yaml").arg(name),
                     QStringLiteral("apiVersion: argoproj.io/v1alpha1\nkind: Application\n"
                                    "metadata:\n  name: %1\n  namespace: argocd\n"
                                    "spec:\n  project: default\n  source:\n"
                                    "    repoURL: https://git.example.com/deploy.git\n"
                                    "    targetRevision: main\n    path: charts/svc\n"
                                    "    helm:\n      valueFiles:\n"
                                    "        - ../../env/%1/values.yaml\n"
                                    "  destination:\n    server: https://kubernetes.default.svc\n"
                                    "    namespace: %1\n  syncPolicy:\n    automated: {}\n")
                         .arg(name)
                         .toUtf8());
        files.insert(QStringLiteral("env/%1/values.yaml").arg(name),
                     valuesFile(QStringLiteral("1.0.0")));
    }
    const QString path = folder + QStringLiteral("/deploy.git");
    const auto created = TestRepos::createBare(path, files);
    require(created.has_value(), QStringLiteral("creating the repository: %1")
                                     .arg(created ? QString() : created.error().message));
    return path;
}

/**
 * The simulator on its own thread, with the moment each app became Healthy and Synced at a
 * revision, taken on that thread as it happens.
 */
class SimulatorThread final {
public:
    SimulatorThread(const SimConfig& config, const QElapsedTimer* clock)
        : m_clock(clock) {
        m_anchor.moveToThread(&m_thread);
        m_thread.start();
        QMetaObject::invokeMethod(
            &m_anchor,
            [this, config] {
                m_simulator = new ArgoCDSimulator(config);
                QObject::connect(m_simulator, &ArgoCDSimulator::applicationChanged, m_simulator,
                                 [this](const QString& name) { noteChange(name); });
                const auto started = m_simulator->start();
                m_startError = started ? QString() : started.error().message;
                m_url = m_simulator->url();
                m_token = m_simulator->issueToken();
            },
            Qt::BlockingQueuedConnection);
        require(m_startError.isEmpty(), QStringLiteral("simulator: %1").arg(m_startError));
    }
    ~SimulatorThread() {
        QMetaObject::invokeMethod(
            &m_anchor, [this] { delete m_simulator; }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    SimulatorThread(const SimulatorThread&) = delete;
    SimulatorThread& operator=(const SimulatorThread&) = delete;

    QUrl url() const { return m_url; }
    QString token() const { return m_token; }

    int requests() {
        int total = 0;
        QMetaObject::invokeMethod(
            &m_anchor,
            [this, &total] {
                const auto counts = m_simulator->requestCounts();
                for (auto it = counts.cbegin(); it != counts.cend(); ++it)
                    total += it.value();
            },
            Qt::BlockingQueuedConnection);
        return total;
    }
    void resetRequests() {
        QMetaObject::invokeMethod(
            &m_anchor, [this] { m_simulator->resetRequestCounts(); }, Qt::BlockingQueuedConnection);
    }

    /** Nanoseconds on the clock when @p app first was Healthy at @p revision; -1 if not yet. */
    qint64 healthyAt(const QString& app, const QString& revision) {
        const QMutexLocker lock(&m_mutex);
        return m_healthy.value(app + u'@' + revision, -1);
    }

private:
    void noteChange(const QString& name) {
        const ArgoCdAppStatus app = ArgoCdAppStatus::fromJson(m_simulator->application(name));
        if (!settledHealthy(app))
            return;
        const QMutexLocker lock(&m_mutex);
        const QString key = name + u'@' + app.syncRevision;
        if (!m_healthy.contains(key))
            m_healthy.insert(key, m_clock->nsecsElapsed());
    }

    const QElapsedTimer* m_clock;
    QThread m_thread;
    QObject m_anchor; // lives on m_thread: what invokeMethod runs on
    ArgoCDSimulator* m_simulator = nullptr;
    QString m_startError;
    QUrl m_url;
    QString m_token;
    QMutex m_mutex;
    QHash<QString, qint64> m_healthy;
};

void runFor(std::chrono::milliseconds duration) {
    QEventLoop loop;
    QTimer::singleShot(duration, &loop, &QEventLoop::quit);
    loop.exec();
}

/** Runs the event loop until @p done holds or @p limit passes; false on the limit. */
bool runUntil(const std::function<bool()>& done, std::chrono::milliseconds limit) {
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > limit.count())
            return false;
        QEventLoop loop;
        QTimer::singleShot(5, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return true;
}

struct ModeResult final {
    QString mode;
    double idlePerMinute = 0;
    double promotingPerMinute = 0;
    double requestsPerPromotion = 0;
    QList<double> delaysMs;
    QList<double> promotionMs;
};

ModeResult measure(bool streaming, const Options& options, SimulatorThread& simulator,
                   const QString& repository, const QElapsedTimer& clock, int* tagSerial) {
    ModeResult result;
    result.mode = streaming ? QStringLiteral("stream") : QStringLiteral("polling");
    QNetworkAccessManager network;
    ArgoCdConnection connection;
    connection.server = simulator.url();
    connection.authToken = simulator.token();
    ArgoCdClient client(&network, connection);
    ArgoCdWatchOptions watchOptions; // the defaults the app runs with
    watchOptions.stream = streaming;
    ArgoCdAppWatcher watcher(&client, watchOptions);
    QHash<QString, qint64> knownAt; // "name@revision" → when the watcher reported it healthy
    QObject::connect(
        &watcher, &ArgoCdAppWatcher::applicationChanged, &watcher, [&](const ArgoCdAppStatus& app) {
            if (settledHealthy(app))
                knownAt.insert(app.name + u'@' + app.syncRevision, clock.nsecsElapsed());
        });
    QObject::connect(&watcher, &ArgoCdAppWatcher::problem, &watcher, [](const core::Error& error) {
        say(QStringLiteral("  watcher: ") + error.message);
    });
    watcher.start();
    require(runUntil([&] { return watcher.applications().size() == options.apps; },
                     std::chrono::seconds(60)),
            QStringLiteral("the watcher did not list %1 apps").arg(options.apps));
    require(watcher.mode() ==
                (streaming ? ArgoCdAppWatcher::Mode::Streaming : ArgoCdAppWatcher::Mode::Polling),
            QStringLiteral("the watcher is not %1").arg(result.mode));
    runFor(std::chrono::seconds(1)); // the stream connected

    say(QStringLiteral("  %1: idle for %2 s").arg(result.mode).arg(options.idleSeconds));
    simulator.resetRequests();
    runFor(std::chrono::seconds(options.idleSeconds));
    result.idlePerMinute = simulator.requests() * 60.0 / options.idleSeconds;

    int promotingRequests = 0;
    double promotingMs = 0;
    for (int i = 0; i < options.promotions; ++i) {
        const QString app = appName((i * 97 + (streaming ? 0 : 13)) % options.apps);
        const QString tag = QStringLiteral("2.0.%1").arg(++*tagSerial);
        const auto commit =
            TestRepos::commit(repository, QStringLiteral("main"),
                              {{QStringLiteral("env/%1/values.yaml").arg(app), valuesFile(tag)}},
                              QStringLiteral("Promote %1 to %2").arg(app, tag));
        require(commit.has_value(), QStringLiteral("pushing %1").arg(tag));
        const QString key = app + u'@' + *commit;
        simulator.resetRequests();
        const qint64 start = clock.nsecsElapsed();
        // As a promotion does right after its push: ask for a refresh, then watch.
        client.application(app, core::ArgoCdRefresh::Normal, &watcher,
                           [](core::Result<ArgoCdAppStatus>) {});
        require(runUntil([&] { return knownAt.contains(key); }, std::chrono::seconds(120)),
                QStringLiteral("%1 never reported healthy at %2").arg(app, *commit));
        const qint64 known = knownAt.value(key);
        const qint64 healthy = simulator.healthyAt(app, *commit);
        require(healthy >= 0, QStringLiteral("the simulator never made %1 healthy").arg(app));
        result.delaysMs.append(double(known - healthy) / 1e6);
        result.promotionMs.append(double(known - start) / 1e6);
        promotingMs += double(known - start) / 1e6;
        promotingRequests += simulator.requests();
    }
    result.requestsPerPromotion = double(promotingRequests) / options.promotions;
    result.promotingPerMinute = promotingRequests * 60000.0 / std::max(promotingMs, 1.0);
    watcher.stop();
    return result;
}

QString figures(const QList<double>& values) {
    if (values.isEmpty())
        return QStringLiteral("-");
    return QStringLiteral("median %1 ms, max %2 ms")
        .arg(median(values), 0, 'f', 1)
        .arg(*std::max_element(values.cbegin(), values.cend()), 0, 'f', 1);
}

int run(const Options& options) {
    QTemporaryDir folder;
    require(folder.isValid(), QStringLiteral("no temporary folder"));
    TestRepos::isolateEnvironment(folder.path());
    say(QStringLiteral("Creating a repository with %1 Argo CD applications...").arg(options.apps));
    const QString repository = createRepository(folder.path(), options.apps);

    SimConfig config;
    config.repository = repository;
    config.reconcileInterval = std::chrono::minutes(3); // Argo CD's default
    config.staticToken = QStringLiteral("bench-token");
    QElapsedTimer clock;
    clock.start();
    SimulatorThread simulator(config, &clock);
    say(QStringLiteral("Simulator at %1; load average %2")
            .arg(simulator.url().toString(), loadAverage()));

    int tagSerial = 0;
    const ModeResult stream = measure(true, options, simulator, repository, clock, &tagSerial);
    const ModeResult polling = measure(false, options, simulator, repository, clock, &tagSerial);

    say(QString());
    say(QStringLiteral("== %1 applications, watcher defaults (stream resync 60 s, poll 10 s), "
                       "%2 s idle and %3 promotions per mode; load average %4 ==")
            .arg(options.apps)
            .arg(options.idleSeconds)
            .arg(options.promotions)
            .arg(loadAverage()));
    for (const ModeResult& mode : {stream, polling}) {
        say(QStringLiteral("%1: idle %2 requests/min; %3 requests per promotion (%4/min while "
                           "it waits), push to healthy %5")
                .arg(mode.mode, -7)
                .arg(mode.idlePerMinute, 0, 'f', 1)
                .arg(mode.requestsPerPromotion, 0, 'f', 1)
                .arg(mode.promotingPerMinute, 0, 'f', 1)
                .arg(figures(mode.promotionMs)));
        say(QStringLiteral("         healthy in the simulator -> known to Freightdesk: %1")
                .arg(figures(mode.delaysMs)));
    }
    say(QStringLiteral("polling against stream: %1 more requests/min idle, healthy known "
                       "%2 ms later (median)")
            .arg(polling.idlePerMinute - stream.idlePerMinute, 0, 'f', 1)
            .arg(median(polling.delaysMs) - median(stream.delaysMs), 0, 'f', 1));
    return 0;
}

} // namespace
} // namespace fd::bench

int main(int argc, char** argv) {
    return fd::bench::benchmarkMain(argc, argv, "bench_argocd", [](const QCoreApplication& app) {
        return fd::bench::run(fd::bench::parseOptions(app));
    });
}

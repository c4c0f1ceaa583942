// Benchmark of the window's responsiveness: how late the GUI thread's event loop runs while
// Freightdesk loads a large repository (200 services × 6 stages, Kargo manifests, a few thousand
// commits) into a tab, reloads it from its caches and after a new commit, then shows the History
// tab, against the same probe over an idle window in the same run. The goal is that Freightdesk's own work never holds the
// GUI thread for more than 50 ms. A program that prints its figures, not a timed test.

#include "benchprocess.h"
#include "benchsystem.h"
#include "discoveryfixture.h"
#include "fixturerepo.h"
#include "guibenchmark.h"
#include "mainwindow.h"
#include "repositorytab.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QSettings>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>

namespace fd::bench {
namespace {

const QByteArray kRepositoryUrl = "https://git.example.com/acme/gitops.git";

struct Options final {
    int services = 200;
    int commits = 3000;
    int idleMs = 2000;
};

Options parseOptions(const QApplication& app) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Measures how late the GUI thread's event loop runs while the window loads a large "
        "repository, against an idle window in the same run."));
    parser.addHelpOption();
    const QCommandLineOption services(QStringLiteral("services"),
                                      QStringLiteral("Services, each in six stages (200)."),
                                      QStringLiteral("n"), QStringLiteral("200"));
    const QCommandLineOption commits(QStringLiteral("commits"), QStringLiteral("Commits (3000)."),
                                     QStringLiteral("n"), QStringLiteral("3000"));
    const QCommandLineOption idle(QStringLiteral("idle"),
                                  QStringLiteral("Milliseconds of the idle baseline (2000)."),
                                  QStringLiteral("ms"), QStringLiteral("2000"));
    parser.addOptions({services, commits, idle});
    parser.process(app);
    return {positiveValue(parser, services), positiveValue(parser, commits),
            positiveValue(parser, idle)};
}

/**
 * A timer every 2 ms on the GUI thread: each time it fires later than asked, the difference is
 * how long the event loop was held. Records every lateness while running.
 */
class LatencyProbe final {
public:
    LatencyProbe() {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(kIntervalMs);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            const double now = double(m_clock.nsecsElapsed()) / 1e6;
            m_lateMs.append(std::max(0.0, now - m_last - kIntervalMs));
            m_last = now;
        });
    }
    void start() {
        m_lateMs.clear();
        m_clock.start();
        m_last = 0;
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    double worst() const {
        return m_lateMs.isEmpty() ? 0 : *std::max_element(m_lateMs.begin(), m_lateMs.end());
    }
    double percentile(double p) const {
        if (m_lateMs.isEmpty())
            return 0;
        QList<double> sorted = m_lateMs;
        std::sort(sorted.begin(), sorted.end());
        return sorted.at(std::min(sorted.size() - 1, qsizetype(p * double(sorted.size()))));
    }
    qsizetype over(double ms) const {
        return std::count_if(m_lateMs.begin(), m_lateMs.end(), [ms](double l) { return l > ms; });
    }
    double elapsedMs() const { return double(m_clock.nsecsElapsed()) / 1e6; }

private:
    static constexpr int kIntervalMs = 2;
    QTimer m_timer;
    QElapsedTimer m_clock;
    double m_last = 0;
    QList<double> m_lateMs;
};

constexpr double kGoalMs = 50;

void report(const QString& what, const LatencyProbe& probe, double idleWorst, double tookMs) {
    say(QStringLiteral("  %1 %2 ms to loaded; GUI thread late: worst %3 ms (%4 of the goal; idle "
                       "%5 ms), p99 %6 ms, %7 times over %8 ms")
            .arg(what.leftJustified(26))
            .arg(tookMs, 7, 'f', 0)
            .arg(probe.worst(), 0, 'f', 1)
            .arg(probe.worst() / kGoalMs, 0, 'f', 2)
            .arg(idleWorst, 0, 'f', 1)
            .arg(probe.percentile(0.99), 0, 'f', 1)
            .arg(probe.over(kGoalMs))
            .arg(kGoalMs, 0, 'f', 0));
}

/** Waits (running the event loop) until @p tab has loaded; returns how long it took. */
double untilLoaded(ui::RepositoryTab* tab, const LatencyProbe& probe) {
    const double start = probe.elapsedMs();
    QElapsedTimer limit;
    limit.start();
    while (tab->isLoading() || !tab->state()) {
        if (limit.elapsed() > 600000)
            fail(QStringLiteral("the tab did not load within ten minutes: %1").arg(tab->status()));
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    }
    QCoreApplication::processEvents(); // the paint that shows it
    return probe.elapsedMs() - start;
}

int run(const Options& options) {
    QTemporaryDir root;
    require(root.isValid(), QStringLiteral("a temporary folder"));
    const QString home = root.filePath(QStringLiteral("home"));
    const ProcessRunner runner(QStringLiteral(FREIGHTDESK_BENCH_SPAWN_PATH),
                               childEnvironment(home));
    say(QStringLiteral("load at start %1").arg(loadAverage()));

    FixtureSpec spec;
    spec.commits = options.commits;
    spec.stages = {QStringLiteral("dev"),     QStringLiteral("qa"),   QStringLiteral("staging"),
                   QStringLiteral("preprod"), QStringLiteral("prod"), QStringLiteral("prod-eu")};
    spec.files = options.services * int(spec.stages.size());
    spec.initialFiles = pipelineFiles(PipelineSource::Kargo, serviceNames(options.services),
                                      spec.stages, kRepositoryUrl);
    const QString gitDirectory = root.filePath(QStringLiteral("gitops.git"));
    Fixture fixture;
    if (const QString error = generateFixture(runner, spec, gitDirectory, root.path(), &fixture);
        !error.isEmpty())
        fail(error);
    trackAsOrigin(runner, gitDirectory, kRepositoryUrl);
    say(QStringLiteral("fixture: %1 services x %2 stages, %3 commits, %4 ms")
            .arg(options.services)
            .arg(spec.stages.size())
            .arg(options.commits)
            .arg(fixture.generateMs, 0, 'f', 0));

    core::RepositoryLoaderOptions loaderOptions;
    loaderOptions.snapshot.fetch = false;
    loaderOptions.snapshot.historyCacheDirectory = root.filePath(QStringLiteral("cache"));
    loaderOptions.snapshot.git.cacheDirectory = root.filePath(QStringLiteral("mirrors"));
    loaderOptions.freightDirectory = root.filePath(QStringLiteral("freight"));
    loaderOptions.discoverFreight = false; // measures loading, not registries
    QSettings settings(root.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    ui::MainWindow window(settings, loaderOptions);
    window.resize(1400, 900);
    window.show();
    QCoreApplication::processEvents();

    LatencyProbe probe;
    probe.start();
    QElapsedTimer idle;
    idle.start();
    while (idle.elapsed() < options.idleMs)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    probe.stop();
    const double idleWorst = probe.worst();
    say(QStringLiteral("\nload %1").arg(loadAverage()));
    say(QStringLiteral("  idle window, %1 ms: GUI thread late at worst %2 ms")
            .arg(options.idleMs)
            .arg(idleWorst, 0, 'f', 1));

    probe.start();
    ui::RepositoryTab* tab = window.openRepository({gitDirectory, QStringLiteral("main")});
    require(tab != nullptr, QStringLiteral("the tab opened"));
    const double first = untilLoaded(tab, probe);
    probe.stop();
    require(tab->state() && tab->state()->pipeline.stages.size() == spec.files,
            QStringLiteral("the tab shows %1 stages").arg(tab->state()->pipeline.stages.size()));
    report(QStringLiteral("first load (no cache)"), probe, idleWorst, first);

    probe.start();
    tab->reload();
    const double cached = untilLoaded(tab, probe);
    probe.stop();
    report(QStringLiteral("reload, caches at the tip"), probe, idleWorst, cached);

    promoteOnMain(runner, gitDirectory, root.path(),
                  QStringLiteral("env/prod/service-0001/service-0001-values.yaml"),
                  QStringLiteral("service-0001"));
    probe.start();
    tab->reload();
    const double oneMore = untilLoaded(tab, probe);
    probe.stop();
    report(QStringLiteral("reload after 1 commit"), probe, idleWorst, oneMore);
    // The History tab fills itself when first shown: every change of the repository.
    probe.start();
    const double before = probe.elapsedMs();
    tab->views()->setCurrentIndex(2);
    QCoreApplication::processEvents();
    const double historyMs = probe.elapsedMs() - before;
    probe.stop();
    report(QStringLiteral("History tab shown"), probe, idleWorst, historyMs);
    say(QStringLiteral("goal: the GUI thread never late by more than %1 ms")
            .arg(kGoalMs, 0, 'f', 0));
    return 0;
}

} // namespace
} // namespace fd::bench

int main(int argc, char** argv) {
    return fd::bench::guiBenchmarkMain(argc, argv, "bench_guilatency", [](const QApplication& app) {
        return fd::bench::run(fd::bench::parseOptions(app));
    });
}

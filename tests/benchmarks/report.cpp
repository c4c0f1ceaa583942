#include "report.h"

#include "benchsystem.h"

#include <QThread>

#include <algorithm>
#include <cstdio>

namespace fd::bench {

namespace {

// Goals of the CLI, from the product brief: half the shell way, a twentieth of a fresh clone,
// and memory that does not grow with history.
constexpr double kGoalVersusShell = 0.5;
constexpr double kGoalVersusClone = 0.05;
constexpr double kFlatMemoryTolerance = 1.2;

QList<double> wallTimes(const QList<Sample>& samples) {
    QList<double> values;
    for (const Sample& s : samples)
        values.append(s.wallMs);
    return values;
}

QList<double> peaks(const QList<Sample>& samples) {
    QList<double> values;
    for (const Sample& s : samples)
        values.append(double(s.peakRssKiB) / 1024);
    return values;
}

double medianWall(const ScenarioResult& r, Method m) {
    return median(wallTimes(r.samples.at(m)));
}

QString row(const QString& label, double medianMs, double minMs, double rssMedian, double rssMax) {
    return QStringLiteral("%1 %2 %3 %4 %5")
        .arg(label, -46)
        .arg(medianMs, 10, 'f', 1)
        .arg(minMs, 10, 'f', 1)
        .arg(rssMedian, 12, 'f', 1)
        .arg(rssMax, 10, 'f', 1);
}

QString stepBreakdown(const QList<Sample>& samples) {
    QStringList parts;
    const Sample& first = samples.constFirst();
    for (int step = 0; step < first.stepsMs.size(); ++step) {
        QList<double> values;
        for (const Sample& s : samples)
            values.append(s.stepsMs.value(step).second);
        parts.append(QStringLiteral("%1 %2")
                         .arg(first.stepsMs.at(step).first)
                         .arg(median(values), 0, 'f', 1));
    }
    return parts.join(QStringLiteral(", "));
}

QString verdict(double ratio, double goal) {
    return QStringLiteral("%1 (goal <= %2: %3)")
        .arg(ratio, 0, 'f', 3)
        .arg(goal, 0, 'f', 2)
        .arg(ratio <= goal ? QStringLiteral("met") : QStringLiteral("MISSED"));
}

void printScenario(const ScenarioResult& r, int iterations) {
    say(QStringLiteral("\n== %1 commits, %2 values files (pack %3 MiB), %4, %5 runs per method, "
                       "%6 pushes verified ==")
            .arg(r.commits)
            .arg(r.files)
            .arg(double(r.packBytes) / (1 << 20), 0, 'f', 1)
            .arg(r.transport)
            .arg(iterations)
            .arg(r.pushesVerified));
    say(QStringLiteral("%1 %2 %3 %4 %5")
            .arg(QStringLiteral("method"), -46)
            .arg(QStringLiteral("median ms"), 10)
            .arg(QStringLiteral("min ms"), 10)
            .arg(QStringLiteral("RSS MiB med"), 12)
            .arg(QStringLiteral("RSS max"), 10));
    for (Method m : kAllMethods) {
        const QList<Sample>& samples = r.samples.at(m);
        const QList<double> walls = wallTimes(samples);
        const QList<double> rss = peaks(samples);
        say(row(methodLabel(m), median(walls), *std::min_element(walls.begin(), walls.end()),
                median(rss), *std::max_element(rss.begin(), rss.end())));
    }
    const double firstRss = double(r.firstCli.peakRssKiB) / 1024;
    say(row(QStringLiteral("(c0) first call, creates the mirror"), r.firstCli.wallMs,
            r.firstCli.wallMs, firstRss, firstRss));

    say(QStringLiteral("median ms per step:"));
    for (Method m : kAllMethods)
        say(QStringLiteral("  %1: %2")
                .arg(methodLabel(m).section(QLatin1Char(' '), 0, 0),
                     stepBreakdown(r.samples.at(m))));

    const double c = medianWall(r, Method::Cli);
    say(QStringLiteral("c/a  = %1")
            .arg(verdict(c / medianWall(r, Method::ShellClone), kGoalVersusShell)));
    say(QStringLiteral("c/b  = %1")
            .arg(verdict(c / medianWall(r, Method::KargoClone), kGoalVersusClone)));
    say(QStringLiteral("c/b' = %1 (shallow clone, for reference)")
            .arg(c / medianWall(r, Method::KargoShallow), 0, 'f', 3));
}

void printMemoryFlatness(const QList<ScenarioResult>& results) {
    say(QStringLiteral("\n== peak RSS of (c) against history length (goal: flat, ratio <= %1) ==")
            .arg(kFlatMemoryTolerance, 0, 'f', 2));
    for (const ScenarioResult& large : results) {
        for (const ScenarioResult& small : results) {
            if (small.transport != large.transport || small.commits >= large.commits)
                continue;
            const double smallRss = median(peaks(small.samples.at(Method::Cli)));
            const double largeRss = median(peaks(large.samples.at(Method::Cli)));
            const double smallFirst = double(small.firstCli.peakRssKiB) / 1024;
            const double largeFirst = double(large.firstCli.peakRssKiB) / 1024;
            const double ratio = largeRss / smallRss;
            say(QStringLiteral("%1 warm: %2 commits %3 MiB, %4 commits %5 MiB, ratio %6 (%7); "
                               "first call: %8 vs %9 MiB")
                    .arg(large.transport, -8)
                    .arg(small.commits)
                    .arg(smallRss, 0, 'f', 1)
                    .arg(large.commits)
                    .arg(largeRss, 0, 'f', 1)
                    .arg(ratio, 0, 'f', 2)
                    .arg(ratio <= kFlatMemoryTolerance ? QStringLiteral("flat")
                                                       : QStringLiteral("GROWS"))
                    .arg(smallFirst, 0, 'f', 1)
                    .arg(largeFirst, 0, 'f', 1));
        }
    }
}

} // namespace

void printReport(const QList<ScenarioResult>& results, const RunConditions& conditions) {
    say(QStringLiteral("\nWall-clock per promotion (all processes of the sequence); peak RSS is "
                       "the largest process tree of the sequence (wait4 ru_maxrss, floor %1 MiB). "
                       "Over file:// git's tree includes the server side (upload-pack, "
                       "receive-pack); over http:// the server's processes count for no one.\n"
                       "Methods take turns on one branch, so every promotion first has to take in "
                       "the three commits the other methods pushed since its last turn.\n"
                       "Load average before: %2; after: %3 (on %4 CPUs).")
            .arg(double(conditions.rssFloorKiB) / 1024, 0, 'f', 1)
            .arg(conditions.loadBefore, conditions.loadAfter)
            .arg(QThread::idealThreadCount()));
    for (const ScenarioResult& r : results)
        printScenario(r, conditions.iterations);
    printMemoryFlatness(results);
    std::fflush(stdout);
}

} // namespace fd::bench

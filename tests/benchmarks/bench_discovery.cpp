// Benchmark of what Freightdesk does when it opens a GitOps repository: the pipeline (Kargo
// manifests or freightdesk.yaml, Argo CD Applications), every stage's current version and the
// full history of the values files, against `git log --name-status main -- env/` over the same
// history, measured in the same run. Then a load after one new commit, from the previous result
// in memory and from the on-disk cache. A program that prints its figures, not a timed test;
// `--help` lists the options.

#include "benchprocess.h"
#include "benchsystem.h"
#include "discoverycache.h"
#include "discoveryfixture.h"
#include "fixturerepo.h"
#include "githistory.h"
#include "gittreefiles.h"
#include "pipelinediscovery.h"
#include "repositorysnapshot.h"
#include "versionhistory.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QSaveFile>
#include <QTemporaryDir>

#include <cstdio>
#include <optional>

namespace fd::bench {
namespace {

using fd::core::GitHistory;
using fd::core::Pipeline;
using fd::core::RepositorySnapshot;
using fd::core::VersionHistory;

// The remote the Argo CD Applications and Kargo tasks name; the fixture's `origin`. Never
// contacted: every load here runs with fetch = false.
const QByteArray kRepositoryUrl = "https://git.example.com/acme/gitops.git";
const QString kChangedStage = QStringLiteral("service-0001-prod");
const QString kChangedFile = QStringLiteral("env/prod/service-0001/service-0001-values.yaml");

struct Options final {
    FixtureSpec spec;
    int services = 0;
    int iterations = 3;
    QList<PipelineSource> sources;
    bool keep = false;
};

template <typename T> T check(fd::core::Result<T> result, const QString& what) {
    if (!result)
        fail(what + QStringLiteral(": ") + result.error().toString());
    return std::move(*result);
}

Options parseOptions(const QCoreApplication& app) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Times pipeline discovery + current versions + full history (GitHistory, GitTreeFiles, "
        "PipelineDiscovery, VersionHistory; and RepositorySnapshot::load without fetching) "
        "against `git log --name-status main -- env/`, then the loads after one new commit."));
    parser.addHelpOption();
    const QCommandLineOption commits(QStringLiteral("commits"), QStringLiteral("Commits (10000)."),
                                     QStringLiteral("n"), QStringLiteral("10000"));
    const QCommandLineOption services(QStringLiteral("services"),
                                      QStringLiteral("Services, each in six stages (200)."),
                                      QStringLiteral("n"), QStringLiteral("200"));
    const QCommandLineOption iterations(QStringLiteral("iterations"),
                                        QStringLiteral("Timed runs of each load (3)."),
                                        QStringLiteral("n"), QStringLiteral("3"));
    const QCommandLineOption source(
        QStringLiteral("source"),
        QStringLiteral("Where the pipeline is written: kargo, config (freightdesk.yaml) or both "
                       "(both)."),
        QStringLiteral("which"), QStringLiteral("both"));
    const QCommandLineOption keep(QStringLiteral("keep"),
                                  QStringLiteral("Keep the repositories; print where."));
    parser.addOptions({commits, services, iterations, source, keep});
    parser.process(app);
    Options options;
    options.spec.stages = {QStringLiteral("dev"),     QStringLiteral("qa"),
                           QStringLiteral("staging"), QStringLiteral("preprod"),
                           QStringLiteral("prod"),    QStringLiteral("prod-eu")};
    options.spec.commits = positiveValue(parser, commits);
    options.services = positiveValue(parser, services);
    require(options.services >= 2, QStringLiteral("--services needs at least 2"));
    options.spec.files = options.services * int(options.spec.stages.size());
    options.spec.otherFolderPercent = 10;
    options.iterations = positiveValue(parser, iterations);
    options.keep = parser.isSet(keep);
    const QString which = parser.value(source);
    if (which == u"kargo" || which == u"both")
        options.sources.append(PipelineSource::Kargo);
    if (which == u"config" || which == u"both")
        options.sources.append(PipelineSource::FreightdeskYaml);
    if (options.sources.isEmpty())
        fail(QStringLiteral("--source is kargo, config or both"));
    return options;
}

/** Changes (A, M, D lines) in `git log --name-status` output. */
qint64 countChanges(const QByteArray& output) {
    qint64 changes = 0;
    for (const QByteArray& line : output.split('\n')) {
        if (line.size() > 2 && line.at(1) == '\t' && QByteArray("AMD").contains(line.at(0)))
            ++changes;
    }
    return changes;
}

/**
 * The baseline through QProcess, its output read in full as a caller of git would; the newest
 * @p maxCount commits only when positive.
 */
QByteArray runGitLog(const QString& gitDirectory, const QStringList& environment, double* wallMs,
                     int maxCount = 0) {
    QProcess git;
    git.setEnvironment(environment);
    QElapsedTimer timer;
    timer.start();
    QStringList arguments{QStringLiteral("-C"),   gitDirectory,
                          QStringLiteral("log"),  QStringLiteral("--name-status"),
                          QStringLiteral("main"), QStringLiteral("--"),
                          QStringLiteral("env/")};
    if (maxCount > 0)
        arguments.insert(4, QStringLiteral("-%1").arg(maxCount));
    git.start(QStringLiteral("git"), arguments);
    QByteArray output;
    if (!git.waitForStarted())
        fail(QStringLiteral("cannot start git: ") + git.errorString());
    while (git.waitForReadyRead(-1))
        output += git.readAllStandardOutput();
    git.waitForFinished(-1);
    output += git.readAllStandardOutput();
    *wallMs = double(timer.nsecsElapsed()) / 1e6;
    if (git.exitStatus() != QProcess::NormalExit || git.exitCode() != 0)
        fail(QStringLiteral("git log failed: ") +
             QString::fromLocal8Bit(git.readAllStandardError()));
    return output;
}

fd::core::DiscoveryOptions discoveryOptions() {
    fd::core::DiscoveryOptions discovery;
    discovery.branch = QStringLiteral("main");
    discovery.project = QStringLiteral("gitops");
    discovery.repositoryUrls = {QString::fromUtf8(kRepositoryUrl)};
    return discovery;
}

/** The pieces of one full load, each timed. */
struct FullLoad final {
    double openMs = 0;
    double filesMs = 0;
    double discoverMs = 0;
    double historyMs = 0;
    double totalMs() const { return openMs + filesMs + discoverMs + historyMs; }
    Pipeline pipeline;
    std::optional<VersionHistory> history;
};

/**
 * What RepositorySnapshot::load does after its (skipped) fetch, piece by piece, with
 * @p previous for an incremental history.
 */
FullLoad loadPieces(const QString& gitDirectory, const VersionHistory* previous = nullptr) {
    FullLoad load;
    QElapsedTimer timer;
    timer.start();
    const std::shared_ptr<const GitHistory> git =
        check(GitHistory::open(gitDirectory), gitDirectory);
    load.openMs = double(timer.nsecsElapsed()) / 1e6;
    timer.restart();
    const auto files =
        check(fd::core::GitTreeFiles::open(git, QStringLiteral("refs/remotes/origin/main")),
              QStringLiteral("origin/main"));
    load.filesMs = double(timer.nsecsElapsed()) / 1e6;
    timer.restart();
    load.pipeline = check(fd::core::PipelineDiscovery::discover(*files, discoveryOptions()),
                          QStringLiteral("discovery"));
    load.discoverMs = double(timer.nsecsElapsed()) / 1e6;
    timer.restart();
    load.history = check(VersionHistory::load(*git, files->commitId(), load.pipeline, previous),
                         QStringLiteral("version history"));
    load.historyMs = double(timer.nsecsElapsed()) / 1e6;
    return load;
}

/** Discovery from a cache written at an earlier commit, as RepositorySnapshot::load does it. */
struct CachedDiscovery final {
    double filesMs = 0;
    double readMs = 0;
    double updateMs = 0;
    /** serialize() and QSaveFile of the result, as RepositorySnapshot writes it. */
    double writeMs = 0;
    bool reused = false;
    int filesReread = 0;
};

/** Written as RepositorySnapshot writes its caches. */
void saveFile(const QString& path, const QByteArray& bytes) {
    QSaveFile file(path);
    require(file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() && file.commit(),
            path);
}

CachedDiscovery discoverFromCache(const QString& gitDirectory, const QString& cacheFile) {
    CachedDiscovery result;
    const std::shared_ptr<const GitHistory> git =
        check(GitHistory::open(gitDirectory), gitDirectory);
    QElapsedTimer timer;
    timer.start();
    const auto files =
        check(fd::core::GitTreeFiles::open(git, QStringLiteral("refs/remotes/origin/main")),
              QStringLiteral("origin/main"));
    result.filesMs = double(timer.nsecsElapsed()) / 1e6;
    timer.restart();
    QFile file(cacheFile);
    require(file.open(QIODevice::ReadOnly), cacheFile);
    const auto cached = check(fd::core::DiscoveryCache::deserialize(file.readAll()), cacheFile);
    result.readMs = double(timer.nsecsElapsed()) / 1e6;
    timer.restart();
    const auto updated = check(fd::core::DiscoveryCache::load(*files, discoveryOptions(), &cached),
                               QStringLiteral("cached discovery"));
    result.updateMs = double(timer.nsecsElapsed()) / 1e6;
    timer.restart();
    saveFile(cacheFile + QStringLiteral(".bench"), updated.serialize());
    result.writeMs = double(timer.nsecsElapsed()) / 1e6;
    result.reused = updated.reused();
    result.filesReread = updated.filesReread();
    return result;
}

RepositorySnapshot loadSnapshot(const QString& gitDirectory, const QString& cacheDirectory) {
    fd::core::SnapshotOptions options;
    options.fetch = false;
    options.historyCacheDirectory = cacheDirectory;
    return check(RepositorySnapshot::load(gitDirectory, options), QStringLiteral("snapshot"));
}

/** What every load must have found; fails loudly otherwise. */
void verify(const Pipeline& pipeline, const VersionHistory& history, const Options& options,
            PipelineSource source, qint64 gitLogChanges) {
    const qsizetype stages = qsizetype(options.spec.files);
    require(pipeline.source == (source == PipelineSource::Kargo
                                    ? Pipeline::Source::Kargo
                                    : Pipeline::Source::FreightdeskYaml),
            QStringLiteral("the pipeline comes from %1, not %2")
                .arg(sourceName(source), pipeline.sourceName()));
    require(pipeline.stages.size() == stages,
            QStringLiteral("%1 stages, expected %2").arg(pipeline.stages.size()).arg(stages));
    for (const fd::core::Finding& finding : pipeline.findings)
        require(finding.severity != fd::core::Finding::Severity::Error,
                QStringLiteral("error finding: ") + finding.toString());
    for (const fd::core::PipelineStage& stage : pipeline.stages) {
        require(!stage.targets.isEmpty() && stage.targets.constFirst().repoUrl.isEmpty(),
                stage.name + QStringLiteral(" has no target in this repository"));
        const QString file =
            QStringLiteral("env/%1/%2/%2-values.yaml").arg(stage.environment, stage.service);
        require(stage.targets.constFirst().file == file,
                stage.name + QStringLiteral(" writes ") + stage.targets.constFirst().file);
        require(stage.argocdApps.contains(stage.name),
                stage.name + QStringLiteral(" is not deployed by its Argo CD Application"));
    }
    require(history.changes().size() == gitLogChanges,
            QStringLiteral("%1 changes in the version history, git log reports %2")
                .arg(history.changes().size())
                .arg(gitLogChanges));
    QHash<QString, const fd::core::VersionRecord*> newest;
    for (const fd::core::VersionRecord& change : history.changes()) {
        if (!newest.contains(change.stage))
            newest.insert(change.stage, &change);
    }
    require(history.current().size() == stages,
            QStringLiteral("%1 current versions").arg(history.current().size()));
    for (const fd::core::VersionRecord& current : history.current()) {
        const fd::core::VersionRecord* last = newest.value(current.stage);
        require(!current.version.isEmpty() && !current.commit.isEmpty() && last &&
                    last->version == current.version && last->commit == current.commit,
                current.stage + QStringLiteral(" has version '%1' from '%2', its newest change "
                                               "says '%3'")
                                    .arg(current.version, current.commit,
                                         last ? last->version : QStringLiteral("nothing")));
    }
}

QString mib(long kib) {
    return QString::number(double(kib) / 1024, 'f', 1);
}

QString ms(double value) {
    return QString::number(value, 'f', 1).rightJustified(8);
}

void runSource(const Options& options, PipelineSource source, const QString& root,
               const ProcessRunner& runner, const QStringList& environment) {
    say(QStringLiteral("\n== %1: %2 services x %3 stages, %4 commits ==")
            .arg(sourceName(source))
            .arg(options.services)
            .arg(options.spec.stages.size())
            .arg(options.spec.commits));
    FixtureSpec spec = options.spec;
    spec.initialFiles =
        pipelineFiles(source, serviceNames(options.services), spec.stages, kRepositoryUrl);
    const QString name =
        source == PipelineSource::Kargo ? QStringLiteral("kargo") : QStringLiteral("config");
    const QString gitDirectory = root + QLatin1Char('/') + name + QStringLiteral(".git");
    Fixture fixture;
    if (const QString error = generateFixture(runner, spec, gitDirectory, root, &fixture);
        !error.isEmpty())
        fail(error);
    trackAsOrigin(runner, gitDirectory, kRepositoryUrl);
    say(QStringLiteral("fixture: %1 ms, pack %2 KiB%3")
            .arg(fixture.generateMs, 0, 'f', 0)
            .arg(fixture.packBytes / 1024)
            .arg(options.keep ? QStringLiteral(", kept at ") + gitDirectory : QString()));

    // Unmeasured: warms the page cache and gives git's own peak RSS.
    const ProcessRun warm =
        runner.run({QStringLiteral("git"), QStringLiteral("-C"), gitDirectory,
                    QStringLiteral("log"), QStringLiteral("--name-status"), QStringLiteral("main"),
                    QStringLiteral("--"), QStringLiteral("env/")});
    if (!warm.ok())
        fail(warm.describeFailure());
    const qint64 gitLogChanges = countChanges(warm.standardOutput);
    (void)loadPieces(gitDirectory);

    QList<double> gitMs, openMs, filesMs, discoverMs, historyMs, piecesMs, snapshotMs;
    long piecesPeakKiB = 0, snapshotPeakKiB = 0;
    const long rssBefore = ownMemoryKiB("VmRSS:");
    std::optional<FullLoad> full;
    QString cacheDirectory;
    for (int iteration = 0; iteration < options.iterations; ++iteration) {
        double git = 0;
        const QByteArray log = runGitLog(gitDirectory, environment, &git);
        require(countChanges(log) == gitLogChanges, QStringLiteral("git log changed its mind"));
        gitMs.append(git);

        resetPeak();
        full = loadPieces(gitDirectory);
        piecesPeakKiB = std::max(piecesPeakKiB, ownMemoryKiB("VmHWM:"));
        verify(full->pipeline, *full->history, options, source, gitLogChanges);
        openMs.append(full->openMs);
        filesMs.append(full->filesMs);
        discoverMs.append(full->discoverMs);
        historyMs.append(full->historyMs);
        piecesMs.append(full->totalMs());

        // A fresh cache folder each time: the snapshot reads the whole history and writes it.
        cacheDirectory = root + QStringLiteral("/cache-%1-%2").arg(name).arg(iteration);
        resetPeak();
        QElapsedTimer timer;
        timer.start();
        const RepositorySnapshot snapshot = loadSnapshot(gitDirectory, cacheDirectory);
        snapshotMs.append(double(timer.nsecsElapsed()) / 1e6);
        snapshotPeakKiB = std::max(snapshotPeakKiB, ownMemoryKiB("VmHWM:"));
        require(snapshot.history().has_value(), QStringLiteral("the snapshot has no history"));
        verify(snapshot.pipeline(), *snapshot.history(), options, source, gitLogChanges);
        say(QStringLiteral("  run %1: git log %2 ms, pieces %3 ms (discover %4, history %5), "
                           "RepositorySnapshot %6 ms")
                .arg(iteration + 1)
                .arg(git, 0, 'f', 0)
                .arg(full->totalMs(), 0, 'f', 0)
                .arg(full->discoverMs, 0, 'f', 0)
                .arg(full->historyMs, 0, 'f', 0)
                .arg(snapshotMs.constLast(), 0, 'f', 0));
    }
    QDir cache(cacheDirectory);
    const QStringList cacheFiles = cache.entryList(
        {QStringLiteral("*.history"), QStringLiteral("*.pipeline")}, QDir::Files, QDir::Name);
    require(cacheFiles.size() == 2,
            QStringLiteral("the snapshot wrote %1 cache files").arg(cacheFiles.size()));
    // The history and the discovery cache at the old tip, rewound before each load after it.
    QHash<QString, QByteArray> cacheAtOldTip;
    qint64 cacheBytes = 0;
    for (const QString& name : cacheFiles) {
        QFile cached(cache.filePath(name));
        require(cached.open(QIODevice::ReadOnly), cached.fileName());
        cacheAtOldTip.insert(cached.fileName(), cached.readAll());
        cacheBytes += cacheAtOldTip.value(cached.fileName()).size();
    }
    const auto rewindCaches = [&] {
        for (auto it = cacheAtOldTip.cbegin(); it != cacheAtOldTip.cend(); ++it) {
            QFile rewind(it.key());
            require(rewind.open(QIODevice::WriteOnly) && rewind.write(it.value()) >= 0, it.key());
        }
    };
    const QString pipelineCache = cache.filePath(cacheFiles.constLast());
    const QByteArray historyAtOldTip = cacheAtOldTip.value(cache.filePath(cacheFiles.constFirst()));

    promoteOnMain(runner, gitDirectory, root, kChangedFile, QStringLiteral("service-0001"));
    const qint64 changesAfter = gitLogChanges + 1;
    const auto verifyOneMore = [&](const Pipeline& pipeline, const VersionHistory& history,
                                   const QString& what) {
        verify(pipeline, history, options, source, changesAfter);
        for (const fd::core::VersionRecord& current : history.current()) {
            if (current.stage == kChangedStage)
                require(current.version == u"9.9.9",
                        what + QStringLiteral(": %1 is at %2").arg(kChangedStage, current.version));
        }
    };

    // (3) The running app: the previous result in memory.
    QList<double> secondMs, secondHistoryMs, cachedMs, sameTipMs, oneCommitGitMs;
    QList<double> cachedFilesMs, cachedReadMs, cachedUpdateMs, historyReadMs;
    QList<double> cachedWriteMs, historyWriteMs, historyAppendMs;
    qsizetype historyAppendBytes = 0;
    int visited = -1, cachedVisited = -1, sameTipVisited = -1;
    CachedDiscovery cachedDiscovery;
    for (int iteration = 0; iteration < options.iterations; ++iteration) {
        double oneCommit = 0;
        const QByteArray log = runGitLog(gitDirectory, environment, &oneCommit, 1);
        require(countChanges(log) == 1,
                QStringLiteral("git log -1 shows %1 changes").arg(countChanges(log)));
        oneCommitGitMs.append(oneCommit);

        const FullLoad second = loadPieces(gitDirectory, &*full->history);
        verifyOneMore(second.pipeline, *second.history, QStringLiteral("incremental load"));
        visited = second.history->commitsVisited();
        require(visited == 1,
                QStringLiteral("the incremental load visited %1 commits").arg(visited));
        secondMs.append(second.totalMs());
        secondHistoryMs.append(second.historyMs);

        // (4) A new process: the caches on disk hold the history and pipeline at the old tip.
        rewindCaches();
        cachedDiscovery = discoverFromCache(gitDirectory, pipelineCache);
        require(cachedDiscovery.reused && cachedDiscovery.filesReread == 1,
                QStringLiteral("the cached discovery was %1, %2 files read again")
                    .arg(cachedDiscovery.reused ? QStringLiteral("reused")
                                                : QStringLiteral("not reused"))
                    .arg(cachedDiscovery.filesReread));
        cachedFilesMs.append(cachedDiscovery.filesMs);
        cachedReadMs.append(cachedDiscovery.readMs);
        cachedUpdateMs.append(cachedDiscovery.updateMs);
        cachedWriteMs.append(cachedDiscovery.writeMs);
        QElapsedTimer historyTimer;
        historyTimer.start();
        (void)check(VersionHistory::deserialize(historyAtOldTip), QStringLiteral("history cache"));
        historyReadMs.append(double(historyTimer.nsecsElapsed()) / 1e6);
        rewindCaches();
        QElapsedTimer timer;
        timer.start();
        const RepositorySnapshot fromCache = loadSnapshot(gitDirectory, cacheDirectory);
        cachedMs.append(double(timer.nsecsElapsed()) / 1e6);
        verifyOneMore(fromCache.pipeline(), *fromCache.history(), QStringLiteral("cached load"));
        cachedVisited = fromCache.history()->commitsVisited();
        timer.restart();
        saveFile(cacheDirectory + QStringLiteral("/history.bench"),
                 fromCache.history()->serialize());
        historyWriteMs.append(double(timer.nsecsElapsed()) / 1e6);
        {
            const VersionHistory base = check(VersionHistory::deserialize(historyAtOldTip),
                                              QStringLiteral("history cache"));
            timer.restart();
            const auto journal = fromCache.history()->serializeAfter(base);
            require(bool(journal), QStringLiteral("the load does not continue the cached history"));
            QFile file(cacheDirectory + QStringLiteral("/history.bench"));
            require(file.open(QIODevice::WriteOnly | QIODevice::Append) &&
                        file.write(*journal) == journal->size() && file.flush(),
                    file.fileName());
            historyAppendMs.append(double(timer.nsecsElapsed()) / 1e6);
            historyAppendBytes = journal->size();
        }
        require(cachedVisited == 1,
                QStringLiteral("the cached load visited %1 commits").arg(cachedVisited));

        // And once more: the cache is at the tip now.
        timer.restart();
        const RepositorySnapshot unchanged = loadSnapshot(gitDirectory, cacheDirectory);
        sameTipMs.append(double(timer.nsecsElapsed()) / 1e6);
        sameTipVisited = unchanged.history()->commitsVisited();
        require(
            sameTipVisited == 0,
            QStringLiteral("the load at the cached tip visited %1 commits").arg(sameTipVisited));
    }

    const double git = median(gitMs);
    const double pieces = median(piecesMs);
    const double snapshot = median(snapshotMs);
    say(QStringLiteral("\n%1: %2 stages, %3 changes; medians of %4 runs; load %5")
            .arg(sourceName(source))
            .arg(options.spec.files)
            .arg(gitLogChanges)
            .arg(options.iterations)
            .arg(loadAverage()));
    say(QStringLiteral("  (1) git log --name-status main -- env/ %1 ms  (QProcess; git's peak RSS "
                       "%2 MiB)")
            .arg(ms(git), mib(warm.peakRssKiB)));
    say(QStringLiteral("  (2) full load, pieces                  %1 ms  ratio %2 (goal <= 2)")
            .arg(ms(pieces))
            .arg(pieces / git, 0, 'f', 2));
    say(QStringLiteral("        GitHistory::open                 %1 ms").arg(ms(median(openMs))));
    say(QStringLiteral("        GitTreeFiles::open at origin/main %1 ms").arg(ms(median(filesMs))));
    say(QStringLiteral("        PipelineDiscovery::discover      %1 ms")
            .arg(ms(median(discoverMs))));
    say(QStringLiteral("        VersionHistory::load (full)      %1 ms  (%2 commits visited)")
            .arg(ms(median(historyMs)))
            .arg(full->history->commitsVisited()));
    say(QStringLiteral("      RepositorySnapshot::load, no cache %1 ms  ratio %2 (goal <= 2)")
            .arg(ms(snapshot))
            .arg(snapshot / git, 0, 'f', 2));
    say(QStringLiteral("  (3) after 1 commit, previous in memory %1 ms  (%2 of (2); history %3 ms, "
                       "%4 commit visited)")
            .arg(ms(median(secondMs)))
            .arg(median(secondMs) / pieces, 0, 'f', 2)
            .arg(median(secondHistoryMs), 0, 'f', 2)
            .arg(visited));
    const double oneCommitGit = median(oneCommitGitMs);
    say(QStringLiteral("  (4) after 1 commit, cache on disk      %1 ms  (%2 of (2); %3 x git log "
                       "-1; %4 commit visited; caches %5 KiB)")
            .arg(ms(median(cachedMs)))
            .arg(median(cachedMs) / snapshot, 0, 'f', 3)
            .arg(median(cachedMs) / oneCommitGit, 0, 'f', 1)
            .arg(cachedVisited)
            .arg(cacheBytes / 1024));
    say(QStringLiteral("        git log --name-status -1 main -- env/ %1 ms")
            .arg(ms(oneCommitGit)));
    say(QStringLiteral("        GitTreeFiles::open at origin/main %1 ms")
            .arg(ms(median(cachedFilesMs))));
    say(QStringLiteral("        DiscoveryCache::deserialize      %1 ms")
            .arg(ms(median(cachedReadMs))));
    say(QStringLiteral("        DiscoveryCache::load (update)    %1 ms  (%2 file read again)")
            .arg(ms(median(cachedUpdateMs)))
            .arg(cachedDiscovery.filesReread));
    say(QStringLiteral("        VersionHistory::deserialize      %1 ms  (%2 KiB)")
            .arg(ms(median(historyReadMs)))
            .arg(historyAtOldTip.size() / 1024));
    say(QStringLiteral("        DiscoveryCache write             %1 ms  (not done when reused)")
            .arg(ms(median(cachedWriteMs))));
    say(QStringLiteral(
            "        VersionHistory write, whole      %1 ms  (not done: appended instead)")
            .arg(ms(median(historyWriteMs))));
    say(QStringLiteral("        VersionHistory append            %1 ms  (%2 bytes)")
            .arg(ms(median(historyAppendMs)))
            .arg(historyAppendBytes));
    say(QStringLiteral("      at the cached tip                  %1 ms  (%2 commits visited)")
            .arg(ms(median(sameTipMs)))
            .arg(sameTipVisited));
    say(QStringLiteral("  this process: RSS %1 MiB before; peak %2 MiB during the pieces, %3 MiB "
                       "during RepositorySnapshot::load")
            .arg(mib(rssBefore), mib(piecesPeakKiB), mib(snapshotPeakKiB)));
}

int run(const Options& options) {
    QTemporaryDir root;
    root.setAutoRemove(!options.keep);
    const QString home = root.filePath(QStringLiteral("home"));
    QDir().mkpath(home + QStringLiteral("/.config"));
    const QStringList environment = childEnvironment(home);
    const ProcessRunner runner(QStringLiteral(FREIGHTDESK_BENCH_SPAWN_PATH), environment);
    say(QStringLiteral("load at start %1").arg(loadAverage()));
    for (PipelineSource source : options.sources)
        runSource(options, source, root.path(), runner, environment);
    return 0;
}

} // namespace
} // namespace fd::bench

int main(int argc, char** argv) {
    return fd::bench::benchmarkMain(argc, argv, "bench_discovery", [](const QCoreApplication& app) {
        return fd::bench::run(fd::bench::parseOptions(app));
    });
}

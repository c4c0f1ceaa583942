// Benchmark of GitHistory: loading a GitOps repository's pipeline (every file at the tip) and
// the full history of its env/ folder, against `git log --name-status -- env/` over the same
// history, measured in the same run. A program that prints its figures, not a timed test;
// `--help` lists the options.

#include "benchprocess.h"
#include "benchsystem.h"
#include "fixturerepo.h"
#include "githandles.h"
#include "githistory.h"
#include "gittreefiles.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

namespace fd::bench {
namespace {

using fd::core::GitCommitInfo;
using fd::core::GitHistory;
using fd::core::GitPathChange;

struct Options final {
    FixtureSpec spec;
    int iterations = 5;
    bool keep = false;
};

/** What one way of reading the history saw, to check that all of them saw the same. */
struct Counts final {
    qint64 commits = 0;
    qint64 changes = 0;
    qint64 bytes = 0; // blob bytes read
    bool operator==(const Counts&) const = default;
};

Options parseOptions(const QCoreApplication& app) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Times GitHistory (pipeline at the tip + history of env/, every changed "
                       "blob read) against `git log --name-status -- env/`."));
    parser.addHelpOption();
    const QCommandLineOption commits(QStringLiteral("commits"), QStringLiteral("Commits (10000)."),
                                     QStringLiteral("n"), QStringLiteral("10000"));
    const QCommandLineOption services(QStringLiteral("services"),
                                      QStringLiteral("Services, each in six stages (200)."),
                                      QStringLiteral("n"), QStringLiteral("200"));
    const QCommandLineOption iterations(QStringLiteral("iterations"),
                                        QStringLiteral("Timed runs of each reader (5)."),
                                        QStringLiteral("n"), QStringLiteral("5"));
    const QCommandLineOption keep(QStringLiteral("keep"),
                                  QStringLiteral("Keep the repository; print where."));
    parser.addOptions({commits, services, iterations, keep});
    parser.process(app);
    Options options;
    options.spec.stages = {QStringLiteral("dev"),     QStringLiteral("qa"),
                           QStringLiteral("staging"), QStringLiteral("preprod"),
                           QStringLiteral("prod"),    QStringLiteral("prod-eu")};
    options.spec.commits = positiveValue(parser, commits);
    options.spec.files = positiveValue(parser, services) * int(options.spec.stages.size());
    options.spec.otherFolderPercent = 10;
    options.iterations = positiveValue(parser, iterations);
    options.keep = parser.isSet(keep);
    return options;
}

Counts countGitLog(const QByteArray& output) {
    Counts counts;
    for (const QByteArray& line : output.split('\n')) {
        if (line.startsWith("commit "))
            ++counts.commits;
        else if (line.size() > 2 && line.at(1) == '\t' && QByteArray("AMD").contains(line.at(0)))
            ++counts.changes;
    }
    return counts;
}

template <typename T> T check(fd::core::Result<T> result, const QString& what) {
    if (!result)
        fail(what + QStringLiteral(": ") + result.error().toString());
    return std::move(*result);
}

/** The pipeline: every file at the tip, listed and read, as discovery does. */
Counts loadPipeline(const std::shared_ptr<const GitHistory>& history) {
    auto files = fd::core::GitTreeFiles::open(history, QStringLiteral("main"));
    if (!files)
        fail(files.error().toString());
    Counts counts;
    for (const QString& path : (*files)->paths())
        counts.bytes += check((*files)->read(path), path).size();
    counts.changes = (*files)->paths().size();
    return counts;
}

/** GitHistory::walk over env/, reading every added or modified blob. */
Counts walkHistory(const GitHistory& history, const QStringList& hide = {}) {
    Counts counts;
    fd::core::GitWalkOptions options;
    options.pathPrefixes = {QStringLiteral("env/")};
    options.hide = hide;
    const auto walked =
        history.walk(QStringLiteral("main"), options,
                     [&](const GitCommitInfo&, const QList<GitPathChange>& changes) {
                         ++counts.commits;
                         for (const GitPathChange& change : changes) {
                             ++counts.changes;
                             if (!change.newBlobId.isEmpty())
                                 counts.bytes +=
                                     check(history.readBlob(change.newBlobId), change.path).size();
                         }
                         return true;
                     });
    if (!walked)
        fail(walked.error().toString());
    return counts;
}

/** The same walk with libgit2's git_diff_tree_to_tree and a pathspec, for the comparison. */
Counts walkWithLibgit2Diff(const QString& gitDirectory) {
    using namespace fd::core;
    git_repository* rawRepository = nullptr;
    const QByteArray path = QFile::encodeName(gitDirectory);
    if (git_repository_open(&rawRepository, path.constData()) < 0)
        fail(QStringLiteral("libgit2 could not open %1").arg(gitDirectory));
    const GitRepositoryHandle repository(rawRepository);
    git_revwalk* rawWalk = nullptr;
    git_revwalk_new(&rawWalk, repository.get());
    const std::unique_ptr<git_revwalk, GitFree<git_revwalk_free>> walk(rawWalk);
    git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
    git_revwalk_push_ref(walk.get(), "refs/heads/main");

    char pathspec[] = "env/";
    char* pathspecs[] = {pathspec};
    git_diff_options options;
    git_diff_options_init(&options, GIT_DIFF_OPTIONS_VERSION);
    options.pathspec = {pathspecs, 1};
    options.context_lines = 0;
    Counts counts;
    git_oid id;
    while (git_revwalk_next(&id, walk.get()) == 0) {
        git_commit* rawCommit = nullptr;
        git_commit_lookup(&rawCommit, repository.get(), &id);
        const GitCommitHandle commit(rawCommit);
        if (git_commit_parentcount(commit.get()) > 1)
            continue;
        git_tree* rawTree = nullptr;
        git_commit_tree(&rawTree, commit.get());
        const GitTreeHandle tree(rawTree);
        GitTreeHandle parentTree;
        if (git_commit_parentcount(commit.get()) == 1) {
            git_commit* rawParent = nullptr;
            git_commit_parent(&rawParent, commit.get(), 0);
            const GitCommitHandle parent(rawParent);
            git_tree* rawParentTree = nullptr;
            git_commit_tree(&rawParentTree, parent.get());
            parentTree.reset(rawParentTree);
        }
        git_diff* rawDiff = nullptr;
        if (git_diff_tree_to_tree(&rawDiff, repository.get(), parentTree.get(), tree.get(),
                                  &options) < 0)
            fail(QStringLiteral("git_diff_tree_to_tree failed"));
        const std::unique_ptr<git_diff, GitFree<git_diff_free>> diff(rawDiff);
        const size_t deltas = git_diff_num_deltas(diff.get());
        if (deltas == 0)
            continue;
        ++counts.commits;
        for (size_t i = 0; i < deltas; ++i) {
            const git_diff_delta* delta = git_diff_get_delta(diff.get(), i);
            ++counts.changes;
            if (delta->status == GIT_DELTA_DELETED)
                continue;
            git_blob* rawBlob = nullptr;
            git_blob_lookup(&rawBlob, repository.get(), &delta->new_file.id);
            const GitBlobHandle blob(rawBlob);
            counts.bytes += qint64(git_blob_rawsize(blob.get()));
        }
    }
    return counts;
}

QString describe(const Counts& counts) {
    return QStringLiteral("%1 commits, %2 changes, %3 KiB read")
        .arg(counts.commits)
        .arg(counts.changes)
        .arg(counts.bytes / 1024);
}

int run(const Options& options) {
    QTemporaryDir root;
    root.setAutoRemove(!options.keep);
    const QString home = root.filePath(QStringLiteral("home"));
    QDir().mkpath(home + QStringLiteral("/.config"));
    const ProcessRunner runner(QStringLiteral(FREIGHTDESK_BENCH_SPAWN_PATH),
                               childEnvironment(home));
    const QString gitDirectory = root.filePath(QStringLiteral("history.git"));
    Fixture fixture;
    say(QStringLiteral("generating %1 commits over %2 values files (%3 stages)...")
            .arg(options.spec.commits)
            .arg(options.spec.files)
            .arg(options.spec.stages.size()));
    if (const QString error =
            generateFixture(runner, options.spec, gitDirectory, root.path(), &fixture);
        !error.isEmpty())
        fail(error);
    say(QStringLiteral("fixture: %1 ms, pack %2 KiB%3")
            .arg(fixture.generateMs, 0, 'f', 0)
            .arg(fixture.packBytes / 1024)
            .arg(options.keep ? QStringLiteral(", kept at ") + gitDirectory : QString()));

    const QStringList gitLog = {QStringLiteral("git"),
                                QStringLiteral("-C"),
                                gitDirectory,
                                QStringLiteral("log"),
                                QStringLiteral("--name-status"),
                                QStringLiteral("main"),
                                QStringLiteral("--"),
                                QStringLiteral("env/")};
    QList<double> gitMs, pipelineMs, walkMs, libgit2Ms;
    long gitPeakKiB = 0;
    Counts gitCounts, pipelineCounts, walkCounts, libgit2Counts;
    const long rssBefore = ownMemoryKiB("VmRSS:");
    long peakKiB = 0;
    // Alternating, so that neither reader always runs on caches the other warmed; one unmeasured
    // round first warms the page cache for both.
    for (int iteration = -1; iteration < options.iterations; ++iteration) {
        const ProcessRun log = runner.run(gitLog);
        if (!log.ok())
            fail(log.describeFailure());
        gitCounts = countGitLog(log.standardOutput);
        gitPeakKiB = std::max(gitPeakKiB, log.peakRssKiB);

        resetPeak();
        QElapsedTimer timer;
        timer.start();
        {
            const std::shared_ptr<const GitHistory> history =
                check(GitHistory::open(gitDirectory), gitDirectory);
            pipelineCounts = loadPipeline(history);
        }
        const double pipeline = double(timer.nsecsElapsed()) / 1e6;
        {
            const auto history = check(GitHistory::open(gitDirectory), gitDirectory);
            walkCounts = walkHistory(*history);
        }
        const double total = double(timer.nsecsElapsed()) / 1e6;
        peakKiB = std::max(peakKiB, ownMemoryKiB("VmHWM:"));

        timer.restart();
        libgit2Counts = walkWithLibgit2Diff(gitDirectory);
        const double libgit2 = double(timer.nsecsElapsed()) / 1e6;
        say(QStringLiteral("  run %1: git log %2 ms, GitHistory %3 + %4 ms, libgit2 diff %5 ms")
                .arg(iteration + 1)
                .arg(log.wallMs, 0, 'f', 0)
                .arg(pipeline, 0, 'f', 0)
                .arg(total - pipeline, 0, 'f', 0)
                .arg(libgit2, 0, 'f', 0));
        if (iteration < 0)
            continue;
        gitMs.append(log.wallMs);
        pipelineMs.append(pipeline);
        walkMs.append(total - pipeline);
        libgit2Ms.append(libgit2);
    }
    if (walkCounts.commits != gitCounts.commits || walkCounts.changes != gitCounts.changes)
        fail(QStringLiteral("GitHistory saw %1, git log %2")
                 .arg(describe(walkCounts), describe(gitCounts)));
    if (!(walkCounts == libgit2Counts))
        fail(QStringLiteral("GitHistory saw %1, the libgit2 diff %2")
                 .arg(describe(walkCounts), describe(libgit2Counts)));

    // One more commit, then the incremental load a running app makes.
    const auto history = check(GitHistory::open(gitDirectory), gitDirectory);
    const QString previousTip =
        check(history->resolve(QStringLiteral("main")), QStringLiteral("main"));
    const QByteArray content = "image:\n  tag: 9.9.9\n";
    const QByteArray stream =
        "commit refs/heads/main\ncommitter Bench <bench@example.com> 1900000000 +0000\n"
        "data 8\nPromote\nfrom " +
        previousTip.toLatin1() +
        "\nM 100644 inline env/prod/service-0001/service-0001-values.yaml\ndata " +
        QByteArray::number(content.size()) + "\n" + content + "done\n";
    const QString streamFile = root.filePath(QStringLiteral("one-more.stream"));
    {
        QFile file(streamFile);
        if (!file.open(QIODevice::WriteOnly) || file.write(stream) < 0)
            fail(QStringLiteral("cannot write %1").arg(streamFile));
    }
    const ProcessRun added = runner.run({QStringLiteral("git"), QStringLiteral("-C"), gitDirectory,
                                         QStringLiteral("fast-import"), QStringLiteral("--quiet")},
                                        {}, streamFile);
    if (!added.ok())
        fail(added.describeFailure());
    QList<double> incrementalMs;
    Counts incremental;
    for (int iteration = 0; iteration < options.iterations; ++iteration) {
        QElapsedTimer timer;
        timer.start();
        incremental = walkHistory(*history, {previousTip});
        incrementalMs.append(double(timer.nsecsElapsed()) / 1e6);
    }
    if (incremental.commits != 1 || incremental.changes != 1)
        fail(QStringLiteral("the incremental walk saw %1").arg(describe(incremental)));

    const double git = median(gitMs);
    const double ours = median(pipelineMs) + median(walkMs);
    say(QStringLiteral("\n%1 commits, %2 services x %3 stages; medians of %4 runs; load %5")
            .arg(options.spec.commits)
            .arg(options.spec.files / options.spec.stages.size())
            .arg(options.spec.stages.size())
            .arg(options.iterations)
            .arg(loadAverage()));
    say(QStringLiteral("  git log --name-status -- env/      %1 ms  (%2; peak RSS %3 MiB)")
            .arg(git, 7, 'f', 1)
            .arg(describe(gitCounts))
            .arg(double(gitPeakKiB) / 1024, 0, 'f', 1));
    say(QStringLiteral("  GitHistory: pipeline at the tip    %1 ms  (%2 files, %3 KiB)")
            .arg(median(pipelineMs), 7, 'f', 1)
            .arg(pipelineCounts.changes)
            .arg(pipelineCounts.bytes / 1024));
    say(QStringLiteral("  GitHistory: walk env/ + blobs      %1 ms  (%2)")
            .arg(median(walkMs), 7, 'f', 1)
            .arg(describe(walkCounts)));
    say(QStringLiteral(
            "  GitHistory: total                  %1 ms  ratio to git log %2 (goal <= 2)")
            .arg(ours, 7, 'f', 1)
            .arg(ours / git, 0, 'f', 2));
    say(QStringLiteral("  libgit2 git_diff_tree_to_tree walk %1 ms  ratio to our walk %2")
            .arg(median(libgit2Ms), 7, 'f', 1)
            .arg(median(libgit2Ms) / median(walkMs), 0, 'f', 2));
    say(QStringLiteral("  incremental walk after 1 commit    %1 ms  (%2)")
            .arg(median(incrementalMs), 7, 'f', 2)
            .arg(describe(incremental)));
    say(QStringLiteral("  this process: RSS %1 MiB before, peak %2 MiB during GitHistory's loads")
            .arg(double(rssBefore) / 1024, 0, 'f', 1)
            .arg(double(peakKiB) / 1024, 0, 'f', 1));
    return 0;
}

} // namespace
} // namespace fd::bench

int main(int argc, char** argv) {
    return fd::bench::benchmarkMain(argc, argv, "bench_history", [](const QCoreApplication& app) {
        return fd::bench::run(fd::bench::parseOptions(app));
    });
}

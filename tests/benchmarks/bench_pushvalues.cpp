// Benchmark of `freightdesk-cli push-values` against the ways GitOps promotions are made today:
// a shell sequence in an existing clone and a Kargo-style fresh clone. A program that prints its
// figures and ratios measured in the same run, not a timed test; `--help` lists the options.

#include "benchprocess.h"
#include "benchsystem.h"
#include "fixturerepo.h"
#include "githttpserver.h"
#include "pushmethods.h"
#include "report.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <cstdio>
#include <map>

namespace fd::bench {
namespace {

struct Options final {
    int iterations = 10;
    FixtureSpec large; // 20,000 commits, 2,000 files
    FixtureSpec small = [] {
        FixtureSpec spec;
        spec.commits = 2000;
        return spec;
    }();
    bool file = true;
    bool http = true;
    bool keep = false;
    QString cliPath = QStringLiteral(FREIGHTDESK_CLI_PATH);
    QString spawnHelper = QStringLiteral(FREIGHTDESK_BENCH_SPAWN_PATH);
};

Options parseOptions(const QCoreApplication& app) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Times freightdesk-cli push-values against a shell pull/sed/commit/push in an existing "
        "clone and a Kargo-style fresh clone, over file:// and a real smart-HTTP server."));
    parser.addHelpOption();
    const QCommandLineOption iterations(QStringLiteral("iterations"),
                                        QStringLiteral("Timed runs of each method (10)."),
                                        QStringLiteral("n"), QStringLiteral("10"));
    const QCommandLineOption commits(QStringLiteral("commits"),
                                     QStringLiteral("Commits in the large repository (20000)."),
                                     QStringLiteral("n"), QStringLiteral("20000"));
    const QCommandLineOption smallCommits(
        QStringLiteral("small-commits"),
        QStringLiteral("Commits in the small repository, for the memory comparison (2000)."),
        QStringLiteral("n"), QStringLiteral("2000"));
    const QCommandLineOption files(QStringLiteral("files"),
                                   QStringLiteral("Values files in both repositories (2000)."),
                                   QStringLiteral("n"), QStringLiteral("2000"));
    const QCommandLineOption keep(QStringLiteral("keep"),
                                  QStringLiteral("Keep the repositories and clones; print where."));
    const QCommandLineOption httpOnly(
        QStringLiteral("http-only"),
        QStringLiteral("Only over http:// (nginx + git http-backend)."));
    const QCommandLineOption fileOnly(QStringLiteral("file-only"),
                                      QStringLiteral("Only over file://."));
    const QCommandLineOption cli(QStringLiteral("cli"),
                                 QStringLiteral("The freightdesk-cli to measure."),
                                 QStringLiteral("path"));
    parser.addOptions({iterations, commits, smallCommits, files, keep, httpOnly, fileOnly, cli});
    parser.process(app);

    Options options;
    options.iterations = positiveValue(parser, iterations);
    options.large.commits = positiveValue(parser, commits);
    options.large.files = positiveValue(parser, files);
    options.small.commits = positiveValue(parser, smallCommits);
    options.small.files = options.large.files;
    options.keep = parser.isSet(keep);
    if (parser.isSet(httpOnly) && parser.isSet(fileOnly))
        fail(QStringLiteral("--http-only and --file-only exclude each other"));
    options.file = !parser.isSet(httpOnly);
    options.http = !parser.isSet(fileOnly);
    if (parser.isSet(cli))
        options.cliPath = parser.value(cli);
    return options;
}

void writeGitConfig(const QString& home) {
    QDir().mkpath(home + QStringLiteral("/.config"));
    QFile config(home + QStringLiteral("/.gitconfig"));
    if (!config.open(QIODevice::WriteOnly))
        fail(QStringLiteral("cannot write %1").arg(config.fileName()));
    config.write("[user]\n\tname = Bench Promoter\n\temail = promoter@example.com\n"
                 "[init]\n\tdefaultBranch = main\n"
                 "[advice]\n\tdetachedHead = false\n");
}

QString loadAverage() {
    QFile file(QStringLiteral("/proc/loadavg"));
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("unknown");
    return QString::fromLatin1(file.readAll()).section(QLatin1Char(' '), 0, 2);
}

void checkCli(const ProcessRunner& runner, const QString& cliPath) {
    const ProcessRun help =
        runner.run({cliPath, QStringLiteral("push-values"), QStringLiteral("--help")});
    if (!help.ok() || !help.standardOutput.contains("--set"))
        fail(QStringLiteral("%1 has no usable push-values command yet (pass --cli PATH):\n%2")
                 .arg(cliPath, help.describeFailure()));
}

// Four files of the same stage, one per method, so each method's last tag can be checked at the
// tip; the same stage means the same tree sizes, so each method does the same work.
QList<QString> targetFiles(const Fixture& fixture) {
    QStringList prod;
    for (const QString& path : fixture.valuesFiles)
        if (path.startsWith(QStringLiteral("env/prod/")))
            prod.append(path);
    if (prod.size() < 4)
        prod = fixture.valuesFiles;
    if (prod.size() < 4)
        fail(QStringLiteral("the fixture needs at least four values files"));
    QList<QString> files;
    for (int i = 1; i <= 4; ++i)
        files.append(prod.at(i * prod.size() / 5));
    return files;
}

ScenarioResult runScenario(const Options& options, const QString& home, const Fixture& fixture,
                           const FixtureSpec& spec, const QString& transport, const QString& url,
                           const QString& scratch, int scenarioIndex) {
    QDir().mkpath(scratch);
    const ProcessRunner runner(options.spawnHelper,
                               childEnvironment(home, scratch + QStringLiteral("/cache")));
    PushMethods methods(runner, {url, fixture.gitDirectory, scratch, options.cliPath});

    ScenarioResult result;
    result.commits = spec.commits;
    result.files = spec.files;
    result.packBytes = fixture.packBytes;
    result.transport = transport;
    say(QStringLiteral("-- %1 commits over %2: preparing the clone of (a)")
            .arg(spec.commits)
            .arg(transport));
    if (QString error = methods.prepare(); !error.isEmpty())
        fail(error);

    const QList<QString> files = targetFiles(fixture);
    const std::map<Method, QString> fileOf = {{Method::ShellClone, files[0]},
                                              {Method::KargoClone, files[1]},
                                              {Method::KargoShallow, files[2]},
                                              {Method::Cli, files[3]}};
    std::map<Method, QString> lastTag;
    int serial = 0;
    auto nextTag = [&] { return QStringLiteral("2.%1.%2").arg(scenarioIndex).arg(++serial); };

    lastTag[Method::Cli] = nextTag();
    if (QString error =
            methods.warmCli(fileOf.at(Method::Cli), lastTag[Method::Cli], &result.firstCli);
        !error.isEmpty())
        fail(error);

    // A Williams square: over four iterations each method runs first once and right after each
    // other method once, so none always inherits the caches its same predecessor warmed.
    constexpr int kOrder[4][4] = {{0, 1, 3, 2}, {1, 2, 0, 3}, {2, 3, 1, 0}, {3, 0, 2, 1}};
    for (int iteration = 0; iteration < options.iterations; ++iteration) {
        for (int k = 0; k < 4; ++k) {
            const Method method = kAllMethods[kOrder[iteration % 4][k]];
            const QString tag = nextTag();
            Sample sample;
            if (QString error = methods.promote(method, fileOf.at(method), tag, &sample);
                !error.isEmpty())
                fail(QStringLiteral("%1, iteration %2:\n%3")
                         .arg(methodLabel(method))
                         .arg(iteration + 1)
                         .arg(error));
            lastTag[method] = tag;
            result.samples[method].append(sample);
        }
        std::fprintf(stdout, ".");
        std::fflush(stdout);
    }
    say({});

    QList<std::pair<QString, QString>> expected;
    for (const auto& [method, tag] : lastTag)
        expected.append({fileOf.at(method), tag});
    if (QString error = methods.verifyFinal(expected); !error.isEmpty())
        fail(QStringLiteral("final check of %1 commits over %2: %3")
                 .arg(spec.commits)
                 .arg(transport, error));
    result.pushesVerified = methods.pushes();
    return result;
}

int run(const Options& options) {
    QTemporaryDir root(QDir::tempPath() + QStringLiteral("/bench_pushvalues-XXXXXX"));
    if (!root.isValid())
        fail(QStringLiteral("cannot create a temporary directory"));
    root.setAutoRemove(!options.keep);
    const QString home = root.filePath(QStringLiteral("home"));
    writeGitConfig(home);
    const ProcessRunner setupRunner(options.spawnHelper,
                                    childEnvironment(home, root.filePath(QStringLiteral("cache"))));
    checkCli(setupRunner, options.cliPath);
    RunConditions conditions;
    conditions.iterations = options.iterations;
    conditions.loadBefore = loadAverage();
    conditions.rssFloorKiB = setupRunner.run({QStringLiteral("true")}).peakRssKiB;

    const QString served = root.filePath(QStringLiteral("served"));
    QDir().mkpath(served);
    struct Repo final {
        QString name;
        FixtureSpec spec;
        Fixture fixture;
    };
    QList<Repo> repos = {{QStringLiteral("small.git"), options.small, {}},
                         {QStringLiteral("large.git"), options.large, {}}};
    for (Repo& repo : repos) {
        say(QStringLiteral("Generating %1 commits x %2 files with git fast-import...")
                .arg(repo.spec.commits)
                .arg(repo.spec.files));
        if (QString error =
                generateFixture(setupRunner, repo.spec, served + QLatin1Char('/') + repo.name,
                                root.path(), &repo.fixture);
            !error.isEmpty())
            fail(error);
        say(QStringLiteral("   done in %1 s (fast-import %2 s, repack %3 s), pack %4 MiB")
                .arg(repo.fixture.generateMs / 1000, 0, 'f', 1)
                .arg(repo.fixture.fastImportMs / 1000, 0, 'f', 1)
                .arg(repo.fixture.repackMs / 1000, 0, 'f', 1)
                .arg(double(repo.fixture.packBytes) / (1 << 20), 0, 'f', 1));
    }

    // The repositories stay in our folder (so --keep keeps them) and are linked into the
    // server's project root; http-backend follows the links.
    fd::testsupport::GitHttpServer server;
    if (options.http) {
        if (auto started = server.start(); !started)
            fail(QStringLiteral("cannot start the smart-HTTP server: %1")
                     .arg(started.error().message));
        for (const Repo& repo : repos)
            if (!QFile::link(repo.fixture.gitDirectory,
                             server.projectRoot() + QLatin1Char('/') + repo.name))
                fail(QStringLiteral("cannot link %1 into %2")
                         .arg(repo.fixture.gitDirectory, server.projectRoot()));
        say(QStringLiteral("Serving %1 at %2").arg(served, server.url({})));
    }

    QList<ScenarioResult> results;
    int scenario = 0;
    for (const Repo& repo : repos) {
        QList<std::pair<QString, QString>> transports;
        if (options.file)
            transports.append(
                {QStringLiteral("file://"), QStringLiteral("file://") + repo.fixture.gitDirectory});
        if (options.http) {
            const auto account = server.accounts().constFirst();
            transports.append(
                {QStringLiteral("http://"),
                 server.urlWithCredentials(repo.name, account.user, account.password)});
        }
        for (const auto& [transport, url] : transports) {
            ++scenario;
            results.append(runScenario(options, home, repo.fixture, repo.spec, transport, url,
                                       root.filePath(QStringLiteral("scenario-%1").arg(scenario)),
                                       scenario));
        }
    }
    server.stop();

    conditions.loadAfter = loadAverage();
    printReport(results, conditions);
    if (options.keep)
        say(QStringLiteral("\nKept everything in %1").arg(root.path()));
    return 0;
}

} // namespace
} // namespace fd::bench

int main(int argc, char** argv) {
    return fd::bench::benchmarkMain(
        argc, argv, "bench_pushvalues",
        [](const QCoreApplication& app) { return fd::bench::run(fd::bench::parseOptions(app)); });
}

#include "fixturerepo.h"

#include "benchprocess.h"
#include "benchsystem.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>

#include <random>
#include <vector>

namespace fd::bench {

namespace {

constexpr qint64 kEpoch = 1700000000; // first commit; one commit every ten minutes after it

struct ValuesFile final {
    QByteArray path;
    QByteArray service;
    QByteArray stage;
    int patch = 0;
};

// A typical chart's values. The image tag is the only line starting with two spaces and "tag:",
// which the shell method's `sed` relies on.
constexpr char kValuesTemplate[] =
    R"(# Helm values for @SERVICE@ in @STAGE@ (managed by promotion tooling)
replicaCount: @REPLICAS@
image:
  repository: registry.example.com/platform/@SERVICE@
  tag: 1.0.@PATCH@
  pullPolicy: IfNotPresent
imagePullSecrets:
  - name: registry-credentials
service:
  type: ClusterIP
  port: 8080
ingress:
  enabled: @PROD@
  host: @SERVICE@.@STAGE@.example.com
resources:
  limits:
    cpu: 500m
    memory: 256Mi
  requests:
    cpu: 100m
    memory: 128Mi
env:
  - name: LOG_LEVEL
    value: @LOGLEVEL@
  - name: OTEL_SERVICE_NAME
    value: @SERVICE@
podAnnotations:
  prometheus.io/scrape: "true"
)";

QByteArray valuesYaml(const ValuesFile& f) {
    const bool prod = f.stage == "prod";
    return QByteArray(kValuesTemplate)
        .replace("@SERVICE@", f.service)
        .replace("@STAGE@", f.stage)
        .replace("@REPLICAS@", prod ? "3" : "1")
        .replace("@PATCH@", QByteArray::number(f.patch))
        .replace("@PROD@", prod ? "true" : "false")
        .replace("@LOGLEVEL@", prod ? "warn" : "debug");
}

std::vector<ValuesFile> layout(int files, const QStringList& stages) {
    std::vector<ValuesFile> result;
    result.reserve(files);
    for (int service = 0; static_cast<int>(result.size()) < files; ++service) {
        for (qsizetype stage = 0; stage < stages.size() && static_cast<int>(result.size()) < files;
             ++stage) {
            ValuesFile f;
            f.service = "service-" + QByteArray::number(service).rightJustified(4, '0');
            f.stage = stages.at(stage).toUtf8();
            f.path = "env/" + f.stage + "/" + f.service + "/" + f.service + "-values.yaml";
            result.push_back(f);
        }
    }
    return result;
}

void appendData(QByteArray& stream, const QByteArray& data) {
    stream += "data " + QByteArray::number(data.size()) + "\n" + data + "\n";
}

void appendCommitHeader(QByteArray& stream, int index, const QByteArray& message) {
    const QByteArray when = QByteArray::number(kEpoch + qint64(index) * 600) + " +0000\n";
    stream += "commit refs/heads/main\n";
    stream += "author CI Bot <ci-bot@example.com> " + when;
    stream += "committer CI Bot <ci-bot@example.com> " + when;
    appendData(stream, message);
}

void appendFile(QByteArray& stream, const QByteArray& path, const QByteArray& content) {
    stream += "M 100644 inline " + path + "\n";
    appendData(stream, content);
}

QByteArray fastImportStream(const FixtureSpec& spec, std::vector<ValuesFile>& files) {
    QByteArray stream;
    stream.reserve(qsizetype(spec.files) * 900 + qsizetype(spec.commits) * 1100);

    appendCommitHeader(stream, 0, "Initial import of the environments\n");
    appendFile(stream, "README.md",
               "# Deployments\n\nOne Helm values file per service and stage, promoted by CI.\n");
    for (const ValuesFile& f : files)
        appendFile(stream, f.path, valuesYaml(f));
    for (const auto& [path, content] : spec.initialFiles)
        appendFile(stream, path, content);

    // Fixed seed: the same spec yields the same history and commit ids on every run.
    std::mt19937 random(20240601u);
    std::uniform_int_distribution<int> pickFile(0, int(files.size()) - 1);
    std::discrete_distribution<int> howMany({70, 20, 10}); // 1, 2 or 3 files per commit
    std::uniform_int_distribution<int> percent(0, 99);
    for (int commit = 1; commit < spec.commits; ++commit) {
        // Drawn only when asked for, so that the default spec keeps its history and commit ids.
        if (spec.otherFolderPercent > 0 && percent(random) < spec.otherFolderPercent) {
            const ValuesFile& chart = files[pickFile(random)];
            const QByteArray version = QByteArray::number(commit);
            appendCommitHeader(stream, commit,
                               "Bump the " + chart.service + " chart to 0." + version + "\n");
            appendFile(stream, "charts/" + chart.service + "/Chart.yaml",
                       "apiVersion: v2\nname: " + chart.service + "\nversion: 0." + version + "\n");
            continue;
        }
        const int count = howMany(random) + 1;
        std::vector<int> changed;
        for (int i = 0; i < count; ++i)
            changed.push_back(pickFile(random));
        ValuesFile& first = files[changed.front()];
        QByteArray message = "Promote " + first.service + " to 1.0." +
                             QByteArray::number(first.patch + 1) + " in " + first.stage + "\n";
        if (count > 1)
            message += "\nAnd " + QByteArray::number(count - 1) + " more from the same release.\n";
        appendCommitHeader(stream, commit, message);
        for (int index : changed) {
            ++files[index].patch;
            appendFile(stream, files[index].path, valuesYaml(files[index]));
        }
    }
    stream += "done\n";
    return stream;
}

qint64 packSize(const QString& gitDirectory) {
    qint64 total = 0;
    const QDir packs(gitDirectory + QStringLiteral("/objects/pack"));
    for (const QFileInfo& info : packs.entryInfoList({QStringLiteral("*.pack")}, QDir::Files))
        total += info.size();
    return total;
}

} // namespace

QString generateFixture(const ProcessRunner& runner, const FixtureSpec& spec,
                        const QString& gitDirectory, const QString& scratchDirectory,
                        Fixture* fixture) {
    if (spec.commits < 1 || spec.files < 1 || spec.stages.isEmpty())
        return QStringLiteral("a fixture needs at least one commit, one file and one stage");
    QElapsedTimer timer;
    timer.start();

    std::vector<ValuesFile> files = layout(spec.files, spec.stages);
    const QString streamPath =
        scratchDirectory +
        QStringLiteral("/fast-import-%1-%2.stream").arg(spec.commits).arg(spec.files);
    {
        QFile stream(streamPath);
        if (!stream.open(QIODevice::WriteOnly) || stream.write(fastImportStream(spec, files)) < 0)
            return QStringLiteral("cannot write %1: %2").arg(streamPath, stream.errorString());
    }

    const QString git = QStringLiteral("git");
    const QList<QStringList> steps = {
        {git, QStringLiteral("init"), QStringLiteral("--quiet"), QStringLiteral("--bare"),
         QStringLiteral("--initial-branch=main"), gitDirectory},
        {git, QStringLiteral("-C"), gitDirectory, QStringLiteral("fast-import"),
         QStringLiteral("--quiet")},
        // Hosting servers run maintenance off the request path: no `gc --auto` started by a push
        // in the middle of another method's timing.
        {git, QStringLiteral("-C"), gitDirectory, QStringLiteral("config"),
         QStringLiteral("receive.autogc"), QStringLiteral("false")},
        {git, QStringLiteral("-C"), gitDirectory, QStringLiteral("config"),
         QStringLiteral("gc.auto"), QStringLiteral("0")},
        // Servers keep repositories packed, with a reachability bitmap; without it every clone
        // would pay for a full object walk that no real host makes them pay for.
        {git, QStringLiteral("-C"), gitDirectory, QStringLiteral("repack"), QStringLiteral("-a"),
         QStringLiteral("-d"), QStringLiteral("-b"), QStringLiteral("-q")},
    };
    QList<double> stepMs;
    for (const QStringList& step : steps) {
        const bool feedsStream = step.contains(QStringLiteral("fast-import"));
        const ProcessRun run = runner.run(step, {}, feedsStream ? streamPath : QString());
        if (!run.ok())
            return run.describeFailure();
        stepMs.append(run.wallMs);
    }

    fixture->gitDirectory = gitDirectory;
    fixture->valuesFiles.clear();
    for (const ValuesFile& f : files)
        fixture->valuesFiles.append(QString::fromUtf8(f.path));
    fixture->generateMs = double(timer.nsecsElapsed()) / 1e6;
    fixture->fastImportMs = stepMs.value(1);
    fixture->repackMs = stepMs.constLast();
    fixture->packBytes = packSize(gitDirectory);
    return {};
}

void runGit(const ProcessRunner& runner, const QStringList& arguments,
            const QString& standardInput) {
    const ProcessRun run =
        runner.run(QStringList{QStringLiteral("git")} + arguments, {}, standardInput);
    if (!run.ok())
        fail(run.describeFailure());
}

void trackAsOrigin(const ProcessRunner& runner, const QString& gitDirectory,
                   const QByteArray& remoteUrl) {
    runGit(runner, {QStringLiteral("-C"), gitDirectory, QStringLiteral("remote"),
                    QStringLiteral("add"), QStringLiteral("origin"), QString::fromUtf8(remoteUrl)});
    runGit(runner, {QStringLiteral("-C"), gitDirectory, QStringLiteral("update-ref"),
                    QStringLiteral("refs/remotes/origin/main"), QStringLiteral("refs/heads/main")});
}

void promoteOnMain(const ProcessRunner& runner, const QString& gitDirectory, const QString& scratch,
                   const QString& file, const QString& service) {
    const QByteArray content = "image:\n  repository: registry.example.com/platform/" +
                               service.toUtf8() + "\n  tag: 9.9.9\n";
    const QByteArray stream = "commit refs/heads/main\n"
                              "committer Bench <bench@example.com> 1900000000 +0000\n"
                              "data 8\nPromote\nfrom refs/heads/main^0\n"
                              "M 100644 inline " +
                              file.toUtf8() + "\ndata " + QByteArray::number(content.size()) +
                              "\n" + content + "done\n";
    const QString streamFile = scratch + QStringLiteral("/one-more.stream");
    QFile out(streamFile);
    if (!out.open(QIODevice::WriteOnly) || out.write(stream) < 0)
        fail(QStringLiteral("cannot write %1").arg(streamFile));
    out.close();
    runGit(runner,
           {QStringLiteral("-C"), gitDirectory, QStringLiteral("fast-import"),
            QStringLiteral("--quiet")},
           streamFile);
    runGit(runner, {QStringLiteral("-C"), gitDirectory, QStringLiteral("update-ref"),
                    QStringLiteral("refs/remotes/origin/main"), QStringLiteral("refs/heads/main")});
}

} // namespace fd::bench

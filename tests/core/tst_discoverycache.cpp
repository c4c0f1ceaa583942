#include "discoverycache.h"
#include "githistory.h"
#include "gittestbed.h"
#include "gittreefiles.h"
#include "manifestscan.h"
#include "memoryfiles.h"
#include "pipelinediscovery.h"
#include "repositorysnapshot.h"
#include "testrepos.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using fd::core::DiscoveryCache;
using fd::core::DiscoveryOptions;
using fd::core::GitHistory;
using fd::core::GitTreeFiles;
using fd::core::Pipeline;
using fd::core::PipelineDiscovery;
using fd::core::PipelineTarget;
using fd::core::RepositorySnapshot;
using fd::testsupport::TestRepos;

namespace {

const QString HandMade = u"hand-made"_s;
const QString RepositoryUrl = u"https://git.example.com/acme/gitops.git"_s;
const QString LegacyValues = u"env/dev/backend/backend-values.yaml"_s;

QByteArray valuesFile(const QByteArray& repository, const QByteArray& tag) {
    return "image:\n  repository: " + repository + "\n  tag: " + tag + "\n";
}

QByteArray application(const QByteArray& name, const QByteArray& valuesPath) {
    return "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: " + name +
           "\n  namespace: argocd\nspec:\n  project: default\n  source:\n    repoURL: " +
           RepositoryUrl.toUtf8() +
           "\n    targetRevision: HEAD\n    path: charts/app\n    helm:\n      valueFiles:\n"
           "        - /" +
           valuesPath + "\n  destination:\n    server: https://kubernetes.default.svc\n";
}

/**
 * A freightdesk.yaml pipeline: two services in dev and prod, an app per stage, and one values
 * file naming another image than its service (an image-mismatch finding).
 */
QMap<QString, QByteArray> handMadeFiles() {
    QMap<QString, QByteArray> files;
    files.insert(u"freightdesk.yaml"_s,
                 "version: 1\nenvironments:\n  - name: dev\n    autoPromotion: true\n"
                 "  - name: prod\n    upstream: [dev]\n    requiredApprovals: 1\n"
                 "    freeze:\n      - weekly: Fri 16:00 - Mon 08:00\n"
                 "        timeZone: Europe/Berlin\n      - from: 2026-12-20T00:00:00Z\n"
                 "        until: 2027-01-04T08:00:00Z\n        reason: Holidays\n"
                 "    verification:\n      soak: 10m\n      manual: true\n      http:\n"
                 "        - {url: 'https://prod.example.com/health', status: 200, "
                 "json: '$.ok == true', within: 1m, insecure: true}\n"
                 "services:\n  - name: frontend\n    image: ghcr.io/acme/frontend\n"
                 "    tags: {strategy: Lexical, ignore: [latest], discoveryLimit: 5}\n"
                 "    file: env/{environment}/{service}/{service}-values.yaml\n"
                 "    key: image.tag\n    argocdApp: \"{service}-{environment}\"\n"
                 "  - name: backend\n    image: ghcr.io/acme/backend\n"
                 "    file: env/{environment}/{service}/{service}-values.yaml\n"
                 "    key: image.tag\n    argocdApp: \"{service}-{environment}\"\n");
    files.insert(u"SOURCE.txt"_s, "hand-made\n");
    files.insert(u"charts/app/Chart.yaml"_s, "name: app\nversion: 1.0.0\n");
    for (const QByteArray service : {"frontend", "backend"}) {
        for (const QByteArray environment : {"dev", "prod"}) {
            const QByteArray path =
                "env/" + environment + "/" + service + "/" + service + "-values.yaml";
            const QByteArray image = service == "backend" && environment == "dev"
                                         ? "ghcr.io/acme/legacy-backend"
                                         : "ghcr.io/acme/" + service;
            files.insert(QString::fromUtf8(path), valuesFile(image, "1.0.0"));
            files.insert(u"argocd/%1-%2.yaml"_s.arg(QString::fromUtf8(service),
                                                    QString::fromUtf8(environment)),
                         application(service + "-" + environment, path));
        }
    }
    return files;
}

QMap<QString, QByteArray> fixtureFiles(const QString& name) {
    const auto fixture =
        fd::test::MemoryFiles::fromFolder(QStringLiteral(FREIGHTDESK_FIXTURES_DIR "/") + name);
    QMap<QString, QByteArray> files;
    for (const QString& path : fixture.paths())
        files.insert(path, *fixture.read(path));
    return files;
}

DiscoveryOptions discoveryOptions() {
    DiscoveryOptions options;
    options.project = u"gitops"_s;
    options.branch = u"main"_s;
    options.repositoryUrls = {RepositoryUrl};
    return options;
}

QString show(const QStringList& list) {
    return u"["_s + list.join(u", "_s) + u"]"_s;
}

/** Every field of @p pipeline, one line per item, to compare two pipelines and show a difference. */
QStringList describe(const Pipeline& pipeline) {
    QStringList lines{u"source %1 project %2"_s.arg(pipeline.sourceName(), pipeline.project)};
    for (const auto& service : pipeline.services) {
        lines.append(u"service %1 %2 %3 %4"_s.arg(service.name, service.imageRepository,
                                                  show(service.subscriptions), service.location));
        for (const auto& each : service.warehouseSubscriptions)
            lines.append(
                u"  subscribes %1 %2 %3 %4 %5 %6 %7 %8 %9"_s.arg(each.kindName(), each.repoURL)
                    .arg(each.chartName, each.selectionStrategy, each.constraint,
                         show(each.allowTagsRegexes), show(each.ignoreTagsRegexes), each.platform,
                         each.branch) +
                u" %1 %2 %3 %4 %5 %6 %7"_s.arg(show(each.includePaths), show(each.excludePaths))
                    .arg(each.discoveryLimit.value_or(-1))
                    .arg(each.strictSemvers)
                    .arg(each.semverConstraint, each.allowTags, each.position.toString()));
    }
    for (const auto& stage : pipeline.stages) {
        lines.append(u"stage %1 %2 %3 up %4 direct %5 %6 %7 apps %8 ro %9 %10 %11"_s
                         .arg(stage.name, stage.service, stage.environment, show(stage.upstream))
                         .arg(stage.direct)
                         .arg(stage.availability, stage.color, show(stage.argocdApps))
                         .arg(stage.readOnly)
                         .arg(stage.readOnlyReason, stage.location));
        for (const auto& freeze : stage.policy.freezes)
            lines.append(
                u"  freeze %1 %2 %3 %4 %5 %6 %7 %8 %9"_s.arg(freeze.weekly)
                    .arg(freeze.from.toString(Qt::ISODate), freeze.until.toString(Qt::ISODate))
                    .arg(freeze.fromDay)
                    .arg(freeze.fromTime.toString())
                    .arg(freeze.untilDay)
                    .arg(freeze.untilTime.toString(), freeze.timeZone,
                         freeze.reason + u' ' + freeze.location));
        const auto& verification = stage.policy.verification;
        for (const auto& check : verification.httpChecks)
            lines.append(u"  http %1 %2 %3 %4 %5 %6 %7 %8"_s.arg(check.url)
                             .arg(check.expectedStatus)
                             .arg(check.jsonCondition)
                             .arg(qint64(check.timeout.count()))
                             .arg(qint64(check.within.count()))
                             .arg(qint64(check.interval.count()))
                             .arg(check.insecure)
                             .arg(check.location + u' ' + QString::number(check.measurements) +
                                  u' ' + QString::number(check.failureLimit)));
        lines.append(u"  verification %1 %2 %3"_s.arg(qint64(verification.soak.count()))
                         .arg(verification.manual)
                         .arg(verification.location));
        lines.append(u"  policy %1 %2 %3 %4 promotion %5"_s.arg(stage.policy.autoPromotion)
                         .arg(stage.policy.requiredApprovals)
                         .arg(qint64(stage.policy.soakTime.count()))
                         .arg(stage.policy.location)
                         .arg(int(stage.promotion)));
        for (const PipelineTarget& target : stage.targets)
            lines.append(u"  target %1 %2 %3 %4 %5 %6 %7 %8 %9"_s.arg(int(target.kind))
                             .arg(target.repoUrl, target.branch, target.file, target.key,
                                  target.image, target.value, show(target.argocdApps),
                                  target.location));
    }
    for (const auto& finding : pipeline.findings)
        lines.append(u"finding "_s + finding.toString());
    return lines;
}

/** The first target file of this repository without `apiVersion`, else the first at all. */
QString fileOfFirstTarget(const Pipeline& pipeline, const QString& workTree) {
    QString any;
    for (const auto& stage : pipeline.stages) {
        for (const PipelineTarget& target : stage.targets) {
            QFile file(workTree + u'/' + target.file);
            if (!target.repoUrl.isEmpty() || !file.open(QIODevice::ReadOnly))
                continue;
            if (!fd::core::mayHoldManifest(file.readAll()))
                return target.file;
            if (any.isEmpty())
                any = target.file;
        }
    }
    return any;
}

bool writeFile(const QString& path, const QByteArray& bytes) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(bytes) == bytes.size();
}

QByteArray readFile(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool commitAll(const QString& workTree, const QString& message) {
    return TestRepos::git({u"add"_s, u"-A"_s}, workTree).ok() &&
           TestRepos::git({u"commit"_s, u"-q"_s, u"--allow-empty"_s, u"-m"_s, message}, workTree)
               .ok();
}

/** The files at main of @p workTree, through a GitHistory opened now (it sees new commits). */
std::unique_ptr<GitTreeFiles> filesAtMain(const QString& workTree) {
    auto git = GitHistory::open(workTree);
    if (!git)
        return {};
    auto files = GitTreeFiles::open(std::shared_ptr<const GitHistory>(std::move(*git)), u"main"_s);
    return files ? std::move(*files) : nullptr;
}

} // namespace

class TestDiscoveryCache final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void secondLoadIsAFullDiscovery_data();
    void secondLoadIsAFullDiscovery();
    void damagedCacheIsRejected();
    void cachedCommitGoneComparesTheListing();
    void snapshotKeepsDiscoveryBetweenRuns();

private:
    /** A work tree on main holding @p files, committed. */
    QString createRepository(const QMap<QString, QByteArray>& files);
    /** Applies @p change to @p workTree; false when it does not apply to this repository. */
    bool applyChange(const QString& change, const QString& workTree, const Pipeline& pipeline);

    QTemporaryDir m_root;
    int m_serial = 0;
};

void TestDiscoveryCache::initTestCase() {
    QVERIFY(m_root.isValid());
    TestRepos::isolateEnvironment(m_root.path());
}

QString TestDiscoveryCache::createRepository(const QMap<QString, QByteArray>& files) {
    const QString workTree = m_root.filePath(u"repo-%1"_s.arg(++m_serial));
    if (!TestRepos::git({u"init"_s, u"-q"_s, u"-b"_s, u"main"_s, workTree}).ok())
        return {};
    for (auto it = files.cbegin(); it != files.cend(); ++it) {
        if (!writeFile(workTree + u'/' + it.key(), it.value()))
            return {};
    }
    return commitAll(workTree, u"Initial"_s) ? workTree : QString();
}

bool TestDiscoveryCache::applyChange(const QString& change, const QString& workTree,
                                     const Pipeline& pipeline) {
    QString values = fileOfFirstTarget(pipeline, workTree);
    // In the hand-made repository, the values file its image finding is about.
    if (QFile::exists(workTree + u'/' + LegacyValues))
        values = LegacyValues;
    const QString valuesPath = workTree + u'/' + values;
    const QString config = workTree + u"/freightdesk.yaml"_s;
    if (change == u"values") {
        // A promotion, and for the hand-made repository the image its lint finding is about.
        QByteArray bytes = readFile(valuesPath);
        bytes.replace("legacy-backend", "backend");
        return !values.isEmpty() && writeFile(valuesPath, bytes + "# promoted: 1.0.1\n");
    }
    if (change == u"other-file")
        return writeFile(workTree + u"/SOURCE.txt"_s, "changed\n");
    if (change == u"stage-added") {
        return writeFile(workTree + u"/kargo/extra-stage.yaml"_s,
                         "apiVersion: kargo.akuity.io/v1alpha1\nkind: Stage\nmetadata:\n"
                         "  name: extra\n  namespace: " +
                             pipeline.project.toUtf8() +
                             "\nspec:\n  requestedFreight:\n    - origin:\n        kind: "
                             "Warehouse\n        name: extra\n      sources:\n        direct: "
                             "true\n");
    }
    if (change == u"application-added")
        return writeFile(workTree + u"/argocd/extra.yaml"_s, application("extra", "env/x.yaml"));
    if (change == u"values-to-manifest")
        return !values.isEmpty() && writeFile(valuesPath, application("turned", values.toUtf8()) +
                                                              "---\n" + readFile(valuesPath));
    if (change == u"config-edited") {
        QByteArray bytes = readFile(config);
        if (bytes.isEmpty())
            bytes = "version: 1\nenvironments:\n  - name: dev\n";
        bytes.replace("requiredApprovals: 1", "requiredApprovals: 2");
        return writeFile(config, bytes + "# edited\n");
    }
    if (change == u"deleted")
        return !values.isEmpty() && QFile::remove(valuesPath);
    return false;
}

void TestDiscoveryCache::secondLoadIsAFullDiscovery_data() {
    QTest::addColumn<QString>("repository");
    QTest::addColumn<QString>("change");
    // 0: discovered again; 1: the cache reused.
    QTest::addColumn<int>("reused");
    QTest::addColumn<int>("filesReread");
    const QList<std::tuple<const char*, int, int>> changes = {
        {"values", 1, 1},
        {"other-file", 1, 0},
        {"stage-added", 0, 0},
        {"application-added", 0, 0},
        {"values-to-manifest", 0, 0},
        {"config-edited", 0, 0},
        {"deleted", 0, 0},
    };
    for (const QString& repository :
         {HandMade, u"kargo-simple"_s, u"kargo-advanced"_s, u"microservice-helmcharts"_s}) {
        for (const auto& [change, reused, reread] : changes) {
            // The Kargo fixtures promote kustomizations, which hold `apiVersion`: the scan
            // parses them, so a promotion there is a full discovery.
            const bool kustomize = repository.startsWith(u"kargo-");
            const bool promoted = kustomize && QByteArray(change) == "values";
            QTest::addRow("%s %s", qPrintable(repository), change)
                << repository << QString::fromLatin1(change) << (promoted ? 0 : reused)
                << (promoted ? 0 : reread);
        }
    }
}

void TestDiscoveryCache::secondLoadIsAFullDiscovery() {
    QFETCH(QString, repository);
    QFETCH(QString, change);
    QFETCH(int, reused);
    QFETCH(int, filesReread);
    const QString workTree =
        createRepository(repository == HandMade ? handMadeFiles() : fixtureFiles(repository));
    QVERIFY(!workTree.isEmpty());
    const DiscoveryOptions options = discoveryOptions();

    const auto before = filesAtMain(workTree);
    QVERIFY(before);
    auto first = DiscoveryCache::load(*before, options);
    FD_VERIFY_OK(first);
    QVERIFY(!first->reused());
    auto fresh = PipelineDiscovery::discover(*before, options);
    FD_VERIFY_OK(fresh);
    QCOMPARE(describe(first->pipeline()), describe(*fresh));
    if (repository == HandMade) { // the cache carries a stage's verification too
        QVERIFY(describe(*fresh).contains(
            u"  http https://prod.example.com/health 200 $.ok == true 10 60 5 1 "
            "freightdesk.yaml:18:11 0 0"_s));
    }
    // The next process reads the cache back from disk.
    auto cached = DiscoveryCache::deserialize(first->serialize());
    FD_VERIFY_OK(cached);
    QCOMPARE(describe(cached->pipeline()), describe(*fresh));

    if (!applyChange(change, workTree, *fresh))
        QSKIP("the change does not apply to this repository");
    QVERIFY(commitAll(workTree, change));
    const auto after = filesAtMain(workTree);
    QVERIFY(after);
    QVERIFY(after->commitId() != before->commitId());
    auto second = DiscoveryCache::load(*after, options, &*cached);
    auto full = PipelineDiscovery::discover(*after, options);
    QCOMPARE(second.has_value(), full.has_value());
    if (!full) {
        QCOMPARE(second.error().toString(), full.error().toString());
        return;
    }
    QCOMPARE(describe(second->pipeline()), describe(*full));
    QCOMPARE(second->commitId(), after->commitId());
    QCOMPARE(int(second->reused()), reused);
    QCOMPARE(second->filesReread(), filesReread);
    if (repository == HandMade && change == u"values") {
        // The lint finding about the other image went away with the promotion that fixed it.
        QVERIFY(describe(*fresh).join(u'\n').contains(u"image-mismatch"_s));
        QVERIFY(!describe(*full).join(u'\n').contains(u"image-mismatch"_s));
    }

    // And once more from what the second load would write.
    auto again = DiscoveryCache::deserialize(second->serialize());
    FD_VERIFY_OK(again);
    auto third = DiscoveryCache::load(*after, options, &*again);
    FD_VERIFY_OK(third);
    QVERIFY(third->reused());
    QCOMPARE(third->filesReread(), 0);
    QCOMPARE(describe(third->pipeline()), describe(*full));
}

void TestDiscoveryCache::damagedCacheIsRejected() {
    const QString workTree = createRepository(fixtureFiles(u"kargo-advanced"_s));
    QVERIFY(!workTree.isEmpty());
    const auto files = filesAtMain(workTree);
    QVERIFY(files);
    auto cache = DiscoveryCache::load(*files, discoveryOptions());
    FD_VERIFY_OK(cache);
    const QByteArray bytes = cache->serialize();
    FD_VERIFY_OK(DiscoveryCache::deserialize(bytes));

    FD_VERIFY_ERROR(DiscoveryCache::deserialize({}), fd::core::Error::Kind::Parse);
    FD_VERIFY_ERROR(DiscoveryCache::deserialize("not a cache"), fd::core::Error::Kind::Parse);
    const qsizetype step = std::max<qsizetype>(1, bytes.size() / 500);
    for (qsizetype size = 0; size < bytes.size(); size += step)
        FD_VERIFY_ERROR(DiscoveryCache::deserialize(bytes.left(size)),
                        fd::core::Error::Kind::Parse);
    for (qsizetype at = 0; at < bytes.size(); at += step) {
        QByteArray damaged = bytes;
        damaged[at] = char(damaged.at(at) ^ 0x5a);
        FD_VERIFY_ERROR(DiscoveryCache::deserialize(damaged), fd::core::Error::Kind::Parse);
    }
    // Another format: the version after the magic number.
    QByteArray other = bytes;
    other[7] = char(other.at(7) + 1);
    FD_VERIFY_ERROR(DiscoveryCache::deserialize(other), fd::core::Error::Kind::Parse);
}

// History rewritten and the cached commit pruned: no trees to compare, so the listing decides.
void TestDiscoveryCache::cachedCommitGoneComparesTheListing() {
    const QString workTree = createRepository(handMadeFiles());
    QVERIFY(!workTree.isEmpty());
    const DiscoveryOptions options = discoveryOptions();
    const auto before = filesAtMain(workTree);
    QVERIFY(before);
    auto first = DiscoveryCache::load(*before, options);
    FD_VERIFY_OK(first);
    auto cached = DiscoveryCache::deserialize(first->serialize());
    FD_VERIFY_OK(cached);

    QVERIFY(applyChange(u"values"_s, workTree, first->pipeline()));
    QVERIFY(TestRepos::git({u"commit"_s, u"-qa"_s, u"--amend"_s, u"-m"_s, u"Rewritten"_s}, workTree)
                .ok());
    QVERIFY(
        TestRepos::git({u"reflog"_s, u"expire"_s, u"--expire=now"_s, u"--all"_s}, workTree).ok());
    QVERIFY(TestRepos::git({u"gc"_s, u"-q"_s, u"--prune=now"_s}, workTree).ok());
    QVERIFY(TestRepos::revParse(workTree, before->commitId() + u"^{commit}"_s).isEmpty());
    const auto after = filesAtMain(workTree);
    QVERIFY(after);
    FD_VERIFY_ERROR(after->changesSince(before->commitId()), fd::core::Error::Kind::NotFound);

    auto second = DiscoveryCache::load(*after, options, &*cached);
    FD_VERIFY_OK(second);
    auto full = PipelineDiscovery::discover(*after, options);
    FD_VERIFY_OK(full);
    QVERIFY(second->reused());
    QCOMPARE(second->filesReread(), 1);
    QCOMPARE(describe(second->pipeline()), describe(*full));

    // A file added on top: the listing differs, a full discovery.
    QVERIFY(applyChange(u"application-added"_s, workTree, *full));
    QVERIFY(TestRepos::git({u"add"_s, u"-A"_s}, workTree).ok());
    QVERIFY(
        TestRepos::git({u"commit"_s, u"-q"_s, u"--amend"_s, u"-m"_s, u"Again"_s}, workTree).ok());
    const auto added = filesAtMain(workTree);
    QVERIFY(added);
    auto third = DiscoveryCache::load(*added, options, &*cached);
    FD_VERIFY_OK(third);
    QVERIFY(!third->reused());
}

void TestDiscoveryCache::snapshotKeepsDiscoveryBetweenRuns() {
    const QString origin = m_root.filePath(u"origin.git"_s);
    FD_VERIFY_OK(TestRepos::createBare(origin, handMadeFiles()));
    const QString clone = m_root.filePath(u"clone"_s);
    FD_VERIFY_OK(TestRepos::clone(origin, clone));
    fd::core::SnapshotOptions options;
    options.historyCacheDirectory = m_root.filePath(u"cache"_s);
    options.git.cacheDirectory = m_root.filePath(u"mirrors"_s);

    auto first = RepositorySnapshot::load(clone, options);
    FD_VERIFY_OK(first);
    const QStringList caches =
        QDir(options.historyCacheDirectory).entryList({u"*.pipeline"_s}, QDir::Files);
    QCOMPARE(caches.size(), 1);
    const QString cacheFile = options.historyCacheDirectory + u'/' + caches.first();

    QMap<QString, QByteArray> promotion;
    promotion.insert(u"env/prod/frontend/frontend-values.yaml"_s,
                     valuesFile("ghcr.io/acme/other", "1.0.1"));
    FD_VERIFY_OK(TestRepos::commit(origin, u"main"_s, promotion, u"Promote"_s));
    const QByteArray atFirstTip = readFile(cacheFile);
    QString historyFile = cacheFile;
    historyFile.replace(u".pipeline"_s, u".history"_s);
    const QByteArray historyAtFirstTip = readFile(historyFile);
    QVERIFY(!historyAtFirstTip.isEmpty());
    auto second = RepositorySnapshot::load(clone, options);
    FD_VERIFY_OK(second);
    QVERIFY(second->tip() != first->tip());
    // Still good for the next load as it is: compared from its commit, one file read again.
    QCOMPARE(readFile(cacheFile), atFirstTip);
    // The history cache grew by the promotion alone.
    const QByteArray historyAtSecondTip = readFile(historyFile);
    QVERIFY(historyAtSecondTip.startsWith(historyAtFirstTip));
    QVERIFY(historyAtSecondTip.size() > historyAtFirstTip.size());
    const auto appended = fd::core::VersionHistory::deserialize(historyAtSecondTip);
    FD_VERIFY_OK(appended);
    QCOMPARE(appended->journalLength(), 1);
    QCOMPARE(appended->tip(), second->tip());

    // A damaged cache is a full discovery, and is replaced.
    QVERIFY(writeFile(cacheFile, atFirstTip.left(atFirstTip.size() / 2)));
    auto third = RepositorySnapshot::load(clone, options);
    FD_VERIFY_OK(third);
    QCOMPARE(describe(third->pipeline()), describe(second->pipeline()));
    FD_VERIFY_OK(DiscoveryCache::deserialize(readFile(cacheFile)));

    QVERIFY(describe(second->pipeline()).join(u'\n').contains(u"ghcr.io/acme/other"_s));
    fd::core::SnapshotOptions uncached = options;
    uncached.historyCacheDirectory = m_root.filePath(u"other-cache"_s);
    auto full = RepositorySnapshot::load(clone, uncached);
    FD_VERIFY_OK(full);
    QCOMPARE(describe(second->pipeline()), describe(full->pipeline()));
}

QTEST_GUILESS_MAIN(TestDiscoveryCache)
#include "tst_discoverycache.moc"

#include "argocdsimulator.h"
#include "cliprocess.h"
#include "dockerregistry.h"
#include "githttpserver.h"
#include "imagemanifest.h"
#include "ocilayout.h"
#include "simtesting.h"
#include "testrepos.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace fd::testsupport;
using fd::argocdsim::ArgoCDSimulator;

namespace {

QByteArray config(const QString& registry, const QString& stagingExtra = {}) {
    return uR"(version: 1
environments:
  - name: dev
    autoPromotion: true
  - name: staging
    upstream: [dev]
    autoPromotion: true%2
  - name: prod
    upstream: [staging]
    requiredApprovals: 1
services:
  - name: guestbook
    image: %1/team/guestbook
    file: env/{environment}/values.yaml
    key: image.tag
    argocdApp: guestbook-{environment}
)"_s.arg(registry, stagingExtra)
        .toUtf8();
}

QByteArray values(const QByteArray& tag) {
    return "image:\n  tag: \"" + tag + "\"\nreplicaCount: 2\n";
}

const QString Rita = u"[user]\n\tname = Rita Release\n\temail = rita@example.com\n"_s;
const QString Ada = u"[user]\n\tname = Ada Approver\n\temail = ada@example.com\n"_s;

} // namespace

/**
 * The whole promotion loop end to end, as a team runs it: images pushed to a real registry
 * (docker-registry, skopeo), the GitOps repository behind a real Git smart-HTTP server, Argo CD
 * simulated over that repository, and `freightdesk-cli watch --until-idle` deciding, pushing,
 * following and recording, with people approving and rolling back in between. Each step builds on
 * the one before (Qt Test runs them in order).
 */
class TestCliWatch final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void firstLookVerifiesWhatRuns();
    void newImageFlowsToStagingAndWaitsAtProd();
    void approvedProdIsPromotedAndHealthy();
    void brokenVersionFailsInDevAndGoesNoFurther();
    void rollbackIsNotUndone();
    void twoWatchersAtOnceLoseNothing();
    void freezeWindowHoldsStagingBack();
    void droppedStreamMidPromotionStillEnds();
    void timeoutFailsThePromotion();
    void expiredTokenMidwayIsAnError();

private:
    void pushImage(const QString& tag);
    QStringList watch(int timeout = 60) const;
    /** `watch --until-idle` to its end. */
    Run runWatch() { return finishCli(launchCli(this, watch()), 180000); }
    /** The tags dev, staging and prod run, as main has them. */
    QStringList tags() const;
    /** history --json as "event:stage:tag" strings, oldest first. */
    QStringList history() const;
    QByteArray fileOnMain(const QString& path) const;
    QString tagIn(const QString& environment) const;
    int commitCount() const;
    void useIdentity(const QString& identity) const;

    QTemporaryDir m_root;
    GitHttpServer m_server;
    DockerRegistry m_registry;
    std::unique_ptr<ArgoCDSimulator> m_simulator;
    QString m_token;
    QString m_bare;
    QString m_credentials;
};

void TestCliWatch::initTestCase() {
    QVERIFY(m_root.isValid());
    TestRepos::isolateEnvironment(m_root.filePath(u"home"_s));
    if (DockerRegistry::program().isEmpty())
        QSKIP("docker-registry is not installed (apt-get install docker-registry)");
    const auto started = m_server.start();
    QVERIFY2(started, started ? "" : qPrintable(started.error().toString()));
    QVERIFY2(m_registry.start(), qPrintable(m_registry.log()));
    pushImage(u"1.0.0"_s);

    m_bare = m_server.projectRoot() + u"/deploy.git"_s;
    const auto created = TestRepos::createBare(
        m_bare, {{u"freightdesk.yaml"_s, config(m_registry.host())},
                 {u"apps/guestbook-dev.yaml"_s, guestbookApplication(u"dev"_s)},
                 {u"apps/guestbook-staging.yaml"_s, guestbookApplication(u"staging"_s)},
                 {u"apps/guestbook-prod.yaml"_s, guestbookApplication(u"prod"_s)},
                 {u"charts/guestbook/Chart.yaml"_s, "apiVersion: v2\nname: guestbook\n"},
                 {u"env/dev/values.yaml"_s, values("1.0.0")},
                 {u"env/staging/values.yaml"_s, values("1.0.0")},
                 {u"env/prod/values.yaml"_s, values("1.0.0")}});
    QVERIFY2(created, qPrintable(created ? QString() : created.error().toString()));

    // Rita's Git credentials for the server, in a credential store as `git` would keep them.
    m_credentials = m_root.filePath(u"credentials"_s);
    QFile store(m_credentials);
    QVERIFY(store.open(QIODevice::WriteOnly));
    const auto account = m_server.accounts().constFirst();
    store.write(
        m_server.urlWithCredentials({}, account.user, account.password).toUtf8().chopped(1) + '\n');
    store.close();
    useIdentity(Rita);

    fd::argocdsim::SimConfig simConfig = fd::argocdsim::testing::testConfig(m_bare);
    simConfig.brokenTags = {u"6.6.6"_s};
    m_simulator = std::make_unique<ArgoCDSimulator>(simConfig);
    const auto simStarted = m_simulator->start();
    QVERIFY2(simStarted, simStarted ? "" : qPrintable(simStarted.error().toString()));
    m_token = m_simulator->issueToken();
}

void TestCliWatch::useIdentity(const QString& identity) const {
    QVERIFY(TestRepos::writeGlobalConfig(
        identity + u"[credential]\n\thelper = store --file=%1\n"_s.arg(m_credentials)));
}

void TestCliWatch::pushImage(const QString& tag) {
    OciLayout layout(m_root.filePath(u"layout-"_s + tag));
    QVERIFY(QDir().mkpath(layout.directory()));
    const auto digest = layout.add(tag, {{*fd::core::ImagePlatform::parse(u"linux/amd64"_s),
                                          QDateTime(QDate(2026, 11, 1), QTime(8, 0), Qt::UTC),
                                          (u"guestbook "_s + tag).toUtf8()}});
    QVERIFY(digest);
    const auto pushed = m_registry.push(layout.directory(), tag, u"team/guestbook:"_s + tag);
    QVERIFY2(pushed, qPrintable(pushed ? QString() : pushed.error().toString()));
}

QStringList TestCliWatch::watch(int timeout) const {
    return {u"watch"_s,
            u"--repo"_s,
            m_server.url(u"deploy.git"_s),
            u"--until-idle"_s,
            u"--json"_s,
            u"--insecure-registry"_s,
            m_registry.host(),
            u"--argocd-server"_s,
            m_simulator->url().toString(),
            u"--argocd-token"_s,
            m_token,
            u"--timeout"_s,
            QString::number(timeout)};
}

QStringList TestCliWatch::history() const {
    // Aliases are names ("smooth-hare"); the freight command knows their tags.
    const Run freight = cli(
        {u"freight"_s, u"--repo"_s, m_server.url(u"deploy.git"_s), u"--offline"_s, u"--json"_s});
    QHash<QString, QString> tags;
    for (const QJsonValue& each : freight.json().array())
        tags.insert(each[u"alias"_s].toString(), each[u"artifacts"_s][0][u"tag"_s].toString());
    const Run run = cli({u"history"_s, u"--repo"_s, m_server.url(u"deploy.git"_s), u"--json"_s});
    QStringList events;
    for (const QJsonValue& each : run.json().array())
        events.append(u"%1:%2:%3"_s.arg(each[u"event"_s].toString(),
                                        each[u"stage"_s].toString().section(u'-', 1),
                                        tags.value(each[u"freight"_s][u"alias"_s].toString())));
    return events;
}

QStringList TestCliWatch::tags() const {
    return {tagIn(u"dev"_s), tagIn(u"staging"_s), tagIn(u"prod"_s)};
}

QByteArray TestCliWatch::fileOnMain(const QString& path) const {
    return TestRepos::git({u"show"_s, u"main:"_s + path}, m_bare).output;
}

QString TestCliWatch::tagIn(const QString& environment) const {
    const QByteArray file = fileOnMain(u"env/%1/values.yaml"_s.arg(environment));
    const qsizetype at = file.indexOf("tag: \"");
    return at < 0 ? QString()
                  : QString::fromUtf8(file.mid(at + 6, file.indexOf('"', at + 6) - at - 6));
}

int TestCliWatch::commitCount() const {
    return TestRepos::git({u"rev-list"_s, u"--count"_s, u"main"_s}, m_bare).text().toInt();
}

// Nothing was ever verified: the first look follows each stage's apps and records what it saw.
void TestCliWatch::firstLookVerifiesWhatRuns() {
    const int before = commitCount();
    const Run run = runWatch();
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY2(run.out.contains(R"("action":"verify")"), run.out.constData());
    QVERIFY2(run.out.contains(R"("event":"idle")"), run.out.constData());
    QStringList events = history();
    events.sort();
    QCOMPARE(events, (QStringList{u"verified:dev:1.0.0"_s, u"verified:prod:1.0.0"_s,
                                  u"verified:staging:1.0.0"_s}));
    QCOMPARE(commitCount(), before);
}

// dev takes the new image by itself; once it is verified there, staging does; prod wants a person.
void TestCliWatch::newImageFlowsToStagingAndWaitsAtProd() {
    pushImage(u"1.1.0"_s);
    const int before = commitCount();
    const Run run = runWatch();
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(tags(), (QStringList{u"1.1.0"_s, u"1.1.0"_s, u"1.0.0"_s}));
    QCOMPARE(commitCount(), before + 2);
    const QStringList events = history();
    for (const QString& expected : {u"promoted:dev:1.1.0"_s, u"verified:dev:1.1.0"_s,
                                    u"promoted:staging:1.1.0"_s, u"verified:staging:1.1.0"_s})
        QVERIFY2(events.contains(expected), qPrintable(events.join(u", "_s)));
    QVERIFY(events.indexOf(u"verified:dev:1.1.0"_s) < events.indexOf(u"promoted:staging:1.1.0"_s));
    QVERIFY2(
        run.out.contains(
            R"("reason":"auto-promotion is off","service":"guestbook","stage":"guestbook-prod")"),
        run.out.constData());
    const QString message =
        TestRepos::git({u"log"_s, u"-1"_s, u"--format=%B"_s, u"main"_s}, m_bare).text();
    QVERIFY2(message.contains(u"Freightdesk-Stage: guestbook-staging"_s), qPrintable(message));
}

// Ada approves, Rita promotes: followed through Argo CD to healthy, then verified.
void TestCliWatch::approvedProdIsPromotedAndHealthy() {
    useIdentity(Ada);
    const Run approved =
        cli({u"approve"_s, u"--repo"_s, m_server.url(u"deploy.git"_s), u"--service"_s,
             u"guestbook"_s, u"--stage"_s, u"prod"_s, u"--freight"_s, u"1.1.0"_s});
    useIdentity(Rita);
    QVERIFY2(approved.exitCode == 0, approved.err.constData());
    const Run run = finishCli(launchCli(
        this, {u"promote"_s, u"--repo"_s, m_server.url(u"deploy.git"_s), u"--service"_s,
               u"guestbook"_s, u"--stage"_s, u"prod"_s, u"--freight"_s, u"1.1.0"_s, u"--wait"_s,
               u"--argocd-server"_s, m_simulator->url().toString(), u"--argocd-token"_s, m_token}));
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(tagIn(u"prod"_s), u"1.1.0"_s);
    const QStringList events = history();
    for (const QString& expected :
         {u"approved:prod:1.1.0"_s, u"promoted:prod:1.1.0"_s, u"verified:prod:1.1.0"_s})
        QVERIFY2(events.contains(expected), qPrintable(events.join(u", "_s)));
    const QString message =
        TestRepos::git({u"log"_s, u"-1"_s, u"--format=%B"_s, u"main"_s}, m_bare).text();
    QVERIFY2(message.contains(u"Freightdesk-Approved-By: ada@example.com"_s), qPrintable(message));
}

// 6.6.6 deploys Degraded: dev's promotion fails, staging never sees it, and no one retries it.
void TestCliWatch::brokenVersionFailsInDevAndGoesNoFurther() {
    pushImage(u"6.6.6"_s);
    const Run failed = runWatch();
    QVERIFY2(failed.exitCode == 3, failed.err.constData());
    QVERIFY2(failed.out.contains("Degraded"), failed.out.constData());
    QCOMPARE(tagIn(u"dev"_s), u"6.6.6"_s); // the commit stays: a person decides what next
    QCOMPARE(tagIn(u"staging"_s), u"1.1.0"_s);
    QVERIFY(history().contains(u"promotion-failed:dev:6.6.6"_s));

    const int before = commitCount();
    const Run again = runWatch();
    QVERIFY2(again.exitCode == 0, again.err.constData());
    QVERIFY2(!again.out.contains(R"("action":"promote")"), again.out.constData());
    QVERIFY2(again.out.contains("promotion-failed"), again.out.constData());
    QCOMPARE(commitCount(), before);
    QCOMPARE(tagIn(u"staging"_s), u"1.1.0"_s);
}

// A person rolls dev back; watching afterwards does not take it forward to 6.6.6 again.
void TestCliWatch::rollbackIsNotUndone() {
    const Run rolledBack = cli({u"rollback"_s, u"--repo"_s, m_server.url(u"deploy.git"_s),
                                u"--service"_s, u"guestbook"_s, u"--stage"_s, u"dev"_s});
    QVERIFY2(rolledBack.exitCode == 0, rolledBack.err.constData());
    QCOMPARE(tagIn(u"dev"_s), u"1.1.0"_s);
    const int before = commitCount();
    const Run run = runWatch();
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(commitCount(), before);
    QCOMPARE(tagIn(u"dev"_s), u"1.1.0"_s);
    QVERIFY2(run.out.contains("ran here before"), run.out.constData());
}

// Two release managers' machines watch the same repository at once: each promotion lands once.
void TestCliWatch::twoWatchersAtOnceLoseNothing() {
    pushImage(u"1.2.0"_s);
    const int before = commitCount();
    QProcess* first = launchCli(this, watch());
    QProcessEnvironment elsewhere = QProcessEnvironment::systemEnvironment();
    elsewhere.insert(u"XDG_CACHE_HOME"_s, m_root.filePath(u"other-machine-cache"_s));
    QProcess* second = launchCli(this, watch(), elsewhere);
    const Run one = finishCli(first, 180000);
    const Run two = finishCli(second, 180000);
    QVERIFY2(one.exitCode == 0, one.err.constData());
    QVERIFY2(two.exitCode == 0, two.err.constData());
    QCOMPARE(tags(), (QStringList{u"1.2.0"_s, u"1.2.0"_s, u"1.1.0"_s}));
    QCOMPARE(commitCount(), before + 2);
    const QStringList events = history();
    for (const QString& expected :
         {u"promoted:dev:1.2.0"_s, u"verified:dev:1.2.0"_s, u"verified:staging:1.2.0"_s})
        QVERIFY2(events.contains(expected), qPrintable(events.join(u", "_s)));
}

// A freeze on staging (freightdesk.yaml, as a team writes it before a holiday): dev still moves.
void TestCliWatch::freezeWindowHoldsStagingBack() {
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString freeze =
        u"\n    freeze:\n      - from: %1\n        until: %2\n"
        "        reason: Release freeze"_s.arg(now.addSecs(-3600).toString(Qt::ISODate),
                                               now.addSecs(3600).toString(Qt::ISODate));
    QVERIFY(TestRepos::commit(m_bare, u"main"_s,
                              {{u"freightdesk.yaml"_s, config(m_registry.host(), freeze)}},
                              u"Freeze staging"_s));
    pushImage(u"1.3.0"_s);
    const Run run = runWatch();
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(tags(), (QStringList{u"1.3.0"_s, u"1.2.0"_s, u"1.1.0"_s}));
    QVERIFY2(run.out.contains("Release freeze"), run.out.constData());
    QVERIFY(history().contains(u"verified:dev:1.3.0"_s));
}

// Argo CD's event stream is cut while the promotion waits: the watcher reconnects and the
// promotion still ends when the app is healthy.
void TestCliWatch::droppedStreamMidPromotionStillEnds() {
    m_simulator->setHealthDelay(std::chrono::seconds(4)); // Progressing for a while
    pushImage(u"1.4.0"_s);
    // The last test's watcher has exited, but the simulator may not have seen its stream close.
    QTRY_COMPARE_WITH_TIMEOUT(m_simulator->openStreamCount(), 0, 10000);
    QProcess* process = launchCli(this, watch());
    QTRY_VERIFY_WITH_TIMEOUT(m_simulator->openStreamCount() > 0, 60000);
    m_simulator->dropStreams();
    QTRY_VERIFY_WITH_TIMEOUT(m_simulator->openStreamCount() > 0, 30000); // reconnected
    const Run run = finishCli(process, 180000);
    m_simulator->setHealthDelay(std::chrono::milliseconds(300));
    QVERIFY2(run.exitCode == 0, run.out.constData());
    QVERIFY2(run.err.contains("stream broke off"), run.err.constData());
    QCOMPARE(tagIn(u"dev"_s), u"1.4.0"_s);
    QVERIFY(history().contains(u"verified:dev:1.4.0"_s));
}

void TestCliWatch::timeoutFailsThePromotion() {
    m_simulator->setReconciliationPaused(true);
    pushImage(u"1.5.0"_s);
    const Run run = finishCli(launchCli(this, watch(3)), 180000);
    m_simulator->setReconciliationPaused(false);
    QVERIFY2(run.exitCode == 3, run.err.constData());
    QVERIFY2(run.out.contains("timed out after 3 s: argocd/guestbook-dev"), run.out.constData());
    QVERIFY(history().contains(u"promotion-failed:dev:1.5.0"_s));
}

// The token expires while Argo CD is followed: a clear error, the commit stays, and nothing is
// recorded, since nobody saw the outcome.
void TestCliWatch::expiredTokenMidwayIsAnError() {
    m_simulator->setReconciliationPaused(true);
    pushImage(u"1.6.0"_s);
    const qsizetype recorded = history().size();
    QTRY_COMPARE_WITH_TIMEOUT(m_simulator->openStreamCount(), 0, 10000); // earlier runs' streams
    QProcess* process = launchCli(this, watch());
    QTRY_VERIFY_WITH_TIMEOUT(m_simulator->openStreamCount() > 0, 60000);
    m_simulator->expireTokens();
    m_simulator->dropStreams();
    const Run run = finishCli(process, 180000);
    m_simulator->setReconciliationPaused(false);
    m_token = m_simulator->issueToken();
    QVERIFY2(run.exitCode == 1, run.err.constData());
    QVERIFY2(run.out.contains("its deployment could not be followed"), run.out.constData());
    QCOMPARE(tagIn(u"dev"_s), u"1.6.0"_s);
    QCOMPARE(history().size(), recorded);
}

QTEST_GUILESS_MAIN(TestCliWatch)
#include "tst_cliwatch.moc"

#include "argocdsimulator.h"
#include "cliprocess.h"
#include "fakeregistry.h"
#include "freightstore.h"
#include "simtesting.h"
#include "testrepos.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace fd::testsupport;
using fd::argocdsim::ArgoCDSimulator;

namespace {

QByteArray config(const QString& healthUrl) {
    return uR"(version: 1
environments:
  - name: dev
  - name: prod
    upstream: [dev]
    verification:
      http:
        - url: %1
          json: $.status == "ok"
      manual: true
services:
  - name: guestbook
    image: ghcr.io/example/guestbook
    file: env/{environment}/values.yaml
    key: image.tag
    argocdApp: guestbook-{environment}
)"_s.arg(healthUrl)
        .toUtf8();
}

QByteArray values(const QByteArray& tag) {
    return "image:\n  tag: \"" + tag + "\"\n";
}

QStringList kindsOf(const QJsonArray& events) {
    QStringList kinds;
    for (const QJsonValue& each : events)
        kinds.append(each[u"event"_s].toString());
    return kinds;
}

} // namespace

/**
 * `freightdesk-cli promote --wait` against the Argo CD simulator: the CLI runs as its own process
 * while the simulator answers on this one's event loop.
 */
class TestCliPromote final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void succeedsAndRecordsThePromotion();
    void prodRunsItsChecksThenWaitsForAPerson();
    void degradedVersionFailsWithExitThree();
    void timeoutNamesTheApp();
    void expiredTokenIsAClearError();
    void interruptAfterThePushRecordsIt();
    void waitOptionsNeedWait();

private:
    QStringList promote(const QString& tag, const QStringList& more = {}) const;
    QJsonArray history();

    QTemporaryDir m_root;
    QString m_bare;
    std::unique_ptr<ArgoCDSimulator> m_simulator;
    QString m_token;
    // The deployed service prod's HTTP check asks.
    FakeRegistry m_service{
        [](const FakeRequest&) { return FakeReply::json(R"({"status":"ok"})"); }};
};

void TestCliPromote::initTestCase() {
    QVERIFY(m_root.isValid());
    TestRepos::isolateEnvironment(m_root.path());
    QVERIFY(TestRepos::writeGlobalConfig(u"[user]\n\tname = Rita Release\n"
                                         "\temail = rita@example.com\n"_s));
    QVERIFY(m_service.listen());
    m_bare = m_root.filePath(u"deploy.git"_s);
    const auto created = TestRepos::createBare(
        m_bare,
        {{u"freightdesk.yaml"_s,
          config(u"http://"_s + QString::fromLatin1(m_service.host()) + u"/healthz"_s)},
         {u"apps/guestbook-dev.yaml"_s, guestbookApplication(u"dev"_s)},
         {u"apps/guestbook-prod.yaml"_s, guestbookApplication(u"prod"_s)},
         {u"charts/guestbook/Chart.yaml"_s, "apiVersion: v2\nname: guestbook\nversion: 0.1.0\n"},
         {u"charts/guestbook/values.yaml"_s,
          "image:\n  repository: ghcr.io/example/guestbook\n  tag: latest\n"},
         {u"env/dev/values.yaml"_s, values("1.0.0")},
         {u"env/prod/values.yaml"_s, values("1.0.0")}});
    QVERIFY2(created, qPrintable(created ? QString() : created.error().toString()));

    // The freight the CLI knows, as `freightdesk-cli freight` would have stored it.
    const QString store = m_root.filePath(u"cache/Freightdesk/freight"_s);
    auto freight = fd::core::FreightStore::open(
        fd::core::FreightStore::pathFor(u"file://"_s + m_bare, u"main"_s, store));
    fd::core::ServiceFreight found{u"guestbook"_s, {}, {}, {}};
    for (const QString& tag : {u"1.1.0"_s, u"1.2.0"_s, u"6.6.6"_s, u"1.3.0"_s, u"1.4.0"_s})
        found.freight.append(fd::core::Freight::make(
            u"guestbook"_s, u"guestbook"_s,
            {fd::core::FreightArtifact::image(u"ghcr.io/example/guestbook"_s, tag,
                                              u"sha256:"_s + QString(64, u'a'))},
            QDateTime::currentDateTimeUtc()));
    freight.merge({found}, QDateTime::currentDateTimeUtc());
    QVERIFY(freight.save());
}

void TestCliPromote::init() {
    m_simulator.reset();
    fd::argocdsim::SimConfig config = fd::argocdsim::testing::testConfig(m_bare);
    m_simulator = std::make_unique<ArgoCDSimulator>(config);
    const auto started = m_simulator->start();
    QVERIFY2(started, started ? "" : qPrintable(started.error().toString()));
    m_token = m_simulator->issueToken();
}

QStringList TestCliPromote::promote(const QString& tag, const QStringList& more) const {
    return QStringList{u"promote"_s,
                       u"--repo"_s,
                       u"file://"_s + m_bare,
                       u"--service"_s,
                       u"guestbook"_s,
                       u"--stage"_s,
                       u"dev"_s,
                       u"--freight"_s,
                       tag,
                       u"--wait"_s,
                       u"--argocd-server"_s,
                       m_simulator->url().toString(),
                       u"--argocd-token"_s,
                       m_token} +
           more;
}

QJsonArray TestCliPromote::history() {
    const Run run = cli({u"history"_s, u"--repo"_s, u"file://"_s + m_bare, u"--json"_s});
    return run.json().array();
}

void TestCliPromote::succeedsAndRecordsThePromotion() {
    const Run run =
        finishCli(launchCli(this, promote(u"1.1.0"_s, {u"--json"_s, u"--timeout"_s, u"40"_s})));
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonObject outcome = run.json().object();
    QCOMPARE(outcome[u"state"_s].toString(), u"succeeded"_s);
    const QString commit = outcome[u"commit"_s].toString();
    QCOMPARE(TestRepos::revParse(m_bare, u"main"_s), commit);
    const QJsonObject app = outcome[u"apps"_s][0].toObject();
    QCOMPARE(app[u"name"_s].toString(), u"argocd/guestbook-dev"_s);
    QCOMPARE(app[u"health"_s].toString(), u"Healthy"_s);
    QCOMPARE(app[u"sync"_s].toString(), u"Synced"_s);
    QCOMPARE(app[u"revision"_s].toString(), commit);
    // Each state on stderr as it came.
    for (const char* state :
         {"planned: ", "committing: ", "pushed: ", "waiting-for-argocd: ", "succeeded: "})
        QVERIFY2(run.err.contains(state), run.err.constData());

    // Promoted, and verified (dev asks for nothing more), which makes it available to prod.
    const QJsonArray events = history();
    QCOMPARE(kindsOf(events).mid(kindsOf(events).size() - 2),
             (QStringList{u"promoted"_s, u"verified"_s}));
    QCOMPARE(events.last()[u"commit"_s].toString(), commit);
    QCOMPARE(events.last()[u"stage"_s].toString(), u"guestbook-dev"_s);
}

// prod's verification from freightdesk.yaml: its HTTP check runs after Argo CD reports healthy,
// and then a person has the last word: promoted, not verified.
void TestCliPromote::prodRunsItsChecksThenWaitsForAPerson() {
    const auto promoteTo = [&](const QString& stage) {
        QStringList arguments = promote(u"1.4.0"_s, {u"--timeout"_s, u"40"_s});
        arguments[arguments.indexOf(u"--stage"_s) + 1] = stage;
        return finishCli(launchCli(this, arguments));
    };
    const Run dev = promoteTo(u"dev"_s);
    QVERIFY2(dev.exitCode == 0, dev.err.constData());
    const qsizetype checksBefore = m_service.requests().size();
    const Run prod = promoteTo(u"prod"_s);
    QVERIFY2(prod.exitCode == 0, prod.err.constData());
    QVERIFY2(prod.err.contains("verifying: HTTP GET http://"), prod.err.constData());
    QVERIFY2(prod.err.contains("guestbook-prod wants a person to mark it verified"),
             prod.err.constData());
    QCOMPARE(m_service.requests().size(), checksBefore + 1);
    const QJsonArray events = history();
    QCOMPARE(kindsOf(events).constLast(), u"promoted"_s);
    QCOMPARE(events.last()[u"stage"_s].toString(), u"guestbook-prod"_s);
}

void TestCliPromote::degradedVersionFailsWithExitThree() {
    m_simulator->addBrokenTag(u"6.6.6"_s);
    const Run run =
        finishCli(launchCli(this, promote(u"6.6.6"_s, {u"--json"_s, u"--timeout"_s, u"40"_s})));
    QCOMPARE(run.exitCode, 3);
    const QJsonObject outcome = run.json().object();
    QCOMPARE(outcome[u"state"_s].toString(), u"failed"_s);
    QCOMPARE(outcome[u"failure"_s][u"app"_s].toString(), u"argocd/guestbook-dev"_s);
    QVERIFY2(outcome[u"failure"_s][u"message"_s].toString().contains(u"Degraded"_s),
             run.out.constData());
    const QJsonArray events = history();
    QCOMPARE(kindsOf(events).constLast(), u"promotion-failed"_s);
    QCOMPARE(events.last()[u"commit"_s].toString(), outcome[u"commit"_s].toString());
    QVERIFY(events.last()[u"reason"_s].toString().contains(u"argocd/guestbook-dev"_s));
}

void TestCliPromote::timeoutNamesTheApp() {
    m_simulator->setReconciliationPaused(true);
    const Run run = finishCli(launchCli(this, promote(u"1.2.0"_s, {u"--timeout"_s, u"3"_s})));
    QVERIFY2(run.exitCode == 3, run.err.constData());
    QVERIFY2(run.out.contains("timed out after 3 s: argocd/guestbook-dev"), run.out.constData());
    QCOMPARE(kindsOf(history()).constLast(), u"promotion-failed"_s);
}

void TestCliPromote::expiredTokenIsAClearError() {
    m_simulator->setReconciliationPaused(true);
    QTRY_COMPARE_WITH_TIMEOUT(m_simulator->openStreamCount(), 0, 10000); // earlier runs' streams
    QProcess* process = launchCli(this, promote(u"1.3.0"_s));
    QTRY_VERIFY_WITH_TIMEOUT(m_simulator->openStreamCount() > 0, 30000);
    m_simulator->expireTokens();
    m_simulator->dropStreams();
    const Run run = finishCli(process);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("is pushed to main but its deployment could not be followed"),
             run.err.constData());
    QVERIFY2(run.err.contains("log in") || run.err.contains("token"), run.err.constData());
}

void TestCliPromote::interruptAfterThePushRecordsIt() {
    m_simulator->setReconciliationPaused(true);
    QTRY_COMPARE_WITH_TIMEOUT(m_simulator->openStreamCount(), 0, 10000); // earlier runs' streams
    QProcess* process = launchCli(this, promote(u"1.2.0"_s, {u"--json"_s}));
    QTRY_VERIFY_WITH_TIMEOUT(m_simulator->openStreamCount() > 0, 30000);
    process->terminate();
    const Run run = finishCli(process);
    QCOMPARE(run.exitCode, 1);
    const QJsonObject outcome = run.json().object();
    QCOMPARE(outcome[u"state"_s].toString(), u"aborted"_s);
    QVERIFY2(outcome[u"detail"_s].toString().startsWith(u"interrupted after the push"_s),
             run.out.constData());
    const QJsonArray events = history();
    QCOMPARE(kindsOf(events).constLast(), u"aborted"_s);
    QCOMPARE(events.last()[u"commit"_s].toString(), outcome[u"commit"_s].toString());
}

void TestCliPromote::waitOptionsNeedWait() {
    const Run run =
        cli({u"promote"_s, u"--repo"_s, u"file://"_s + m_bare, u"--service"_s, u"guestbook"_s,
             u"--stage"_s, u"dev"_s, u"--freight"_s, u"1.1.0"_s, u"--timeout"_s, u"3"_s});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("--timeout goes with --wait"), run.err.constData());
}

QTEST_GUILESS_MAIN(TestCliPromote)
#include "tst_clipromote.moc"

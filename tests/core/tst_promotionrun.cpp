#include "fakeregistry.h"
#include "promotioncheck.h"
#include "promotiontesting.h"
#include "verificationsteps.h"

#include <QSemaphore>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace fd::core;
using namespace fd::testsupport;

namespace {

using State = PromotionRun::State;

/** A verification step that answers what it was told to. */
class ScriptedCheck final : public PromotionCheck {
public:
    explicit ScriptedCheck(Result<void> answer)
        : m_answer(std::move(answer)) {}
    QString name() const override { return u"smoke test"_s; }
    void run(const PromotionCheckInput& input, QObject*,
             std::function<void(Result<void>)> done) override {
        commitSeen = input.commit;
        done(m_answer);
    }
    QString commitSeen;

private:
    Result<void> m_answer;
};

QStringList kindsOf(const QList<PromotionEvent>& events) {
    QStringList kinds;
    for (const PromotionEvent& event : events)
        kinds.append(PromotionEvent::kindName(event.kind));
    return kinds;
}

} // namespace

/** PromotionRun against a real repository and the Argo CD simulator. */
class TestPromotionRun final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void succeedsWhenHealthyAndRecordsIt();
    void degradedFailsAndRecordsIt();
    void timeoutNamesTheApp();
    void droppedStreamStillFinishes();
    void newerCommitOnTheBranchCounts();
    void newerCommitCountsForMultiSourceApps();
    void expiredTokenIsAnErrorNotALoop();
    void abortBeforePushLeavesTheRemoteAlone();
    void abortAfterPushRecordsWhatIsTrue();
    void missingApprovalsStopBeforeCommitting();
    void stageWithoutAppsSucceedsAtThePush();
    void failedCheckFailsThePromotion();
    void manualVerificationLeavesItToAPerson();
    void httpCheckAndSoakVerify();
    void verifyingRecordsWhatRunsOnce();

private:
    std::unique_ptr<PromotionRun> started(PromotionRunRequest request);

    QTemporaryDir m_home;
    std::unique_ptr<PromotionTestbed> m_bed;
    QList<State> m_states;
};

void TestPromotionRun::initTestCase() {
    QVERIFY(m_home.isValid());
    TestRepos::isolateEnvironment(m_home.path());
}

void TestPromotionRun::init() {
    QTemporaryDir* folder = new QTemporaryDir(m_home.filePath(u"bed-XXXXXX"_s));
    folder->setAutoRemove(false); // removed with m_home
    m_bed = std::make_unique<PromotionTestbed>();
    const QString problem = m_bed->start(folder->path());
    delete folder;
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    m_states.clear();
}

void TestPromotionRun::cleanup() {
    m_bed.reset();
}

std::unique_ptr<PromotionRun> TestPromotionRun::started(PromotionRunRequest request) {
    auto run = m_bed->run(std::move(request));
    connect(run.get(), &PromotionRun::stateChanged, this, [this](State state) {
        if (m_states.isEmpty() || m_states.constLast() != state)
            m_states.append(state);
    });
    run->start();
    return run;
}

void TestPromotionRun::succeedsWhenHealthyAndRecordsIt() {
    auto run = started(m_bed->request(u"1.1.0"_s));
    QVERIFY(finishes(*run));
    QVERIFY2(run->state() == State::Succeeded, qPrintable(run->detail()));
    QCOMPARE(m_states, (QList<State>{State::Planned, State::Committing, State::Pushed,
                                     State::WaitingForArgoCd, State::Succeeded}));
    QCOMPARE(TestRepos::revParse(m_bed->bare, u"main"_s), run->commit());
    QCOMPARE(run->applications().size(), 1);
    QCOMPARE(run->applications().constFirst().healthStatus, u"Healthy"_s);
    QCOMPARE(run->applications().constFirst().syncRevision, run->commit());

    // Healthy with no verification asked for: verified too, which makes it available downstream.
    const QList<PromotionEvent> events = m_bed->events();
    QCOMPARE(kindsOf(events), (QStringList{u"promoted"_s, u"verified"_s}));
    QCOMPARE(events.constLast().commit, run->commit());
    QCOMPARE(events.constLast().freightId, u"f-1.1.0"_s);
    QCOMPARE(events.constFirst().commit, run->commit());
    QCOMPARE(events.constFirst().stage, u"dev"_s);
    QCOMPARE(events.constFirst().freightId, u"f-1.1.0"_s);
    QVERIFY(!run->logCommit().isEmpty());
}

void TestPromotionRun::degradedFailsAndRecordsIt() {
    m_bed->simulator->addBrokenTag(u"6.6.6"_s);
    auto run = started(m_bed->request(u"6.6.6"_s));
    QVERIFY(finishes(*run));
    QVERIFY2(run->state() == State::Failed, qPrintable(run->detail()));
    QVERIFY(!run->error()); // a verdict, not an error
    QCOMPARE(run->verdict().app, u"team-a/api-dev"_s);
    QVERIFY2(run->detail().contains(u"Degraded"_s), qPrintable(run->detail()));
    const QList<PromotionEvent> events = m_bed->events();
    QCOMPARE(kindsOf(events), QStringList{u"promotion-failed"_s});
    QCOMPARE(events.constFirst().commit, run->commit());
    QVERIFY(events.constFirst().reason.contains(u"team-a/api-dev"_s));
}

void TestPromotionRun::timeoutNamesTheApp() {
    m_bed->simulator->setReconciliationPaused(true);
    PromotionRunRequest request = m_bed->request(u"1.2.0"_s);
    request.timeout = std::chrono::seconds(2);
    auto run = started(request);
    QVERIFY(finishes(*run));
    QVERIFY2(run->state() == State::Failed, qPrintable(run->detail()));
    QVERIFY(!run->error());
    QVERIFY2(run->detail().contains(u"timed out after 2 s"_s), qPrintable(run->detail()));
    QVERIFY(run->detail().contains(u"team-a/api-dev"_s));
    QCOMPARE(kindsOf(m_bed->events()), QStringList{u"promotion-failed"_s});
}

void TestPromotionRun::droppedStreamStillFinishes() {
    m_bed->simulator->setHealthDelay(std::chrono::milliseconds(1500));
    auto run = started(m_bed->request(u"1.3.0"_s));
    QTRY_VERIFY_WITH_TIMEOUT(m_bed->simulator->openStreamCount() > 0, 10000);
    QCOMPARE(run->state(), State::WaitingForArgoCd);
    m_bed->simulator->dropStreams();
    QVERIFY(finishes(*run));
    QVERIFY2(run->state() == State::Succeeded, qPrintable(run->detail()));
    QVERIFY(m_bed->simulator->requestCount(u"GET /api/v1/stream/applications"_s) >= 2);
}

void TestPromotionRun::newerCommitOnTheBranchCounts() {
    m_bed->simulator->setReconciliationPaused(true);
    auto run = started(m_bed->request(u"1.3.1"_s));
    QTRY_COMPARE_WITH_TIMEOUT(run->state(), State::WaitingForArgoCd, 10000);
    // Someone else's change lands on top before Argo CD looks: it syncs that commit.
    const QString newer = fd::argocdsim::testing::pushTag(m_bed->bare, u"prod"_s, u"9.9.9"_s);
    QVERIFY(!newer.isEmpty());
    m_bed->simulator->setReconciliationPaused(false);
    m_bed->simulator->reconcileNow();
    QVERIFY(finishes(*run));
    QVERIFY2(run->state() == State::Succeeded, qPrintable(run->detail()));
    QCOMPARE(run->applications().constFirst().syncRevision, newer);
    QCOMPARE(kindsOf(m_bed->events()), (QStringList{u"promoted"_s, u"verified"_s}));
}

// A multi-source app (a chart from a chart repository, values from the GitOps repository): only
// its GitOps entry of `revisions` is the branch's, and a newer commit there counts too.
void TestPromotionRun::newerCommitCountsForMultiSourceApps() {
    const QString repoUrl = u"file://"_s + m_bed->bare;
    const QByteArray manifest = uR"(apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: api-multi
  namespace: team-a
spec:
  project: default
  sources:
    - repoURL: https://charts.example.com
      chart: api
      targetRevision: 1.2.3
    - repoURL: %1
      targetRevision: main
      path: charts/guestbook
      helm:
        valueFiles:
          - ../../env/dev/values.yaml
  destination:
    server: https://kubernetes.default.svc
    namespace: dev
  syncPolicy:
    automated: {}
)"_s.arg(repoUrl)
                                    .toUtf8();
    QVERIFY(TestRepos::commit(m_bed->bare, u"main"_s, {{u"apps/api-multi.yaml"_s, manifest}}));
    QVERIFY(m_bed->restartSimulator().isEmpty());

    m_bed->simulator->setReconciliationPaused(true);
    auto run = started(m_bed->request(u"1.3.2"_s, u"dev"_s, {u"team-a/api-multi"_s}));
    QTRY_COMPARE_WITH_TIMEOUT(run->state(), State::WaitingForArgoCd, 10000);
    const QString newer = fd::argocdsim::testing::pushTag(m_bed->bare, u"prod"_s, u"9.9.8"_s);
    QVERIFY(!newer.isEmpty());
    m_bed->simulator->setReconciliationPaused(false);
    m_bed->simulator->reconcileNow();
    QVERIFY(finishes(*run));
    QVERIFY2(run->state() == State::Succeeded, qPrintable(run->detail()));
    const ArgoCdAppStatus app = run->applications().constFirst();
    QVERIFY(app.multiSource);
    QCOMPARE(app.syncRevisions, (QStringList{u"1.2.3"_s, newer}));
}

void TestPromotionRun::expiredTokenIsAnErrorNotALoop() {
    m_bed->simulator->setReconciliationPaused(true);
    auto run = started(m_bed->request(u"1.4.0"_s));
    QTRY_VERIFY_WITH_TIMEOUT(m_bed->simulator->openStreamCount() > 0, 10000);
    m_bed->simulator->expireTokens();
    m_bed->simulator->dropStreams();
    QVERIFY(finishes(*run, 10000));
    QVERIFY2(run->state() == State::Failed, qPrintable(run->detail()));
    QVERIFY(run->error());
    QCOMPARE(run->error()->kind, Error::Kind::Authentication);
    QVERIFY2(run->detail().contains(run->commit().left(12) + u" is pushed"_s),
             qPrintable(run->detail()));
    const int requests = m_bed->simulator->requestCount(u"GET /api/v1/applications"_s);
    QTest::qWait(500);
    QCOMPARE(m_bed->simulator->requestCount(u"GET /api/v1/applications"_s), requests);
    QVERIFY(m_bed->events().isEmpty()); // neither promoted nor failed: nobody knows
}

void TestPromotionRun::abortBeforePushLeavesTheRemoteAlone() {
    const QString before = TestRepos::revParse(m_bed->bare, u"main"_s);
    auto gate = std::make_shared<QSemaphore>();
    PromotionRunRequest request = m_bed->request(u"1.5.0"_s);
    request.push.mayPush = [gate] {
        gate->acquire();
        return true;
    };
    auto run = started(request);
    QCOMPARE(run->state(), State::Committing);
    run->abort(u"changed my mind"_s);
    gate->release();
    QVERIFY(finishes(*run));
    QCOMPARE(run->state(), State::Aborted);
    QVERIFY2(run->detail().contains(u"changed my mind before the push"_s),
             qPrintable(run->detail()));
    QVERIFY(run->commit().isEmpty());
    QCOMPARE(TestRepos::revParse(m_bed->bare, u"main"_s), before);
    QVERIFY(TestRepos::revParse(m_bed->bare, u"freightdesk-log"_s).isEmpty());
}

void TestPromotionRun::abortAfterPushRecordsWhatIsTrue() {
    m_bed->simulator->setReconciliationPaused(true);
    auto run = started(m_bed->request(u"1.6.0"_s));
    QTRY_COMPARE_WITH_TIMEOUT(run->state(), State::WaitingForArgoCd, 10000);
    run->abort(u"stopped by Rita"_s);
    QVERIFY(finishes(*run));
    QCOMPARE(run->state(), State::Aborted);
    QCOMPARE(TestRepos::revParse(m_bed->bare, u"main"_s), run->commit());
    const QList<PromotionEvent> events = m_bed->events();
    QCOMPARE(kindsOf(events), QStringList{u"aborted"_s});
    QCOMPARE(events.constFirst().commit, run->commit());
    QVERIFY(events.constFirst().reason.contains(u"stays on main"_s));
}

void TestPromotionRun::missingApprovalsStopBeforeCommitting() {
    const QString before = TestRepos::revParse(m_bed->bare, u"main"_s);
    PromotionRunRequest request = m_bed->request(u"1.7.0"_s);
    request.approvalsMissing = 2;
    auto run = started(request);
    QCOMPARE(run->state(), State::AwaitingApproval);
    QVERIFY(run->isFinished());
    QVERIFY(run->detail().contains(u"needs 2 more approval(s)"_s));
    QCOMPARE(TestRepos::revParse(m_bed->bare, u"main"_s), before);
}

void TestPromotionRun::stageWithoutAppsSucceedsAtThePush() {
    auto run = started(m_bed->request(u"2.0.0"_s, u"prod"_s, {}));
    QVERIFY(finishes(*run));
    QVERIFY2(run->state() == State::Succeeded, qPrintable(run->detail()));
    QVERIFY(run->detail().contains(u"no Argo CD application deploys prod"_s));
    QVERIFY(!m_states.contains(State::WaitingForArgoCd));
    QCOMPARE(m_bed->simulator->requestCount(u"GET /api/v1/applications/{name}"_s), 0);
    QCOMPARE(kindsOf(m_bed->events()), (QStringList{u"promoted"_s, u"verified"_s}));
}

// A stage that wants a person's word: promoted, not verified, and the detail says so.
void TestPromotionRun::manualVerificationLeavesItToAPerson() {
    PromotionRunRequest request = m_bed->request(u"2.2.0"_s);
    request.manualVerification = true;
    auto run = started(request);
    QVERIFY(finishes(*run));
    QVERIFY2(run->state() == State::Succeeded, qPrintable(run->detail()));
    QVERIFY2(run->detail().contains(u"dev wants a person to mark it verified"_s),
             qPrintable(run->detail()));
    QCOMPARE(kindsOf(m_bed->events()), QStringList{u"promoted"_s});
}

// The stage's real verification steps: an HTTP check of the deployed service, then a soak that
// reads the app again.
void TestPromotionRun::httpCheckAndSoakVerify() {
    FakeRegistry service([](const FakeRequest&) { return FakeReply::json(R"({"status":"ok"})"); });
    QVERIFY(service.listen());
    StageVerification verification;
    HttpCheckSpec check;
    check.url = u"http://"_s + QString::fromLatin1(service.host()) + u"/healthz"_s;
    check.jsonCondition = u"$.status == 'ok'"_s;
    verification.httpChecks = {check};
    verification.soak = std::chrono::seconds(1);
    PromotionRunRequest request = m_bed->request(u"2.3.0"_s);
    request.checks = verificationSteps(verification, &m_bed->network, m_bed->client.get());
    QCOMPARE(request.checks.size(), 2);
    const int readsBefore = m_bed->simulator->requestCount(u"GET /api/v1/applications/{name}"_s);
    auto run = started(request);
    QVERIFY(finishes(*run));
    QVERIFY2(run->state() == State::Succeeded, qPrintable(run->detail()));
    QVERIFY(m_states.contains(State::Verifying));
    QCOMPARE(service.requests().size(), 1);
    // The refresh after the push, then the soak's reads.
    QVERIFY(m_bed->simulator->requestCount(u"GET /api/v1/applications/{name}"_s) >=
            readsBefore + 2);
    QCOMPARE(kindsOf(m_bed->events()), (QStringList{u"promoted"_s, u"verified"_s}));
}

void TestPromotionRun::failedCheckFailsThePromotion() {
    PromotionRunRequest request = m_bed->request(u"2.1.0"_s);
    auto check = std::make_shared<ScriptedCheck>(
        Error{Error::Kind::Network, u"GET /healthz answered 503"_s, {}});
    request.checks = {check};
    auto run = started(request);
    QVERIFY(finishes(*run));
    QVERIFY2(run->state() == State::Failed, qPrintable(run->detail()));
    QVERIFY(m_states.contains(State::Verifying));
    QCOMPARE(check->commitSeen, run->commit());
    QVERIFY(run->detail().contains(u"smoke test: GET /healthz answered 503"_s));
    QCOMPARE(kindsOf(m_bed->events()), QStringList{u"verification-failed"_s});
}

// Verifying what a stage already runs: nothing is pushed, Verified is recorded once, even when
// Argo CD answers the refresh after the app was judged.
void TestPromotionRun::verifyingRecordsWhatRunsOnce() {
    auto promoted = started(m_bed->request(u"3.0.0"_s));
    QVERIFY(finishes(*promoted));
    QVERIFY2(promoted->state() == State::Succeeded, qPrintable(promoted->detail()));
    const qsizetype before = m_bed->events().size();
    const QString tip = TestRepos::revParse(m_bed->bare, u"main"_s);

    m_bed->simulator->setRefreshDelay(std::chrono::milliseconds(300));
    PromotionRunRequest request = m_bed->request(u"3.0.0"_s);
    request.push.edits.clear();
    request.verifyCommit = promoted->commit();
    m_states.clear();
    // The Git worker is held while the run records, so the refresh answers in between.
    QSemaphore held;
    auto run = std::make_unique<PromotionRun>(*m_bed->repository, m_bed->client.get(), request,
                                              m_bed->options());
    connect(run.get(), &PromotionRun::stateChanged, this, [&](State state) {
        m_states.append(state);
        if (state == State::WaitingForArgoCd)
            m_bed->gitPool.start([&held] { held.acquire(); });
    });
    run->start();
    QTest::qWait(800); // the late refresh answer can only be seen by letting it arrive
    held.release();
    QVERIFY(finishes(*run));
    QVERIFY2(run->state() == State::Succeeded, qPrintable(run->detail()));
    QVERIFY(!m_states.contains(State::Committing));
    m_bed->simulator->setRefreshDelay(std::chrono::milliseconds(0));
    const QList<PromotionEvent> events = m_bed->events();
    QCOMPARE(kindsOf(events.mid(before)), QStringList{u"verified"_s});
    QCOMPARE(events.constLast().commit, promoted->commit());
    QCOMPARE(TestRepos::revParse(m_bed->bare, u"main"_s), tip);
}

QTEST_GUILESS_MAIN(TestPromotionRun)
#include "tst_promotionrun.moc"

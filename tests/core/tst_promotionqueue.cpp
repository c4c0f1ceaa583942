#include "promotionqueue.h"
#include "promotiontesting.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace fd::core;
using namespace fd::testsupport;

/** PromotionQueue: one run per stage, the newest waiting one replacing older ones. */
class TestPromotionQueue final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void oneRunPerStageNewestWaiting();
    void runThatEndsAtOnceFreesTheStage();

private:
    PromotionRun* submitted(PromotionQueue& queue, const QString& tag,
                            const QString& stage = u"dev"_s);

    QTemporaryDir m_home;
    std::unique_ptr<PromotionTestbed> m_bed;
};

void TestPromotionQueue::initTestCase() {
    QVERIFY(m_home.isValid());
    qRegisterMetaType<PromotionRun*>();
    TestRepos::isolateEnvironment(m_home.path());
    m_bed = std::make_unique<PromotionTestbed>();
    const QString problem = m_bed->start(m_home.path());
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

PromotionRun* TestPromotionQueue::submitted(PromotionQueue& queue, const QString& tag,
                                            const QString& stage) {
    const QStringList apps =
        stage == u"dev"_s ? QStringList{PromotionTestbed::devApp()} : QStringList();
    PromotionRun* run = m_bed->run(m_bed->request(tag, stage, apps)).release();
    queue.submit(run);
    return run;
}

void TestPromotionQueue::oneRunPerStageNewestWaiting() {
    m_bed->simulator->setReconciliationPaused(true);
    PromotionQueue queue;
    QSignalSpy ended(&queue, &PromotionQueue::ended);
    PromotionRun* first = submitted(queue, u"3.0.0"_s);
    QCOMPARE(queue.running(u"dev"_s), first);
    QTRY_COMPARE_WITH_TIMEOUT(first->state(), PromotionRun::State::WaitingForArgoCd, 10000);

    PromotionRun* second = submitted(queue, u"3.1.0"_s);
    QCOMPARE(queue.waiting(u"dev"_s), second);
    QCOMPARE(second->state(), PromotionRun::State::Planned);
    PromotionRun* third = submitted(queue, u"3.2.0"_s);
    QCOMPARE(second->state(), PromotionRun::State::Aborted);
    QCOMPARE(second->detail(), u"superseded by freight-3.2.0: nothing was committed"_s);
    QCOMPARE(queue.waiting(u"dev"_s), third);
    QCOMPARE(queue.running(u"dev"_s), first);
    QCOMPARE(ended.size(), 1);

    // Another stage does not wait for dev; its commit lands on top of dev's.
    PromotionRun* prod = submitted(queue, u"3.0.0"_s, u"prod"_s);
    QCOMPARE(queue.running(u"prod"_s), prod);
    QVERIFY(finishes(*prod));
    QCOMPARE(prod->state(), PromotionRun::State::Succeeded);
    QVERIFY(!prod->commit().isEmpty());
    QCOMPARE(first->state(), PromotionRun::State::WaitingForArgoCd);
    QCOMPARE(third->state(), PromotionRun::State::Planned);

    // When dev is free the newest decision runs.
    m_bed->simulator->setReconciliationPaused(false);
    m_bed->simulator->reconcileNow();
    QVERIFY(finishes(*first));
    QVERIFY2(first->state() == PromotionRun::State::Succeeded, qPrintable(first->detail()));
    QTRY_COMPARE_WITH_TIMEOUT(queue.running(u"dev"_s), third, 10000);
    QVERIFY(finishes(*third));
    QVERIFY2(third->state() == PromotionRun::State::Succeeded, qPrintable(third->detail()));
    QVERIFY(!queue.running(u"dev"_s));
    const QString values =
        TestRepos::git({u"show"_s, u"main:env/dev/values.yaml"_s}, m_bed->bare).text();
    QVERIFY2(values.contains(u"3.2.0"_s), qPrintable(values));
    const QString history =
        TestRepos::git({u"log"_s, u"--format=%s"_s, u"main"_s}, m_bed->bare).text();
    QVERIFY(history.contains(u"Promote api 3.0.0 to dev"_s));
    QVERIFY(!history.contains(u"3.1.0"_s)); // superseded before it committed anything
}

void TestPromotionQueue::runThatEndsAtOnceFreesTheStage() {
    PromotionQueue queue;
    PromotionRunRequest waiting = m_bed->request(u"4.0.0"_s, u"prod"_s, {});
    waiting.approvalsMissing = 1;
    auto* approval =
        new PromotionRun(*m_bed->repository, m_bed->client.get(), waiting, m_bed->options());
    queue.submit(approval);
    QCOMPARE(approval->state(), PromotionRun::State::AwaitingApproval);
    QVERIFY(!queue.running(u"prod"_s));
    PromotionRun* next = submitted(queue, u"4.0.1"_s, u"prod"_s);
    QCOMPARE(queue.running(u"prod"_s), next);
    QVERIFY(finishes(*next));
    QCOMPARE(next->state(), PromotionRun::State::Succeeded);
}

QTEST_GUILESS_MAIN(TestPromotionQueue)
#include "tst_promotionqueue.moc"

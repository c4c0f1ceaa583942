#include "argocdsimulator.h"
#include "gitrepository.h"
#include "promotiondesk.h"
#include "promotionlog.h"
#include "promotionreviewdialog.h"
#include "promotionrun.h"
#include "promotiontasklist.h"
#include "simpipeline.h"
#include "simtesting.h"
#include "testrepos.h"
#include "uifixture.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace Qt::Literals::StringLiterals;
using fd::core::PromotionRun;
using fd::testsupport::TestRepos;

namespace {

constexpr int Timeout = 60000;

} // namespace

/**
 * A promotion aborted from the status bar's task list while Argo CD has not synced it (the
 * simulator's reconciliation paused): the run ends Aborted, the commit it pushed is the branch's
 * tip (nothing half-written, nothing pushed twice), the promotion log says it was aborted with
 * that commit, and the repository still loads with the stage at the new version.
 */
class TestPromotionAbort final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void abortFromTheTaskListEndsAbortedAndConsistent();
};

void TestPromotionAbort::abortFromTheTaskListEndsAbortedAndConsistent() {
    fd::testsupport::UiFixture fixture; // for its isolated environment and loader options
    QVERIFY2(fixture.create().isEmpty(), "the UI fixture could not be created");
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    const QString deploy = fd::testsupport::createSimPipeline(folder.path());
    QVERIFY(!deploy.isEmpty());
    fd::argocdsim::ArgoCDSimulator simulator(fd::argocdsim::testing::testConfig(deploy));
    auto started = simulator.start();
    QVERIFY2(started, qPrintable(started ? QString() : started.error().toString()));
    simulator.setReconciliationPaused(true); // the push is never synced: the run waits

    const fd::core::RepositoryLoaderOptions options =
        fd::testsupport::optionsUnder(fixture.options(), folder.path());
    const fd::core::RepositoryRequest request{u"file://"_s + deploy, u"main"_s};
    auto state = fd::core::loadRepositoryState(request, options, QDateTime::currentDateTimeUtc());
    QVERIFY2(state, qPrintable(state ? QString() : state.error().toString()));

    fd::ui::PromotionDesk desk(request.urlOrPath, options.snapshot.git);
    fd::core::ArgoCdConnection connection;
    connection.server = simulator.url();
    connection.authToken = simulator.issueToken();
    desk.setConnectionSource([connection] { return connection; });
    desk.setRunOptions(fd::testsupport::fastRunOptions());
    fd::ui::PromotionTaskList tasks;
    tasks.track(&desk);
    QSignalSpy submitted(&desk, &fd::ui::PromotionDesk::runSubmitted);
    QSignalSpy ended(&desk, &fd::ui::PromotionDesk::runEnded);

    fd::ui::PromotionReviewDialog dialog(desk, *state, u"api-dev"_s,
                                         fd::testsupport::apiFreight(u"1.1.0"_s));
    QSignalSpy reviewed(&dialog, &fd::ui::PromotionReviewDialog::reviewed);
    QVERIFY(!dialog.isBusy() || reviewed.wait(Timeout));
    QVERIFY2(dialog.promote(), qPrintable(dialog.statusText()));
    QVERIFY(submitted.count() == 1 || submitted.wait(Timeout));
    auto* run = submitted.at(0).at(0).value<PromotionRun*>();
    QTRY_COMPARE_WITH_TIMEOUT(run->state(), PromotionRun::State::WaitingForArgoCd, Timeout);
    QCOMPARE(ended.count(), 0);

    // The task list's button for the run aborts it.
    QCOMPARE(tasks.buttons().size(), 1);
    QToolButton* button = tasks.buttons().constFirst();
    QVERIFY2(button->toolTip().contains(u"the commit is pushed and stays"_s),
             qPrintable(button->toolTip()));
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(ended.count() == 1 || ended.wait(Timeout));
    QCOMPARE(run->state(), PromotionRun::State::Aborted);
    QVERIFY(!run->commit().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(tasks.buttons().isEmpty(), Timeout);

    // Consistent: the pushed commit is the tip, once, with the new value; the log says aborted.
    QCOMPARE(TestRepos::revParse(deploy, u"main"_s), run->commit());
    const auto show =
        TestRepos::git({u"--git-dir"_s, deploy, u"show"_s, u"main:env/dev/values.yaml"_s});
    QVERIFY(QString::fromUtf8(show.output).contains(u"1.1.0"_s));
    const auto count = TestRepos::git({u"--git-dir"_s, deploy, u"rev-list"_s, u"--count"_s,
                                       u"--grep=Freightdesk-Stage: api-dev"_s, u"main"_s});
    QCOMPARE(QString::fromUtf8(count.output).trimmed(), u"1"_s);
    auto repository = fd::core::GitRepository::open(request.urlOrPath, options.snapshot.git);
    QVERIFY(repository);
    auto log = fd::core::PromotionLog(**repository).read();
    QVERIFY2(log, qPrintable(log ? QString() : log.error().toString()));
    QVERIFY(!log->events.isEmpty());
    const fd::core::PromotionEvent& last = log->events.constLast();
    QCOMPARE(last.kind, fd::core::PromotionEvent::Kind::Aborted);
    QCOMPARE(last.stage, u"api-dev"_s);
    QCOMPARE(last.commit, run->commit());
    QVERIFY2(last.reason.contains(u"aborted from the task list"_s), qPrintable(last.reason));
    auto reloaded =
        fd::core::loadRepositoryState(request, options, QDateTime::currentDateTimeUtc());
    QVERIFY2(reloaded, qPrintable(reloaded ? QString() : reloaded.error().toString()));
    QVERIFY(reloaded->errors.isEmpty());
    QCOMPARE(reloaded->tip, run->commit());
}

QTEST_MAIN(TestPromotionAbort)
#include "tst_promotionabort.moc"

#include "comparestagesdialog.h"
#include "diffview.h"
#include "freightmatrixmodel.h"
#include "freightmatrixview.h"
#include "gitrepository.h"
#include "overviewview.h"
#include "pipelinegraphview.h"
#include "promotiondesk.h"
#include "promotionlog.h"
#include "promotionreviewdialog.h"
#include "promotionrun.h"
#include "repositorytab.h"
#include "stageactions.h"
#include "testrepos.h"
#include "uifixture.h"

#include <QAction>
#include <QCheckBox>
#include <QInputDialog>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using fd::core::PromotionEvent;
using fd::testsupport::TestRepos;
using fd::ui::RepositoryTab;

namespace {

constexpr int Timeout = 60000;

const fd::core::StageSummary* summaryOf(const fd::core::RepositoryState& state,
                                        const QString& service, const QString& stage) {
    const fd::core::ServiceState* found = state.service(service);
    const qsizetype column = found ? found->stages.indexOf(stage) : -1;
    return column < 0 ? nullptr : &found->summaries[column];
}

/** The hold or release question the tab has open; null when none is. */
QInputDialog* openQuestion(const RepositoryTab& tab) {
    for (QInputDialog* dialog : tab.findChildren<QInputDialog*>()) {
        if (dialog->isVisible())
            return dialog;
    }
    return nullptr;
}

QString gitOutput(const QString& bare, const QStringList& arguments) {
    return QString::fromUtf8(TestRepos::git(QStringList{u"--git-dir"_s, bare} + arguments).output);
}

} // namespace

/**
 * The stage actions of a repository tab on the UI fixture (guestbook: dev 1.4.0 after 1.2.0,
 * staging 1.2.0 and frozen, prod 1.0.0): compare two stages, hold then release, roll back.
 */
class TestStageActions final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void compareShowsEachPairOfFilesWithBothPaths();
    void compareSaysWhenStagesWriteTheSameValues();
    void holdThenReleaseIsRecordedInTheLog();
    void rollbackOfAFrozenStageIsRefused();
    void rollbackCommitsTheEarlierValue();

private:
    /** A tab on the fixture with guestbook's @p stage in focus. */
    std::unique_ptr<RepositoryTab> openTab(const QString& stage);

    fd::testsupport::UiFixture m_fixture;
    fd::core::RepositoryState m_state;
};

void TestStageActions::initTestCase() {
    const QString error = m_fixture.create();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    auto state = m_fixture.load();
    QVERIFY2(state, qPrintable(state ? QString() : state.error().toString()));
    m_state = *state;
}

std::unique_ptr<RepositoryTab> TestStageActions::openTab(const QString& stage) {
    auto tab = std::make_unique<RepositoryTab>(m_fixture.request(), m_fixture.options());
    const auto loaded = [&] { return tab->state().has_value() && !tab->isLoading(); };
    if (!QTest::qWaitFor(loaded, Timeout))
        return nullptr;
    tab->overview()->searchField()->setText(u"guest"_s);
    QTableView* overview = tab->overview()->table();
    overview->setCurrentIndex(overview->model()->index(0, 0));
    const fd::ui::FreightMatrixModel* matrix = tab->matrix()->model();
    if (!QTest::qWaitFor([&] { return matrix->service() == u"guestbook"_s; }, 5000))
        return nullptr;
    const qsizetype column = tab->state()->service(u"guestbook"_s)->stages.indexOf(stage);
    tab->matrix()->table()->setCurrentIndex(matrix->index(0, int(column)));
    return tab;
}

void TestStageActions::compareShowsEachPairOfFilesWithBothPaths() {
    fd::ui::PromotionDesk desk(m_fixture.url(), m_fixture.options().snapshot.git);
    fd::ui::CompareStagesDialog dialog(desk, m_state, u"guestbook-staging"_s);
    // Default: the stage's upstream on the left, the stage on the right.
    QCOMPARE(dialog.leftStage(), u"guestbook-dev"_s);
    QCOMPARE(dialog.rightStage(), u"guestbook-staging"_s);
    QSignalSpy compared(&dialog, &fd::ui::CompareStagesDialog::compared);
    QVERIFY(!dialog.isBusy() || compared.wait(Timeout));
    QVERIFY2(dialog.comparison(), qPrintable(dialog.statusText()));
    const QString unified = dialog.diff()->unified()->toPlainText();
    QVERIFY2(unified.contains(u"--- a/env/dev/guestbook.yaml"_s), qPrintable(unified));
    QVERIFY2(unified.contains(u"+++ b/env/staging/guestbook.yaml"_s), qPrintable(unified));
    QVERIFY2(unified.contains(u"\n-  tag: \"1.4.0\""_s), qPrintable(unified));
    QVERIFY2(unified.contains(u"\n+  tag: \"1.2.0\""_s), qPrintable(unified));
    QCOMPARE(dialog.comparison()->files.size(), 1);
    QVERIFY(dialog.comparison()->unpaired.isEmpty());

    // Side by side: one row, dev's tag left and staging's right.
    dialog.sideBySide()->setChecked(true);
    const QStringList left = dialog.diff()->left()->toPlainText().split(u'\n');
    const QStringList right = dialog.diff()->right()->toPlainText().split(u'\n');
    const qsizetype row = left.indexOf(u"-  tag: \"1.4.0\""_s);
    QVERIFY2(row >= 0, qPrintable(left.join(u'\n')));
    QCOMPARE(right.at(row), u"+  tag: \"1.2.0\""_s);

    // Another pair: prod against dev, read again.
    dialog.compare(u"guestbook-prod"_s, u"guestbook-dev"_s);
    QVERIFY(dialog.isBusy());
    QVERIFY(compared.wait(Timeout));
    const QString again = dialog.diff()->unified()->toPlainText();
    QVERIFY2(again.contains(u"--- a/env/prod/guestbook.yaml"_s), qPrintable(again));
    QVERIFY2(again.contains(u"+  tag: \"1.4.0\""_s), qPrintable(again));
    QVERIFY2(again.contains(u"-  tag: \"1.0.0\""_s), qPrintable(again));
}

void TestStageActions::compareSaysWhenStagesWriteTheSameValues() {
    fd::ui::PromotionDesk desk(m_fixture.url(), m_fixture.options().snapshot.git);
    fd::ui::CompareStagesDialog dialog(desk, m_state, u"api-prod"_s);
    QCOMPARE(dialog.leftStage(), u"api-staging"_s);
    QSignalSpy compared(&dialog, &fd::ui::CompareStagesDialog::compared);
    QVERIFY(!dialog.isBusy() || compared.wait(Timeout));
    QVERIFY2(dialog.comparison(), qPrintable(dialog.statusText()));
    QVERIFY2(dialog.statusText().contains(u"env/staging/api.yaml → env/prod/api.yaml: the same"_s),
             qPrintable(dialog.statusText()));
    QVERIFY(dialog.diff()->unified()->toPlainText().contains(u"write the same values"_s));
}

void TestStageActions::holdThenReleaseIsRecordedInTheLog() {
    auto tab = openTab(u"guestbook-dev"_s);
    QVERIFY(tab);
    fd::ui::StageActions* actions = tab->stageActions();
    QCOMPARE(actions->stage(), u"guestbook-dev"_s);
    QVERIFY(!actions->isHeld());
    QVERIFY2(actions->holdAction()->text().contains(u"Hold guestbook-dev"_s),
             qPrintable(actions->holdAction()->text()));
    QVERIFY(tab->matrix()->table()->actions().contains(actions->holdAction()));
    QVERIFY(tab->graph()->actions().contains(actions->holdAction()));

    // Hold, with a reason: recorded, and after the reload the stage shows as held.
    actions->holdAction()->trigger();
    QInputDialog* ask = openQuestion(*tab);
    QVERIFY(ask);
    QVERIFY(ask->okButtonText().contains(u"Hold guestbook-dev"_s));
    ask->setTextValue(u"CHG-42: incident"_s);
    ask->accept();
    QTRY_VERIFY_WITH_TIMEOUT(
        !tab->isLoading() &&
            summaryOf(*tab->state(), u"guestbook"_s, u"guestbook-dev"_s)->hold.has_value(),
        Timeout);
    QVERIFY(actions->isHeld());
    QVERIFY2(actions->holdAction()->text().contains(u"Release guestbook-dev"_s),
             qPrintable(actions->holdAction()->text()));
    QVERIFY(tab->graph()->nodeLines(u"guestbook-dev"_s).value(2).contains(u"held"_s));

    // Release: recorded after it, and the hold is gone.
    actions->holdAction()->trigger();
    ask = openQuestion(*tab);
    QVERIFY(ask);
    QVERIFY(ask->okButtonText().contains(u"Release guestbook-dev"_s));
    ask->accept();
    QTRY_VERIFY_WITH_TIMEOUT(
        !tab->isLoading() &&
            !summaryOf(*tab->state(), u"guestbook"_s, u"guestbook-dev"_s)->hold.has_value(),
        Timeout);
    QVERIFY(!actions->isHeld());

    auto repository =
        fd::core::GitRepository::open(m_fixture.url(), m_fixture.options().snapshot.git);
    QVERIFY(repository);
    auto log = fd::core::PromotionLog(**repository).read();
    QVERIFY(log);
    QVERIFY(log->events.size() >= 2);
    const PromotionEvent& held = log->events.at(log->events.size() - 2);
    const PromotionEvent& released = log->events.constLast();
    QCOMPARE(held.kind, PromotionEvent::Kind::Held);
    QCOMPARE(held.stage, u"guestbook-dev"_s);
    QCOMPARE(held.service, u"guestbook"_s);
    QCOMPARE(held.reason, u"CHG-42: incident"_s);
    QCOMPARE(held.byEmail, u"rita@example.com"_s);
    // Pinned to what the stage runs.
    const fd::core::ServiceState* guestbook = m_state.service(u"guestbook"_s);
    const int running = summaryOf(m_state, u"guestbook"_s, u"guestbook-dev"_s)->freightIndex;
    QVERIFY(running >= 0);
    QCOMPARE(held.freightId, guestbook->freight[running].id);
    QCOMPARE(released.kind, PromotionEvent::Kind::Released);
    QCOMPARE(released.stage, u"guestbook-dev"_s);
}

void TestStageActions::rollbackOfAFrozenStageIsRefused() {
    auto tab = openTab(u"guestbook-staging"_s);
    QVERIFY(tab);
    QAction* rollback = tab->stageActions()->rollbackAction();
    QVERIFY2(
        QString(rollback->text()).remove(u'&').contains(u"Roll back guestbook-staging to 1.1.0"_s),
        qPrintable(rollback->text()));
    QVERIFY(rollback->isEnabled());
    rollback->trigger();
    auto* dialog = tab->findChild<fd::ui::PromotionReviewDialog*>();
    QVERIFY(dialog);
    QSignalSpy reviewed(dialog, &fd::ui::PromotionReviewDialog::reviewed);
    QVERIFY(!dialog->isBusy() || reviewed.wait(Timeout));
    QVERIFY2(dialog->review(), qPrintable(dialog->statusText()));
    QCOMPARE(dialog->review()->freight.artifacts.constFirst().tag, u"1.1.0"_s);
    QVERIFY(!dialog->promoteButton()->isEnabled());
    QVERIFY(!dialog->approveButton()->isVisibleTo(dialog));
    QVERIFY(!dialog->promote());
    QVERIFY2(dialog->statusText().startsWith(u"Not rolled back: guestbook-staging is frozen"_s),
             qPrintable(dialog->statusText()));
}

void TestStageActions::rollbackCommitsTheEarlierValue() {
    auto tab = openTab(u"guestbook-dev"_s);
    QVERIFY(tab);
    // prod ran nothing before 1.0.0: nothing to roll back to.
    tab->graph()->setSelectedStage(u"guestbook-prod"_s);
    Q_EMIT tab->graph()->stageSelected(u"guestbook-prod"_s);
    QVERIFY(!tab->stageActions()->rollbackAction()->isEnabled());
    Q_EMIT tab->graph()->stageSelected(u"guestbook-dev"_s);
    QAction* rollback = tab->stageActions()->rollbackAction();
    QVERIFY2(QString(rollback->text()).remove(u'&').contains(u"Roll back guestbook-dev to 1.2.0"_s),
             qPrintable(rollback->text()));

    rollback->trigger();
    auto* dialog = tab->findChild<fd::ui::PromotionReviewDialog*>();
    QVERIFY(dialog);
    QCOMPARE(dialog->kind(), fd::ui::PromotionReviewDialog::Kind::Rollback);
    QSignalSpy reviewed(dialog, &fd::ui::PromotionReviewDialog::reviewed);
    QVERIFY(!dialog->isBusy() || reviewed.wait(Timeout));
    QVERIFY2(dialog->promoteButton()->isEnabled(), qPrintable(dialog->statusText()));
    QVERIFY(dialog->windowTitle().contains(u"Roll back guestbook-dev to"_s));
    const QString unified = dialog->diff()->unified()->toPlainText();
    QVERIFY2(unified.contains(u"\n-  tag: \"1.4.0\""_s), qPrintable(unified));
    QVERIFY2(unified.contains(u"\n+  tag: \"1.2.0\""_s), qPrintable(unified));

    QSignalSpy ended(tab->promotions(), &fd::ui::PromotionDesk::runEnded);
    QVERIFY(dialog->promote());
    QVERIFY(ended.wait(Timeout));
    auto* run = ended.at(0).at(0).value<fd::core::PromotionRun*>();
    QVERIFY2(run->state() == fd::core::PromotionRun::State::Succeeded, qPrintable(run->detail()));
    QVERIFY(gitOutput(m_fixture.bare(), {u"show"_s, u"main:env/dev/guestbook.yaml"_s})
                .contains(u"tag: \"1.2.0\""_s));
    const QString message =
        gitOutput(m_fixture.bare(), {u"log"_s, u"-1"_s, u"--format=%B"_s, u"main"_s});
    QVERIFY2(message.startsWith(u"Roll back guestbook-dev to 1.2.0 (from 1.4.0)"_s),
             qPrintable(message));
    QVERIFY2(message.contains(u"Freightdesk-Rollback-From: 1.4.0"_s), qPrintable(message));
    // The tab reloads: dev runs 1.2.0 again.
    QTRY_COMPARE_WITH_TIMEOUT(summaryOf(*tab->state(), u"guestbook"_s, u"guestbook-dev"_s)->version,
                              u"1.2.0"_s, Timeout);
}

QTEST_MAIN(TestStageActions)
#include "tst_stageactions.moc"

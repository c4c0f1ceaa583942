#include "argocdsimulator.h"
#include "diffview.h"
#include "freightmatrixmodel.h"
#include "freightmatrixview.h"
#include "gitrepository.h"
#include "overviewview.h"
#include "promotiondesk.h"
#include "promotionlog.h"
#include "promotionqueue.h"
#include "promotionreviewdialog.h"
#include "promotionrun.h"
#include "promotiontasklist.h"
#include "repositorytab.h"
#include "simpipeline.h"
#include "simtesting.h"
#include "testrepos.h"
#include "uifixture.h"

#include <QCheckBox>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace Qt::Literals::StringLiterals;
using fd::core::PromotionRun;
using fd::testsupport::apiFreight;
using fd::testsupport::TestRepos;
using fd::ui::PromotionDesk;
using fd::ui::PromotionReviewDialog;

namespace {

constexpr int Timeout = 60000;

fd::core::Freight freightOf(const fd::core::RepositoryState& state, const QString& service,
                            const QString& tag) {
    for (const fd::core::Freight& freight : state.service(service)->freight) {
        if (freight.artifacts.constFirst().tag == tag)
            return freight;
    }
    return {};
}

QStringList checklistTexts(const PromotionReviewDialog& dialog) {
    QStringList texts;
    for (int i = 0; i < dialog.checklist()->count(); ++i)
        texts.append(dialog.checklist()->item(i)->text());
    return texts;
}

bool reviewed(PromotionReviewDialog& dialog) {
    if (!dialog.isBusy())
        return true;
    QSignalSpy spy(&dialog, &PromotionReviewDialog::reviewed);
    return spy.wait(Timeout);
}

QString gitOutput(const QString& bare, const QStringList& arguments) {
    const auto run = TestRepos::git(QStringList{u"--git-dir"_s, bare} + arguments);
    return QString::fromUtf8(run.output);
}

} // namespace

/**
 * The review dialog on the UI fixture (dev → staging → prod, prod wanting one approval, staging
 * frozen): the diff, the checklist, Approve, the protected-stage confirmation and Promote, with
 * real Git underneath.
 */
class TestPromotionReviewDialog final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void diffNamesTheFileAndBothTags();
    void checklistWantsAnApprovalForProd();
    void frozenStageSaysSoAndRefuses();
    void approvalIsRecordedThenPromoteNeedsTheStageName();
    void enterOnACellReviewsAndTheCellShowsTheRun();
    void promotePushesTheEditedMessageAndSucceeds();
    void promoteFollowsArgoCdUntilHealthy();
    void matrixCellShowsAPromotionUnderWay();
    void malformedValuesFileIsAnErrorNamingIt();

private:
    fd::core::GitRepositoryOptions identity(const QString& name, const QString& email) const;

    fd::testsupport::UiFixture m_fixture;
    fd::core::RepositoryState m_state;
};

void TestPromotionReviewDialog::initTestCase() {
    const QString error = m_fixture.create();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    auto state = m_fixture.load();
    QVERIFY2(state, qPrintable(state ? QString() : state.error().toString()));
    m_state = *state;
}

fd::core::GitRepositoryOptions TestPromotionReviewDialog::identity(const QString& name,
                                                                   const QString& email) const {
    fd::core::GitRepositoryOptions git = m_fixture.options().snapshot.git;
    git.identity = fd::core::GitIdentity{name, email};
    return git;
}

void TestPromotionReviewDialog::diffNamesTheFileAndBothTags() {
    PromotionDesk desk(m_fixture.url(), m_fixture.options().snapshot.git);
    PromotionReviewDialog dialog(desk, m_state, u"guestbook-prod"_s,
                                 freightOf(m_state, u"guestbook"_s, u"1.2.0"_s));
    QVERIFY(reviewed(dialog));
    QVERIFY2(dialog.review() && !dialog.review()->previewError, qPrintable(dialog.statusText()));

    const QString unified = dialog.diff()->unified()->toPlainText();
    QVERIFY2(unified.contains(u"--- a/env/prod/guestbook.yaml"_s), qPrintable(unified));
    QVERIFY2(unified.contains(u"+++ b/env/prod/guestbook.yaml"_s), qPrintable(unified));
    QVERIFY2(unified.contains(u"\n-  tag: \"1.0.0\""_s), qPrintable(unified));
    QVERIFY2(unified.contains(u"\n+  tag: \"1.2.0\""_s), qPrintable(unified));
    QVERIFY(!unified.contains(u"staging"_s));
    QVERIFY(!dialog.diff()->isSideBySide());

    // Side by side: the same change, old left and new right on one row.
    dialog.sideBySide()->setChecked(true);
    QVERIFY(dialog.diff()->isSideBySide());
    const QStringList left = dialog.diff()->left()->toPlainText().split(u'\n');
    const QStringList right = dialog.diff()->right()->toPlainText().split(u'\n');
    QCOMPARE(left.size(), right.size());
    const qsizetype row = left.indexOf(u"-  tag: \"1.0.0\""_s);
    QVERIFY2(row >= 0, qPrintable(left.join(u'\n')));
    QCOMPARE(right.at(row), u"+  tag: \"1.2.0\""_s);
    QVERIFY(left.contains(u"--- a/env/prod/guestbook.yaml"_s));
    QVERIFY(right.contains(u"+++ b/env/prod/guestbook.yaml"_s));
    QVERIFY(!right.contains(u"-  tag: \"1.0.0\""_s));
    QVERIFY(dialog.message()->toPlainText().startsWith(u"Promote guestbook"_s));
}

void TestPromotionReviewDialog::checklistWantsAnApprovalForProd() {
    PromotionDesk desk(m_fixture.url(), m_fixture.options().snapshot.git);
    PromotionReviewDialog dialog(desk, m_state, u"guestbook-prod"_s,
                                 freightOf(m_state, u"guestbook"_s, u"1.2.0"_s));
    QVERIFY(reviewed(dialog));
    const QStringList texts = checklistTexts(dialog);
    QVERIFY2(texts.contains(u"✓ verified upstream (guestbook-staging)"_s),
             qPrintable(texts.join(u'\n')));
    QVERIFY2(texts.contains(u"✗ approvals 0 of 1"_s), qPrintable(texts.join(u'\n')));
    QVERIFY(texts.contains(u"✓ freeze window: not frozen"_s));
    QVERIFY(texts.contains(u"✓ hold: none"_s));
    // Icon and text: the cross has an icon of its own.
    QVERIFY(
        !dialog.checklist()->item(int(texts.indexOf(u"✗ approvals 0 of 1"_s)))->icon().isNull());
    QVERIFY(!dialog.promoteButton()->isEnabled());
    QVERIFY(dialog.approveButton()->isEnabled());
    QVERIFY(dialog.confirmation()->isVisibleTo(&dialog));
    QVERIFY(!dialog.promote());
    QVERIFY(dialog.statusText().contains(u"approval"_s));
}

void TestPromotionReviewDialog::frozenStageSaysSoAndRefuses() {
    PromotionDesk desk(m_fixture.url(), m_fixture.options().snapshot.git);
    PromotionReviewDialog dialog(desk, m_state, u"guestbook-staging"_s,
                                 freightOf(m_state, u"guestbook"_s, u"1.4.0"_s));
    QVERIFY(reviewed(dialog));
    const QStringList texts = checklistTexts(dialog);
    QVERIFY2(texts.contains(u"✗ frozen until 2099-01-01T00:00:00Z: Migration"_s),
             qPrintable(texts.join(u'\n')));
    QVERIFY(!dialog.promoteButton()->isEnabled());
    QVERIFY(!dialog.confirmation()->isVisibleTo(&dialog)); // staging is not protected
}

void TestPromotionReviewDialog::approvalIsRecordedThenPromoteNeedsTheStageName() {
    const fd::core::Freight freight = freightOf(m_state, u"guestbook"_s, u"1.2.0"_s);
    {
        // Alice approves; her own review still wants an approval from someone else.
        PromotionDesk desk(m_fixture.url(), identity(u"Alice Approver"_s, u"alice@example.com"_s));
        PromotionReviewDialog dialog(desk, m_state, u"guestbook-prod"_s, freight);
        QVERIFY(reviewed(dialog));
        QSignalSpy approved(&dialog, &PromotionReviewDialog::approved);
        QSignalSpy again(&dialog, &PromotionReviewDialog::reviewed);
        dialog.comment()->setText(u"CHG-1234"_s);
        QTest::mouseClick(dialog.approveButton(), Qt::LeftButton);
        QVERIFY(approved.wait(Timeout));
        QVERIFY(again.wait(Timeout));
        QVERIFY2(checklistTexts(dialog).contains(
                     u"✗ approvals 0 of 1 (yours does not count: you are promoting)"_s),
                 qPrintable(checklistTexts(dialog).join(u'\n')));
        QVERIFY(!dialog.promoteButton()->isEnabled());
    }

    // The approval is in the promotion log on its branch, read back from Git.
    auto repository =
        fd::core::GitRepository::open(m_fixture.url(), m_fixture.options().snapshot.git);
    QVERIFY(repository);
    auto log = fd::core::PromotionLog(**repository).read();
    QVERIFY(log);
    const auto approval =
        std::find_if(log->events.cbegin(), log->events.cend(), [&](const auto& e) {
            return e.kind == fd::core::PromotionEvent::Kind::Approved &&
                   e.freightId == freight.id && e.byEmail == u"alice@example.com"_s;
        });
    QVERIFY(approval != log->events.cend());
    QCOMPARE(approval->stage, u"guestbook-prod"_s);
    QCOMPARE(approval->reason, u"CHG-1234"_s);

    // After a reload, Rita may promote, once she types the stage's name.
    auto state = m_fixture.load();
    QVERIFY(state);
    PromotionDesk desk(m_fixture.url(), m_fixture.options().snapshot.git);
    PromotionReviewDialog dialog(desk, *state, u"guestbook-prod"_s, freight);
    QVERIFY(reviewed(dialog));
    QVERIFY2(checklistTexts(dialog).contains(u"✓ approvals 1 of 1"_s),
             qPrintable(checklistTexts(dialog).join(u'\n')));
    QVERIFY(dialog.review()->promotable());
    QVERIFY(!dialog.promoteButton()->isEnabled());
    dialog.confirmation()->setText(u"prod"_s);
    QVERIFY(!dialog.promoteButton()->isEnabled());
    QSignalSpy submitted(&desk, &PromotionDesk::runSubmitted);
    QVERIFY(!dialog.promote());
    QVERIFY2(dialog.statusText().contains(u"type guestbook-prod"_s),
             qPrintable(dialog.statusText()));
    QCOMPARE(submitted.count(), 0);
    dialog.confirmation()->setText(u"guestbook-prod"_s);
    QVERIFY(dialog.promoteButton()->isEnabled());
}

void TestPromotionReviewDialog::enterOnACellReviewsAndTheCellShowsTheRun() {
    fd::ui::RepositoryTab tab(m_fixture.request(), m_fixture.options());
    QTRY_VERIFY_WITH_TIMEOUT(tab.state().has_value() && !tab.isLoading(), Timeout);
    tab.overview()->searchField()->setText(u"guest"_s);
    QTableView* overview = tab.overview()->table();
    overview->setCurrentIndex(overview->model()->index(0, 0));
    const fd::ui::FreightMatrixModel* matrix = tab.matrix()->model();
    QTRY_COMPARE_WITH_TIMEOUT(matrix->service(), u"guestbook"_s, 5000);
    const QString id = freightOf(*tab.state(), u"guestbook"_s, u"1.5.0"_s).id;
    QCOMPARE(matrix->index(0, 0).data(fd::ui::FreightMatrixModel::FreightIdRole).toString(), id);

    // Enter on 1.5.0 × dev opens its review.
    tab.matrix()->table()->setCurrentIndex(matrix->index(0, 0));
    QTest::keyClick(tab.matrix()->table(), Qt::Key_Return);
    auto* dialog = tab.findChild<PromotionReviewDialog*>();
    QVERIFY(dialog);
    QVERIFY(dialog->windowTitle().contains(u"guestbook-dev"_s));
    QVERIFY(reviewed(*dialog));
    QVERIFY2(dialog->promoteButton()->isEnabled(), qPrintable(dialog->statusText()));

    // Promoting: the cell says so with its step, then the tab reloads and it is current.
    QSignalSpy ended(tab.promotions(), &PromotionDesk::runEnded);
    QVERIFY(dialog->promote());
    QVERIFY2(matrix->index(0, 0).data().toString().startsWith(u"promoting: "_s),
             qPrintable(matrix->index(0, 0).data().toString()));
    QVERIFY(ended.count() == 1 || ended.wait(Timeout));
    QTRY_COMPARE_WITH_TIMEOUT(matrix->index(0, 0).data().toString(), u"current"_s, Timeout);
}

void TestPromotionReviewDialog::promotePushesTheEditedMessageAndSucceeds() {
    // The tab's test moved main: review on what it holds now.
    auto state = m_fixture.load();
    QVERIFY(state);
    PromotionDesk desk(m_fixture.url(), m_fixture.options().snapshot.git);
    fd::ui::PromotionTaskList tasks;
    tasks.track(&desk);
    QSignalSpy notified(&tasks, &fd::ui::PromotionTaskList::notified);
    QSignalSpy submitted(&desk, &PromotionDesk::runSubmitted);
    QSignalSpy ended(&desk, &PromotionDesk::runEnded);
    PromotionReviewDialog dialog(desk, *state, u"guestbook-dev"_s,
                                 freightOf(*state, u"guestbook"_s, u"1.3.0"_s));
    QVERIFY(reviewed(dialog));
    QVERIFY2(dialog.promoteButton()->isEnabled(), qPrintable(dialog.statusText()));
    QVERIFY(!dialog.confirmation()->isVisibleTo(&dialog));
    dialog.message()->setPlainText(u"Ship guestbook 1.3.0 to dev\n\nTicket CHG-7"_s);
    QTest::mouseClick(dialog.promoteButton(), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(submitted.count(), 1);
    auto* run = submitted.at(0).at(0).value<PromotionRun*>();
    QVERIFY(run);
    QCOMPARE(tasks.buttons().size(), 1);
    QVERIFY(tasks.buttons().constFirst()->text().startsWith(u"guestbook-dev ← "_s));
    QVERIFY(ended.count() == 1 || ended.wait(Timeout));
    QCOMPARE(run->state(), PromotionRun::State::Succeeded);
    QVERIFY(!run->commit().isEmpty());

    const QString message =
        gitOutput(m_fixture.bare(), {u"log"_s, u"-1"_s, u"--format=%B"_s, u"main"_s});
    QVERIFY2(message.startsWith(u"Ship guestbook 1.3.0 to dev\n\nTicket CHG-7"_s),
             qPrintable(message));
    QVERIFY2(message.contains(u"Freightdesk-Stage: guestbook-dev"_s), qPrintable(message));
    QCOMPARE(gitOutput(m_fixture.bare(), {u"rev-parse"_s, u"main"_s}).trimmed(), run->commit());
    QVERIFY(gitOutput(m_fixture.bare(), {u"show"_s, u"main:env/dev/guestbook.yaml"_s})
                .contains(u"\"1.3.0\""_s));
    QTRY_VERIFY_WITH_TIMEOUT(!notified.isEmpty(), Timeout);
    QVERIFY(notified.constFirst().at(0).toString().startsWith(u"Promoted"_s));
    QTRY_VERIFY_WITH_TIMEOUT(tasks.buttons().isEmpty(), Timeout);
}

void TestPromotionReviewDialog::promoteFollowsArgoCdUntilHealthy() {
    // The simulator's deploy repository, with a freightdesk.yaml naming its automated app.
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    const QString deploy = fd::testsupport::createSimPipeline(folder.path());
    QVERIFY(!deploy.isEmpty());
    fd::argocdsim::ArgoCDSimulator simulator(fd::argocdsim::testing::testConfig(deploy));
    auto started = simulator.start();
    QVERIFY2(started, qPrintable(started ? QString() : started.error().toString()));

    const fd::core::RepositoryLoaderOptions options =
        fd::testsupport::optionsUnder(m_fixture.options(), folder.path());
    const fd::core::RepositoryRequest request{u"file://"_s + deploy, u"main"_s};
    auto state = fd::core::loadRepositoryState(request, options, QDateTime::currentDateTimeUtc());
    QVERIFY2(state, qPrintable(state ? QString() : state.error().toString()));
    QVERIFY(state->pipeline.stage(u"api-dev"_s));
    QCOMPARE(state->pipeline.stage(u"api-dev"_s)->argocdApps, QStringList{u"team-a/api-dev"_s});

    PromotionDesk desk(request.urlOrPath, options.snapshot.git);
    fd::core::ArgoCdConnection connection;
    connection.server = simulator.url();
    connection.authToken = simulator.issueToken();
    desk.setConnectionSource([connection] { return connection; });
    desk.setRunOptions(fd::testsupport::fastRunOptions());
    QSignalSpy submitted(&desk, &PromotionDesk::runSubmitted);
    QSignalSpy ended(&desk, &PromotionDesk::runEnded);

    const fd::core::Freight freight = apiFreight(u"1.1.0"_s);
    PromotionReviewDialog dialog(desk, *state, u"api-dev"_s, freight);
    QVERIFY(reviewed(dialog));
    QVERIFY2(dialog.promoteButton()->isEnabled(), qPrintable(dialog.statusText()));
    QVERIFY(dialog.diff()->unified()->toPlainText().contains(u"+  tag: \"1.1.0\""_s));
    QVERIFY(dialog.promote());
    QVERIFY(submitted.count() == 1 || submitted.wait(Timeout));
    auto* run = submitted.at(0).at(0).value<PromotionRun*>();
    QVERIFY(ended.count() == 1 || ended.wait(Timeout));
    QVERIFY2(run->state() == PromotionRun::State::Succeeded,
             qPrintable(PromotionRun::stateName(run->state()) + u": "_s + run->detail()));
    QCOMPARE(run->applications().size(), 1);
    QCOMPARE(run->applications().constFirst().healthStatus, u"Healthy"_s);
    QCOMPARE(run->applications().constFirst().syncRevision, run->commit());

    // Without an Argo CD server the commit is still pushed; the run says it was not followed.
    auto moved = fd::core::loadRepositoryState(request, options, QDateTime::currentDateTimeUtc());
    QVERIFY(moved);
    PromotionDesk blind(request.urlOrPath, options.snapshot.git);
    blind.setConnectionSource([]() -> fd::core::Result<fd::core::ArgoCdConnection> {
        return fd::core::Error{
            fd::core::Error::Kind::NotFound, u"no Argo CD server is configured"_s, {}};
    });
    QSignalSpy blindSubmitted(&blind, &PromotionDesk::runSubmitted);
    QSignalSpy blindEnded(&blind, &PromotionDesk::runEnded);
    const fd::core::Freight newer = apiFreight(u"1.2.0"_s);
    PromotionReviewDialog second(blind, *moved, u"api-dev"_s, newer);
    QVERIFY(reviewed(second));
    QVERIFY2(second.promote(), qPrintable(second.statusText()));
    QVERIFY(blindSubmitted.count() == 1 || blindSubmitted.wait(Timeout));
    auto* unfollowed = blindSubmitted.at(0).at(0).value<PromotionRun*>();
    QVERIFY(blindEnded.count() == 1 || blindEnded.wait(Timeout));
    QCOMPARE(unfollowed->state(), PromotionRun::State::Failed);
    QVERIFY(!unfollowed->commit().isEmpty());
    QCOMPARE(TestRepos::revParse(deploy, u"main"_s), unfollowed->commit());
    QVERIFY(unfollowed->error());
    QVERIFY2(
        unfollowed->error()->message.contains(u"cannot be followed: team-a/api-dev deploy it"_s),
        qPrintable(unfollowed->error()->message));
}

void TestPromotionReviewDialog::matrixCellShowsAPromotionUnderWay() {
    fd::ui::FreightMatrixModel model;
    model.setService(*m_state.service(u"guestbook"_s));
    const QString id = freightOf(m_state, u"guestbook"_s, u"1.5.0"_s).id;
    QCOMPARE(model.index(0, 0).data(fd::ui::FreightMatrixModel::FreightIdRole).toString(), id);
    QCOMPARE(model.stageAt(0), u"guestbook-dev"_s);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setActivity(id, u"guestbook-dev"_s, u"promoting: committing"_s);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.index(0, 0).data().toString(), u"promoting: committing"_s);
    QCOMPARE(model.index(0, 0).data(fd::ui::FreightMatrixModel::ActivityRole).toString(),
             u"promoting: committing"_s);
    QVERIFY(model.index(0, 1).data(fd::ui::FreightMatrixModel::ActivityRole).toString().isEmpty());
    model.setService(*m_state.service(u"guestbook"_s)); // a reload keeps it
    QCOMPARE(model.index(0, 0).data().toString(), u"promoting: committing"_s);
    model.setActivity(id, u"guestbook-dev"_s, {});
    QVERIFY(model.index(0, 0).data().toString() != u"promoting: committing"_s);
}

void TestPromotionReviewDialog::malformedValuesFileIsAnErrorNamingIt() {
    auto committed = TestRepos::commit(m_fixture.bare(), u"main"_s,
                                       {{u"env/prod/api.yaml"_s, "image:\n  tag: [2.0.0\n"}},
                                       u"Break api's prod values"_s);
    QVERIFY2(committed, qPrintable(committed ? QString() : committed.error().toString()));
    auto state = m_fixture.load();
    QVERIFY2(state, qPrintable(state ? QString() : state.error().toString()));
    PromotionDesk desk(m_fixture.url(), m_fixture.options().snapshot.git);
    // api-prod is held too: the review still shows the file's problem.
    PromotionReviewDialog dialog(desk, *state, u"api-prod"_s,
                                 freightOf(*state, u"api"_s, u"2.1.0"_s));
    QVERIFY(reviewed(dialog));
    QVERIFY(dialog.review());
    QVERIFY(dialog.review()->previewError);
    const QString status = dialog.statusText();
    // The file and the line (and column) of the problem.
    QVERIFY2(QRegularExpression(u"env/prod/api\\.yaml:\\d+"_s).match(status).hasMatch(),
             qPrintable(status));
    QVERIFY2(dialog.diff()->unified()->toPlainText().contains(u"env/prod/api.yaml"_s),
             qPrintable(dialog.diff()->unified()->toPlainText()));
    QVERIFY(!dialog.promoteButton()->isEnabled());
    QVERIFY(checklistTexts(dialog).contains(u"✗ held by Rita Release"_s));
}

QTEST_MAIN(TestPromotionReviewDialog)
#include "tst_promotionreviewdialog.moc"

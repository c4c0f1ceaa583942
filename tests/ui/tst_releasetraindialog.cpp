#include "diffview.h"
#include "promotiondesk.h"
#include "releasetraindialog.h"
#include "testrepos.h"
#include "uifixture.h"

#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>

using namespace Qt::Literals::StringLiterals;
using fd::testsupport::TestRepos;
using fd::ui::ReleaseTrainDialog;

namespace {

constexpr int Timeout = 60000;

bool reviewed(ReleaseTrainDialog& dialog) {
    if (!dialog.isBusy())
        return true;
    QSignalSpy spy(&dialog, &ReleaseTrainDialog::reviewed);
    return spy.wait(Timeout);
}

/** "service stage action" per car, as the dialog lists them. */
QStringList carRows(const ReleaseTrainDialog& dialog) {
    QStringList rows;
    for (int i = 0; i < dialog.cars()->topLevelItemCount(); ++i) {
        const QTreeWidgetItem* item = dialog.cars()->topLevelItem(i);
        rows.append(item->text(0) + u' ' + item->text(1) + u' ' + item->text(2));
    }
    return rows;
}

QString gitOutput(const QString& bare, const QStringList& arguments) {
    return QString::fromUtf8(TestRepos::git(QStringList{u"--git-dir"_s, bare} + arguments).output);
}

} // namespace

/**
 * The release train dialog on the UI fixture's prod: guestbook-prod takes 1.2.0 from staging
 * once someone else approved it; api-prod runs staging's 2.0.0 already and rides along.
 */
class TestReleaseTrainDialog final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void unapprovedServiceRefusesTheTrain();
    void approvedTrainIsPushedAsOneCommit();

private:
    fd::testsupport::UiFixture m_fixture;
    fd::core::RepositoryState m_state;
};

void TestReleaseTrainDialog::initTestCase() {
    const QString error = m_fixture.create();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    auto state = m_fixture.load();
    QVERIFY2(state, qPrintable(state ? QString() : state.error().toString()));
    m_state = *state;
}

void TestReleaseTrainDialog::unapprovedServiceRefusesTheTrain() {
    fd::ui::PromotionDesk desk(m_fixture.url(), m_fixture.options().snapshot.git);
    ReleaseTrainDialog dialog(desk, m_state, u"prod"_s);
    QCOMPARE(dialog.services(), (QStringList{u"guestbook"_s, u"api"_s}));
    QVERIFY(reviewed(dialog));
    QVERIFY2(dialog.review(), qPrintable(dialog.statusText()));
    const QStringList rows = carRows(dialog);
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows, (QStringList{u"guestbook guestbook-prod refused"_s, u"api api-prod skip"_s}));
    // Why, in the car's row and the status line: prod wants an approval.
    const QString why = dialog.cars()->topLevelItem(0)->text(5);
    QVERIFY2(why.contains(u"approv"_s), qPrintable(why));
    QVERIFY2(dialog.statusText().contains(u"refused"_s), qPrintable(dialog.statusText()));
    QVERIFY(!dialog.startButton()->isEnabled());
    QVERIFY(!dialog.start());
    QVERIFY(dialog.startButton()->text().contains(u"prod"_s));
}

void TestReleaseTrainDialog::approvedTrainIsPushedAsOneCommit() {
    // Alice approves 1.2.0 for prod: Rita may take it there.
    {
        fd::core::GitRepositoryOptions git = m_fixture.options().snapshot.git;
        git.identity = fd::core::GitIdentity{u"Alice Approver"_s, u"alice@example.com"_s};
        fd::ui::PromotionDesk alice(m_fixture.url(), git);
        fd::core::Freight freight;
        for (const fd::core::Freight& each : m_state.service(u"guestbook"_s)->freight) {
            if (each.artifacts.constFirst().tag == u"1.2.0"_s)
                freight = each;
        }
        bool approved = false;
        alice.approve(u"guestbook"_s, u"guestbook-prod"_s, freight, u"CHG-5"_s, &alice,
                      [&](const fd::core::Result<QString>& commit) { approved = bool(commit); });
        QTRY_VERIFY_WITH_TIMEOUT(approved, Timeout);
    }
    fd::ui::PromotionDesk desk(m_fixture.url(), m_fixture.options().snapshot.git);
    ReleaseTrainDialog dialog(desk, m_state, u"prod"_s);
    QVERIFY(reviewed(dialog));
    dialog.setServiceChecked(u"api"_s, false);
    QVERIFY(reviewed(dialog));
    QVERIFY2(dialog.review() && dialog.review()->startable(), qPrintable(dialog.statusText()));
    QCOMPARE(carRows(dialog), QStringList{u"guestbook guestbook-prod promote"_s});
    QVERIFY(dialog.diff()->unified()->toPlainText().contains(u"+  tag: \"1.2.0\""_s));
    // prod is protected: the environment's name confirms it.
    QVERIFY(dialog.confirmation()->isVisibleTo(&dialog));
    QVERIFY(!dialog.startButton()->isEnabled());
    dialog.confirmation()->setText(u"prod"_s);
    QVERIFY(dialog.startButton()->isEnabled());

    QSignalSpy ended(&dialog, &ReleaseTrainDialog::trainEnded);
    QVERIFY(dialog.start());
    QVERIFY(ended.wait(Timeout));
    QCOMPARE(ended.at(0).at(0).toBool(), true);
    QVERIFY(gitOutput(m_fixture.bare(), {u"show"_s, u"main:env/prod/guestbook.yaml"_s})
                .contains(u"tag: \"1.2.0\""_s));
    const QString message =
        gitOutput(m_fixture.bare(), {u"log"_s, u"-1"_s, u"--format=%B"_s, u"main"_s});
    QVERIFY2(message.startsWith(u"Promote to prod: guestbook"_s), qPrintable(message));
    QVERIFY2(message.contains(u"Freightdesk-Train: prod"_s), qPrintable(message));
    QVERIFY2(message.contains(u"Freightdesk-Stage: guestbook-prod"_s), qPrintable(message));
}

QTEST_MAIN(TestReleaseTrainDialog)
#include "tst_releasetraindialog.moc"

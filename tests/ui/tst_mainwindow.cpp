#include "freightmatrixmodel.h"
#include "freightmatrixview.h"
#include "mainwindow.h"
#include "openrepositorydialog.h"
#include "overviewview.h"
#include "recentrepositories.h"
#include "repositorytab.h"
#include "uifixture.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using fd::ui::MainWindow;

namespace {

constexpr int LoadTimeout = 60000;

QString statusText(const MainWindow& window) {
    const auto labels = window.statusBar()->findChildren<QLabel*>();
    return labels.isEmpty() ? QString() : labels.first()->text();
}

} // namespace

/** The window opening the fixture repository as a person would, on the offscreen platform. */
class TestMainWindow final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void opensARepositoryAndShowsItsCells();
    void keyboardReloadsAndClosesTabs();
    void failedLoadSaysWhyInItsOwnTab();
    void passwordsInAUrlAreNeverShown();
    void recentRepositoriesKeepNoSecrets();
    void recentRepositoriesKeepTheNewestTen();
    void openDialogOffersRecentRepositories();
    void remembersItsGeometry();

private:
    fd::testsupport::UiFixture m_fixture;
    std::unique_ptr<QSettings> m_settings;
};

void TestMainWindow::initTestCase() {
    const QString error = m_fixture.create();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    m_settings =
        std::make_unique<QSettings>(m_fixture.root() + u"/settings.ini"_s, QSettings::IniFormat);
}

void TestMainWindow::opensARepositoryAndShowsItsCells() {
    MainWindow window(*m_settings, m_fixture.options());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* tab = window.openRepository(m_fixture.request());
    QCOMPARE(window.tabs()->count(), 1);
    QCOMPARE(window.tabs()->tabText(0), u"deploy (main) …"_s);
    QVERIFY(statusText(window).startsWith(u"Loading"_s));
    QTRY_VERIFY_WITH_TIMEOUT(statusText(window).startsWith(u"Loaded"_s), LoadTimeout);
    QCOMPARE(window.tabs()->tabText(0), u"deploy (main)"_s);

    QTableView* overview = tab->overview()->table();
    QCOMPARE(overview->model()->rowCount(), 2);
    // Sorted by service: api, then guestbook; prod is column 3.
    QVERIFY(overview->model()->index(1, 3).data().toString().contains(u"2 behind"_s));
    QVERIFY(overview->model()->index(0, 3).data().toString().contains(u"held"_s));

    tab->overview()->searchField()->setText(u"guest"_s);
    QCOMPARE(overview->model()->rowCount(), 1);
    overview->setCurrentIndex(overview->model()->index(0, 0));
    const fd::ui::FreightMatrixModel* matrix = tab->matrix()->model();
    QTRY_COMPARE_WITH_TIMEOUT(matrix->service(), u"guestbook"_s, 5000);
    QCOMPARE(matrix->rowCount(), 7);
    QCOMPARE(matrix->index(1, 0).data().toString(), u"current"_s);
    QCOMPARE(matrix->index(3, 2).data().toString(), u"awaiting approval"_s);
    // The collapsed run spans the row in the view.
    QCOMPARE(tab->matrix()->table()->columnSpan(6, 0), 3);
    // The delegate paints every state and the collapsed row.
    QVERIFY(!tab->matrix()->table()->viewport()->grab().isNull());
    // Enter on the collapsed row opens it.
    tab->matrix()->table()->setCurrentIndex(matrix->index(6, 0));
    QTest::keyClick(tab->matrix()->table(), Qt::Key_Return);
    QCOMPARE(matrix->rowCount(), 9);
}

void TestMainWindow::keyboardReloadsAndClosesTabs() {
    MainWindow window(*m_settings, m_fixture.options());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* tab = window.openRepository(m_fixture.request());
    QTRY_VERIFY_WITH_TIMEOUT(!tab->isLoading(), LoadTimeout);
    QTest::keyClick(&window, Qt::Key_F5);
    QVERIFY(tab->isLoading());
    QTRY_VERIFY_WITH_TIMEOUT(statusText(window).startsWith(u"Loaded"_s), LoadTimeout);
    // Opening it again switches to its tab instead of loading it twice.
    QCOMPARE(window.openRepository(m_fixture.request()), tab);
    QCOMPARE(window.tabs()->count(), 1);
    QTest::keyClick(&window, Qt::Key_W, Qt::ControlModifier);
    QCOMPARE(window.tabs()->count(), 0);
    QVERIFY(statusText(window).contains(u"Ctrl+O"_s));
}

void TestMainWindow::failedLoadSaysWhyInItsOwnTab() {
    MainWindow window(*m_settings, m_fixture.options());
    window.openRepository(m_fixture.request());
    const QString missing = m_fixture.root() + u"/elsewhere/deploy"_s;
    window.openRepository({missing, u"main"_s});
    QCOMPARE(window.tabs()->count(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(statusText(window).startsWith(u"Failed to load"_s), LoadTimeout);
    QVERIFY2(statusText(window).contains(missing), qPrintable(statusText(window)));
    // Said in the tab too, where it stays while another tab is current.
    auto* failed = static_cast<fd::ui::RepositoryTab*>(window.tabs()->widget(1));
    QVERIFY(failed->findChild<QLabel*>()->text().contains(missing));
    window.tabs()->setCurrentIndex(0);
    QTRY_VERIFY_WITH_TIMEOUT(statusText(window).startsWith(u"Loaded"_s), LoadTimeout);
}

void TestMainWindow::passwordsInAUrlAreNeverShown() {
    MainWindow window(*m_settings, m_fixture.options());
    auto* tab = window.openRepository({u"http://alice:s3cret@127.0.0.1:9/deploy.git"_s, u"main"_s});
    QVERIFY(!statusText(window).contains(u"s3cret"_s));
    QTRY_VERIFY_WITH_TIMEOUT(statusText(window).startsWith(u"Failed to load"_s), LoadTimeout);
    QVERIFY2(!statusText(window).contains(u"s3cret"_s), qPrintable(statusText(window)));
    QVERIFY(statusText(window).contains(u"127.0.0.1"_s));
    QVERIFY(!window.tabs()->tabToolTip(0).contains(u"s3cret"_s));
    QVERIFY(!tab->findChild<QLabel*>()->text().contains(u"s3cret"_s));
}

void TestMainWindow::recentRepositoriesKeepNoSecrets() {
    QSettings settings(m_fixture.root() + u"/recent.ini"_s, QSettings::IniFormat);
    fd::ui::RecentRepositories recent(settings);
    recent.add({u"https://alice:s3cret@git.example.com/deploy.git"_s, u"main"_s});
    recent.add({m_fixture.url(), u"release"_s});
    recent.add({u"https://alice:other@git.example.com/deploy.git"_s, u"main"_s});
    const auto list = recent.list();
    QCOMPARE(list.size(), 2);
    QCOMPARE(list[0].urlOrPath, u"https://alice@git.example.com/deploy.git"_s);
    QCOMPARE(list[1].branch, u"release"_s);
    settings.sync();
    QFile file(settings.fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray written = file.readAll();
    QVERIFY(!written.contains("s3cret"));
    QVERIFY(!written.contains("other"));
}

void TestMainWindow::recentRepositoriesKeepTheNewestTen() {
    QSettings settings(m_fixture.root() + u"/ten.ini"_s, QSettings::IniFormat);
    fd::ui::RecentRepositories recent(settings);
    for (int i = 0; i < 12; ++i)
        recent.add({u"/srv/gitops-%1"_s.arg(i), u"main"_s});
    recent.add({u"/srv/gitops-5"_s, u"main"_s}); // opened again: moves to the front
    const auto list = recent.list();
    QCOMPARE(list.size(), fd::ui::RecentRepositories::maxEntries);
    QCOMPARE(list.first().urlOrPath, u"/srv/gitops-5"_s);
    QCOMPARE(list[1].urlOrPath, u"/srv/gitops-11"_s);
    QCOMPARE(list.last().urlOrPath, u"/srv/gitops-2"_s);
}

void TestMainWindow::openDialogOffersRecentRepositories() {
    const QList<fd::core::RepositoryRequest> recent{{m_fixture.url(), u"release"_s},
                                                    {u"/srv/gitops"_s, u"main"_s}};
    fd::ui::OpenRepositoryDialog dialog(recent);
    auto* open = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Open);
    QVERIFY(!open->isEnabled()); // nothing chosen yet
    auto* location = dialog.findChild<QComboBox*>();
    QCOMPARE(location->count(), 2);
    location->setCurrentIndex(0);
    QCOMPARE(dialog.request().urlOrPath, m_fixture.url());
    QCOMPARE(dialog.request().branch, u"release"_s); // the branch it was opened with
    QVERIFY(open->isEnabled());
    location->setEditText(u"  https://git.example.com/deploy.git  "_s);
    QCOMPARE(dialog.request().urlOrPath, u"https://git.example.com/deploy.git"_s);
}

void TestMainWindow::remembersItsGeometry() {
    {
        MainWindow window(*m_settings, m_fixture.options());
        QVERIFY(window.size() != QSize(900, 650));
        window.resize(900, 650);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.close();
    }
    MainWindow again(*m_settings, m_fixture.options());
    QCOMPARE(again.size(), QSize(900, 650));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"

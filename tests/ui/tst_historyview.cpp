#include "freighttext.h"
#include "historyfiltermodel.h"
#include "historymodel.h"
#include "historyview.h"
#include "uifixture.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QFile>
#include <QIcon>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using fd::ui::HistoryKind;
using fd::ui::HistoryModel;

/** The history of the fixture: every log event and version change, filtered, exported as CSV. */
class TestHistoryView final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void passesTheModelTester();
    void holdsEveryEventAndChangeNewestFirst();
    void eventRowsNameFreightAndWho();
    void filters_data();
    void filters();
    void exportWritesTheFilteredRowsAsCsv();
    void hiddenViewFillsWhenShown();

private:
    QString label(const QString& service, const QString& tag) const;

    fd::testsupport::UiFixture m_fixture;
    fd::core::RepositoryState m_state;
};

void TestHistoryView::initTestCase() {
    const QString error = m_fixture.create();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    auto state = m_fixture.load();
    QVERIFY2(state, state ? "" : qPrintable(state.error().toString()));
    m_state = *state;
}

QString TestHistoryView::label(const QString& service, const QString& tag) const {
    for (const fd::core::Freight& freight : m_state.service(service)->freight) {
        if (fd::ui::freightVersionText(freight) == tag)
            return fd::ui::freightLabel(freight);
    }
    return {};
}

void TestHistoryView::passesTheModelTester() {
    HistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setState(m_state);
    model.setState(m_state);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestHistoryView::holdsEveryEventAndChangeNewestFirst() {
    HistoryModel model;
    model.setState(m_state);
    QCOMPARE(m_state.events.size(), 7);
    // Six values set by the first commit and five guestbook promotions.
    QCOMPARE(m_state.changes.size(), 11);
    QCOMPARE(model.rowCount(), 18);
    QCOMPARE(model.columnCount(), 8);
    int changes = 0;
    for (int row = 0; row < model.rowCount(); ++row) {
        if (row > 0)
            QVERIFY(model.entry(row - 1).at >= model.entry(row).at);
        changes += model.entry(row).kind == HistoryKind::VersionChanged;
    }
    QCOMPARE(changes, 11);
    // The promotions were committed after the log's events, which are minutes old.
    QCOMPARE(model.index(0, HistoryModel::KindColumn).data().toString(), u"version changed"_s);
    QCOMPARE(model.index(0, HistoryModel::StageColumn).data().toString(), u"guestbook-dev"_s);
    QCOMPARE(model.index(0, HistoryModel::VersionColumn).data().toString(), u"1.4.0"_s);
    QCOMPARE(model.index(0, HistoryModel::CommentColumn).data().toString(),
             u"Promote guestbook 1.4.0 to dev"_s);
    const QString commit =
        model.index(0, HistoryModel::CommitColumn).data(Qt::ToolTipRole).toString();
    QCOMPARE(commit.size(), 40);
    QCOMPARE(model.index(0, HistoryModel::CommitColumn).data().toString(), commit.left(8));
    QCOMPARE(model.index(17, HistoryModel::KindColumn).data().toString(), u"verified"_s);
    // An icon beside the word, never instead of it.
    QVERIFY(!model.index(17, HistoryModel::KindColumn)
                 .data(Qt::DecorationRole)
                 .value<QIcon>()
                 .isNull());
    QCOMPARE(model.index(17, HistoryModel::StageColumn).data().toString(), u"guestbook-dev"_s);
}

void TestHistoryView::eventRowsNameFreightAndWho() {
    HistoryModel model;
    model.setState(m_state);
    // The newest event: api-prod held five minutes ago, no freight.
    const int held = 11;
    QCOMPARE(model.index(held, HistoryModel::KindColumn).data().toString(), u"held"_s);
    QCOMPARE(model.index(held, HistoryModel::KindColumn).data(HistoryModel::KindRole).toInt(),
             int(HistoryKind::Held));
    QCOMPARE(model.index(held, HistoryModel::ServiceColumn).data().toString(), u"api"_s);
    QCOMPARE(model.index(held, HistoryModel::VersionColumn).data().toString(), QString());
    QCOMPARE(model.index(held, HistoryModel::WhoColumn).data().toString(), u"Rita Release"_s);
    QCOMPARE(model.index(held, HistoryModel::WhoColumn).data(Qt::ToolTipRole).toString(),
             u"Rita Release <rita@example.com>"_s);
    QCOMPARE(model.index(held + 1, HistoryModel::KindColumn).data().toString(),
             u"verification failed"_s);
    QCOMPARE(model.index(held + 1, HistoryModel::VersionColumn).data().toString(),
             label(u"guestbook"_s, u"1.1.0"_s));
    QCOMPARE(model.index(held + 1, HistoryModel::TimeColumn).data(HistoryModel::RawValueRole),
             QVariant(m_state.events.at(5).at));
}

void TestHistoryView::filters_data() {
    QTest::addColumn<QString>("search");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("service");
    QTest::addColumn<QString>("stage");
    QTest::addColumn<QStringList>("kinds");
    QTest::newRow("everything") << QString() << -1 << QString() << QString()
                                << QStringList(18, QString());
    QTest::newRow("kind") << QString() << int(HistoryKind::Verified) << QString() << QString()
                          << QStringList(3, u"verified"_s);
    QTest::newRow("service") << QString() << -1 << u"api"_s << QString()
                             << QStringList{u"version changed"_s, u"version changed"_s,
                                            u"version changed"_s, u"held"_s};
    QTest::newRow("stage and kind")
        << QString() << int(HistoryKind::VersionChanged) << u"guestbook"_s << u"guestbook-staging"_s
        << QStringList(3, u"version changed"_s);
    QTest::newRow("search is case-insensitive")
        << u"FAILED"_s << -1 << QString() << QString()
        << QStringList{u"verification failed"_s, u"promotion failed"_s};
    QTest::newRow("search and stage") << u"1.2.0"_s << -1 << QString() << u"guestbook-staging"_s
                                      << QStringList{u"version changed"_s, u"verified"_s};
    QTest::newRow("nothing") << u"no such text"_s << -1 << QString() << QString() << QStringList();
}

void TestHistoryView::filters() {
    QFETCH(QString, search);
    QFETCH(int, kind);
    QFETCH(QString, service);
    QFETCH(QString, stage);
    QFETCH(QStringList, kinds);
    fd::ui::HistoryView view;
    view.setState(m_state);
    view.searchField()->setText(search);
    view.kindBox()->setCurrentIndex(view.kindBox()->findData(kind));
    view.serviceBox()->setCurrentIndex(view.serviceBox()->findData(service));
    view.stageBox()->setCurrentIndex(view.stageBox()->findData(stage));
    QVERIFY(view.stageBox()->currentIndex() >= 0);
    QStringList shown;
    for (int row = 0; row < view.filter()->rowCount(); ++row)
        shown.append(view.filter()->index(row, HistoryModel::KindColumn).data().toString());
    if (kinds.size() == 18 && kinds.constFirst().isEmpty())
        QCOMPARE(shown.size(), 18);
    else
        QCOMPARE(shown, kinds);
}

void TestHistoryView::exportWritesTheFilteredRowsAsCsv() {
    // A comment a spreadsheet would run, with a comma, quotes and a line break in it.
    fd::core::RepositoryState state = m_state;
    fd::core::PromotionEvent approval = state.events.at(2);
    approval.at = QDateTime::currentDateTimeUtc().addSecs(-60);
    approval.byName = u"Ann Auditor"_s;
    approval.freightId = state.service(u"guestbook"_s)->freight.at(3).id; // 1.2.0
    approval.commit = u"0123456789abcdef0123456789abcdef01234567"_s;
    approval.reason = u"=cmd|' /C calc'!A0, \"ok\"\nsigned"_s;
    state.events.append(approval);

    fd::ui::HistoryView view;
    view.setState(state);
    view.kindBox()->setCurrentIndex(view.kindBox()->findData(int(HistoryKind::Approved)));
    QCOMPARE(view.filter()->rowCount(), 2);

    QTemporaryDir dir;
    const QString path = dir.filePath(u"history.csv"_s);
    QSignalSpy exported(&view, &fd::ui::HistoryView::exported);
    view.exportCsv(path);
    QTRY_COMPARE_WITH_TIMEOUT(exported.size(), 1, 10000);
    QCOMPARE(exported.at(0).at(0).toString(), path);
    QCOMPARE(exported.at(0).at(1).toString(), QString());

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const auto iso = [](const QDateTime& at) { return at.toUTC().toString(Qt::ISODate); };
    const QString expected =
        u"Time,Kind,Service,Stage,Freight / version,Who,Commit,Comment\r\n"_s + iso(approval.at) +
        u",approved,guestbook,guestbook-prod,"_s + label(u"guestbook"_s, u"1.2.0"_s) +
        u",Ann Auditor,0123456789abcdef0123456789abcdef01234567,"
        "\"'=cmd|' /C calc'!A0, \"\"ok\"\"\nsigned\"\r\n"_s +
        iso(m_state.events.at(2).at) + u",approved,guestbook,guestbook-prod,"_s +
        label(u"guestbook"_s, u"1.1.0"_s) + u",Rita Release,,\r\n"_s;
    QCOMPARE(QString::fromUtf8(file.readAll()), expected);
}

// Behind another tab the view keeps the state and fills itself when shown (or asked).
void TestHistoryView::hiddenViewFillsWhenShown() {
    fd::ui::HistoryView view;
    view.setState(m_state);
    QVERIFY(view.isPending());
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(!view.isPending());
    QCOMPARE(view.filter()->rowCount(), 18);
    view.hide();
    fd::core::RepositoryState fewer = m_state;
    fewer.events.clear();
    fewer.changes = fewer.changes.mid(0, 3);
    view.setState(fewer);
    QVERIFY(view.isPending());
    QCOMPARE(view.model()->rowCount(), 3); // asked for: applied
    QVERIFY(!view.isPending());
    view.show();
    view.setState(m_state); // visible: at once
    QVERIFY(!view.isPending());
    QCOMPARE(view.filter()->rowCount(), 18);
}

QTEST_MAIN(TestHistoryView)
#include "tst_historyview.moc"

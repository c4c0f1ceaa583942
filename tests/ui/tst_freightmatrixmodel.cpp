#include "freightcellstate.h"
#include "freightmatrixmodel.h"
#include "repositorystate.h"
#include "uifixture.h"

#include <QAbstractItemModelTester>
#include <QColor>
#include <QIcon>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using fd::ui::FreightCellState;
using fd::ui::FreightMatrixModel;

Q_DECLARE_METATYPE(fd::ui::FreightCellState)

/** FreightMatrixModel over the fixture's guestbook service: one state per cell, runs collapsed. */
class TestFreightMatrixModel final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void passesTheModelTester();
    void columnsAreStagesInPipelineOrder();
    void rowsAreNewestFirstWithOlderRunCollapsed();
    void cellStates_data();
    void cellStates();
    void notEligibleSaysWhy();
    void currentButFailedSaysBoth();
    void expandOpensTheRunAndSurvivesReload();
    void proxySortsByState();

private:
    int rowOf(const FreightMatrixModel& model, const QString& tag) const;

    fd::testsupport::UiFixture m_fixture;
    fd::core::ServiceState m_guestbook;
};

void TestFreightMatrixModel::initTestCase() {
    const QString error = m_fixture.create();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    auto state = m_fixture.load();
    QVERIFY2(state, state ? "" : qPrintable(state.error().toString()));
    m_guestbook = *state->service(u"guestbook"_s);
}

int TestFreightMatrixModel::rowOf(const FreightMatrixModel& model, const QString& tag) const {
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.headerData(row, Qt::Vertical).toString().startsWith(tag + u" ("_s))
            return row;
    }
    return -1;
}

void TestFreightMatrixModel::passesTheModelTester() {
    FreightMatrixModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setService(m_guestbook);
    model.expand(model.rowCount() - 1);
    model.setService(m_guestbook);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.columnCount(), 0);
}

void TestFreightMatrixModel::columnsAreStagesInPipelineOrder() {
    FreightMatrixModel model;
    model.setService(m_guestbook);
    QCOMPARE(model.columnCount(), 3);
    QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), u"guestbook-dev"_s);
    QCOMPARE(model.headerData(2, Qt::Horizontal).toString(), u"guestbook-prod"_s);
    // prod's colour from freightdesk.yaml, beside its name; dev has none.
    QCOMPARE(
        model.headerData(2, Qt::Horizontal, FreightMatrixModel::StageColorRole).value<QColor>(),
        QColor(u"#c0392b"_s));
    QVERIFY(!model.headerData(2, Qt::Horizontal, Qt::DecorationRole).value<QIcon>().isNull());
    QVERIFY(!model.headerData(0, Qt::Horizontal, Qt::DecorationRole).isValid());
    QCOMPARE(model.headerData(1, Qt::Horizontal, Qt::ToolTipRole).toString(),
             u"guestbook-staging (staging)\nguestbook-staging is frozen until "
             "2099-01-01T00:00:00Z: Migration"_s);
}

void TestFreightMatrixModel::rowsAreNewestFirstWithOlderRunCollapsed() {
    FreightMatrixModel model;
    model.setService(m_guestbook);
    QStringList tags;
    for (int row = 0; row < model.rowCount(); ++row)
        tags.append(model.headerData(row, Qt::Vertical).toString().section(u' ', 0, 0));
    // 0.9.0, 0.8.0 and 0.7.0: no stage ever ran them, and they are older than 1.0.0, which ran.
    QCOMPARE(tags, (QStringList{u"1.5.0"_s, u"1.4.0"_s, u"1.3.0"_s, u"1.2.0"_s, u"1.1.0"_s,
                                u"1.0.0"_s, u"3"_s}));
    const int last = model.rowCount() - 1;
    QVERIFY(model.isCollapsed(last));
    QVERIFY(model.index(last, 0).data().toString().contains(u"3 older versions"_s));
    QCOMPARE(model.index(last, 0).data(FreightMatrixModel::CollapsedCountRole).toInt(), 3);
    QCOMPARE(model.index(last, 0).data(FreightMatrixModel::RawValueRole).toInt(), -1);
    // 1.3.0 never ran anywhere either, but it is newer than what dev runs: a candidate.
    QVERIFY(!model.isCollapsed(2));
}

void TestFreightMatrixModel::cellStates_data() {
    QTest::addColumn<QString>("tag");
    QTest::addColumn<int>("stage");
    QTest::addColumn<FreightCellState>("state");
    QTest::addColumn<QString>("text");

    using S = FreightCellState;
    QTest::newRow("newest eligible for dev") << u"1.5.0"_s << 0 << S::Eligible << u"eligible"_s;
    QTest::newRow("newest not verified for staging")
        << u"1.5.0"_s << 1 << S::NotEligible << u"not eligible"_s;
    QTest::newRow("dev runs 1.4.0") << u"1.4.0"_s << 0 << S::Current << u"current"_s;
    QTest::newRow("promotion to staging failed") << u"1.4.0"_s << 1 << S::Failed << u"failed"_s;
    QTest::newRow("never-run candidate for dev") << u"1.3.0"_s << 0 << S::Eligible << u"eligible"_s;
    QTest::newRow("verified in dev, moved on") << u"1.2.0"_s << 0 << S::Verified << u"verified"_s;
    QTest::newRow("staging runs 1.2.0") << u"1.2.0"_s << 1 << S::Current << u"current"_s;
    QTest::newRow("prod wants an approval")
        << u"1.2.0"_s << 2 << S::AwaitingApproval << u"awaiting approval"_s;
    QTest::newRow("verification failed in dev") << u"1.1.0"_s << 0 << S::Failed << u"failed"_s;
    QTest::newRow("staging ran 1.1.0") << u"1.1.0"_s << 1 << S::WasHere << u"was here"_s;
    QTest::newRow("approved for prod") << u"1.1.0"_s << 2 << S::Approved << u"approved"_s;
    QTest::newRow("dev ran 1.0.0") << u"1.0.0"_s << 0 << S::WasHere << u"was here"_s;
    QTest::newRow("prod runs 1.0.0") << u"1.0.0"_s << 2 << S::Current << u"current"_s;
}

void TestFreightMatrixModel::cellStates() {
    QFETCH(QString, tag);
    QFETCH(int, stage);
    QFETCH(FreightCellState, state);
    QFETCH(QString, text);
    FreightMatrixModel model;
    model.setService(m_guestbook);
    const int row = rowOf(model, tag);
    QVERIFY(row >= 0);
    QCOMPARE(model.cellState(row, stage), state);
    const QModelIndex index = model.index(row, stage);
    QCOMPARE(index.data(FreightMatrixModel::RawValueRole).toInt(), int(state));
    // Said in words and with an icon, never by colour alone.
    QCOMPARE(index.data().toString(), text);
    QVERIFY(!index.data(Qt::DecorationRole).value<QIcon>().isNull());
}

// A stage running freight whose promotion there failed (Degraded) must not look merely current.
void TestFreightMatrixModel::currentButFailedSaysBoth() {
    using fd::ui::freightCellState;
    fd::core::Freight freight;
    freight.stages.insert(u"dev"_s, fd::core::FreightStageState{true, false, false});
    fd::core::FreightInStage cell;
    QCOMPARE(freightCellState(freight, cell, u"dev"_s), FreightCellState::Current);
    cell.promotionFailed = true;
    QCOMPARE(freightCellState(freight, cell, u"dev"_s), FreightCellState::CurrentFailed);
    QCOMPARE(fd::ui::freightCellText(FreightCellState::CurrentFailed), u"current, failed"_s);
    QCOMPARE(freightCellState(freight, cell, u"prod"_s), FreightCellState::Failed);
}

void TestFreightMatrixModel::notEligibleSaysWhy() {
    FreightMatrixModel model;
    model.setService(m_guestbook);
    const QString tip = model.index(rowOf(model, u"1.5.0"_s), 1).data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(u"not verified in guestbook-dev yet"_s), qPrintable(tip));
    const QString failed =
        model.index(rowOf(model, u"1.4.0"_s), 1).data(Qt::ToolTipRole).toString();
    QVERIFY2(failed.contains(u"The last promotion here failed"_s), qPrintable(failed));
    const QString approval =
        model.index(rowOf(model, u"1.2.0"_s), 2).data(Qt::ToolTipRole).toString();
    QVERIFY2(approval.contains(u"needs 1 more approval"_s), qPrintable(approval));
}

void TestFreightMatrixModel::expandOpensTheRunAndSurvivesReload() {
    FreightMatrixModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setService(m_guestbook);
    const int collapsed = model.rowCount() - 1;
    model.expand(0); // a freight row: nothing to open
    QCOMPARE(model.rowCount(), collapsed + 1);
    model.expand(collapsed);
    QCOMPARE(model.rowCount(), collapsed + 3);
    QVERIFY(!model.isCollapsed(collapsed));
    QVERIFY(rowOf(model, u"0.7.0"_s) == model.rowCount() - 1);
    QCOMPARE(model.cellState(model.rowCount() - 1, 0), FreightCellState::Eligible);
    model.setService(m_guestbook); // a reload
    QCOMPARE(model.rowCount(), collapsed + 3);
}

void TestFreightMatrixModel::proxySortsByState() {
    FreightMatrixModel model;
    model.setService(m_guestbook);
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(FreightMatrixModel::RawValueRole);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.sort(2, Qt::AscendingOrder);
    // The collapsed row (-1) first, then prod's current freight.
    QCOMPARE(proxy.index(1, 2).data().toString(), u"current"_s);
}

QTEST_MAIN(TestFreightMatrixModel)
#include "tst_freightmatrixmodel.moc"

#include "overviewmodel.h"
#include "uifixture.h"

#include <QAbstractItemModelTester>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using fd::ui::OverviewModel;

/** OverviewModel over the fixture repository's state, and a proxy filtering and sorting it. */
class TestOverviewModel final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void passesTheModelTester();
    void columnsAreServiceEnvironmentsAndDrift();
    void cells_data();
    void cells();
    void proxyFiltersByService();
    void proxySortsByDrift();
    void serviceWithoutAStageInAnEnvironment();

private:
    int rowOf(const OverviewModel& model, const QString& service) const;

    fd::testsupport::UiFixture m_fixture;
    fd::core::RepositoryState m_state;
};

void TestOverviewModel::initTestCase() {
    const QString error = m_fixture.create();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    auto state = m_fixture.load();
    QVERIFY2(state, state ? "" : qPrintable(state.error().toString()));
    m_state = *state;
}

int TestOverviewModel::rowOf(const OverviewModel& model, const QString& service) const {
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.index(row, 0).data(OverviewModel::ServiceRole).toString() == service)
            return row;
    }
    return -1;
}

void TestOverviewModel::passesTheModelTester() {
    OverviewModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setState(m_state);
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(OverviewModel::RawValueRole);
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.sort(model.driftColumn(), Qt::DescendingOrder);
    proxy.setFilterFixedString(u"api"_s);
    model.setState(m_state);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestOverviewModel::columnsAreServiceEnvironmentsAndDrift() {
    OverviewModel model;
    model.setState(m_state);
    QStringList headers;
    for (int column = 0; column < model.columnCount(); ++column)
        headers.append(model.headerData(column, Qt::Horizontal).toString());
    QCOMPARE(headers, (QStringList{u"Service"_s, u"dev"_s, u"staging"_s, u"prod"_s, u"Drift"_s}));
    QCOMPARE(model.rowCount(), 2);
}

void TestOverviewModel::cells_data() {
    QTest::addColumn<QString>("service");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QVariant>("raw");
    QTest::addColumn<QString>("stage");

    QTest::newRow("service name") << u"guestbook"_s << 0 << u"guestbook"_s
                                  << QVariant(u"guestbook"_s) << QString();
    QTest::newRow("dev: newest, no upstream")
        << u"guestbook"_s << 1 << u"1.4.0 (%1)"_s << QVariant(-1) << u"guestbook-dev"_s;
    QTest::newRow("staging: 1 behind") << u"guestbook"_s << 2 << u"1.2.0 (%1) · 1 behind · frozen"_s
                                       << QVariant(1) << u"guestbook-staging"_s;
    QTest::newRow("prod: 2 behind, one awaiting approval")
        << u"guestbook"_s << 3 << u"1.0.0 (%1) · 2 behind · 1 awaiting approval"_s << QVariant(2)
        << u"guestbook-prod"_s;
    QTest::newRow("drift sums the lag")
        << u"guestbook"_s << 4 << u"3 behind"_s << QVariant(3) << QString();
    QTest::newRow("api prod held")
        << u"api"_s << 3 << u"2.0.0 (%1) · held"_s << QVariant(0) << u"api-prod"_s;
    QTest::newRow("api up to date") << u"api"_s << 4 << u"up to date"_s << QVariant(0) << QString();
}

void TestOverviewModel::cells() {
    QFETCH(QString, service);
    QFETCH(int, column);
    QFETCH(QString, text);
    QFETCH(QVariant, raw);
    QFETCH(QString, stage);
    OverviewModel model;
    model.setState(m_state);
    const int row = rowOf(model, service);
    QVERIFY(row >= 0);
    const QModelIndex index = model.index(row, column);
    QString expected = text;
    if (expected.contains(u"%1"_s)) {
        // The alias is Kargo's, computed from the freight: read it, do not repeat it.
        const auto* serviceState = m_state.service(service);
        const QString version = text.section(u' ', 0, 0);
        for (const auto& freight : serviceState->freight) {
            if (freight.artifacts.first().tag == version)
                expected = text.arg(freight.alias);
        }
    }
    QCOMPARE(index.data().toString(), expected);
    QCOMPARE(index.data(OverviewModel::RawValueRole), raw);
    QCOMPARE(index.data(OverviewModel::StageRole).toString(), stage);
    QCOMPARE(index.data(OverviewModel::ServiceRole).toString(), service);
}

void TestOverviewModel::proxyFiltersByService() {
    OverviewModel model;
    model.setState(m_state);
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setFilterKeyColumn(OverviewModel::ServiceColumn);
    proxy.setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy.setFilterFixedString(u"GUEST"_s);
    QCOMPARE(proxy.rowCount(), 1);
    QCOMPARE(proxy.index(0, 0).data().toString(), u"guestbook"_s);
}

void TestOverviewModel::proxySortsByDrift() {
    OverviewModel model;
    model.setState(m_state);
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(OverviewModel::RawValueRole);
    proxy.sort(OverviewModel::ServiceColumn, Qt::AscendingOrder);
    QCOMPARE(proxy.index(0, 0).data().toString(), u"api"_s);
    proxy.sort(model.driftColumn(), Qt::DescendingOrder);
    QCOMPARE(proxy.index(0, 0).data().toString(), u"guestbook"_s);
    proxy.sort(model.driftColumn(), Qt::AscendingOrder);
    QCOMPARE(proxy.index(0, 0).data().toString(), u"api"_s);
}

void TestOverviewModel::serviceWithoutAStageInAnEnvironment() {
    // A pipeline in memory: "worker" skips staging; nothing is known of its versions.
    fd::core::RepositoryInputs inputs;
    inputs.pipeline = m_state.pipeline;
    inputs.pipeline.services.append({u"worker"_s, {}, {}, {}, {}});
    for (const QString& environment : {u"dev"_s, u"prod"_s}) {
        fd::core::PipelineStage stage;
        stage.name = u"worker-"_s + environment;
        stage.service = u"worker"_s;
        stage.environment = environment;
        stage.direct = environment == u"dev"_s;
        if (!stage.direct)
            stage.upstream = {u"worker-dev"_s};
        inputs.pipeline.stages.append(stage);
    }
    OverviewModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setState(fd::core::RepositoryState::assemble(inputs, QDateTime::currentDateTimeUtc()));
    const int row = rowOf(model, u"worker"_s);
    QVERIFY(row >= 0);
    QCOMPARE(model.index(row, 1).data().toString(), u"no version"_s);
    QCOMPARE(model.index(row, 1).data(OverviewModel::RawValueRole).toInt(), -1);
    QCOMPARE(model.index(row, 2).data().toString(), QString());
    QCOMPARE(model.index(row, 2).data(OverviewModel::StageRole).toString(), QString());
    QVERIFY(!model.index(row, 2).data(Qt::ToolTipRole).isValid());
    QCOMPARE(model.index(row, 3).data(OverviewModel::StageRole).toString(), u"worker-prod"_s);
    QCOMPARE(model.index(row, model.driftColumn()).data(OverviewModel::RawValueRole).toInt(), 0);
}

QTEST_MAIN(TestOverviewModel)
#include "tst_overviewmodel.moc"

#include "detailspane.h"
#include "directoryfiles.h"
#include "freightmatrixmodel.h"
#include "freightmatrixview.h"
#include "overviewview.h"
#include "pipelinediscovery.h"
#include "pipelinegraphlayout.h"
#include "pipelinegraphview.h"
#include "repositorytab.h"
#include "uifixture.h"

#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTextBrowser>

using namespace Qt::Literals::StringLiterals;
using fd::ui::GraphLayout;
using fd::ui::GraphStage;

namespace {

constexpr int LoadTimeout = 60000;

/** Layer and slot of every stage, "name:layer.slot", in the stages' order. */
QStringList places(const GraphLayout& layout) {
    QStringList places;
    for (const fd::ui::GraphNode& node : layout.nodes)
        places.append(u"%1:%2.%3"_s.arg(node.stage).arg(node.layer).arg(node.slot));
    return places;
}

QList<GraphStage> graphStages(const fd::core::Pipeline& pipeline) {
    QList<GraphStage> stages;
    for (const fd::core::PipelineStage& stage : pipeline.stages)
        stages.append({stage.name, stage.upstream});
    return stages;
}

/** The fixture's pipeline: dev → staging → two A/B stages → prod → three regions. */
fd::core::Result<fd::core::Pipeline> kargoAdvanced() {
    auto files = fd::core::DirectoryFiles::open(QStringLiteral(FREIGHTDESK_FIXTURES_DIR) +
                                                u"/kargo-advanced"_s);
    if (!files)
        return files.error();
    return fd::core::PipelineDiscovery::discover(**files, {u"kargo-advanced"_s, {}, u"main"_s});
}

} // namespace

/** The pipeline graph: layers by depth, fan-out and fan-in, click to select; in the tab. */
class TestPipelineGraph final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void layersFollowTheEdges();
    void ignoresUnknownUpstreamAndSurvivesACycle();
    void laysOutKargoAdvancedsFanOutAndFanIn();
    void nodesShowVersionMarkersAndClickSelects();
    void inTheTabGraphAndMatrixSelectTogether();
};

void TestPipelineGraph::layersFollowTheEdges() {
    // a fans out to b and c, which fan in to d; e skips a layer from a.
    const GraphLayout layout = fd::ui::layoutPipelineGraph({{u"a"_s, {}},
                                                            {u"c"_s, {u"a"_s}},
                                                            {u"b"_s, {u"a"_s}},
                                                            {u"d"_s, {u"b"_s, u"c"_s}},
                                                            {u"e"_s, {u"a"_s, u"d"_s}},
                                                            {u"f"_s, {}}});
    QCOMPARE(places(layout),
             (QStringList{u"a:0.0"_s, u"c:1.0"_s, u"b:1.1"_s, u"d:2.0"_s, u"e:3.0"_s, u"f:0.1"_s}));
    QCOMPARE(layout.layers, 4);
    QCOMPARE(layout.slots, 2);
    QCOMPARE(layout.edges.size(), 6);
    for (const fd::ui::GraphEdge& edge : layout.edges)
        QVERIFY(layout.nodes[edge.from].layer < layout.nodes[edge.to].layer);
    QCOMPARE(layout.indexOf(u"d"_s), 3);
    QCOMPARE(layout.indexOf(u"x"_s), -1);
}

void TestPipelineGraph::ignoresUnknownUpstreamAndSurvivesACycle() {
    const GraphLayout unknown =
        fd::ui::layoutPipelineGraph({{u"a"_s, {u"gone"_s}}, {u"b"_s, {u"a"_s, u"b"_s}}});
    QCOMPARE(places(unknown), (QStringList{u"a:0.0"_s, u"b:1.0"_s}));
    QCOMPARE(unknown.edges.size(), 1);

    const GraphLayout cycle = fd::ui::layoutPipelineGraph(
        {{u"a"_s, {u"c"_s}}, {u"b"_s, {u"a"_s}}, {u"c"_s, {u"b"_s}}, {u"d"_s, {u"c"_s}}});
    QCOMPARE(cycle.nodes.size(), 4);
    QCOMPARE(cycle.edges.size(), 4);
    for (const fd::ui::GraphNode& node : cycle.nodes)
        QVERIFY(node.layer >= 0 && node.layer < 4);
    QVERIFY(cycle.layers <= 4);
    QCOMPARE(fd::ui::layoutPipelineGraph({}).layers, 0);
}

void TestPipelineGraph::laysOutKargoAdvancedsFanOutAndFanIn() {
    const auto pipeline = kargoAdvanced();
    QVERIFY2(pipeline, pipeline ? "" : qPrintable(pipeline.error().toString()));
    const GraphLayout layout = fd::ui::layoutPipelineGraph(graphStages(*pipeline));
    QCOMPARE(places(layout), (QStringList{u"dev:0.0"_s, u"staging:1.0"_s, u"ab-test-a:2.0"_s,
                                          u"ab-test-b:2.1"_s, u"prod:3.0"_s, u"prod-west:4.0"_s,
                                          u"prod-central:4.1"_s, u"prod-east:4.2"_s}));
    QCOMPARE(layout.edges.size(), 8);
}

void TestPipelineGraph::nodesShowVersionMarkersAndClickSelects() {
    const auto discovered = kargoAdvanced();
    QVERIFY2(discovered, discovered ? "" : qPrintable(discovered.error().toString()));
    const fd::core::Pipeline& pipeline = *discovered;
    fd::core::ServiceState service;
    service.service = pipeline.stages.constFirst().service;
    for (const fd::core::PipelineStage* stage : pipeline.stagesOf(service.service)) {
        service.stages.append(stage->name);
        service.stageColors.append(stage->color);
        fd::core::StageSummary summary;
        summary.stage = stage->name;
        summary.version = stage->name == u"prod" ? QString() : u"v1.2.3"_s;
        service.summaries.append(summary);
    }
    QCOMPARE(service.stages.size(), 8);
    service.summaries[4].blocked = u"prod is held"_s;
    service.summaries[4].hold = fd::core::PromotionEvent{};

    fd::ui::PipelineGraphView view;
    view.setService(&service, pipeline);
    view.resize(view.sizeHint());
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QCOMPARE(view.nodeLines(u"staging"_s).mid(0, 2), (QStringList{u"staging"_s, u"v1.2.3"_s}));
    QCOMPARE(view.nodeLines(u"prod"_s), (QStringList{u"prod"_s, u"no version"_s, u"held"_s}));
    QCOMPARE(view.nodeLines(u"dev"_s).at(2),
             pipeline.stage(u"dev"_s)->policy.autoPromotion ? u"auto-promotion"_s : QString());
    // Every box fits and none overlaps another.
    const QRect all(QPoint(0, 0), view.sizeHint());
    for (const fd::ui::GraphNode& a : view.graphLayout().nodes) {
        QVERIFY(all.contains(view.nodeRect(a.stage)));
        for (const fd::ui::GraphNode& b : view.graphLayout().nodes)
            QVERIFY(a.stage == b.stage ||
                    !view.nodeRect(a.stage).intersects(view.nodeRect(b.stage)));
    }

    QSignalSpy selected(&view, &fd::ui::PipelineGraphView::stageSelected);
    QTest::mouseClick(&view, Qt::LeftButton, {}, view.nodeRect(u"ab-test-b"_s).center());
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.at(0).at(0).toString(), u"ab-test-b"_s);
    QCOMPARE(view.selectedStage(), u"ab-test-b"_s);
    // Between boxes: nothing.
    const QRect a = view.nodeRect(u"dev"_s);
    QTest::mouseClick(&view, Qt::LeftButton, {}, a.bottomRight() + QPoint(10, 10));
    QCOMPARE(selected.size(), 1);
}

void TestPipelineGraph::inTheTabGraphAndMatrixSelectTogether() {
    fd::testsupport::UiFixture fixture;
    const QString error = fixture.create();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    fd::ui::RepositoryTab tab(fixture.request(), fixture.options());
    tab.resize(1200, 800);
    tab.show();
    QTRY_VERIFY_WITH_TIMEOUT(tab.state().has_value(), LoadTimeout);
    QCOMPARE(tab.details()->stage(), u"api-dev"_s);
    tab.overview()->selectService(u"guestbook"_s);
    QTRY_COMPARE(tab.matrix()->model()->service(), u"guestbook"_s);
    // The first stage's details until something is chosen; no app deploys it in the fixture.
    QCOMPARE(tab.details()->stage(), u"guestbook-dev"_s);
    QTRY_VERIFY(tab.details()->browser()->toPlainText().contains(
        u"No Argo CD application deploys this stage."_s));

    fd::ui::PipelineGraphView* graph = tab.graph();
    QCOMPARE(graph->graphLayout().nodes.size(), 3);
    QCOMPARE(graph->nodeLines(u"guestbook-staging"_s).at(2), u"frozen"_s);
    QTest::mouseClick(graph, Qt::LeftButton, {}, graph->nodeRect(u"guestbook-prod"_s).center());
    QCOMPARE(tab.matrix()->table()->currentIndex().column(), 2);
    QCOMPARE(tab.details()->stage(), u"guestbook-prod"_s);

    // A matrix cell shows that freight in that stage, and the graph follows.
    const QModelIndex cell = tab.matrix()->model()->index(1, 1);
    tab.matrix()->table()->setCurrentIndex(cell);
    QCOMPARE(tab.details()->stage(), u"guestbook-staging"_s);
    QCOMPARE(graph->selectedStage(), u"guestbook-staging"_s);
    const QString freight = cell.data(fd::ui::FreightMatrixModel::FreightIdRole).toString();
    QVERIFY(!freight.isEmpty());
    QVERIFY(tab.details()->browser()->toPlainText().contains(freight));
}

QTEST_MAIN(TestPipelineGraph)
#include "tst_pipelinegraph.moc"

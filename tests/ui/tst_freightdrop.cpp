#include "freightdrag.h"
#include "freightmatrixmodel.h"
#include "freightmatrixview.h"
#include "overviewview.h"
#include "pipelinegraphview.h"
#include "promotionreviewdialog.h"
#include "repositorytab.h"
#include "uifixture.h"

#include <QAbstractItemModelTester>
#include <QDropEvent>
#include <QLineEdit>
#include <QMimeData>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using fd::ui::FreightMatrixModel;

namespace {

constexpr int Timeout = 60000;

int rowOf(const FreightMatrixModel& model, const QString& freightId) {
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.index(row, 0).data(FreightMatrixModel::FreightIdRole).toString() == freightId)
            return row;
    }
    return -1;
}

/**
 * Drags @p data over @p widget to @p point and drops it there, as a person's mouse would (the
 * drop goes to the widget that took the drag's entry); whether the drop was taken.
 */
bool drop(QWidget* widget, QPoint point, const QMimeData* data) {
    QDragEnterEvent enter(point, Qt::CopyAction, data, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(widget, &enter);
    QDragMoveEvent move(point, Qt::CopyAction, data, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(widget, &move);
    QDropEvent event(point, Qt::CopyAction, data, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(widget, &event);
    return event.isAccepted();
}

} // namespace

/**
 * Dragging a freight onto a stage (a matrix cell or a graph box) opens that promotion's review;
 * another service's freight, a cell where the freight runs already and places between boxes
 * refuse the drop. On the UI fixture: guestbook dev 1.4.0, staging 1.2.0, prod 1.0.0.
 */
class TestFreightDrop final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void modelRefusesInvalidTargets();
    void dropOnAMatrixCellReviewsThatPromotion();
    void dropOnAGraphBoxReviewsThatPromotion();

private:
    QString idOf(const QString& service, const QString& tag) const;

    fd::testsupport::UiFixture m_fixture;
    fd::core::RepositoryState m_state;
};

void TestFreightDrop::initTestCase() {
    const QString error = m_fixture.create();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    auto state = m_fixture.load();
    QVERIFY2(state, qPrintable(state ? QString() : state.error().toString()));
    m_state = *state;
}

QString TestFreightDrop::idOf(const QString& service, const QString& tag) const {
    for (const fd::core::Freight& freight : m_state.service(service)->freight) {
        if (freight.artifacts.constFirst().tag == tag)
            return freight.id;
    }
    return {};
}

void TestFreightDrop::modelRefusesInvalidTargets() {
    FreightMatrixModel model;
    QAbstractItemModelTester tester(&model);
    model.setService(*m_state.service(u"guestbook"_s));
    const int row = rowOf(model, idOf(u"guestbook"_s, u"1.2.0"_s));
    QVERIFY(row >= 0);
    QVERIFY(model.flags(model.index(row, 0)) & Qt::ItemIsDragEnabled);
    std::unique_ptr<QMimeData> data(model.mimeData({model.index(row, 0)}));
    QVERIFY(data);
    QVERIFY(data->hasFormat(fd::ui::FreightDrag::mimeType()));

    const QModelIndex prod = model.index(0, 2);
    QVERIFY(model.canDropMimeData(data.get(), Qt::CopyAction, -1, -1, prod));
    // staging runs 1.2.0 already.
    QVERIFY(!model.canDropMimeData(data.get(), Qt::CopyAction, -1, -1, model.index(0, 1)));
    // Between rows, outside every stage's column.
    QVERIFY(!model.canDropMimeData(data.get(), Qt::CopyAction, 0, -1, {}));
    // Another service's freight.
    std::unique_ptr<QMimeData> api(
        fd::ui::FreightDrag{u"api"_s, idOf(u"api"_s, u"2.1.0"_s)}.toMimeData());
    QVERIFY(!model.canDropMimeData(api.get(), Qt::CopyAction, -1, -1, prod));
    // Something else entirely.
    QMimeData text;
    text.setText(idOf(u"guestbook"_s, u"1.2.0"_s));
    QVERIFY(!model.canDropMimeData(&text, Qt::CopyAction, -1, -1, prod));

    QSignalSpy dropped(&model, &FreightMatrixModel::promotionDropped);
    QVERIFY(!model.dropMimeData(data.get(), Qt::CopyAction, -1, -1, model.index(0, 1)));
    QCOMPARE(dropped.count(), 0);
    QVERIFY(model.dropMimeData(data.get(), Qt::CopyAction, -1, -1, prod));
    QCOMPARE(dropped.count(), 1);
    QCOMPARE(dropped.at(0).at(0).toString(), idOf(u"guestbook"_s, u"1.2.0"_s));
    QCOMPARE(dropped.at(0).at(1).toString(), u"guestbook-prod"_s);
}

void TestFreightDrop::dropOnAMatrixCellReviewsThatPromotion() {
    fd::ui::RepositoryTab tab(m_fixture.request(), m_fixture.options());
    tab.resize(1200, 800);
    tab.show();
    QTRY_VERIFY_WITH_TIMEOUT(tab.state().has_value() && !tab.isLoading(), Timeout);
    tab.overview()->searchField()->setText(u"guest"_s);
    QTableView* overview = tab.overview()->table();
    overview->setCurrentIndex(overview->model()->index(0, 0));
    FreightMatrixModel* model = tab.matrix()->model();
    QTRY_COMPARE_WITH_TIMEOUT(model->service(), u"guestbook"_s, 5000);

    const QString id = idOf(u"guestbook"_s, u"1.2.0"_s);
    const int row = rowOf(*model, id);
    std::unique_ptr<QMimeData> data(model->mimeData({model->index(row, 0)}));
    QTableView* table = tab.matrix()->table();
    // Onto staging, which runs it: refused, no review.
    QVERIFY(!drop(table->viewport(), table->visualRect(model->index(0, 1)).center(), data.get()));
    QVERIFY(!tab.findChild<fd::ui::PromotionReviewDialog*>());
    // Onto prod's column, in another freight's row: the review of 1.2.0 into prod.
    QVERIFY(drop(table->viewport(), table->visualRect(model->index(0, 2)).center(), data.get()));
    auto* dialog = tab.findChild<fd::ui::PromotionReviewDialog*>();
    QVERIFY(dialog);
    QVERIFY2(dialog->windowTitle().contains(u"guestbook-prod"_s),
             qPrintable(dialog->windowTitle()));
    QVERIFY2(dialog->windowTitle().contains(u"1.2.0"_s), qPrintable(dialog->windowTitle()));
}

void TestFreightDrop::dropOnAGraphBoxReviewsThatPromotion() {
    fd::ui::RepositoryTab tab(m_fixture.request(), m_fixture.options());
    QTRY_VERIFY_WITH_TIMEOUT(tab.state().has_value() && !tab.isLoading(), Timeout);
    tab.overview()->searchField()->setText(u"guest"_s);
    QTableView* overview = tab.overview()->table();
    overview->setCurrentIndex(overview->model()->index(0, 0));
    QTRY_COMPARE_WITH_TIMEOUT(tab.matrix()->model()->service(), u"guestbook"_s, 5000);
    fd::ui::PipelineGraphView* graph = tab.graph();
    QSignalSpy dropped(graph, &fd::ui::PipelineGraphView::promotionDropped);

    const QString id = idOf(u"guestbook"_s, u"1.5.0"_s);
    std::unique_ptr<QMimeData> data(fd::ui::FreightDrag{u"guestbook"_s, id}.toMimeData());
    const QRect staging = graph->nodeRect(u"guestbook-staging"_s);
    QVERIFY(!staging.isEmpty());
    // Between the boxes, and another service's freight on a box: refused.
    QVERIFY(!drop(graph, QPoint(2, 2), data.get()));
    std::unique_ptr<QMimeData> api(
        fd::ui::FreightDrag{u"api"_s, idOf(u"api"_s, u"2.1.0"_s)}.toMimeData());
    QVERIFY(!drop(graph, staging.center(), api.get()));
    QCOMPARE(dropped.count(), 0);

    QVERIFY(drop(graph, staging.center(), data.get()));
    QCOMPARE(dropped.count(), 1);
    QCOMPARE(dropped.at(0).at(1).toString(), u"guestbook-staging"_s);
    auto* dialog = tab.findChild<fd::ui::PromotionReviewDialog*>();
    QVERIFY(dialog);
    QVERIFY2(dialog->windowTitle().contains(u"1.5.0"_s), qPrintable(dialog->windowTitle()));
    QVERIFY2(dialog->windowTitle().contains(u"guestbook-staging"_s),
             qPrintable(dialog->windowTitle()));
}

QTEST_MAIN(TestFreightDrop)
#include "tst_freightdrop.moc"

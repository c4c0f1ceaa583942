#include "freightmatrixview.h"

#include "freightcelldelegate.h"
#include "freightmatrixmodel.h"
#include "freighttext.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace fd::ui {

FreightMatrixView::FreightMatrixView(QWidget* parent)
    : QWidget(parent)
    , m_model(new FreightMatrixModel(this))
    , m_title(new QLabel(this))
    , m_table(new QTableView(this))
    , m_promote(new QAction(tr("&Promote…"), this)) {
    m_table->setModel(m_model);
    m_table->setItemDelegate(new FreightCellDelegate(m_table));
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(false);
    m_table->setAccessibleName(tr("Freight by stage"));
    // Fixed sections: with thousands of rows the view never measures their contents.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setDefaultSectionSize(
        m_table->fontMetrics().horizontalAdvance(QStringLiteral("awaiting approval")) +
        m_table->fontMetrics().height() + 20);
    connect(m_table, &QTableView::activated, this, &FreightMatrixView::activate);
    // Drag a freight's cell onto a stage's cell: that promotion's review.
    m_table->setDragDropMode(QAbstractItemView::DragDrop);
    m_table->setDefaultDropAction(Qt::CopyAction);
    m_table->setDropIndicatorShown(true);
    m_table->setDragDropOverwriteMode(true);
    connect(m_model, &FreightMatrixModel::promotionDropped, this,
            &FreightMatrixView::promoteRequested);
    m_promote->setToolTip(tr("Review the selected freight's promotion into the selected stage"));
    connect(m_promote, &QAction::triggered, this, &FreightMatrixView::requestPromotion);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_table->addAction(m_promote);
    auto* promoteButton = new QToolButton(this);
    promoteButton->setDefaultAction(m_promote);
    connect(m_table->verticalHeader(), &QHeaderView::sectionDoubleClicked, this,
            &FreightMatrixView::expandRow);
    connect(m_model, &QAbstractItemModel::modelReset, this, &FreightMatrixView::spanCollapsedRows);
    connect(m_model, &QAbstractItemModel::rowsInserted, this,
            &FreightMatrixView::spanCollapsedRows);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* header = new QHBoxLayout;
    header->addWidget(m_title, 1);
    header->addWidget(promoteButton);
    layout->addLayout(header);
    layout->addWidget(m_table);
    setService(nullptr);
}

void FreightMatrixView::setService(const core::ServiceState* service) {
    if (!service) {
        m_title->setText(tr("Select a service to see its freight by stage."));
        m_model->clear();
        return;
    }
    m_title->setText(tr("<b>%1</b>: %2, newest first")
                         .arg(service->service.toHtmlEscaped(),
                              counted(service->freight.size(), tr("version"), tr("versions"))));
    m_model->setService(*service);
}

void FreightMatrixView::spanCollapsedRows() {
    m_table->clearSpans();
    const int columns = m_model->columnCount();
    for (int row = 0; columns > 1 && row < m_model->rowCount(); ++row) {
        if (m_model->isCollapsed(row))
            m_table->setSpan(row, 0, 1, columns);
    }
}

void FreightMatrixView::activate(const QModelIndex& index) {
    if (m_model->isCollapsed(index.row()))
        return expandRow(index.row());
    requestPromotion();
}

void FreightMatrixView::requestPromotion() {
    const QModelIndex current = m_table->currentIndex();
    const QString freightId = current.data(FreightMatrixModel::FreightIdRole).toString();
    if (!current.isValid() || freightId.isEmpty())
        return;
    Q_EMIT promoteRequested(freightId, m_model->stageAt(current.column()));
}

void FreightMatrixView::expandRow(int row) {
    m_model->expand(row);
}

} // namespace fd::ui

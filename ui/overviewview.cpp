#include "overviewview.h"

#include "overviewmodel.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace fd::ui {

OverviewView::OverviewView(QWidget* parent)
    : QWidget(parent)
    , m_model(new OverviewModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_search(new QLineEdit(this))
    , m_table(new QTableView(this)) {
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(OverviewModel::RawValueRole);
    m_proxy->setFilterKeyColumn(OverviewModel::ServiceColumn);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_search->setPlaceholderText(tr("Filter services"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Filter services"));
    connect(m_search, &QLineEdit::textChanged, m_proxy,
            &QSortFilterProxyModel::setFilterFixedString);

    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(OverviewModel::ServiceColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->setAccessibleName(tr("Services and environments"));
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &OverviewView::emitSelection);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_search);
    layout->addWidget(m_table);
}

void OverviewView::setState(const core::RepositoryState& state) {
    const QString selected = selectedService();
    // The caller shows the selected service once the state is in; no signal on the way.
    const QSignalBlocker blocker(this);
    m_model->setState(state);
    m_table->resizeColumnsToContents();
    if (!selected.isEmpty())
        selectService(selected);
    if (selectedService().isEmpty() && m_proxy->rowCount() > 0)
        m_table->setCurrentIndex(m_proxy->index(0, OverviewModel::ServiceColumn));
}

QString OverviewView::selectedService() const {
    const QModelIndex current = m_table->currentIndex();
    return current.isValid() ? current.data(OverviewModel::ServiceRole).toString() : QString();
}

void OverviewView::selectService(const QString& service) {
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        const QModelIndex index = m_proxy->index(row, OverviewModel::ServiceColumn);
        if (index.data(OverviewModel::ServiceRole).toString() == service) {
            m_table->setCurrentIndex(index);
            emitSelection();
            return;
        }
    }
}

void OverviewView::emitSelection() {
    Q_EMIT serviceSelected(selectedService());
}

} // namespace fd::ui

#include "historyview.h"

#include "csvwriter.h"
#include "freighttext.h"
#include "historyfiltermodel.h"
#include "historymodel.h"
#include "offthread.h"
#include "repositorystate.h"

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include <utility>

namespace fd::ui {

namespace {

/** Selects the entry whose data is @p value, else the first ("all"). */
void selectData(QComboBox* box, const QVariant& value) {
    const int found = box->findData(value);
    box->setCurrentIndex(found < 0 ? 0 : found);
}

} // namespace

HistoryView::HistoryView(QWidget* parent)
    : QWidget(parent)
    , m_model(new HistoryModel(this))
    , m_filter(new HistoryFilterModel(this))
    , m_search(new QLineEdit(this))
    , m_kind(new QComboBox(this))
    , m_service(new QComboBox(this))
    , m_stage(new QComboBox(this))
    , m_export(new QPushButton(tr("Export CSV…"), this))
    , m_count(new QLabel(this))
    , m_table(new QTableView(this)) {
    m_filter->setSourceModel(m_model);
    m_search->setPlaceholderText(tr("Search history"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search history"));
    m_kind->setAccessibleName(tr("Kind"));
    m_service->setAccessibleName(tr("Service"));
    m_stage->setAccessibleName(tr("Stage"));
    m_kind->addItem(tr("All kinds"), -1);
    for (HistoryKind kind : historyKinds())
        m_kind->addItem(historyKindText(kind), int(kind));
    m_service->addItem(tr("All services"), QString());
    m_stage->addItem(tr("All stages"), QString());
    m_export->setToolTip(tr("Save the rows shown as a CSV file"));

    connect(m_search, &QLineEdit::textChanged, m_filter, &HistoryFilterModel::setSearchText);
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        const int kind = m_kind->currentData().toInt();
        m_filter->setKind(kind < 0 ? std::nullopt : std::optional(HistoryKind(kind)));
    });
    connect(m_service, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setService(m_service->currentData().toString());
        fillStages();
    });
    connect(m_stage, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setStage(m_stage->currentData().toString()); });
    connect(m_export, &QPushButton::clicked, this, &HistoryView::chooseExportFile);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &HistoryView::updateCount);
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, &HistoryView::updateCount);
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, &HistoryView::updateCount);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, &HistoryView::updateCount);

    m_table->setModel(m_filter);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(HistoryModel::TimeColumn, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->horizontalHeader()->setStretchLastSection(true);
    // Columns sized from the first rows only: measuring thousands of rows holds the GUI thread.
    m_table->horizontalHeader()->setResizeContentsPrecision(64);
    m_table->setAccessibleName(tr("History"));

    auto* filters = new QHBoxLayout;
    filters->addWidget(m_search, 1);
    filters->addWidget(m_kind);
    filters->addWidget(m_service);
    filters->addWidget(m_stage);
    filters->addWidget(m_count);
    filters->addWidget(m_export);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(filters);
    layout->addWidget(m_table);
    updateCount();
}

void HistoryView::setState(const core::RepositoryState& state) {
    if (!isVisible()) {
        m_pending = state; // implicitly shared: no copy of the lists
        return;
    }
    m_pending.reset();
    apply(state);
}

void HistoryView::apply(const core::RepositoryState& state) {
    m_model->setState(state);
    fillServices(state);
    m_table->resizeColumnsToContents();
}

void HistoryView::applyPending() const {
    if (!m_pending)
        return;
    const core::RepositoryState state = *std::exchange(m_pending, std::nullopt);
    const_cast<HistoryView*>(this)->apply(state);
}

void HistoryView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    applyPending();
}

HistoryModel* HistoryView::model() const {
    applyPending();
    return m_model;
}

HistoryFilterModel* HistoryView::filter() const {
    applyPending();
    return m_filter;
}

QTableView* HistoryView::table() const {
    applyPending();
    return m_table;
}

QLineEdit* HistoryView::searchField() const {
    applyPending();
    return m_search;
}

QComboBox* HistoryView::kindBox() const {
    applyPending();
    return m_kind;
}

QComboBox* HistoryView::serviceBox() const {
    applyPending();
    return m_service;
}

QComboBox* HistoryView::stageBox() const {
    applyPending();
    return m_stage;
}

void HistoryView::clear() {
    m_pending.reset();
    m_model->clear();
    m_stages.clear();
}

void HistoryView::fillServices(const core::RepositoryState& state) {
    m_stages.clear();
    for (const core::PipelineStage& stage : state.pipeline.stages)
        m_stages.append({stage.service, stage.name});
    const QVariant selected = m_service->currentData();
    const QSignalBlocker blocker(m_service);
    while (m_service->count() > 1)
        m_service->removeItem(1);
    for (const core::PipelineService& service : state.pipeline.services)
        m_service->addItem(service.name, service.name);
    selectData(m_service, selected);
    m_filter->setService(m_service->currentData().toString());
    fillStages();
}

void HistoryView::fillStages() {
    const QString service = m_service->currentData().toString();
    const QVariant selected = m_stage->currentData();
    {
        const QSignalBlocker blocker(m_stage);
        while (m_stage->count() > 1)
            m_stage->removeItem(1);
        for (const auto& [stageService, stage] : m_stages) {
            if (service.isEmpty() || stageService == service)
                m_stage->addItem(stage, stage);
        }
        selectData(m_stage, selected);
    }
    m_filter->setStage(m_stage->currentData().toString());
}

void HistoryView::updateCount() {
    m_count->setText(counted(m_filter->rowCount(), tr("entry"), tr("entries")));
    m_export->setEnabled(m_filter->rowCount() > 0);
}

void HistoryView::chooseExportFile() {
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export history"), QStringLiteral("history.csv"),
                                     tr("CSV files (*.csv);;All files (*)"));
    if (!path.isEmpty())
        exportCsv(path);
}

void HistoryView::exportCsv(const QString& path) {
    applyPending();
    QByteArray bytes = csvDocument(m_filter->exportRecords());
    m_export->setEnabled(false);
    core::offThread(
        this, [path, bytes = std::move(bytes)] { return writeFileAtomically(path, bytes); },
        [this, path](const core::Result<void>& written) {
            updateCount();
            Q_EMIT exported(path, written ? QString() : written.error().toString());
        });
}

} // namespace fd::ui

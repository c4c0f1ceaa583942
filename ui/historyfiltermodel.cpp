#include "historyfiltermodel.h"

#include "historymodel.h"

namespace fd::ui {

HistoryFilterModel::HistoryFilterModel(QObject* parent)
    : QSortFilterProxyModel(parent) {
    setSortRole(HistoryModel::RawValueRole);
}

void HistoryFilterModel::setSearchText(const QString& text) {
    m_search = text.trimmed();
    invalidateRowsFilter();
}

void HistoryFilterModel::setKind(std::optional<HistoryKind> kind) {
    m_kind = kind;
    invalidateRowsFilter();
}

void HistoryFilterModel::setService(const QString& service) {
    m_service = service;
    invalidateRowsFilter();
}

void HistoryFilterModel::setStage(const QString& stage) {
    m_stage = stage;
    invalidateRowsFilter();
}

bool HistoryFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    const QAbstractItemModel* source = sourceModel();
    const auto value = [&](int column, int role = Qt::DisplayRole) {
        return source->data(source->index(sourceRow, column, sourceParent), role);
    };
    if (m_kind && value(HistoryModel::KindColumn, HistoryModel::KindRole).toInt() != int(*m_kind))
        return false;
    if (!m_service.isEmpty() && value(HistoryModel::ServiceColumn).toString() != m_service)
        return false;
    if (!m_stage.isEmpty() && value(HistoryModel::StageColumn).toString() != m_stage)
        return false;
    if (m_search.isEmpty())
        return true;
    for (int column = 0; column < source->columnCount(sourceParent); ++column) {
        // The full commit ID and the time as exported count too: a pasted SHA finds its rows.
        if (value(column).toString().contains(m_search, Qt::CaseInsensitive) ||
            value(column, HistoryModel::ExportRole)
                .toString()
                .contains(m_search, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

QList<QStringList> HistoryFilterModel::exportRecords() const {
    QList<QStringList> records;
    QStringList header;
    for (int column = 0; column < columnCount(); ++column)
        header.append(headerData(column, Qt::Horizontal).toString());
    records.append(header);
    for (int row = 0; row < rowCount(); ++row) {
        QStringList record;
        for (int column = 0; column < columnCount(); ++column)
            record.append(data(index(row, column), HistoryModel::ExportRole).toString());
        records.append(record);
    }
    return records;
}

} // namespace fd::ui

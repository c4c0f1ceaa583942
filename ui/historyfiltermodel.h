#pragma once

#include "historyentry.h"

#include <QSortFilterProxyModel>

#include <optional>

namespace fd::ui {

/**
 * The history a person narrowed down: free text found in any column (case-insensitive), one
 * kind, one service, one stage; each empty or unset means any.
 */
class HistoryFilterModel final : public QSortFilterProxyModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryFilterModel)

public:
    explicit HistoryFilterModel(QObject* parent = nullptr);

    void setSearchText(const QString& text);
    void setKind(std::optional<HistoryKind> kind);
    void setService(const QString& service);
    void setStage(const QString& stage);

    /** The header and the rows as shown, in the model's ExportRole: what the CSV holds. */
    QList<QStringList> exportRecords() const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QString m_search;
    std::optional<HistoryKind> m_kind;
    QString m_service;
    QString m_stage;
};

} // namespace fd::ui

#pragma once

#include "historyentry.h"

#include <QAbstractTableModel>
#include <QIcon>

namespace fd::core {
struct RepositoryState;
}

namespace fd::ui {

/**
 * A repository's history, newest first: every promotion log event (promotions, approvals,
 * verifications, holds) and every version change Git's history shows, one row each.
 */
class HistoryModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryModel)

public:
    enum Column {
        TimeColumn,
        KindColumn,
        ServiceColumn,
        StageColumn,
        VersionColumn,
        WhoColumn,
        CommitColumn,
        CommentColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        /** Typed values for sorting: the time as a QDateTime, the rest as their text. */
        RawValueRole = Qt::UserRole + 1,
        /** The HistoryKind as an int, on every column. */
        KindRole,
        /** What the CSV export writes: the time in ISO 8601 UTC, the full commit ID. */
        ExportRole,
    };
    Q_ENUM(Role)

    explicit HistoryModel(QObject* parent = nullptr);

    void setState(const core::RepositoryState& state);
    void clear();
    const HistoryEntry& entry(int row) const { return m_entries.at(row); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QString text(const HistoryEntry& entry, int column) const;

    /** One per HistoryKind, beside the kind's word; made once per model (not static). */
    QList<QIcon> m_icons;
    QList<HistoryEntry> m_entries;
};

} // namespace fd::ui

#pragma once

#include "freightcellstate.h"
#include "repositorystate.h"

#include <QAbstractTableModel>
#include <QIcon>

namespace fd::ui {

/**
 * Services × environments: per cell the version the service's stage in that environment runs
 * (freight version and alias), how far it lags its upstream stage ("2 behind") and markers for
 * holds, freezes and freight awaiting approval. The first column names the service, the last
 * sums the lag ("drift") so a proxy can sort by it through RawValueRole.
 */
class OverviewModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OverviewModel)

public:
    enum Role {
        /** Typed value for sorting: the service's name; a cell's lag (-1: none); the drift. */
        RawValueRole = Qt::UserRole + 1,
        /** The service the row is about, in every column. */
        ServiceRole,
        /** The stage a cell shows; empty when the service has none in the environment. */
        StageRole,
    };
    Q_ENUM(Role)

    static constexpr int ServiceColumn = 0;

    explicit OverviewModel(QObject* parent = nullptr);

    void setState(const core::RepositoryState& state);
    void clear();
    /** The column of the drift total, after the environments. */
    int driftColumn() const { return int(m_environments.size()) + 1; }
    const QStringList& environments() const { return m_environments; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

private:
    /** What one cell shows, computed once per setState(). */
    struct Cell final {
        QString stage;
        QString text;
        QString toolTip;
        int behind = -1;
        bool held = false;
        bool frozen = false;
        int awaitingApproval = 0;
    };
    struct Row final {
        QString service;
        QList<Cell> cells; // one per environment
        int drift = 0;
    };

    static Cell makeCell(const core::ServiceState& service, const core::StageSummary& summary);
    QVariant serviceData(const Row& row, int role) const;
    QVariant cellData(const Cell& cell, int role) const;

    const QIcon m_heldIcon = markerIcon(QStringLiteral("held"));
    const QIcon m_frozenIcon = markerIcon(QStringLiteral("frozen"));
    const QIcon m_awaitingIcon = markerIcon(QStringLiteral("awaiting"));
    QStringList m_environments;
    QList<Row> m_rows;
};

} // namespace fd::ui

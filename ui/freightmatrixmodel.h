#pragma once

#include "freightcellstate.h"
#include "repositorystate.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QIcon>
#include <QSet>

#include <vector>

namespace fd::ui {

/**
 * One service's freight against its stages: rows are freight, newest first, columns its stages
 * in pipeline order (upstream first). Cell states are computed once per setService() into a flat
 * vector, so data() only looks up: 2,000 freight × 30 stages scroll smoothly.
 *
 * Runs of freight that no stage ever ran, older than one that some stage did, collapse into one
 * row ("12 older versions") until expand() opens them; the newest freight always shows, since
 * those are the candidates for the first stage.
 */
class FreightMatrixModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FreightMatrixModel)

public:
    enum Role {
        /** The FreightCellState as an int (sorting, tests); -1 on a collapsed row. */
        RawValueRole = Qt::UserRole + 1,
        /** Freight rows: the freight's ID; collapsed rows: empty. */
        FreightIdRole,
        /** Collapsed rows: how many freight the row holds; 0 elsewhere. */
        CollapsedCountRole,
        /** Stage headers: Kargo's colour as a QColor; none when the stage has none. */
        StageColorRole,
        /** A promotion under way in the cell, "promoting: committing"; empty when none. */
        ActivityRole,
    };
    Q_ENUM(Role)

    explicit FreightMatrixModel(QObject* parent = nullptr);

    /** Shows @p service; expanded runs stay expanded when their freight is still there. */
    void setService(const core::ServiceState& service);
    void clear();
    const QString& service() const { return m_service.service; }

    /** Opens the collapsed row @p row into its freight; nothing on a freight row. */
    void expand(int row);
    bool isCollapsed(int row) const;
    FreightCellState cellState(int row, int column) const;
    /** The stage's name of @p column; empty when there is none. */
    QString stageAt(int column) const;
    /**
     * Shows @p text ("promoting: pushed") in @p freightId's cell of @p stage over its state, until
     * set empty; kept across setService(), as a run outlives a reload.
     */
    void setActivity(const QString& freightId, const QString& stage, const QString& text);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

    // A freight's cell dragged onto a stage's cell asks for that promotion's review.
    QStringList mimeTypes() const override;
    QMimeData* mimeData(const QModelIndexList& indexes) const override;
    Qt::DropActions supportedDropActions() const override { return Qt::CopyAction; }
    /** Only this service's freight, onto a stage's cell, where it does not run already. */
    bool canDropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                         const QModelIndex& parent) const override;
    /** Emits promotionDropped(); the model itself does not change. */
    bool dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                      const QModelIndex& parent) override;

Q_SIGNALS:
    void promotionDropped(const QString& freightId, const QString& stage);

private:
    /** A freight (count 1, not collapsed) or a run of freight no stage ever ran. */
    struct Row final {
        int first = 0;
        int count = 1;
        bool collapsed = false;
    };

    void computeCells();
    QList<Row> layoutRows() const;
    QVariant cellData(const Row& row, int column, int role) const;
    QVariant rowHeader(const Row& row, int role) const;
    QVariant stageHeader(int stage, int role) const;
    QString cellToolTip(int freight, int stage) const;

    /** Made once: data() hands out copies (a reference count), so a sweep reads no files. */
    const FreightCellIcons m_icons = freightCellIcons();
    core::ServiceState m_service;
    /** freight × stages, row by row, computed once per setService(). */
    std::vector<FreightCellState> m_cells;
    /** Per stage: a swatch of its colour beside its name, or a null icon. */
    QList<QIcon> m_stageIcons;
    /** Per freight: some stage runs or ran it. */
    std::vector<bool> m_everDeployed;
    QList<Row> m_rows;
    /** Promotions under way, by freight ID and stage. */
    QHash<std::pair<QString, QString>, QString> m_activity;
    /** The first freight ID of each run a person expanded. */
    QSet<QString> m_expanded;
};

} // namespace fd::ui

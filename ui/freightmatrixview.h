#pragma once

#include <QWidget>

class QAction;
class QLabel;
class QTableView;

namespace fd::core {
struct ServiceState;
}

namespace fd::ui {

class FreightMatrixModel;

/**
 * One service's freight matrix: freight (newest first) against its stages, each cell an icon and
 * a word. A collapsed run of older versions opens on double-click or Enter; on a freight's cell
 * these (or "Promote…" in its context menu, or the button) ask for the promotion's review, as
 * does dragging a freight's cell onto another stage's cell.
 */
class FreightMatrixView final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FreightMatrixView)

public:
    explicit FreightMatrixView(QWidget* parent = nullptr);

    /** Shows @p service; null: a hint to pick one. */
    void setService(const core::ServiceState* service);

    FreightMatrixModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    /** Asks for the current cell's promotion to be reviewed ("Promote…", Enter, context menu). */
    void requestPromotion();

Q_SIGNALS:
    void promoteRequested(const QString& freightId, const QString& stage);

private:
    void spanCollapsedRows();
    void activate(const QModelIndex& index);
    void expandRow(int row);

    FreightMatrixModel* m_model;
    QLabel* m_title;
    QTableView* m_table;
    QAction* m_promote;
};

} // namespace fd::ui

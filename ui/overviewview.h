#pragma once

#include <QWidget>

class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace fd::core {
struct RepositoryState;
}

namespace fd::ui {

class OverviewModel;

/**
 * The overview of a repository: a search field over services and the services × environments
 * table, sortable by any column (the drift column sorts by how far a service lags).
 */
class OverviewView final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OverviewView)

public:
    explicit OverviewView(QWidget* parent = nullptr);

    /**
     * Shows @p state, keeping the selected service when it is still there, else selecting the
     * first; serviceSelected() is not emitted for it.
     */
    void setState(const core::RepositoryState& state);
    /** The selected service; empty when none. */
    QString selectedService() const;
    void selectService(const QString& service);

    QTableView* table() const { return m_table; }
    QLineEdit* searchField() const { return m_search; }

Q_SIGNALS:
    void serviceSelected(const QString& service);

private:
    void emitSelection();

    OverviewModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QLineEdit* m_search;
    QTableView* m_table;
};

} // namespace fd::ui

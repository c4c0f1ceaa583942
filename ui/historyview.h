#pragma once

#include "repositorystate.h"

#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace fd::ui {

class HistoryFilterModel;
class HistoryModel;

/**
 * A repository's history and audit trail, newest first: search, kind, service and stage filters
 * over the table, and an export of what the filters leave as CSV. A state given while the view
 * is hidden (another tab in front) is shown when it appears or is asked for: thousands of rows
 * cost the GUI thread tens of milliseconds that a load should not add.
 */
class HistoryView final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryView)

public:
    explicit HistoryView(QWidget* parent = nullptr);

    /** Shows @p state's history, keeping the filters where their values still exist. */
    void setState(const core::RepositoryState& state);
    void clear();
    /** True while a state waits for the view to be shown. */
    bool isPending() const { return m_pending.has_value(); }

    /**
     * Writes the rows the filters leave to @p path as CSV. The text is made here (memory only);
     * the file is written on a worker thread, since a slow or network disk can take seconds.
     * exported() says when it is done.
     */
    void exportCsv(const QString& path);

    /** The models, table and filters show the latest state (a pending one is applied first). */
    HistoryModel* model() const;
    HistoryFilterModel* filter() const;
    QTableView* table() const;
    QLineEdit* searchField() const;
    QComboBox* kindBox() const;
    QComboBox* serviceBox() const;
    QComboBox* stageBox() const;

Q_SIGNALS:
    /** The export to @p path ended; @p error is empty when it succeeded. */
    void exported(const QString& path, const QString& error);

protected:
    void showEvent(QShowEvent* event) override;

private:
    /** Shows the pending state, if any. Const: the accessors above call it. */
    void applyPending() const;
    void apply(const core::RepositoryState& state);
    void fillServices(const core::RepositoryState& state);
    void fillStages();
    void chooseExportFile();
    void updateCount();

    HistoryModel* m_model;
    HistoryFilterModel* m_filter;
    QLineEdit* m_search;
    QComboBox* m_kind;
    QComboBox* m_service;
    QComboBox* m_stage;
    QPushButton* m_export;
    QLabel* m_count;
    QTableView* m_table;
    /** Stage names by service, for the stage filter. */
    QList<std::pair<QString, QString>> m_stages;
    mutable std::optional<core::RepositoryState> m_pending;
};

} // namespace fd::ui

#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace fd::core {
struct RepositoryState;
}

namespace fd::ui {

class HistoryFilterModel;
class HistoryModel;

/**
 * A repository's history and audit trail, newest first: search, kind, service and stage filters
 * over the table, and an export of what the filters leave as CSV.
 */
class HistoryView final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryView)

public:
    explicit HistoryView(QWidget* parent = nullptr);

    /** Shows @p state's history, keeping the filters where their values still exist. */
    void setState(const core::RepositoryState& state);
    void clear();

    /**
     * Writes the rows the filters leave to @p path as CSV. The text is made here (memory only);
     * the file is written on a worker thread, since a slow or network disk can take seconds.
     * exported() says when it is done.
     */
    void exportCsv(const QString& path);

    HistoryModel* model() const { return m_model; }
    HistoryFilterModel* filter() const { return m_filter; }
    QTableView* table() const { return m_table; }
    QLineEdit* searchField() const { return m_search; }
    QComboBox* kindBox() const { return m_kind; }
    QComboBox* serviceBox() const { return m_service; }
    QComboBox* stageBox() const { return m_stage; }

Q_SIGNALS:
    /** The export to @p path ended; @p error is empty when it succeeded. */
    void exported(const QString& path, const QString& error);

private:
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
};

} // namespace fd::ui

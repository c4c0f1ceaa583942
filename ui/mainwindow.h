#pragma once

#include "repositoryloader.h"

#include <QMainWindow>

class QLabel;
class QMenu;
class QSettings;
class QStackedWidget;
class QTabWidget;

namespace fd::ui {

class PromotionTaskList;
class RepositoryTab;

/**
 * Freightdesk's window: one tab per open repository (several at once), a status bar saying
 * whether the current one is loading, loaded or failed and why. Ctrl+O opens, F5 reloads,
 * Ctrl+W closes a tab.
 */
class MainWindow final : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    /** @p settings holds the recent repositories; @p options say where loads read and cache. */
    explicit MainWindow(QSettings& settings, core::RepositoryLoaderOptions options = {},
                        QWidget* parent = nullptr);

    /** Opens @p request in a new tab, or switches to its tab when it is open already. */
    RepositoryTab* openRepository(const core::RepositoryRequest& request);
    RepositoryTab* currentTab() const;
    QTabWidget* tabs() const { return m_tabs; }
    /** The status bar's running promotions. */
    PromotionTaskList* tasks() const { return m_tasks; }

private:
    void createActions();
    void showOpenDialog();
    void reloadCurrent();
    void closeTab(int index);
    void updateStatus();
    void fillRecentMenu();

    QSettings& m_settings;
    core::RepositoryLoaderOptions m_options;
    QStackedWidget* m_pages;
    QTabWidget* m_tabs;
    QLabel* m_status;
    PromotionTaskList* m_tasks;
    QMenu* m_recentMenu = nullptr;
};

} // namespace fd::ui

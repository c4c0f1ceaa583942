#pragma once

#include "repositoryloader.h"

#include <QMainWindow>

#include <memory>

class QLabel;
class QMenu;
class QSettings;
class QStackedWidget;
class QTabWidget;

namespace fd::ui {

struct AppSettings;
class PromotionTaskList;
class RepositoryTab;
class SecretStore;
class SettingsDialog;

/**
 * Freightdesk's window: one tab per open repository (several at once), a status bar saying
 * whether the current one is loading, loaded or failed and why. Ctrl+O opens, F5 reloads,
 * Ctrl+W closes a tab.
 */
class MainWindow final : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    /**
     * @p settings holds the recent repositories and the app's settings (AppSettings), which
     * are applied over @p options (where loads read and cache) for every tab opened.
     */
    explicit MainWindow(QSettings& settings, core::RepositoryLoaderOptions options = {},
                        QWidget* parent = nullptr);

    /** Opens @p request in a new tab, or switches to its tab when it is open already. */
    RepositoryTab* openRepository(const core::RepositoryRequest& request);
    RepositoryTab* currentTab() const;
    QTabWidget* tabs() const { return m_tabs; }
    /** The status bar's running promotions. */
    PromotionTaskList* tasks() const { return m_tasks; }
    /** What new tabs are opened with: the given options with the settings applied. */
    const core::RepositoryLoaderOptions& options() const { return m_options; }
    /** Where the settings dialog keeps secrets (tests: a stand-in); default: the OS keychain. */
    void setSecretStore(std::shared_ptr<SecretStore> secrets);
    /** Opens the settings dialog (window-modal, not blocking); its OK applies them. */
    SettingsDialog* showSettings();

protected:
    /** Remembers the window's size and place for the next start. */
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void showOpenDialog();
    void reloadCurrent();
    void closeTab(int index);
    void updateStatus();
    void fillRecentMenu();
    void applySettings();

    QSettings& m_settings;
    core::RepositoryLoaderOptions m_givenOptions;
    core::RepositoryLoaderOptions m_options;
    std::shared_ptr<SecretStore> m_secrets;
    QStackedWidget* m_pages;
    QTabWidget* m_tabs;
    QLabel* m_status;
    PromotionTaskList* m_tasks;
    QMenu* m_recentMenu = nullptr;
};

} // namespace fd::ui

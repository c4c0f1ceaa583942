#include "mainwindow.h"

#include "appsettings.h"
#include "freighttext.h"
#include "openrepositorydialog.h"
#include "palettes.h"
#include "promotiontasklist.h"
#include "recentrepositories.h"
#include "repositorytab.h"
#include "secretstore.h"
#include "settingsdialog.h"

#include <QAction>
#include <QApplication>
#include <QIcon>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>

namespace fd::ui {

namespace {

/**
 * The platform's keys for @p standard and @p key: setShortcut() would keep only the first of
 * them, and some platforms have no Ctrl+W for Close or F5 for Refresh.
 */
QList<QKeySequence> withKey(QKeySequence::StandardKey standard, QKeyCombination key) {
    QList<QKeySequence> keys = QKeySequence::keyBindings(standard);
    if (!keys.contains(QKeySequence(key)))
        keys.append(QKeySequence(key));
    return keys;
}

} // namespace

namespace {
const QString GeometryKey = QStringLiteral("window/geometry");
} // namespace

MainWindow::MainWindow(QSettings& settings, core::RepositoryLoaderOptions options, QWidget* parent)
    : QMainWindow(parent)
    , m_settings(settings)
    , m_givenOptions(std::move(options))
    , m_options(m_givenOptions)
    , m_secrets(m_givenOptions.snapshot.git.useKeychain ? SecretStore::keychain() : nullptr)
    , m_pages(new QStackedWidget(this))
    , m_tabs(new QTabWidget(this))
    , m_status(new QLabel(this))
    , m_tasks(new PromotionTaskList(this)) {
    initUiResources();
    setWindowTitle(QStringLiteral("Freightdesk"));
    setWindowIcon(QIcon(QStringLiteral(":/freightdesk/icons/app.svg")));
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    m_tabs->setDocumentMode(true);
    auto* empty = new QLabel(tr("Open a GitOps repository to see its services, environments and "
                                "freight.<br><br>File › Open Repository… (Ctrl+O)"),
                             m_pages);
    empty->setAlignment(Qt::AlignCenter);
    m_pages->addWidget(empty);
    m_pages->addWidget(m_tabs);
    setCentralWidget(m_pages);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &MainWindow::closeTab);
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::updateStatus);
    // Error messages name a file and line or a server: let a person select and copy them.
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addWidget(m_status, 1);
    statusBar()->addPermanentWidget(m_tasks);
    createActions();
    applySettings();
    updateStatus();
    resize(1100, 720);
    restoreGeometry(m_settings.value(GeometryKey).toByteArray());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    m_settings.setValue(GeometryKey, saveGeometry());
    QMainWindow::closeEvent(event);
}

void MainWindow::createActions() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open Repository…"), this, &MainWindow::showOpenDialog);
    open->setShortcuts(withKey(QKeySequence::Open, Qt::CTRL | Qt::Key_O));
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    QAction* reload = file->addAction(tr("Re&load"), this, &MainWindow::reloadCurrent);
    reload->setShortcuts(withKey(QKeySequence::Refresh, Qt::Key_F5));
    QAction* close =
        file->addAction(tr("&Close Tab"), this, [this] { closeTab(m_tabs->currentIndex()); });
    close->setShortcuts(withKey(QKeySequence::Close, Qt::CTRL | Qt::Key_W));
    file->addSeparator();
    QAction* settings = file->addAction(tr("&Settings…"), this, &MainWindow::showSettings);
    settings->setMenuRole(QAction::PreferencesRole);
    settings->setShortcuts(withKey(QKeySequence::Preferences, Qt::CTRL | Qt::Key_Comma));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcuts(withKey(QKeySequence::Quit, Qt::CTRL | Qt::Key_Q));
}

RepositoryTab* MainWindow::openRepository(const core::RepositoryRequest& request) {
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto* tab = static_cast<RepositoryTab*>(m_tabs->widget(i));
        if (tab->request().urlOrPath == request.urlOrPath &&
            tab->request().branch == request.branch) {
            m_tabs->setCurrentIndex(i);
            return tab;
        }
    }
    auto* tab = new RepositoryTab(request, m_options, m_tabs);
    const int index = m_tabs->addTab(tab, tab->title());
    m_tabs->setTabToolTip(index, tab->location());
    connect(tab, &RepositoryTab::statusChanged, this, &MainWindow::updateStatus);
    m_tasks->track(tab->promotions());
    m_tabs->setCurrentIndex(index);
    RecentRepositories(m_settings).add(request);
    updateStatus();
    return tab;
}

RepositoryTab* MainWindow::currentTab() const {
    return static_cast<RepositoryTab*>(m_tabs->currentWidget());
}

void MainWindow::showOpenDialog() {
    OpenRepositoryDialog dialog(RecentRepositories(m_settings).list(), this);
    if (dialog.exec() == QDialog::Accepted)
        openRepository(dialog.request());
}

void MainWindow::fillRecentMenu() {
    m_recentMenu->clear();
    const QList<core::RepositoryRequest> recent = RecentRepositories(m_settings).list();
    for (const core::RepositoryRequest& request : recent) {
        m_recentMenu->addAction(tr("%1 (%2)").arg(locationText(request.urlOrPath), request.branch),
                                this, [this, request] { openRepository(request); });
    }
    if (recent.isEmpty())
        m_recentMenu->addAction(tr("No recent repositories"))->setEnabled(false);
}

void MainWindow::setSecretStore(std::shared_ptr<SecretStore> secrets) {
    m_secrets = std::move(secrets);
}

SettingsDialog* MainWindow::showSettings() {
    auto* dialog = new SettingsDialog(m_settings, m_secrets, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &SettingsDialog::saved, this, [this] {
        applySettings();
        applyPalette(AppSettings::load(m_settings).palette);
    });
    dialog->open();
    return dialog;
}

void MainWindow::applySettings() {
    const AppSettings settings = AppSettings::load(m_settings);
    core::RepositoryLoaderOptions options = m_givenOptions;
    if (auto applied = settings.applyTo(options); !applied) {
        // Only a settings file edited by hand gets here: the dialog checks what it saves.
        m_status->setText(tr("Settings not applied: %1").arg(applied.error().toString()));
        return;
    }
    m_options = std::move(options);
    m_tasks->setNotifications(settings.notifications);
}

void MainWindow::reloadCurrent() {
    if (RepositoryTab* tab = currentTab())
        tab->reload();
}

void MainWindow::closeTab(int index) {
    if (QWidget* tab = m_tabs->widget(index)) {
        m_tabs->removeTab(index);
        tab->deleteLater();
    }
}

void MainWindow::updateStatus() {
    const RepositoryTab* tab = currentTab();
    m_pages->setCurrentIndex(tab ? 1 : 0);
    for (int i = 0; i < m_tabs->count(); ++i) {
        const auto* each = static_cast<const RepositoryTab*>(m_tabs->widget(i));
        m_tabs->setTabText(i, each->isLoading() ? tr("%1 …").arg(each->title()) : each->title());
    }
    m_status->setText(tab ? tab->status()
                          : tr("Open a GitOps repository with Ctrl+O to see its pipeline."));
}

} // namespace fd::ui

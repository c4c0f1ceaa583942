#pragma once

#include "appsettings.h"

#include <QDialog>

#include <memory>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSettings;
class QSpinBox;
class QTableWidget;

namespace fd::ui {

class SecretStore;

/**
 * Freightdesk's settings: Git identity, Argo CD server, registries, intervals, notifications and
 * the palette. OK writes the secrets typed in (Argo CD token, registry passwords) through the
 * SecretStore off the GUI thread, then the rest to QSettings, and accepts; a secret the keychain
 * refused keeps the dialog open with the reason. Secret fields left empty keep what is stored;
 * a registry removed from the list has its keychain entry removed.
 */
class SettingsDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    /** @p secrets null: no keychain (secret fields disabled). */
    SettingsDialog(QSettings& settings, std::shared_ptr<SecretStore> secrets,
                   QWidget* parent = nullptr);

    /** What the fields say now (no secrets). */
    AppSettings current() const;
    /** Checks the fields and stores them as OK does; saved() or an error in status(). */
    void save();
    /** Where the dialog says what it is doing or what is wrong. */
    QLabel* status() const { return m_status; }

Q_SIGNALS:
    /** The settings are in QSettings (and the secrets in the keychain). */
    void saved();

private:
    QWidget* identityPage();
    QWidget* argocdPage();
    QWidget* registriesPage();
    QWidget* intervalsPage();
    QWidget* notificationsPage();
    QWidget* appearancePage();
    void fill(const AppSettings& settings);
    void addRegistry(const RegistrySetting& registry);
    void readArgoCdState();
    /** Key → secret for the keychain (empty: remove), or an error a person can act on. */
    core::Result<QList<std::pair<QString, QString>>> secretWrites() const;
    void finish(const AppSettings& settings);

    QSettings& m_settings;
    std::shared_ptr<SecretStore> m_secrets;
    QLineEdit* m_name;
    QLineEdit* m_email;
    QLineEdit* m_server;
    QCheckBox* m_insecure;
    QCheckBox* m_plainText;
    QLineEdit* m_token;
    QLabel* m_cliConfig;
    QTableWidget* m_registries;
    QLineEdit* m_registrySecret;
    QSpinBox* m_freightMinutes;
    QSpinBox* m_argocdSeconds;
    QCheckBox* m_notifySucceeded;
    QCheckBox* m_notifyFailed;
    QCheckBox* m_notifyApproval;
    QComboBox* m_palette;
    QLabel* m_status;
    QDialogButtonBox* m_buttons;
};

} // namespace fd::ui

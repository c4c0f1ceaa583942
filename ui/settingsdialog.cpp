#include "settingsdialog.h"

#include "argocdconnection.h"
#include "argocdlocalconfig.h"
#include "offthread.h"
#include "registrycredentials.h"
#include "secretstore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace fd::ui {

namespace {

enum Column { HostColumn, UserColumn, MirrorColumn, PlainHttpColumn, ColumnCount };
// A password typed for a row, kept on its host item until OK: never in QSettings.
constexpr int SecretRole = Qt::UserRole + 1;

QLineEdit* secretField(QWidget* parent, const QString& name) {
    auto* field = new QLineEdit(parent);
    field->setObjectName(name);
    field->setEchoMode(QLineEdit::Password);
    field->setPlaceholderText(SettingsDialog::tr("Empty: keep what the keychain has"));
    return field;
}

QString cell(const QTableWidget& table, int row, int column) {
    const QTableWidgetItem* item = table.item(row, column);
    return item ? item->text().trimmed() : QString();
}

/** What the argocd CLI's config gives, for the read-only note; empty when nothing. */
QString cliConfigNote() {
    const auto environment = QProcessEnvironment::systemEnvironment();
    const auto read =
        core::ArgoCdLocalConfig::read(core::ArgoCdLocalConfig::defaultPath(environment));
    if (!read)
        return SettingsDialog::tr("The argocd CLI config could not be read: %1")
            .arg(read.error().toString());
    if (!*read || (*read)->server.isEmpty())
        return {};
    const core::ArgoCdLocalContext& context = **read;
    return SettingsDialog::tr("Picked up from the argocd CLI config (context %1): server %2%3. "
                              "A server set here takes precedence.")
        .arg(context.contextName, context.server,
             context.authToken.isEmpty() ? QString() : SettingsDialog::tr(" with a token"));
}

} // namespace

SettingsDialog::SettingsDialog(QSettings& settings, std::shared_ptr<SecretStore> secrets,
                               QWidget* parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_secrets(std::move(secrets))
    , m_status(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)) {
    setWindowTitle(tr("Settings"));
    auto* pages = new QTabWidget(this);
    pages->addTab(identityPage(), tr("Git identity"));
    pages->addTab(argocdPage(), tr("Argo CD"));
    pages->addTab(registriesPage(), tr("Registries"));
    pages->addTab(intervalsPage(), tr("Intervals"));
    pages->addTab(notificationsPage(), tr("Notifications"));
    pages->addTab(appearancePage(), tr("Appearance"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(pages);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::save);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    fill(AppSettings::load(m_settings));
    readArgoCdState();
}

QWidget* SettingsDialog::identityPage() {
    auto* page = new QWidget(this);
    auto* form = new QFormLayout(page);
    m_name = new QLineEdit(page);
    m_name->setObjectName(QStringLiteral("gitName"));
    m_email = new QLineEdit(page);
    m_email->setObjectName(QStringLiteral("gitEmail"));
    m_name->setPlaceholderText(tr("Empty: Git's user.name"));
    m_email->setPlaceholderText(tr("Empty: Git's user.email"));
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&E-mail:"), m_email);
    form->addRow(new QLabel(tr("Author and committer of Freightdesk's promotion and approval "
                               "commits."),
                            page));
    return page;
}

QWidget* SettingsDialog::argocdPage() {
    auto* page = new QWidget(this);
    auto* form = new QFormLayout(page);
    m_server = new QLineEdit(page);
    m_server->setObjectName(QStringLiteral("argocdServer"));
    m_server->setPlaceholderText(tr("host[:port] or https://host/path"));
    m_insecure = new QCheckBox(tr("Insecure (accept a self-signed certificate)"), page);
    m_insecure->setObjectName(QStringLiteral("argocdInsecure"));
    m_plainText = new QCheckBox(tr("Plain HTTP (unencrypted)"), page);
    m_plainText->setObjectName(QStringLiteral("argocdPlainText"));
    m_token = secretField(page, QStringLiteral("argocdToken"));
    m_token->setEnabled(m_secrets != nullptr);
    m_cliConfig = new QLabel(page);
    m_cliConfig->setObjectName(QStringLiteral("argocdCliConfig"));
    m_cliConfig->setWordWrap(true);
    m_cliConfig->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(tr("&Server:"), m_server);
    form->addRow(QString(), m_insecure);
    form->addRow(QString(), m_plainText);
    form->addRow(tr("Auth &token:"), m_token);
    form->addRow(m_cliConfig);
    return page;
}

QWidget* SettingsDialog::registriesPage() {
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    m_registries = new QTableWidget(0, ColumnCount, page);
    m_registries->setObjectName(QStringLiteral("registries"));
    m_registries->setHorizontalHeaderLabels(
        {tr("Registry"), tr("User"), tr("Mirror URL"), tr("Plain HTTP")});
    m_registries->horizontalHeader()->setStretchLastSection(true);
    m_registries->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_registrySecret = secretField(page, QStringLiteral("registrySecret"));
    m_registrySecret->setEnabled(false);
    connect(m_registries, &QTableWidget::currentCellChanged, this, [this](int row) {
        const QTableWidgetItem* host = m_registries->item(row, HostColumn);
        m_registrySecret->setEnabled(host && m_secrets);
        m_registrySecret->setText(host ? host->data(SecretRole).toString() : QString());
    });
    connect(m_registrySecret, &QLineEdit::textEdited, this, [this](const QString& text) {
        if (QTableWidgetItem* host = m_registries->item(m_registries->currentRow(), HostColumn))
            host->setData(SecretRole, text);
    });
    auto* add = new QPushButton(tr("&Add"), page);
    auto* remove = new QPushButton(tr("&Remove"), page);
    connect(add, &QPushButton::clicked, this, [this] { addRegistry({}); });
    connect(remove, &QPushButton::clicked, this,
            [this] { m_registries->removeRow(m_registries->currentRow()); });
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch();
    auto* secret = new QFormLayout;
    secret->addRow(tr("Password or token of the selected registry:"), m_registrySecret);
    layout->addWidget(m_registries);
    layout->addLayout(buttons);
    layout->addLayout(secret);
    layout->addWidget(new QLabel(tr("Mirrors and plain HTTP are opt-in per registry; passwords "
                                    "go to the keychain as registry:<host>."),
                                 page));
    return page;
}

QWidget* SettingsDialog::intervalsPage() {
    auto* page = new QWidget(this);
    auto* form = new QFormLayout(page);
    m_freightMinutes = new QSpinBox(page);
    m_freightMinutes->setObjectName(QStringLiteral("freightMinutes"));
    m_freightMinutes->setRange(0, 24 * 60);
    m_freightMinutes->setSuffix(tr(" min"));
    m_freightMinutes->setSpecialValueText(tr("Only on demand"));
    m_argocdSeconds = new QSpinBox(page);
    m_argocdSeconds->setObjectName(QStringLiteral("argocdSeconds"));
    m_argocdSeconds->setRange(5, 3600);
    m_argocdSeconds->setSuffix(tr(" s"));
    form->addRow(tr("&Freight discovery every:"), m_freightMinutes);
    form->addRow(tr("Argo CD &status refresh every:"), m_argocdSeconds);
    return page;
}

QWidget* SettingsDialog::notificationsPage() {
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    m_notifySucceeded = new QCheckBox(tr("A promotion &succeeded"), page);
    m_notifyFailed = new QCheckBox(tr("A promotion &failed"), page);
    m_notifyApproval = new QCheckBox(tr("A promotion needs &approval"), page);
    m_notifySucceeded->setObjectName(QStringLiteral("notifySucceeded"));
    m_notifyFailed->setObjectName(QStringLiteral("notifyFailed"));
    m_notifyApproval->setObjectName(QStringLiteral("notifyApproval"));
    layout->addWidget(new QLabel(tr("Show a desktop notification when:"), page));
    layout->addWidget(m_notifySucceeded);
    layout->addWidget(m_notifyFailed);
    layout->addWidget(m_notifyApproval);
    layout->addStretch();
    return page;
}

QWidget* SettingsDialog::appearancePage() {
    auto* page = new QWidget(this);
    auto* form = new QFormLayout(page);
    m_palette = new QComboBox(page);
    m_palette->setObjectName(QStringLiteral("palette"));
    m_palette->addItem(tr("System"), int(PaletteChoice::System));
    m_palette->addItem(tr("Light"), int(PaletteChoice::Light));
    m_palette->addItem(tr("Dark"), int(PaletteChoice::Dark));
    form->addRow(tr("&Palette:"), m_palette);
    return page;
}

void SettingsDialog::addRegistry(const RegistrySetting& registry) {
    const int row = m_registries->rowCount();
    m_registries->insertRow(row);
    m_registries->setItem(row, HostColumn, new QTableWidgetItem(registry.host));
    m_registries->setItem(row, UserColumn, new QTableWidgetItem(registry.user));
    m_registries->setItem(row, MirrorColumn, new QTableWidgetItem(registry.mirror));
    auto* plainHttp = new QTableWidgetItem;
    plainHttp->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    plainHttp->setCheckState(registry.plainHttp ? Qt::Checked : Qt::Unchecked);
    m_registries->setItem(row, PlainHttpColumn, plainHttp);
    m_registries->setCurrentCell(row, HostColumn);
}

void SettingsDialog::fill(const AppSettings& settings) {
    m_name->setText(settings.identity.name);
    m_email->setText(settings.identity.email);
    m_server->setText(settings.argocdServer);
    m_insecure->setChecked(settings.argocdInsecure);
    m_plainText->setChecked(settings.argocdPlainText);
    for (const RegistrySetting& registry : settings.registries)
        addRegistry(registry);
    m_freightMinutes->setValue(
        int(std::chrono::duration_cast<std::chrono::minutes>(settings.freightInterval).count()));
    m_argocdSeconds->setValue(int(settings.argocdStatusInterval.count()));
    m_notifySucceeded->setChecked(settings.notifications.succeeded);
    m_notifyFailed->setChecked(settings.notifications.failed);
    m_notifyApproval->setChecked(settings.notifications.approvalNeeded);
    m_palette->setCurrentIndex(m_palette->findData(int(settings.palette)));
}

AppSettings SettingsDialog::current() const {
    AppSettings settings;
    settings.identity = {m_name->text().trimmed(), m_email->text().trimmed()};
    settings.argocdServer = m_server->text().trimmed();
    settings.argocdInsecure = m_insecure->isChecked();
    settings.argocdPlainText = m_plainText->isChecked();
    for (int row = 0; row < m_registries->rowCount(); ++row) {
        const QString host = cell(*m_registries, row, HostColumn);
        if (host.isEmpty())
            continue;
        settings.registries.append(
            {host, cell(*m_registries, row, UserColumn), cell(*m_registries, row, MirrorColumn),
             m_registries->item(row, PlainHttpColumn)->checkState() == Qt::Checked});
    }
    settings.freightInterval = std::chrono::minutes(m_freightMinutes->value());
    settings.argocdStatusInterval = std::chrono::seconds(m_argocdSeconds->value());
    settings.notifications = {m_notifySucceeded->isChecked(), m_notifyFailed->isChecked(),
                              m_notifyApproval->isChecked()};
    settings.palette = PaletteChoice(m_palette->currentData().toInt());
    return settings;
}

void SettingsDialog::readArgoCdState() {
    core::offThread(this, cliConfigNote, [this](const QString& note) {
        m_cliConfig->setText(note);
        m_cliConfig->setVisible(!note.isEmpty());
    });
    const auto url =
        core::ArgoCdConnection::serverUrl(m_server->text(), m_plainText->isChecked(), QString());
    if (!m_secrets || m_server->text().trimmed().isEmpty() || !url)
        return;
    core::offThread(
        this,
        [secrets = m_secrets, key = core::ArgoCdConnection::keychainKey(*url)] {
            return secrets->read(key).has_value();
        },
        [this](bool stored) {
            if (stored)
                m_token->setPlaceholderText(tr("Stored in the keychain; type to replace it"));
        });
}

core::Result<QList<std::pair<QString, QString>>> SettingsDialog::secretWrites() const {
    QList<std::pair<QString, QString>> writes;
    if (!m_token->text().isEmpty()) {
        const auto url = core::ArgoCdConnection::serverUrl(m_server->text(),
                                                           m_plainText->isChecked(), QString());
        if (m_server->text().trimmed().isEmpty() || !url)
            return core::Error{core::Error::Kind::InvalidInput,
                               tr("Name the Argo CD server the token is for."), QString()};
        writes.append({core::ArgoCdConnection::keychainKey(*url), m_token->text()});
    }
    for (int row = 0; row < m_registries->rowCount(); ++row) {
        const QString secret = m_registries->item(row, HostColumn)->data(SecretRole).toString();
        if (secret.isEmpty())
            continue;
        const QString host = cell(*m_registries, row, HostColumn);
        const QString user = cell(*m_registries, row, UserColumn);
        if (host.isEmpty() || user.isEmpty())
            return core::Error{core::Error::Kind::InvalidInput,
                               tr("A registry password needs its registry and user."), host};
        writes.append({core::RegistryCredentials::keychainKey(host), user + u':' + secret});
    }
    return writes;
}

void SettingsDialog::save() {
    const AppSettings settings = current();
    core::RepositoryLoaderOptions scratch;
    auto checked = settings.applyTo(scratch);
    auto writes = secretWrites();
    if (!checked || !writes) {
        m_status->setText(!checked ? checked.error().toString() : writes.error().toString());
        return;
    }
    // A registry taken out of the list takes its password out of the keychain.
    for (const RegistrySetting& before : AppSettings::load(m_settings).registries) {
        if (std::none_of(settings.registries.cbegin(), settings.registries.cend(),
                         [&before](const RegistrySetting& now) { return now.host == before.host; }))
            writes->append({core::RegistryCredentials::keychainKey(before.host), QString()});
    }
    if (writes->isEmpty() || !m_secrets)
        return finish(settings);
    m_buttons->setEnabled(false);
    m_status->setText(tr("Saving to the keychain…"));
    core::offThread(
        this,
        [secrets = m_secrets, writes = *writes] {
            QStringList errors;
            for (const auto& [key, secret] : writes) {
                if (auto written =
                        secret.isEmpty() ? secrets->remove(key) : secrets->write(key, secret);
                    !written)
                    errors.append(tr("%1: %2").arg(key, written.error().toString()));
            }
            return errors;
        },
        [this, settings](const QStringList& errors) {
            m_buttons->setEnabled(true);
            if (!errors.isEmpty()) {
                m_status->setText(tr("The keychain refused: %1").arg(errors.join(u"; ")));
                return;
            }
            finish(settings);
        });
}

void SettingsDialog::finish(const AppSettings& settings) {
    settings.save(m_settings);
    m_settings.sync();
    m_token->clear();
    m_registrySecret->clear();
    for (int row = 0; row < m_registries->rowCount(); ++row)
        m_registries->item(row, HostColumn)->setData(SecretRole, QVariant());
    m_status->clear();
    Q_EMIT saved();
    accept();
}

} // namespace fd::ui

#include "appsettings.h"
#include "diffhighlighter.h"
#include "mainwindow.h"
#include "palettes.h"
#include "promotiondesk.h"
#include "promotionrun.h"
#include "promotiontasklist.h"
#include "secretstore.h"
#include "settingsdialog.h"
#include "uifixture.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMutex>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStyle>
#include <QTableWidget>
#include <QTest>
#include <QTextDocument>
#include <QThread>

using namespace Qt::Literals::StringLiterals;
using fd::ui::AppSettings;
using fd::ui::PaletteChoice;
using fd::ui::SettingsDialog;

namespace {

constexpr int Timeout = 60000;
const QString ArgoCdToken = u"argocd-t0ken-never-in-settings"_s;
const QString RegistryPassword = u"r3gistry-pass-never-in-settings"_s;

/**
 * The keychain in memory: CI machines often have no secret service, and these tests are about
 * what the dialog writes where, and on which thread.
 */
class MemorySecrets final : public fd::ui::SecretStore {
public:
    std::optional<QString> read(const QString& key) override {
        QMutexLocker lock(&m_mutex);
        return m_secrets.contains(key) ? std::optional(m_secrets.value(key)) : std::nullopt;
    }
    fd::core::Result<void> write(const QString& key, const QString& secret) override {
        QMutexLocker lock(&m_mutex);
        m_onGuiThread |= QThread::currentThread() == qApp->thread();
        if (m_refuse)
            return fd::core::Error{fd::core::Error::Kind::Authentication, u"keychain locked"_s, {}};
        m_secrets.insert(key, secret);
        return {};
    }
    fd::core::Result<void> remove(const QString& key) override {
        QMutexLocker lock(&m_mutex);
        m_secrets.remove(key);
        return {};
    }
    void refuse() { m_refuse = true; }
    bool wroteOnGuiThread() {
        QMutexLocker lock(&m_mutex);
        return m_onGuiThread;
    }

private:
    QMutex m_mutex;
    QHash<QString, QString> m_secrets;
    bool m_refuse = false;
    bool m_onGuiThread = false;
};

template <typename Widget> Widget* field(const QWidget& parent, const QString& name) {
    auto* widget = parent.findChild<Widget*>(name);
    if (!widget)
        qFatal("no field %s", qPrintable(name));
    return widget;
}

/** Fills the Argo CD page and one registry with a password, as a person would. */
void fillIn(SettingsDialog& dialog) {
    field<QLineEdit>(dialog, u"gitName"_s)->setText(u"Release Bot"_s);
    field<QLineEdit>(dialog, u"gitEmail"_s)->setText(u"release@example.com"_s);
    field<QLineEdit>(dialog, u"argocdServer"_s)->setText(u"argocd.example.com:8443"_s);
    field<QCheckBox>(dialog, u"argocdInsecure"_s)->setChecked(true);
    QTest::keyClicks(field<QLineEdit>(dialog, u"argocdToken"_s), ArgoCdToken);
    for (QPushButton* button : dialog.findChildren<QPushButton*>()) {
        if (button->text() == u"&Add")
            button->click();
    }
    auto* registries = field<QTableWidget>(dialog, u"registries"_s);
    registries->item(0, 0)->setText(u"ghcr.io"_s);
    registries->item(0, 1)->setText(u"bob"_s);
    registries->item(0, 2)->setText(u"http://127.0.0.1:5000"_s);
    registries->item(0, 3)->setCheckState(Qt::Checked);
    registries->setCurrentCell(0, 0);
    QTest::keyClicks(field<QLineEdit>(dialog, u"registrySecret"_s), RegistryPassword);
    field<QSpinBox>(dialog, u"freightMinutes"_s)->setValue(2);
    field<QCheckBox>(dialog, u"notifyFailed"_s)->setChecked(false);
}

bool pressOk(SettingsDialog& dialog) {
    QSignalSpy saved(&dialog, &SettingsDialog::saved);
    dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
    return !saved.isEmpty() || saved.wait(5000);
}

fd::core::Freight freightOf(const fd::core::RepositoryState& state, const QString& tag) {
    for (const fd::core::Freight& freight : state.service(u"guestbook"_s)->freight) {
        if (freight.artifacts.constFirst().tag == tag)
            return freight;
    }
    return {};
}

} // namespace

/** The settings: QSettings round trip, secrets only in the keychain, what they change. */
class TestSettingsDialog final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void settingsRoundTripThroughQSettings();
    void dialogSavesSecretsOnlyInTheKeychain();
    void keychainRefusalKeepsTheDialogOpen();
    void removedRegistryLeavesTheKeychain();
    void storedTokenIsSaidNotShown();
    void settingsApplyToLoaderOptions();
    void emptySettingsKeepGivenOptions();
    void badMirrorIsRefused();
    void darkPaletteIsDarkAndSystemGoesBack();
    void diffColoursReadOnDark();
    void mainWindowAppliesSavedSettings();
    void notificationsOffShowNoMessage();

private:
    fd::testsupport::UiFixture m_fixture;
    QString m_file;
    std::unique_ptr<QSettings> m_settings;
    int m_round = 0;
};

void TestSettingsDialog::initTestCase() {
    const QString error = m_fixture.create();
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestSettingsDialog::init() {
    m_file = m_fixture.root() + u"/settings-%1.ini"_s.arg(++m_round);
    m_settings = std::make_unique<QSettings>(m_file, QSettings::IniFormat);
}

void TestSettingsDialog::settingsRoundTripThroughQSettings() {
    const AppSettings defaults = AppSettings::load(*m_settings);
    QCOMPARE(defaults.freightInterval, std::chrono::seconds(300));
    QVERIFY(defaults.notifications.failed);
    QCOMPARE(defaults.palette, PaletteChoice::System);

    AppSettings settings;
    settings.identity = {u"Release Bot"_s, u"release@example.com"_s};
    settings.argocdServer = u"https://argocd.example.com/argo"_s;
    settings.argocdInsecure = true;
    settings.argocdPlainText = true;
    settings.registries = {{u"ghcr.io"_s, u"bob"_s, {}, false},
                           {u"docker.io"_s, {}, u"http://127.0.0.1:5000"_s, true}};
    settings.freightInterval = std::chrono::seconds(120);
    settings.argocdStatusInterval = std::chrono::seconds(30);
    settings.notifications = {false, true, false};
    settings.palette = PaletteChoice::Dark;
    settings.save(*m_settings);
    m_settings->sync();

    QSettings reread(m_file, QSettings::IniFormat);
    const AppSettings loaded = AppSettings::load(reread);
    QCOMPARE(loaded.identity.name, settings.identity.name);
    QCOMPARE(loaded.identity.email, settings.identity.email);
    QCOMPARE(loaded.argocdServer, settings.argocdServer);
    QVERIFY(loaded.argocdInsecure);
    QVERIFY(loaded.argocdPlainText);
    QCOMPARE(loaded.registries.size(), 2);
    QCOMPARE(loaded.registries[0].user, u"bob"_s);
    QCOMPARE(loaded.registries[1].host, u"docker.io"_s);
    QCOMPARE(loaded.registries[1].mirror, u"http://127.0.0.1:5000"_s);
    QVERIFY(!loaded.registries[0].plainHttp);
    QVERIFY(loaded.registries[1].plainHttp);
    QCOMPARE(loaded.freightInterval, std::chrono::seconds(120));
    QCOMPARE(loaded.argocdStatusInterval, std::chrono::seconds(30));
    QVERIFY(!loaded.notifications.succeeded);
    QVERIFY(loaded.notifications.failed);
    QVERIFY(!loaded.notifications.approvalNeeded);
    QCOMPARE(loaded.palette, PaletteChoice::Dark);
}

void TestSettingsDialog::dialogSavesSecretsOnlyInTheKeychain() {
    auto secrets = std::make_shared<MemorySecrets>();
    SettingsDialog dialog(*m_settings, secrets);
    fillIn(dialog);
    QVERIFY2(pressOk(dialog), qPrintable(dialog.status()->text()));
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(!secrets->wroteOnGuiThread());
    QCOMPARE(secrets->read(u"argocd:argocd.example.com:8443"_s).value_or(QString()), ArgoCdToken);
    QCOMPARE(secrets->read(u"registry:ghcr.io"_s).value_or(QString()),
             u"bob:"_s + RegistryPassword);

    QFile file(m_file);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY2(bytes.contains("argocd.example.com:8443"), bytes.constData());
    QVERIFY2(!bytes.contains(ArgoCdToken.toUtf8()), bytes.constData());
    QVERIFY2(!bytes.contains(RegistryPassword.toUtf8()), bytes.constData());

    const AppSettings saved = AppSettings::load(*m_settings);
    QCOMPARE(saved.identity.name, u"Release Bot"_s);
    QVERIFY(saved.argocdInsecure);
    QCOMPARE(saved.registries.size(), 1);
    QCOMPARE(saved.registries[0].mirror, u"http://127.0.0.1:5000"_s);
    QVERIFY(saved.registries[0].plainHttp);
    QCOMPARE(saved.freightInterval, std::chrono::seconds(120));
    QVERIFY(!saved.notifications.failed);
    // Typed secrets do not stay in the dialog once stored.
    QVERIFY(field<QLineEdit>(dialog, u"argocdToken"_s)->text().isEmpty());
}

void TestSettingsDialog::keychainRefusalKeepsTheDialogOpen() {
    auto secrets = std::make_shared<MemorySecrets>();
    secrets->refuse();
    SettingsDialog dialog(*m_settings, secrets);
    dialog.show();
    fillIn(dialog);
    dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
    QTRY_VERIFY_WITH_TIMEOUT(dialog.status()->text().contains(u"keychain locked"_s), 5000);
    QVERIFY(dialog.isVisible());
    QVERIFY(dialog.findChild<QDialogButtonBox*>()->isEnabled());
    m_settings->sync();
    QVERIFY(AppSettings::load(*m_settings).argocdServer.isEmpty());
}

void TestSettingsDialog::removedRegistryLeavesTheKeychain() {
    auto secrets = std::make_shared<MemorySecrets>();
    {
        SettingsDialog dialog(*m_settings, secrets);
        fillIn(dialog);
        QVERIFY(pressOk(dialog));
    }
    QVERIFY(secrets->read(u"registry:ghcr.io"_s));
    SettingsDialog dialog(*m_settings, secrets);
    auto* registries = field<QTableWidget>(dialog, u"registries"_s);
    QCOMPARE(registries->rowCount(), 1);
    registries->setCurrentCell(0, 0);
    for (QPushButton* button : dialog.findChildren<QPushButton*>()) {
        if (button->text() == u"&Remove")
            button->click();
    }
    QCOMPARE(registries->rowCount(), 0);
    QVERIFY(pressOk(dialog));
    QVERIFY(!secrets->read(u"registry:ghcr.io"_s));
    QVERIFY(secrets->read(u"argocd:argocd.example.com:8443"_s));
    QVERIFY(AppSettings::load(*m_settings).registries.isEmpty());
}

void TestSettingsDialog::storedTokenIsSaidNotShown() {
    auto secrets = std::make_shared<MemorySecrets>();
    QVERIFY(secrets->write(u"argocd:argocd.example.com:8443"_s, ArgoCdToken));
    m_settings->setValue(u"argocd/server"_s, u"argocd.example.com:8443"_s);
    SettingsDialog dialog(*m_settings, secrets);
    auto* token = field<QLineEdit>(dialog, u"argocdToken"_s);
    QTRY_VERIFY_WITH_TIMEOUT(token->placeholderText().contains(u"Stored in the keychain"_s), 5000);
    QVERIFY(token->text().isEmpty());
    // Nothing typed: OK keeps the stored token.
    QVERIFY(pressOk(dialog));
    QCOMPARE(secrets->read(u"argocd:argocd.example.com:8443"_s).value_or(QString()), ArgoCdToken);
}

void TestSettingsDialog::settingsApplyToLoaderOptions() {
    AppSettings settings;
    settings.identity = {u"Release Bot"_s, u"release@example.com"_s};
    settings.argocdServer = u"argocd.example.com:8443"_s;
    settings.argocdInsecure = true;
    settings.registries = {{u"docker.io"_s, {}, u"http://127.0.0.1:5000"_s, false},
                           {u"127.0.0.1:5001"_s, {}, {}, true}};
    settings.freightInterval = std::chrono::seconds(60);
    settings.argocdStatusInterval = std::chrono::seconds(20);
    settings.intervalsStored = true;
    fd::core::RepositoryLoaderOptions options;
    QVERIFY(settings.applyTo(options));

    QCOMPARE(options.argocd.server, u"argocd.example.com:8443"_s);
    QCOMPARE(options.argocd.insecure, std::optional<bool>(true));
    QVERIFY(!options.argocd.plainText);
    QVERIFY(options.argocd.authToken.isEmpty()); // resolve() reads it from the keychain
    QVERIFY(options.snapshot.git.identity);
    QCOMPARE(options.snapshot.git.identity->email, u"release@example.com"_s);
    QVERIFY(options.registries.hasMirror(u"docker.io"_s));
    QCOMPARE(options.registries.endpoint(u"docker.io"_s, u"registry-1.docker.io"_s).base,
             QUrl(u"http://127.0.0.1:5000"_s));
    QVERIFY(options.registries.isInsecure(u"127.0.0.1:5001"_s));
    QVERIFY(!options.registries.isInsecure(u"docker.io"_s));
    QCOMPARE(options.freightInterval, std::chrono::milliseconds(60000));
    QCOMPARE(options.argocdStatusInterval, std::chrono::milliseconds(20000));
}

void TestSettingsDialog::emptySettingsKeepGivenOptions() {
    fd::core::RepositoryLoaderOptions options;
    options.argocd.server = u"demo.local:8080"_s;
    options.snapshot.git.identity = fd::core::GitIdentity{u"Test"_s, u"test@example.com"_s};
    options.registries.setInsecure(u"127.0.0.1:5002"_s);
    options.freightInterval = std::chrono::seconds(30);
    QVERIFY(AppSettings{}.applyTo(options));
    // The demo's own registry and interval stay under settings that do not name them.
    QVERIFY(options.registries.isInsecure(u"127.0.0.1:5002"_s));
    QCOMPARE(options.freightInterval, std::chrono::milliseconds(30000));
    QCOMPARE(options.argocd.server, u"demo.local:8080"_s);
    QVERIFY(!options.argocd.insecure);
    QCOMPARE(options.snapshot.git.identity->name, u"Test"_s);
}

void TestSettingsDialog::badMirrorIsRefused() {
    AppSettings settings;
    settings.registries = {{u"docker.io"_s, {}, u"not a url"_s, false}};
    fd::core::RepositoryLoaderOptions options;
    const auto applied = settings.applyTo(options);
    QVERIFY(!applied);
    QVERIFY2(applied.error().message.contains(u"HOST=URL"_s), qPrintable(applied.error().message));

    SettingsDialog dialog(*m_settings, std::make_shared<MemorySecrets>());
    fillIn(dialog);
    field<QTableWidget>(dialog, u"registries"_s)->item(0, 2)->setText(u"not a url"_s);
    QSignalSpy saved(&dialog, &SettingsDialog::saved);
    dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
    // Checked before anything is stored: nothing runs off the GUI thread, so nothing to wait for.
    QVERIFY2(dialog.status()->text().contains(u"HOST=URL"_s), qPrintable(dialog.status()->text()));
    QCOMPARE(saved.count(), 0);
    QVERIFY(dialog.result() != QDialog::Accepted);
    QVERIFY(!m_settings->contains(u"argocd/server"_s));
}

void TestSettingsDialog::darkPaletteIsDarkAndSystemGoesBack() {
    const QString style = QApplication::style()->name();
    const QColor window = QApplication::palette().color(QPalette::Window);
    fd::ui::applyPalette(PaletteChoice::Dark);
    QWidget widget;
    QVERIFY2(QApplication::palette().color(QPalette::Window).lightness() < 80,
             qPrintable(QApplication::palette().color(QPalette::Window).name()));
    QVERIFY(widget.palette().color(QPalette::Window).lightness() < 80);
    QVERIFY(widget.palette().color(QPalette::WindowText).lightness() > 180);
    QVERIFY(fd::ui::isDark(widget.palette()));
    QCOMPARE(QApplication::style()->name(), u"fusion"_s);

    fd::ui::applyPalette(PaletteChoice::Light);
    QVERIFY(QApplication::palette().color(QPalette::Window).lightness() > 200);
    QVERIFY(!fd::ui::isDark(QApplication::palette()));

    fd::ui::applyPalette(PaletteChoice::System);
    QCOMPARE(QApplication::style()->name(), style);
    QCOMPARE(QApplication::palette().color(QPalette::Window), window);
}

void TestSettingsDialog::diffColoursReadOnDark() {
    QTextDocument document;
    const fd::ui::DiffHighlighter light(fd::ui::DiffHighlighter::Mode::Diff, &document, false);
    const fd::ui::DiffHighlighter dark(fd::ui::DiffHighlighter::Mode::Diff, &document, true);
    const int darkBase = fd::ui::darkPalette().color(QPalette::Base).lightness();
    const int lightBase = fd::ui::lightPalette().color(QPalette::Base).lightness();
    for (const auto& [onLight, onDark] :
         {std::pair{light.added(), dark.added()}, std::pair{light.removed(), dark.removed()},
          std::pair{light.hunk(), dark.hunk()}, std::pair{light.key(), dark.key()},
          std::pair{light.comment(), dark.comment()}}) {
        QVERIFY(onDark.foreground().color().lightness() - darkBase > 80);
        QVERIFY(lightBase - onLight.foreground().color().lightness() > 80);
    }
}

void TestSettingsDialog::mainWindowAppliesSavedSettings() {
    fd::ui::MainWindow window(*m_settings, m_fixture.options());
    auto secrets = std::make_shared<MemorySecrets>();
    window.setSecretStore(secrets);
    QAction* action = nullptr;
    for (QAction* each : window.menuBar()->actions().constFirst()->menu()->actions()) {
        if (each->menuRole() == QAction::PreferencesRole)
            action = each;
    }
    QVERIFY(action);
    QVERIFY(action->shortcuts().contains(QKeySequence(Qt::CTRL | Qt::Key_Comma)));

    SettingsDialog* dialog = window.showSettings();
    QVERIFY(dialog->isVisible());
    fillIn(*dialog);
    field<QComboBox>(*dialog, u"palette"_s)->setCurrentText(u"Dark"_s);
    QVERIFY(pressOk(*dialog));
    QCOMPARE(window.options().argocd.server, u"argocd.example.com:8443"_s);
    QCOMPARE(window.options().snapshot.git.identity->name, u"Release Bot"_s);
    QCOMPARE(window.options().freightInterval, std::chrono::milliseconds(120000));
    QCOMPARE(AppSettings::load(*m_settings).palette, PaletteChoice::Dark);
    QVERIFY(fd::ui::isDark(QApplication::palette()));
    QTRY_VERIFY_WITH_TIMEOUT(fd::ui::isDark(window.palette()), 5000);
    QVERIFY(secrets->read(u"argocd:argocd.example.com:8443"_s));
    fd::ui::applyPalette(PaletteChoice::System);
}

void TestSettingsDialog::notificationsOffShowNoMessage() {
    auto state = m_fixture.load();
    QVERIFY(state);
    fd::ui::PromotionDesk desk(m_fixture.url(), m_fixture.options().snapshot.git);
    fd::ui::PromotionTaskList tasks;
    tasks.setNotifications({false, true, true});
    tasks.track(&desk);
    QSignalSpy notified(&tasks, &fd::ui::PromotionTaskList::notified);
    QSignalSpy submitted(&desk, &fd::ui::PromotionDesk::runSubmitted);
    QSignalSpy ended(&desk, &fd::ui::PromotionDesk::runEnded);
    std::optional<fd::core::Result<fd::core::PromotionReview>> review;
    desk.review(*state, u"guestbook-dev"_s, freightOf(*state, u"1.5.0"_s), this,
                [&review](fd::core::Result<fd::core::PromotionReview> result) {
                    review = std::move(result);
                });
    QTRY_VERIFY_WITH_TIMEOUT(review.has_value(), Timeout);
    QVERIFY2(*review, qPrintable(*review ? QString() : review->error().toString()));
    desk.promote(**review, u"Ship guestbook 1.5.0 to dev"_s);
    QVERIFY(ended.count() == 1 || ended.wait(Timeout));
    auto* run = submitted.at(0).at(0).value<fd::core::PromotionRun*>();
    QCOMPARE(run->state(), fd::core::PromotionRun::State::Succeeded);
    QTRY_VERIFY_WITH_TIMEOUT(tasks.buttons().isEmpty(), Timeout);
    QCOMPARE(notified.count(), 0);
}

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"

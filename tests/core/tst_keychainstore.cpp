// The OS keychain as a credential source, against a real Secret Service: a private D-Bus session
// bus with gnome-keyring-daemon on it, both started here (skipped where they are not installed).
// The developer's own bus and keyring are never touched.

#include "awaitresult.h"
#include "dockerregistry.h"
#include "githttpserver.h"
#include "gitrepository.h"
#include "keychainstore.h"
#include "registryclient.h"
#include "testrepos.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/prctl.h>

#include <memory>

using namespace fd::core;
using namespace fd::testsupport;

namespace {

std::unique_ptr<QProcess> startDaemon(const QString& program, const QStringList& arguments) {
    auto process = std::make_unique<QProcess>();
    process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    process->start(program, arguments);
    return process;
}

void stopDaemon(std::unique_ptr<QProcess>& process) {
    if (!process)
        return;
    process->terminate();
    if (!process->waitForFinished(3000)) {
        process->kill();
        process->waitForFinished(3000);
    }
    process.reset();
}

} // namespace

class TestKeychainStore final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_root;
    std::unique_ptr<QProcess> m_bus;
    std::unique_ptr<QProcess> m_keyring;
    GitHttpServer m_server;
    QString m_repository;

    bool secretServiceIsUp() const {
        QProcess query;
        query.start(QStringLiteral("dbus-send"),
                    {QStringLiteral("--session"), QStringLiteral("--print-reply"),
                     QStringLiteral("--dest=org.freedesktop.DBus"),
                     QStringLiteral("/org/freedesktop/DBus"),
                     QStringLiteral("org.freedesktop.DBus.NameHasOwner"),
                     QStringLiteral("string:org.freedesktop.secrets")});
        return query.waitForFinished(2000) &&
               query.readAllStandardOutput().contains("boolean true");
    }

    QString keychainKey() const {
        return KeychainStore::gitKey(QStringLiteral("http"),
                                     QStringLiteral("127.0.0.1:%1").arg(m_server.port()));
    }

    GitRepositoryOptions keychainOnly() const {
        GitRepositoryOptions options;
        options.cacheDirectory = m_root.filePath(QStringLiteral("mirrors"));
        options.useCredentialHelpers = false;
        return options;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_root.isValid());
        TestRepos::isolateEnvironment(m_root.filePath(QStringLiteral("env")));
        for (const char* tool : {"dbus-daemon", "dbus-send", "gnome-keyring-daemon"}) {
            if (QStandardPaths::findExecutable(QString::fromLatin1(tool)).isEmpty())
                QSKIP(qPrintable(
                    QStringLiteral("%1 is not installed").arg(QString::fromLatin1(tool))));
        }
        const QString runtime = m_root.filePath(QStringLiteral("runtime"));
        QVERIFY(QDir().mkpath(runtime));
        QVERIFY(QFile::setPermissions(runtime, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                   QFileDevice::ExeOwner));
        qputenv("XDG_RUNTIME_DIR", QFile::encodeName(runtime));

        const QString address = QStringLiteral("unix:path=%1/bus").arg(runtime);
        m_bus = startDaemon(QStringLiteral("dbus-daemon"),
                            {QStringLiteral("--session"), QStringLiteral("--nofork"),
                             QStringLiteral("--address=") + address});
        QVERIFY(m_bus->waitForStarted(5000));
        QVERIFY(QTest::qWaitFor([&] { return QFile::exists(runtime + QStringLiteral("/bus")); },
                                10000));
        qputenv("DBUS_SESSION_BUS_ADDRESS", address.toUtf8());

        m_keyring =
            startDaemon(QStringLiteral("gnome-keyring-daemon"),
                        {QStringLiteral("--foreground"), QStringLiteral("--components=secrets"),
                         QStringLiteral("--unlock")});
        QVERIFY(m_keyring->waitForStarted(5000));
        m_keyring->write("test-keyring-password"); // --unlock reads it from stdin
        m_keyring->closeWriteChannel();
        QVERIFY2(QTest::qWaitFor([&] { return secretServiceIsUp(); }, 15000),
                 "the Secret Service did not appear");

        const auto started = m_server.start();
        QVERIFY2(started, started ? "" : qPrintable(started.error().toString()));
        m_repository = QStringLiteral("keychain.git");
        const auto created = TestRepos::createBare(m_server.projectRoot() + u'/' + m_repository,
                                                   {{QStringLiteral("values.yaml"), "a: 1\n"}});
        QVERIFY2(created, created ? "" : qPrintable(created.error().toString()));
    }

    void cleanupTestCase() {
        m_server.stop();
        stopDaemon(m_keyring);
        stopDaemon(m_bus);
    }

    void cleanup() {
        if (!KeychainStore::remove(keychainKey()))
            qWarning("could not remove the test secret");
    }

    void storesReadsAndRemovesSecrets() {
        const QString key = QStringLiteral("git:https://round-trip.example");
        QVERIFY(!KeychainStore::read(key));
        const auto written = KeychainStore::write(key, QStringLiteral("bob:t0ken"));
        QVERIFY2(written, written ? "" : qPrintable(written.error().toString()));
        QCOMPARE(KeychainStore::read(key).value_or(QString()), QStringLiteral("bob:t0ken"));
        QVERIFY(KeychainStore::remove(key));
        QVERIFY(!KeychainStore::read(key));
        QVERIFY(KeychainStore::remove(key)); // removing what is not there is fine
    }

    void fetchesWithCredentialsFromTheKeychain() {
        const auto account = m_server.accounts().first();
        QVERIFY(KeychainStore::write(keychainKey(), account.user + u':' + account.password));
        const auto opened = GitRepository::open(m_server.url(m_repository), keychainOnly());
        QVERIFY(opened);
        const auto fetched = (*opened)->fetch(QStringLiteral("main"));
        QVERIFY2(fetched, fetched ? "" : qPrintable(fetched.error().toString()));
        QCOMPARE(m_server.requests().last().user, account.user);
    }

    void refusedKeychainCredentialsFailFast() {
        const QString wrong = QStringLiteral("stale-token-123");
        QVERIFY(
            KeychainStore::write(keychainKey(), m_server.accounts().first().user + u':' + wrong));
        const auto opened = GitRepository::open(m_server.url(m_repository), keychainOnly());
        QVERIFY(opened);
        const qsizetype before = m_server.requests().size();
        QElapsedTimer timer;
        timer.start();
        const auto fetched = (*opened)->fetch(QStringLiteral("main"));
        QVERIFY(timer.elapsed() < 5000);
        QVERIFY(!fetched);
        QCOMPARE(fetched.error().kind, Error::Kind::Authentication);
        QVERIFY2(fetched.error().message.contains(
                     QStringLiteral("as 'alice' (credentials from the keychain)")),
                 qPrintable(fetched.error().message));
        QVERIFY(!fetched.error().toString().contains(wrong));
        QVERIFY(m_server.requests().size() - before <= 3);
        // The engine reads the keychain but never edits it: the user decides what to store.
        QCOMPARE(KeychainStore::read(keychainKey()).value_or(QString()),
                 QStringLiteral("alice:") + wrong);
    }

    void fallsBackToTheNextSourceWhenTheKeychainIsRefused() {
        QVERIFY(KeychainStore::write(keychainKey(), QStringLiteral("alice:stale-token")));
        const auto account = m_server.accounts().first();
        const QString store = m_root.filePath(QStringLiteral("store"));
        QFile file(store);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            m_server.urlWithCredentials({}, account.user, account.password).toUtf8().chopped(1) +
            '\n');
        file.close();
        QVERIFY(TestRepos::writeGlobalConfig(
            QStringLiteral("[credential]\n\thelper = store --file=%1\n").arg(store)));
        GitRepositoryOptions options = keychainOnly();
        options.useCredentialHelpers = true;
        const auto opened = GitRepository::open(m_server.url(m_repository), options);
        QVERIFY(opened);
        const auto fetched = (*opened)->fetch(QStringLiteral("main"));
        QVERIFY2(fetched, fetched ? "" : qPrintable(fetched.error().toString()));
        TestRepos::writeGlobalConfig({});
    }

    void registryCredentialFromTheKeychain() {
        if (DockerRegistry::program().isEmpty())
            QSKIP("docker-registry is not installed (apt-get install docker-registry)");
        DockerRegistry registry(QList<DockerRegistry::Account>{
            {QStringLiteral("alice"), QStringLiteral("k3ychain-pw")}});
        const auto started = registry.start();
        QVERIFY2(started, started ? "" : qPrintable(started.error().toString()));
        const QString key = RegistryCredentials::keychainKey(registry.host());
        QVERIFY(KeychainStore::write(key, QStringLiteral("alice:k3ychain-pw")));

        RegistryClientOptions options;
        options.overrides.setInsecure(registry.host());
        options.credentials.readKeychain = [](const QString& key) {
            return KeychainStore::read(key);
        };
        QNetworkAccessManager network;
        RegistryClient client(&network, std::move(options));
        const auto image = ImageReference::parse(registry.host() + QStringLiteral("/team/app"));
        QVERIFY(image);
        const auto tags =
            awaitResult<QStringList>([&](auto done) { client.listTags(*image, nullptr, done); });
        QVERIFY(KeychainStore::remove(key));
        // Authenticated: the registry says the repository does not exist, not who are you.
        QVERIFY(!tags);
        QCOMPARE(tags.error().kind, Error::Kind::NotFound);
        QCOMPARE(client.requestCount(), 2);
        QVERIFY(!tags.error().toString().contains(QStringLiteral("k3ychain-pw")));
    }
};

QTEST_GUILESS_MAIN(TestKeychainStore)
#include "tst_keychainstore.moc"

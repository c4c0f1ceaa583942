// ArgoCdConnection: the server and credentials from explicit options, the environment, the
// argocd CLI's config file and the keychain, in that order; ArgoCdLocalConfig reads the file.

#include "argocdconnection.h"
#include "argocdlocalconfig.h"
#include "testrepos.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace fd::core;
using namespace Qt::Literals::StringLiterals;

namespace {

// As `argocd login argocd.example.com:8443 --insecure --grpc-web-root-path /argocd` writes it.
const QByteArray cliConfig = "contexts:\n"
                             "- name: prod\n"
                             "  server: argocd.example.com:8443\n"
                             "  user: prod-user\n"
                             "- name: dev\n"
                             "  server: dev.example.com\n"
                             "  user: dev.example.com\n"
                             "current-context: prod\n"
                             "prompts-enabled: false\n"
                             "servers:\n"
                             "- grpc-web-root-path: /argocd\n"
                             "  insecure: true\n"
                             "  server: argocd.example.com:8443\n"
                             "- grpc-web-root-path: \"\"\n"
                             "  plain-text: true\n"
                             "  server: dev.example.com\n"
                             "users:\n"
                             "- auth-token: token-from-config\n"
                             "  name: prod-user\n"
                             "  refresh-token: refresh\n"
                             "- auth-token: dev-token\n"
                             "  name: dev.example.com\n";

bool writeFile(const QString& path, const QByteArray& bytes) {
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

ArgoCdConnection::KeychainLookup noKeychain() {
    return [](const QString&) { return std::optional<QString>(); };
}

} // namespace

class TestArgoCdConnection final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_root;
    QProcessEnvironment m_environment;

    QString configPath() const { return m_root.filePath(u"home/.config/argocd/config"_s); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_root.isValid());
        fd::testsupport::TestRepos::isolateEnvironment(m_root.filePath(u"home"_s));
    }

    void init() {
        QFile::remove(configPath());
        m_environment = QProcessEnvironment();
        m_environment.insert(u"HOME"_s, m_root.filePath(u"home"_s));
    }

    void configPathLikeTheCli() {
        QProcessEnvironment environment;
        const QString home = m_root.filePath(u"elsewhere"_s);
        environment.insert(u"HOME"_s, home);
        QCOMPARE(ArgoCdLocalConfig::defaultPath(environment), home + u"/.config/argocd/config"_s);
        environment.insert(u"XDG_CONFIG_HOME"_s, u"/xdg"_s);
        QCOMPARE(ArgoCdLocalConfig::defaultPath(environment), u"/xdg/argocd/config"_s);
        QVERIFY(QDir().mkpath(home + u"/.argocd"_s)); // the legacy folder wins when it exists
        QCOMPARE(ArgoCdLocalConfig::defaultPath(environment), home + u"/.argocd/config"_s);
        environment.insert(u"ARGOCD_CONFIG_DIR"_s, u"/explicit"_s);
        QCOMPARE(ArgoCdLocalConfig::defaultPath(environment), u"/explicit/config"_s);
    }

    void readsTheCurrentContext() {
        QVERIFY(writeFile(configPath(), cliConfig));
        const auto context = ArgoCdLocalConfig::read(configPath());
        QVERIFY2(context, qPrintable(context ? QString() : context.error().toString()));
        QVERIFY(context->has_value());
        QCOMPARE((*context)->contextName, u"prod"_s);
        QCOMPARE((*context)->server, u"argocd.example.com:8443"_s);
        QCOMPARE((*context)->authToken, u"token-from-config"_s);
        QVERIFY((*context)->insecure);
        QVERIFY(!(*context)->plainText);
        QCOMPARE((*context)->rootPath, u"/argocd"_s);
    }

    void missingOrBrokenConfig() {
        const auto missing = ArgoCdLocalConfig::read(m_root.filePath(u"nothing"_s));
        QVERIFY(missing && !missing->has_value());
        QVERIFY(writeFile(configPath(), "current-context: gone\ncontexts: []\n"));
        const auto broken = ArgoCdLocalConfig::read(configPath());
        QVERIFY(!broken);
        QVERIFY2(broken.error().message.contains(u"argocd login"_s),
                 qPrintable(broken.error().message));
        QCOMPARE(broken.error().location, configPath());
    }

    void serverUrls_data() {
        QTest::addColumn<QString>("address");
        QTest::addColumn<bool>("plainText");
        QTest::addColumn<QString>("rootPath");
        QTest::addColumn<QString>("url");
        QTest::newRow("host") << u"argocd.example.com"_s << false << QString()
                              << u"https://argocd.example.com"_s;
        QTest::newRow("host:port") << u"argocd.example.com:8443"_s << false << QString()
                                   << u"https://argocd.example.com:8443"_s;
        QTest::newRow("plain text")
            << u"localhost:8080"_s << true << QString() << u"http://localhost:8080"_s;
        QTest::newRow("root path")
            << u"host"_s << false << u"/argocd/"_s << u"https://host/argocd"_s;
        QTest::newRow("URL with path")
            << u"https://host/argocd/"_s << false << QString() << u"https://host/argocd"_s;
        QTest::newRow("not an address") << u"https://"_s << false << QString() << QString();
        QTest::newRow("other scheme") << u"ftp://host"_s << false << QString() << QString();
    }

    void serverUrls() {
        QFETCH(QString, address);
        QFETCH(bool, plainText);
        QFETCH(QString, rootPath);
        QFETCH(QString, url);
        const auto parsed = ArgoCdConnection::serverUrl(address, plainText, rootPath);
        QCOMPARE(parsed ? parsed->toString() : QString(), url);
    }

    void fromTheCliConfig() {
        QVERIFY(writeFile(configPath(), cliConfig));
        const auto connection = ArgoCdConnection::resolve({}, m_environment, noKeychain());
        QVERIFY2(connection, qPrintable(connection ? QString() : connection.error().toString()));
        QCOMPARE(connection->server.toString(), u"https://argocd.example.com:8443/argocd"_s);
        QCOMPARE(connection->authToken, u"token-from-config"_s);
        QVERIFY(connection->insecure);
        QCOMPARE(connection->origin, configPath());
        QCOMPARE(connection->displayName(), u"argocd.example.com:8443/argocd"_s);
    }

    void environmentOverConfig() {
        QVERIFY(writeFile(configPath(), cliConfig));
        m_environment.insert(u"ARGOCD_SERVER"_s, u"other.example.com"_s);
        auto connection = ArgoCdConnection::resolve({}, m_environment, noKeychain());
        QVERIFY(connection);
        QCOMPARE(connection->server.toString(), u"https://other.example.com"_s);
        QCOMPARE(connection->origin, u"ARGOCD_SERVER"_s);
        // The config's token and --insecure belong to its own server.
        QVERIFY(connection->authToken.isEmpty());
        QVERIFY(!connection->insecure);

        m_environment.insert(u"ARGOCD_AUTH_TOKEN"_s, u"env-token"_s);
        connection = ArgoCdConnection::resolve({}, m_environment, noKeychain());
        QCOMPARE(connection->authToken, u"env-token"_s);
    }

    void environmentNamingTheConfigsServer() {
        QVERIFY(writeFile(configPath(), cliConfig));
        m_environment.insert(u"ARGOCD_SERVER"_s, u"dev.example.com"_s);
        auto connection = ArgoCdConnection::resolve({}, m_environment, noKeychain());
        QVERIFY(connection);
        QCOMPARE(connection->server.toString(), u"http://dev.example.com"_s); // plain-text
        QCOMPARE(connection->authToken, u"dev-token"_s);
        // The server entry's root path and insecure come with it.
        m_environment.insert(u"ARGOCD_SERVER"_s, u"argocd.example.com:8443"_s);
        connection = ArgoCdConnection::resolve({}, m_environment, noKeychain());
        QCOMPARE(connection->server.toString(), u"https://argocd.example.com:8443/argocd"_s);
        QVERIFY(connection->insecure);
        QCOMPARE(connection->authToken, u"token-from-config"_s);
    }

    void explicitOverEnvironment() {
        QVERIFY(writeFile(configPath(), cliConfig));
        m_environment.insert(u"ARGOCD_SERVER"_s, u"other.example.com"_s);
        m_environment.insert(u"ARGOCD_AUTH_TOKEN"_s, u"env-token"_s);
        m_environment.insert(u"ARGOCD_OPTS"_s, u"--insecure --grpc-web"_s); // not read
        ArgoCdConnectionOptions options;
        options.server = u"explicit.example.com"_s;
        options.authToken = u"explicit-token"_s;
        auto connection = ArgoCdConnection::resolve(options, m_environment, noKeychain());
        QVERIFY(connection);
        QCOMPARE(connection->server.host(), u"explicit.example.com"_s);
        QCOMPARE(connection->authToken, u"explicit-token"_s);
        QCOMPARE(connection->origin, u"the command line"_s);
        QVERIFY(!connection->insecure);
        options.insecure = true;
        connection = ArgoCdConnection::resolve(options, m_environment, noKeychain());
        QVERIFY(connection->insecure);
    }

    void keychainLast() {
        m_environment.insert(u"ARGOCD_SERVER"_s, u"argocd.example.com"_s);
        QStringList asked;
        const auto keychain = [&](const QString& key) {
            asked.append(key);
            return std::optional<QString>(
                u"{\"token\":\"keychain-token\",\"username\":\"alice\",\"password\":\"pw\"}"_s);
        };
        auto connection = ArgoCdConnection::resolve({}, m_environment, keychain);
        QVERIFY(connection);
        QCOMPARE(asked, QStringList{u"argocd:argocd.example.com"_s});
        QCOMPARE(connection->authToken, u"keychain-token"_s);
        QCOMPARE(connection->username, u"alice"_s);
        QCOMPARE(connection->password, u"pw"_s);

        m_environment.insert(u"ARGOCD_AUTH_TOKEN"_s, u"env-token"_s);
        connection = ArgoCdConnection::resolve({}, m_environment, keychain);
        QCOMPARE(connection->authToken, u"env-token"_s);
        QCOMPARE(connection->username, u"alice"_s); // still there for a new session

        const auto plain = ArgoCdConnection::resolve(
            {}, m_environment, [](const QString&) { return std::optional<QString>(u"tok"_s); });
        QCOMPARE(plain->authToken, u"env-token"_s);
    }

    void keychainTokenAlone() {
        m_environment.insert(u"ARGOCD_SERVER"_s, u"https://host/argocd"_s);
        const auto connection =
            ArgoCdConnection::resolve({}, m_environment, [](const QString& key) {
                return key == u"argocd:host/argocd" ? std::optional<QString>(u"tok\n"_s)
                                                    : std::nullopt;
            });
        QVERIFY(connection);
        QCOMPARE(connection->authToken, u"tok"_s);
    }

    void nothingConfigured() {
        const auto connection = ArgoCdConnection::resolve({}, m_environment, noKeychain());
        QVERIFY(!connection);
        QCOMPARE(connection.error().kind, Error::Kind::InvalidInput);
        QVERIFY(connection.error().message.contains(u"argocd login"_s));
    }

    void systemEnvironmentAfterArgocdLogin() {
        // isolateEnvironment() pointed HOME here: a user who ran `argocd login` is connected.
        QVERIFY(writeFile(ArgoCdLocalConfig::defaultPath(QProcessEnvironment::systemEnvironment()),
                          cliConfig));
        qunsetenv("ARGOCD_SERVER");
        qunsetenv("ARGOCD_AUTH_TOKEN");
        const auto connection = ArgoCdConnection::resolve();
        QVERIFY2(connection, qPrintable(connection ? QString() : connection.error().toString()));
        QCOMPARE(connection->authToken, u"token-from-config"_s);
    }
};

QTEST_GUILESS_MAIN(TestArgoCdConnection)
#include "tst_argocdconnection.moc"

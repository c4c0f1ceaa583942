// Where registry credentials come from: Docker's config.json (auths, credHelpers, credsStore),
// Podman's auth.json, Freightdesk's keychain entries; helpers are real programs on PATH.

#include "registrycredentials.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace fd::core;

namespace {

const QString hubSecret = QStringLiteral("hub-s3cret");
const QString helperSecret = QStringLiteral("helper-s3cret");

} // namespace

class TestRegistryCredentials final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void dockerHubAuths();
    void mostSpecificEntry();
    void firstFileWins();
    void keychainFirst();
    void credentialHelper();
    void credsStoreForEveryRegistry();
    void missingHelper();
    void hangingHelper();
    void identityTokenAndBrokenFile();
    void nothingFound();

private:
    RegistryCredentialLookup
    lookup(const QStringList& files, const QString& host,
           const QString& repository = QStringLiteral("team/app"),
           std::function<std::optional<QString>(const QString&)> keychain = {},
           std::chrono::milliseconds helperTimeout = std::chrono::seconds(10));
    QString writeFile(const QString& name, const QByteArray& text);
    static QByteArray basic(const QString& user, const QString& secret) {
        return (user + QLatin1Char(':') + secret).toUtf8().toBase64();
    }

    QTemporaryDir m_directory;
};

void TestRegistryCredentials::initTestCase() {
    QVERIFY(m_directory.isValid());
    // Helpers: one that knows registry.example.com and Docker Hub, one that never answers.
    const QString bin = m_directory.filePath(QStringLiteral("bin"));
    QVERIFY(QDir().mkpath(bin));
    const QString log = m_directory.filePath(QStringLiteral("helper.log"));
    const QByteArray knowing =
        "#!/bin/sh\n"
        "[ \"$1\" = get ] || exit 2\n"
        "read -r server\n"
        "echo \"$server\" >> '" +
        log.toUtf8() +
        "'\n"
        "case \"$server\" in\n"
        "  registry.example.com|https://index.docker.io/v1/)\n"
        "    printf '{\"ServerURL\":\"%s\",\"Username\":\"helped\",\"Secret\":\"" +
        helperSecret.toUtf8() +
        "\"}' \"$server\" ;;\n"
        "  *) echo 'credentials not found in native keychain'; exit 1 ;;\n"
        "esac\n";
    for (const auto& [name, script] :
         {std::pair{QStringLiteral("docker-credential-fdtest"), knowing},
          std::pair{QStringLiteral("docker-credential-fdhang"),
                    QByteArray("#!/bin/sh\nexec sleep 30\n")}}) {
        QFile file(bin + QLatin1Char('/') + name);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(script);
        file.close();
        QVERIFY(file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    }
    qputenv("PATH", bin.toLocal8Bit() + ':' + qgetenv("PATH"));
}

QString TestRegistryCredentials::writeFile(const QString& name, const QByteArray& text) {
    const QString path = m_directory.filePath(name);
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    file.write(text);
    return path;
}

RegistryCredentialLookup
TestRegistryCredentials::lookup(const QStringList& files, const QString& host,
                                const QString& repository,
                                std::function<std::optional<QString>(const QString&)> keychain,
                                std::chrono::milliseconds helperTimeout) {
    RegistryCredentialSources sources;
    sources.authFiles = files;
    sources.readKeychain = std::move(keychain);
    sources.helperTimeout = helperTimeout;
    std::optional<RegistryCredentialLookup> result;
    RegistryCredentials::lookup(sources, host, repository, this,
                                [&](RegistryCredentialLookup found) { result = found; });
    // Always asynchronous, even when only files are read.
    if (result)
        qFatal("the lookup answered synchronously");
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 20000))
        qFatal("the lookup never answered");
    for (const QString& note : result->notes) {
        if (note.contains(hubSecret) || note.contains(helperSecret))
            qFatal("a secret in a note: %s", qPrintable(note));
    }
    return *result;
}

void TestRegistryCredentials::dockerHubAuths() {
    const QString config = writeFile(QStringLiteral("hub/config.json"),
                                     R"({"auths":{"https://index.docker.io/v1/":{"auth":")" +
                                         basic(QStringLiteral("hubuser"), hubSecret) + R"("}}})");
    for (const QString& host :
         {QStringLiteral("docker.io"), QStringLiteral("registry-1.docker.io")}) {
        const auto found = lookup({config}, host);
        QVERIFY(found.credential);
        QCOMPARE(found.credential->userName, QStringLiteral("hubuser"));
        QCOMPARE(found.credential->secret, hubSecret);
        QVERIFY(found.credential->source.endsWith(QStringLiteral("hub/config.json")));
    }
    QVERIFY(!lookup({config}, QStringLiteral("ghcr.io")).credential);
}

void TestRegistryCredentials::mostSpecificEntry() {
    const QString auth = writeFile(
        QStringLiteral("ns/auth.json"),
        R"({"auths":{"registry.example.com":{"auth":")" +
            basic(QStringLiteral("wide"), QStringLiteral("w")) +
            R"("},"registry.example.com/team":{"auth":")" +
            basic(QStringLiteral("team"), QStringLiteral("t")) +
            R"("},"registry.example.com/other":{"auth":")" +
            basic(QStringLiteral("other"), QStringLiteral("o")) +
            R"("},"https://registry.example.com:5000/v2/":{"username":"port","password":"p"}}})");
    QCOMPARE(lookup({auth}, QStringLiteral("registry.example.com"), QStringLiteral("team/app"))
                 .credential->userName,
             QStringLiteral("team"));
    QCOMPARE(lookup({auth}, QStringLiteral("registry.example.com"), QStringLiteral("teamx/app"))
                 .credential->userName,
             QStringLiteral("wide"));
    QCOMPARE(lookup({auth}, QStringLiteral("registry.example.com:5000")).credential->userName,
             QStringLiteral("port"));
}

void TestRegistryCredentials::firstFileWins() {
    const QString podman =
        writeFile(QStringLiteral("first/auth.json"),
                  R"({"auths":{"ghcr.io":{"auth":")" +
                      basic(QStringLiteral("podman"), QStringLiteral("p")) + R"("}}})");
    const QString docker =
        writeFile(QStringLiteral("second/config.json"),
                  R"({"auths":{"ghcr.io":{"auth":")" +
                      basic(QStringLiteral("docker"), QStringLiteral("d")) + R"("}}})");
    const QString missing = m_directory.filePath(QStringLiteral("nowhere/auth.json"));
    QCOMPARE(lookup({missing, podman, docker}, QStringLiteral("ghcr.io")).credential->userName,
             QStringLiteral("podman"));
    QCOMPARE(lookup({docker, podman}, QStringLiteral("ghcr.io")).credential->userName,
             QStringLiteral("docker"));
}

void TestRegistryCredentials::keychainFirst() {
    const QString docker =
        writeFile(QStringLiteral("kc/config.json"),
                  R"({"auths":{"ghcr.io":{"auth":")" +
                      basic(QStringLiteral("docker"), QStringLiteral("d")) + R"("}}})");
    QStringList asked;
    const auto found = lookup({docker}, QStringLiteral("ghcr.io"), QStringLiteral("a/b"),
                              [&](const QString& key) -> std::optional<QString> {
                                  asked.append(key);
                                  return QStringLiteral("kcuser:kc:secret");
                              });
    QCOMPARE(asked, QStringList{QStringLiteral("registry:ghcr.io")});
    QCOMPARE(found.credential->userName, QStringLiteral("kcuser"));
    QCOMPARE(found.credential->secret, QStringLiteral("kc:secret"));
    QVERIFY(found.credential->source.contains(QStringLiteral("keychain")));
    QCOMPARE(RegistryCredentials::keychainKey(QStringLiteral("registry-1.docker.io")),
             QStringLiteral("registry:docker.io"));
}

void TestRegistryCredentials::credentialHelper() {
    // credHelpers beats the file's own auths entry, as in Docker.
    const QString config = writeFile(
        QStringLiteral("helpers/config.json"),
        R"({"credHelpers":{"registry.example.com":"fdtest"},"auths":{"registry.example.com":{"auth":")" +
            basic(QStringLiteral("file"), QStringLiteral("f")) + R"("}}})");
    const auto found = lookup({config}, QStringLiteral("registry.example.com"));
    QVERIFY(found.credential);
    QCOMPARE(found.credential->userName, QStringLiteral("helped"));
    QCOMPARE(found.credential->secret, helperSecret);
    QCOMPARE(found.credential->source, QStringLiteral("docker-credential-fdtest"));
}

void TestRegistryCredentials::credsStoreForEveryRegistry() {
    const QString config =
        writeFile(QStringLiteral("store/config.json"),
                  R"({"credsStore":"fdtest","auths":{"https://index.docker.io/v1/":{}}})");
    const auto hub = lookup({config}, QStringLiteral("docker.io"));
    QVERIFY(hub.credential);
    QCOMPARE(hub.credential->userName, QStringLiteral("helped"));
    QFile log(m_directory.filePath(QStringLiteral("helper.log")));
    QVERIFY(log.open(QIODevice::ReadOnly));
    QVERIFY(log.readAll().contains("https://index.docker.io/v1/\n"));

    // The helper knows nothing for this one: a note, no credential.
    const auto other = lookup({config}, QStringLiteral("quay.io"));
    QVERIFY(!other.credential);
    QVERIFY2(other.notes.join(u'|').contains(
                 QStringLiteral("docker-credential-fdtest knows nothing for quay.io")),
             qPrintable(other.notes.join(u'|')));
}

void TestRegistryCredentials::missingHelper() {
    const QString config = writeFile(QStringLiteral("missing/config.json"),
                                     R"({"credsStore":"not-installed-anywhere"})");
    const QString fallback =
        writeFile(QStringLiteral("missing/auth.json"),
                  R"({"auths":{"quay.io":{"auth":")" +
                      basic(QStringLiteral("later"), QStringLiteral("l")) + R"("}}})");
    const auto found = lookup({config, fallback}, QStringLiteral("quay.io"));
    QVERIFY(found.credential);
    QCOMPARE(found.credential->userName, QStringLiteral("later"));
    QVERIFY(found.notes.join(u'|').contains(
        QStringLiteral("docker-credential-not-installed-anywhere is not installed")));
}

void TestRegistryCredentials::hangingHelper() {
    const QString config =
        writeFile(QStringLiteral("hang/config.json"), R"({"credsStore":"fdhang"})");
    QElapsedTimer timer;
    timer.start();
    const auto found =
        lookup({config}, QStringLiteral("quay.io"), {}, {}, std::chrono::milliseconds(300));
    QVERIFY(timer.elapsed() < 5000);
    QVERIFY(!found.credential);
    QVERIFY2(
        found.notes.join(u'|').contains(QStringLiteral("docker-credential-fdhang did not answer")),
        qPrintable(found.notes.join(u'|')));
}

void TestRegistryCredentials::identityTokenAndBrokenFile() {
    const QString token = writeFile(QStringLiteral("token/config.json"),
                                    R"({"auths":{"ghcr.io":{"identitytoken":"refresh-s3cret"}}})");
    const QString broken = writeFile(QStringLiteral("broken/auth.json"), "{\"auths\": ");
    const auto found = lookup({broken, token}, QStringLiteral("ghcr.io"));
    QVERIFY(!found.credential);
    const QString notes = found.notes.join(u'|');
    QVERIFY2(notes.contains(QStringLiteral("broken/auth.json is not JSON")), qPrintable(notes));
    QVERIFY2(notes.contains(QStringLiteral("identity token")), qPrintable(notes));
    QVERIFY(!notes.contains(QStringLiteral("refresh-s3cret")));
}

void TestRegistryCredentials::nothingFound() {
    const QString config = writeFile(QStringLiteral("none/config.json"), R"({"auths":{}})");
    const auto found = lookup({config}, QStringLiteral("ghcr.io"), QStringLiteral("a/b"),
                              [](const QString&) { return std::optional<QString>(); });
    QVERIFY(!found.credential);
    QCOMPARE(found.notes,
             (QStringList{QStringLiteral("nothing in the keychain under registry:ghcr.io"),
                          QStringLiteral("nothing for ghcr.io in %1").arg(config)}));
}

QTEST_GUILESS_MAIN(TestRegistryCredentials)
#include "tst_registrycredentials.moc"

// Units of the Git engine below GitRepository: remote URLs, the order of credential sources,
// Git's credential helpers and SSH key files.

#include "gitcredentialhelper.h"
#include "gitcredentials.h"
#include "remoteurl.h"
#include "sshkeyfile.h"
#include "testrepos.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace fd::core;
using namespace fd::testsupport;

namespace {

/** Backends that answer from fixed values and record what the session told the helpers. */
struct FakeBackends final {
    std::optional<QString> keychain;
    std::optional<GitCredentialHelper::Credential> helper;
    bool agent = false;
    QStringList keychainKeys;
    QList<GitCredentialHelper::Target> helperQueries;
    QStringList approved;
    QStringList rejected;

    CredentialBackends backends() {
        CredentialBackends result;
        result.readKeychain = [this](const QString& key) {
            keychainKeys.append(key);
            return keychain;
        };
        result.fillFromHelper = [this](const GitCredentialHelper::Target& target) {
            helperQueries.append(target);
            return helper;
        };
        result.approveWithHelper = [this](const GitCredentialHelper::Target&,
                                          const GitCredentialHelper::Credential& credential) {
            approved.append(credential.userName + u':' + credential.password);
        };
        result.rejectWithHelper = [this](const GitCredentialHelper::Target&,
                                         const GitCredentialHelper::Credential& credential) {
            rejected.append(credential.userName + u':' + credential.password);
        };
        result.sshAgentAvailable = [this] { return agent; };
        return result;
    }
};

RemoteUrl parsed(const QString& text) {
    auto url = RemoteUrl::parse(text);
    if (!url)
        qFatal("%s", qPrintable(url.error().toString()));
    return *url;
}

GitRepositoryOptions noSources() {
    GitRepositoryOptions options;
    options.useKeychain = false;
    options.useCredentialHelpers = false;
    options.useSshAgent = false;
    return options;
}

constexpr unsigned userPassword = CredentialSession::UserPassword;
constexpr unsigned sshKey = CredentialSession::SshKey;

} // namespace

class TestGitCredentials final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_root;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_root.isValid());
        TestRepos::isolateEnvironment(m_root.path());
    }

    void parsesRemoteUrls_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("scheme");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("hostAndPort");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("redacted");
        QTest::addColumn<QString>("withoutPassword");
        QTest::newRow("https") << "https://github.com/org/gitops.git"
                               << "https"
                               << ""
                               << "github.com"
                               << "org/gitops.git"
                               << "https://github.com/org/gitops.git"
                               << "https://github.com/org/gitops.git";
        QTest::newRow("https with token")
            << "https://alice:t%40k3n@Git.Example.com:8443/org/gitops.git"
            << "https"
            << "alice"
            << "git.example.com:8443"
            << "org/gitops.git"
            << "https://git.example.com:8443/org/gitops.git"
            << "https://alice@git.example.com:8443/org/gitops.git";
        QTest::newRow("http with query") << "http://u:p@127.0.0.1:8080/r.git?private_token=abc"
                                         << "http"
                                         << "u"
                                         << "127.0.0.1:8080"
                                         << "r.git"
                                         << "http://127.0.0.1:8080/r.git"
                                         << "http://u@127.0.0.1:8080/r.git?private_token=abc";
        QTest::newRow("ssh") << "ssh://git@gitlab.com:2222/group/sub/repo.git"
                             << "ssh"
                             << "git"
                             << "gitlab.com:2222"
                             << "group/sub/repo.git"
                             << "ssh://gitlab.com:2222/group/sub/repo.git"
                             << "ssh://git@gitlab.com:2222/group/sub/repo.git";
        QTest::newRow("scp-like") << "git@github.com:org/gitops.git"
                                  << "ssh"
                                  << "git"
                                  << "github.com"
                                  << "org/gitops.git"
                                  << "github.com:org/gitops.git"
                                  << "git@github.com:org/gitops.git";
        QTest::newRow("file") << "file:///srv/git/gitops.git"
                              << "file"
                              << ""
                              << ""
                              << "srv/git/gitops.git"
                              << "file:///srv/git/gitops.git"
                              << "file:///srv/git/gitops.git";
        QTest::newRow("IPv6") << "http://[::1]:9000/r.git"
                              << "http"
                              << ""
                              << "[::1]:9000"
                              << "r.git"
                              << "http://[::1]:9000/r.git"
                              << "http://[::1]:9000/r.git";
    }

    void parsesRemoteUrls() {
        QFETCH(QString, text);
        QVERIFY(RemoteUrl::looksLikeUrl(text));
        const RemoteUrl url = parsed(text);
        QTEST(url.scheme(), "scheme");
        QTEST(url.userName(), "user");
        QTEST(url.hostAndPort(), "hostAndPort");
        QTEST(url.path(), "path");
        QTEST(url.redacted(), "redacted");
        QTEST(url.withoutPassword(), "withoutPassword");
    }

    void tellsLocalPathsFromUrls_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("url");
        QTest::newRow("absolute path") << "/home/me/gitops" << false;
        QTest::newRow("relative path") << "../gitops" << false;
        QTest::newRow("colon after slash") << "./a:b" << false;
        QTest::newRow("DOS drive") << "C:\\gitops" << false;
        QTest::newRow("scp-like without user") << "host:gitops.git" << true;
        QTest::newRow("https") << "https://host/x" << true;
    }

    void tellsLocalPathsFromUrls() {
        QFETCH(QString, text);
        QFETCH(bool, url);
        QCOMPARE(RemoteUrl::looksLikeUrl(text), url);
    }

    void refusesUnsupportedSchemes() {
        const auto url = RemoteUrl::parse(QStringLiteral("ftp://user:secret@host/x.git"));
        QVERIFY(!url);
        QCOMPARE(url.error().kind, Error::Kind::Unsupported);
        QVERIFY(!url.error().toString().contains(QStringLiteral("secret")));
    }

    void namesOneMirrorPerRepository() {
        const QString https =
            parsed(QStringLiteral("https://github.com/Org/GitOps.git")).mirrorDirectoryName();
        QVERIFY2(QRegularExpression(QStringLiteral("^GitOps-[0-9a-f]{12}\\.git$"))
                     .match(https)
                     .hasMatch(),
                 qPrintable(https));
        for (const QString& same : {QStringLiteral("https://alice:token@GitHub.com/Org/GitOps"),
                                    QStringLiteral("https://github.com:443/Org/GitOps.git/")})
            QCOMPARE(parsed(same).mirrorDirectoryName(), https);
        const QString ssh =
            parsed(QStringLiteral("git@github.com:Org/GitOps.git")).mirrorDirectoryName();
        QCOMPARE(parsed(QStringLiteral("ssh://git@github.com/Org/GitOps")).mirrorDirectoryName(),
                 ssh);
        QVERIFY(ssh != https);
        QVERIFY(parsed(QStringLiteral("https://github.com/Org/Other.git")).mirrorDirectoryName() !=
                https);
        const QString odd = parsed(QStringLiteral("https://host/../..")).mirrorDirectoryName();
        QVERIFY2(!odd.startsWith(u'.') && !odd.contains(u'/'), qPrintable(odd));
    }

    void triesHttpSourcesInOrderOnce() {
        FakeBackends fake;
        fake.keychain = QStringLiteral("kc-user:kc-token");
        fake.helper = GitCredentialHelper::Credential{QStringLiteral("helper-user"),
                                                      QStringLiteral("helper-pass")};
        GitRepositoryOptions options;
        int prompts = 0;
        options.credentialPrompt = [&](const GitCredentialRequest& request) {
            ++prompts;
            [&] { QVERIFY(request.reason.contains(QStringLiteral("helper-user"))); }();
            return std::optional<GitCredential>(
                GitCredential{QStringLiteral("typed"), QStringLiteral("typed-pass")});
        };
        CredentialSession session(
            parsed(QStringLiteral("https://alice:url-pass@git.example.com/org/r.git")), options,
            fake.backends());

        const QList<std::pair<CredentialSource, QString>> expected{
            {CredentialSource::Url, QStringLiteral("alice:url-pass")},
            {CredentialSource::Keychain, QStringLiteral("kc-user:kc-token")},
            {CredentialSource::CredentialHelper, QStringLiteral("helper-user:helper-pass")},
            {CredentialSource::Prompt, QStringLiteral("typed:typed-pass")}};
        for (const auto& [source, credential] : expected) {
            const auto offer = session.next(userPassword, QStringLiteral("alice"));
            QVERIFY(offer);
            QCOMPARE(offer->source, source);
            QCOMPARE(offer->userName + u':' + offer->password, credential);
        }
        QVERIFY(!session.next(userPassword, QStringLiteral("alice")));
        QVERIFY(session.gaveUp());
        QCOMPARE(prompts, 1);
        QCOMPARE(fake.keychainKeys, QStringList{QStringLiteral("git:https://git.example.com")});
        QCOMPARE(fake.helperQueries.size(), 1);
        QCOMPARE(fake.helperQueries.first().host, QStringLiteral("git.example.com"));
        QCOMPARE(fake.helperQueries.first().path, QStringLiteral("org/r.git"));
        QCOMPARE(fake.rejected, QStringList{QStringLiteral("helper-user:helper-pass")});
        QVERIFY(fake.approved.isEmpty());

        const Error error = session.failure(QStringLiteral("refs/heads/main"));
        QCOMPARE(error.kind, Error::Kind::Authentication);
        QVERIFY2(
            error.message.startsWith(QStringLiteral(
                "authentication failed for https://git.example.com/org/r.git as 'alice' "
                "(credentials from the URL), then as 'kc-user' (credentials from the keychain)")),
            qPrintable(error.message));
        for (const QString& secret :
             {QStringLiteral("url-pass"), QStringLiteral("kc-token"), QStringLiteral("helper-pass"),
              QStringLiteral("typed-pass")}) {
            QVERIFY2(!error.toString().contains(secret), qPrintable(error.toString()));
            QCOMPARE(session.scrub(QStringLiteral("x ") + secret), QStringLiteral("x ***"));
        }
    }

    void approvesTheHelperCredentialThatWorked() {
        FakeBackends fake;
        fake.helper = GitCredentialHelper::Credential{QStringLiteral("bob"), QStringLiteral("pw")};
        GitRepositoryOptions options = noSources();
        options.useCredentialHelpers = true;
        CredentialSession session(parsed(QStringLiteral("https://host/r.git")), options,
                                  fake.backends());
        QVERIFY(session.next(userPassword, {}));
        session.succeeded();
        QCOMPARE(fake.approved, QStringList{QStringLiteral("bob:pw")});
        QVERIFY(fake.rejected.isEmpty());
    }

    void readsBareTokensFromTheKeychain() {
        FakeBackends fake;
        fake.keychain = QStringLiteral("only-a-token");
        GitRepositoryOptions options = noSources();
        options.useKeychain = true;
        CredentialSession withUser(parsed(QStringLiteral("http://carol@host:8080/r.git")), options,
                                   fake.backends());
        const auto offer = withUser.next(userPassword, QStringLiteral("carol"));
        QVERIFY(offer);
        QCOMPARE(offer->userName, QStringLiteral("carol"));
        QCOMPARE(offer->password, QStringLiteral("only-a-token"));
        QCOMPARE(fake.keychainKeys.last(), QStringLiteral("git:http://host:8080"));
        CredentialSession withoutUser(parsed(QStringLiteral("https://host/r.git")), options,
                                      fake.backends());
        QCOMPARE(withoutUser.next(userPassword, {})->userName, QStringLiteral("oauth2"));
    }

    void reportsMissingCredentials() {
        FakeBackends fake;
        GitRepositoryOptions options; // keychain and helpers on, both empty
        CredentialSession session(parsed(QStringLiteral("https://host/r.git")), options,
                                  fake.backends());
        QVERIFY(!session.next(userPassword, {}));
        const Error error = session.failure({});
        QVERIFY2(error.message.startsWith(
                     QStringLiteral("no credentials for https://host/r.git; nothing from the "
                                    "keychain, git credential helper")),
                 qPrintable(error.message));
        QVERIFY(error.message.contains(QStringLiteral("git:https://host")));
    }

    void offersSshAgentThenKeyFiles() {
        const QString plain = m_root.filePath(QStringLiteral("id_plain"));
        const QString missing = m_root.filePath(QStringLiteral("id_missing"));
        QFile key(plain);
        QVERIFY(key.open(QIODevice::WriteOnly));
        key.write("-----BEGIN OPENSSH PRIVATE KEY-----\n-----END OPENSSH PRIVATE KEY-----\n");
        key.close();
        QFile publicKey(plain + QStringLiteral(".pub"));
        QVERIFY(publicKey.open(QIODevice::WriteOnly));
        publicKey.close();

        FakeBackends fake;
        fake.agent = true;
        GitRepositoryOptions options;
        options.sshKeyFiles = {missing, plain};
        CredentialSession session(parsed(QStringLiteral("git@host:org/r.git")), options,
                                  fake.backends());
        const auto user = session.next(CredentialSession::UserNameOnly, {});
        QVERIFY(user);
        QCOMPARE(user->userName, QStringLiteral("git"));
        const auto agent = session.next(sshKey, QStringLiteral("git"));
        QVERIFY(agent);
        QCOMPARE(agent->source, CredentialSource::SshAgent);
        const auto file = session.next(sshKey, QStringLiteral("git"));
        QVERIFY(file);
        QCOMPARE(file->source, CredentialSource::SshKeyFile);
        QCOMPARE(file->privateKeyFile, plain);
        QCOMPARE(file->publicKeyFile, plain + QStringLiteral(".pub"));
        QVERIFY(!session.next(sshKey, QStringLiteral("git")));
        const QString message = session.failure({}).message;
        QVERIFY2(message.contains(QStringLiteral("'git' (credentials from ssh-agent), then as "
                                                 "'git' (credentials from key file ") +
                                  plain + u')'),
                 qPrintable(message));
        QVERIFY(fake.keychainKeys.isEmpty()); // HTTPS sources are not asked for SSH
        QVERIFY(fake.helperQueries.isEmpty());
    }

    void recognisesPassphraseProtectedKeys() {
        const QString keygen = QStandardPaths::findExecutable(QStringLiteral("ssh-keygen"));
        if (keygen.isEmpty())
            QSKIP("ssh-keygen is not installed");
        const auto generate = [&](const QString& name, const QString& passphrase) {
            const QString path = m_root.filePath(name);
            QProcess process;
            process.start(keygen,
                          {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"),
                           QStringLiteral("-N"), passphrase, QStringLiteral("-f"), path});
            return process.waitForFinished(30000) && process.exitCode() == 0 ? path : QString();
        };
        const QString open = generate(QStringLiteral("id_open"), QString());
        const QString locked =
            generate(QStringLiteral("id_locked"), QStringLiteral("correct horse"));
        QVERIFY(!open.isEmpty() && !locked.isEmpty());
        QVERIFY(!sshKeyFileIsEncrypted(open));
        QVERIFY(sshKeyFileIsEncrypted(locked));

        FakeBackends fake;
        GitRepositoryOptions options = noSources();
        options.sshKeyFiles = {locked, open};
        CredentialSession session(parsed(QStringLiteral("ssh://git@host/r.git")), options,
                                  fake.backends());
        const auto offer = session.next(sshKey, QStringLiteral("git"));
        QVERIFY(offer);
        QCOMPARE(offer->privateKeyFile, open);
        QVERIFY(!session.next(sshKey, QStringLiteral("git")));
        QVERIFY(
            session.failure({}).message.contains(locked + QStringLiteral(" (has a passphrase")));
    }

    void asksGitCredentialHelpers() {
        const QString store = m_root.filePath(QStringLiteral("store"));
        QFile file(store);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("http://dave:s3cr%40t@127.0.0.1%3a4242\n");
        file.close();
        QVERIFY(TestRepos::writeGlobalConfig(
            QStringLiteral("[credential]\n\thelper = store --file=%1\n").arg(store)));
        const GitCredentialHelper::Target target{
            QStringLiteral("http"), QStringLiteral("127.0.0.1:4242"), QStringLiteral("r.git"), {}};
        const auto credential = GitCredentialHelper::fill(target);
        QVERIFY(credential);
        QCOMPARE(credential->userName, QStringLiteral("dave"));
        QCOMPARE(credential->password, QStringLiteral("s3cr@t"));

        // A line break would let a crafted URL ask for another host's credentials.
        QVERIFY(!GitCredentialHelper::fill({QStringLiteral("http"),
                                            QStringLiteral("evil.example"),
                                            QStringLiteral("r.git\nhost=127.0.0.1:4242"),
                                            {}}));

        GitCredentialHelper::reject(target, *credential);
        QVERIFY(!GitCredentialHelper::fill(target)); // prompts are off: nothing, at once
        GitCredentialHelper::approve(target, *credential);
        QCOMPARE(GitCredentialHelper::fill(target)->password, QStringLiteral("s3cr@t"));
        TestRepos::writeGlobalConfig({});
    }
};

QTEST_GUILESS_MAIN(TestGitCredentials)
#include "tst_gitcredentials.moc"

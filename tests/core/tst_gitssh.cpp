// GitRepository over ssh:// against a real sshd (tests/support/sshserver.h): key files, ssh-agent,
// refused keys, unknown host keys and passphrase-protected keys. The credential order itself is
// unit-tested in tst_gitcredentials.cpp.

#include "gitrepository.h"
#include "gittestbed.h"
#include "sshserver.h"
#include "testrepos.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <memory>

using namespace fd::core;
using namespace fd::testsupport;

namespace {

// A refused or unusable credential must end the operation at once, not after retries.
constexpr qint64 failFastMs = 10000;
const auto valuesPath = QStringLiteral("apps/web/values.yaml");

} // namespace

class TestGitSsh final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_root;
    std::unique_ptr<SshServer> m_server;
    QString m_origin;   // the bare repository sshd serves
    QString m_accepted; // key files; the server knows the public keys of these two
    QString m_locked;   // (passphrase-protected)
    QString m_stranger; // and not of this one
    int m_cacheCount = 0;

    QString url() const { return m_server->url(m_origin); }
    /** How errors name the server: RemoteUrl::redacted() leaves out the user name as well. */
    QString reportedUrl() const { return QUrl(url()).adjusted(QUrl::RemoveUserInfo).toString(); }
    static QString sshFolder() { return QDir::homePath() + QStringLiteral("/.ssh"); }

    /** A fresh mirror cache per call, so every open really transfers over ssh. */
    GitRepositoryOptions options(const QStringList& keyFiles) {
        GitRepositoryOptions options;
        options.cacheDirectory = m_root.filePath(QStringLiteral("cache-%1").arg(++m_cacheCount));
        options.identity = GitIdentity{QString::fromLatin1(TestRepos::identityName),
                                       QString::fromLatin1(TestRepos::identityEmail)};
        options.useKeychain = false;
        options.useCredentialHelpers = false;
        options.sshKeyFiles = keyFiles;
        return options;
    }

    static bool writeKnownHosts(const QByteArray& text) {
        QFile file(sshFolder() + QStringLiteral("/known_hosts"));
        return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
               file.write(text) == text.size();
    }

    /** Installs @p keyFile (and its .pub) as ~/.ssh/id_ed25519. */
    static bool installDefaultKey(const QString& keyFile) {
        const QString target = sshFolder() + QStringLiteral("/id_ed25519");
        return QFile::copy(keyFile, target) &&
               QFile::copy(keyFile + QStringLiteral(".pub"), target + QStringLiteral(".pub")) &&
               QFile::setPermissions(target, QFile::ReadOwner | QFile::WriteOwner);
    }

    int logCount(const QString& text) const {
        return static_cast<int>(m_server->log().count(text));
    }

    /** Fetch, commit and push through the engine; the server's branch must end at the commit. */
    void roundTrip(const GitRepositoryOptions& options, const QString& marker) {
        const auto opened = GitRepository::open(url(), options);
        FD_VERIFY_OK(opened);
        GitRepository& repository = **opened;
        const auto tip = repository.fetch(QStringLiteral("main"));
        QVERIFY2(tip.has_value(),
                 qPrintable(tip ? QString()
                                : tip.error().toString() + u'\n' + m_server->log().right(1500)));
        QCOMPARE(*tip, TestRepos::revParse(m_origin, QStringLiteral("refs/heads/main")));
        const auto before = repository.readFile(*tip, valuesPath);
        FD_VERIFY_OK(before);

        const QByteArray values = "replicas: 3 # " + marker.toUtf8() + '\n';
        const auto commit =
            repository.createCommit(*tip, {{valuesPath, values}}, QStringLiteral("Scale web"));
        FD_VERIFY_OK(commit);
        const auto pushed = repository.push(*commit, QStringLiteral("main"));
        FD_VERIFY_OK(pushed);
        QCOMPARE(TestRepos::revParse(m_origin, QStringLiteral("refs/heads/main")), *commit);
        QCOMPARE(
            TestRepos::git({QStringLiteral("show"), QStringLiteral("main:") + valuesPath}, m_origin)
                .output,
            values);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_root.isValid());
        TestRepos::isolateEnvironment(m_root.path());
        if (const auto available = SshServer::checkAvailable(); !available)
            QSKIP(qPrintable(QStringLiteral("needs OpenSSH (apt-get install openssh-server): ") +
                             available.error().message));

        m_server = std::make_unique<SshServer>();
        const auto started = m_server->start();
        FD_VERIFY_OK(started);

        const QString keys = m_root.filePath(QStringLiteral("keys"));
        QVERIFY(QDir().mkpath(keys));
        m_accepted = keys + QStringLiteral("/accepted");
        m_locked = keys + QStringLiteral("/locked");
        m_stranger = keys + QStringLiteral("/stranger");
        const auto accepted = SshServer::generateKey(m_accepted);
        FD_VERIFY_OK(accepted);
        const auto locked = SshServer::generateKey(m_locked, QStringLiteral("correct horse"));
        FD_VERIFY_OK(locked);
        const auto stranger = SshServer::generateKey(m_stranger);
        FD_VERIFY_OK(stranger);
        for (const QString& key : {*accepted, *locked}) {
            const auto added = m_server->addAuthorizedKey(key);
            FD_VERIFY_OK(added);
        }

        m_origin = m_root.filePath(QStringLiteral("origin.git"));
        const auto created = TestRepos::createBare(m_origin, {{valuesPath, "replicas: 1\n"}});
        FD_VERIFY_OK(created);
    }

    void cleanupTestCase() { m_server.reset(); }

    void init() {
        // Every test starts with a trusted host, no agent and no key in ~/.ssh.
        qunsetenv("SSH_AUTH_SOCK");
        QVERIFY(QDir(sshFolder()).removeRecursively());
        QVERIFY(QDir().mkpath(sshFolder()));
        QVERIFY(writeKnownHosts(m_server->knownHostsLine().toUtf8() + '\n'));
    }

    void cleanup() { qunsetenv("SSH_AUTH_SOCK"); }

    void roundTripWithKeyFile_data() {
        QTest::addColumn<bool>("defaultLocation");
        QTest::newRow("options.sshKeyFiles") << false;
        QTest::newRow("default ~/.ssh/id_ed25519") << true;
    }

    void roundTripWithKeyFile() {
        QFETCH(bool, defaultLocation);
        QStringList keyFiles{m_accepted};
        if (defaultLocation) {
            QVERIFY(installDefaultKey(m_accepted));
            keyFiles.clear();
        }
        roundTrip(options(keyFiles), QString::fromUtf8(QTest::currentDataTag()));
    }

    void roundTripWithSshAgent() {
        SshAgent agent;
        const auto started = agent.start();
        FD_VERIFY_OK(started);
        const auto added = agent.addKey(m_accepted);
        FD_VERIFY_OK(added);
        // Read when libgit2 connects, so setting it now is enough.
        qputenv("SSH_AUTH_SOCK", QFile::encodeName(agent.socketPath()));
        // No key file anywhere (~/.ssh is empty): only the agent can authenticate.
        roundTrip(options({m_root.filePath(QStringLiteral("keys/absent"))}),
                  QStringLiteral("agent"));
    }

    void refusedKeyFailsOnceWithAuthentication_data() {
        QTest::addColumn<bool>("push");
        QTest::newRow("fetch") << false;
        QTest::newRow("push") << true;
    }

    void refusedKeyFailsOnceWithAuthentication() {
        QFETCH(bool, push);
        const GitRepositoryOptions accepted = options({m_accepted});
        GitRepositoryOptions refused = accepted; // same mirror, other key
        refused.sshKeyFiles = {m_stranger};
        QString commit;
        if (push) {
            const auto opened = GitRepository::open(url(), accepted);
            FD_VERIFY_OK(opened);
            const auto tip = (*opened)->fetch(QStringLiteral("main"));
            FD_VERIFY_OK(tip);
            const auto created = (*opened)->createCommit(*tip, {{valuesPath, "replicas: 9\n"}},
                                                         QStringLiteral("Refused"));
            FD_VERIFY_OK(created);
            commit = *created;
        }
        const auto opened = GitRepository::open(url(), refused);
        FD_VERIFY_OK(opened);
        const int connectionsBefore = logCount(QStringLiteral("Connection from 127.0.0.1"));
        const int failuresBefore = logCount(QStringLiteral("Failed publickey for"));

        QElapsedTimer timer;
        timer.start();
        Result<void> result;
        if (push) {
            result = (*opened)->push(commit, QStringLiteral("main"));
        } else if (const auto tip = (*opened)->fetch(QStringLiteral("main")); !tip) {
            result = tip.error();
        }
        const qint64 elapsed = timer.elapsed();

        FD_VERIFY_ERROR(result, Error::Kind::Authentication);
        const QString message = result.error().message;
        QVERIFY2(message.contains(reportedUrl()), qPrintable(message));
        QVERIFY2(message.contains(m_stranger), qPrintable(message));
        QVERIFY2(elapsed < failFastMs, qPrintable(QStringLiteral("took %1 ms").arg(elapsed)));
        // One connection, and the key offered once in it: no retry loop.
        // (sshd's privileged process writes the log, a moment after the client is answered.)
        QTRY_COMPARE_WITH_TIMEOUT(logCount(QStringLiteral("Failed publickey for")) - failuresBefore,
                                  1, 2000);
        QCOMPARE(logCount(QStringLiteral("Connection from 127.0.0.1")) - connectionsBefore, 1);
        if (push)
            QVERIFY(TestRepos::revParse(m_origin, QStringLiteral("refs/heads/main")) != commit);
    }

    void unknownHostKeyIsExplained_data() {
        QTest::addColumn<bool>("knownHostsExists");
        QTest::newRow("empty known_hosts") << true;
        QTest::newRow("no known_hosts") << false;
    }

    void unknownHostKeyIsExplained() {
        QFETCH(bool, knownHostsExists);
        if (knownHostsExists)
            QVERIFY(writeKnownHosts({}));
        else
            QVERIFY(QFile::remove(sshFolder() + QStringLiteral("/known_hosts")));
        const auto opened = GitRepository::open(url(), options({m_accepted}));
        FD_VERIFY_OK(opened);

        QElapsedTimer timer;
        timer.start();
        const auto tip = (*opened)->fetch(QStringLiteral("main"));
        QVERIFY2(timer.elapsed() < failFastMs, qPrintable(QString::number(timer.elapsed())));
        QVERIFY(!tip);
        const QString message = tip.error().message;
        // Not mistaken for a refused key, and says what to do.
        QVERIFY2(tip.error().kind != Error::Kind::Authentication, qPrintable(message));
        QVERIFY2(message.contains(reportedUrl()), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("host key")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("~/.ssh/known_hosts")), qPrintable(message));
        QVERIFY2(
            message.contains(QStringLiteral("ssh-keyscan -p %1 127.0.0.1").arg(m_server->port())),
            qPrintable(message));
        // Nothing was trusted on the way.
        QFile knownHosts(sshFolder() + QStringLiteral("/known_hosts"));
        QVERIFY(!knownHosts.exists() ||
                (knownHosts.open(QIODevice::ReadOnly) && knownHosts.readAll().isEmpty()));
    }

    void passphraseKeyAloneSuggestsAgent_data() {
        QTest::addColumn<bool>("defaultLocation");
        QTest::newRow("options.sshKeyFiles") << false;
        QTest::newRow("default ~/.ssh/id_ed25519") << true;
    }

    void passphraseKeyAloneSuggestsAgent() {
        QFETCH(bool, defaultLocation);
        QStringList keyFiles{m_locked};
        QString keyFile = m_locked;
        if (defaultLocation) {
            QVERIFY(installDefaultKey(m_locked));
            keyFiles.clear();
            keyFile = sshFolder() + QStringLiteral("/id_ed25519");
        }
        const auto opened = GitRepository::open(url(), options(keyFiles));
        FD_VERIFY_OK(opened);

        QElapsedTimer timer;
        timer.start();
        const auto tip = (*opened)->fetch(QStringLiteral("main"));
        QVERIFY2(timer.elapsed() < failFastMs, qPrintable(QString::number(timer.elapsed())));
        FD_VERIFY_ERROR(tip, Error::Kind::Authentication);
        const QString message = tip.error().message;
        QVERIFY2(message.contains(reportedUrl()), qPrintable(message));
        QVERIFY2(message.contains(keyFile + QStringLiteral(" (has a passphrase")),
                 qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("ssh-agent")), qPrintable(message));
    }
};

QTEST_GUILESS_MAIN(TestGitSsh)
#include "tst_gitssh.moc"

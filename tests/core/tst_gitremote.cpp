// GitRepository against a real Git HTTP server: credentials, failing fast, network errors,
// rejected pushes, unknown branches and insteadOf.

#include "gitrepository.h"
#include "gittestbed.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTest>
#include <QUrl>

#include <algorithm>

using namespace fd::core;
using namespace fd::testsupport;

namespace {

// Failing fast means well under this, even under AddressSanitizer on a busy machine.
constexpr qint64 fastMs = 5000;

} // namespace

class TestGitRemote final : public QObject {
    Q_OBJECT

private:
    GitTestBed m_bed;

private Q_SLOTS:
    void initTestCase() {
        const auto started = m_bed.start();
        FD_VERIFY_OK(started);
    }

    void init() { TestRepos::writeGlobalConfig({}); }

    void pushesOverHttpWithCredentialHelper() {
        const QString name = m_bed.serverRepository();
        const QString store = m_bed.useCredentialStore(m_bed.user(), m_bed.password());
        const auto opened = GitRepository::open(m_bed.server().url(name), m_bed.options());
        FD_VERIFY_OK(opened);
        GitRepository& repository = **opened;
        const auto tip = repository.fetch(QStringLiteral("main"));
        FD_VERIFY_OK(tip);
        const auto commit =
            repository.createCommit(*tip, {{GitTestBed::valuesPath, "image:\n  tag: 3.0.0\n"}},
                                    QStringLiteral("Promote 3.0.0"));
        FD_VERIFY_OK(commit);
        const int before = m_bed.requestCount();
        FD_VERIFY_OK(repository.push(*commit, QStringLiteral("main")));

        QCOMPARE(TestRepos::revParse(m_bed.serverPath(name), QStringLiteral("main")), *commit);
        QCOMPARE(TestRepos::revParse(repository.gitDirectory(),
                                     GitRepository::trackingRef(QStringLiteral("main"))),
                 *commit);
        const auto requests = m_bed.server().requests().mid(before);
        const bool pushedAsAlice =
            std::any_of(requests.cbegin(), requests.cend(), [&](const HttpRequestRecord& r) {
                return r.method == QStringLiteral("POST") &&
                       r.target.endsWith(QStringLiteral("/git-receive-pack")) && r.status == 200 &&
                       r.user == m_bed.user();
            });
        QVERIFY(pushedAsAlice);
        // Approved, not rejected: the helper still has the credential.
        QVERIFY(readBytes(store).contains(m_bed.password().toUtf8()));
    }

    // The server refuses the first, anonymous request of each connection (it names the scheme);
    // the credential goes with the second. A user name in the URL must not cost a third.
    void userNameInUrlCostsNoExtraRoundTrip() {
        const QString name = m_bed.serverRepository();
        m_bed.useCredentialStore(m_bed.user(), m_bed.password());
        QUrl url(m_bed.server().url(name));
        url.setUserName(m_bed.user());
        const auto opened = GitRepository::open(url.toString(), m_bed.options());
        FD_VERIFY_OK(opened);
        const int before = m_bed.requestCount();
        const auto tip = (*opened)->fetch(QStringLiteral("main"));
        FD_VERIFY_OK(tip);
        const auto commit = (*opened)->createCommit(
            *tip, {{GitTestBed::valuesPath, "image:\n  tag: 3.1.0\n"}}, QStringLiteral("Promote"));
        FD_VERIFY_OK(commit);
        FD_VERIFY_OK((*opened)->push(*commit, QStringLiteral("main")));
        const auto requests = m_bed.server().requests().mid(before);
        const qsizetype refused =
            std::count_if(requests.cbegin(), requests.cend(),
                          [](const HttpRequestRecord& r) { return r.status == 401; });
        QCOMPARE(refused, 2); // one per connection: fetch, push
    }

    void wrongPasswordFailsFast_data() {
        QTest::addColumn<bool>("inUrl");
        QTest::newRow("from git credential helper") << false;
        QTest::newRow("from the URL") << true;
    }

    void wrongPasswordFailsFast() {
        QFETCH(bool, inUrl);
        const QString name = m_bed.serverRepository();
        const QString wrong = QStringLiteral("not-the-password-42");
        const QString store = inUrl ? QString() : m_bed.useCredentialStore(m_bed.user(), wrong);
        GitRepositoryOptions options = this->m_bed.options();
        options.useCredentialHelpers = !inUrl;
        const auto opened =
            GitRepository::open(inUrl ? m_bed.server().urlWithCredentials(name, m_bed.user(), wrong)
                                      : m_bed.server().url(name),
                                options);
        FD_VERIFY_OK(opened);

        const int before = m_bed.requestCount();
        QElapsedTimer timer;
        timer.start();
        const auto fetched = (*opened)->fetch(QStringLiteral("main"));
        const qint64 elapsed = timer.elapsed();
        FD_VERIFY_ERROR(fetched, Error::Kind::Authentication);
        QVERIFY2(elapsed < fastMs, qPrintable(QString::number(elapsed)));
        const int requests = m_bed.requestCount() - before;
        QVERIFY2(requests <= 3, qPrintable(QStringLiteral("%1 requests").arg(requests)));

        const QString text = fetched.error().toString();
        QVERIFY2(text.contains(QStringLiteral("authentication failed for %1 as '%2'")
                                   .arg(m_bed.server().url(name), m_bed.user())),
                 qPrintable(text));
        QVERIFY2(text.contains(inUrl ? QStringLiteral("credentials from the URL")
                                     : QStringLiteral("credentials from git credential helper")),
                 qPrintable(text));
        QVERIFY2(!text.contains(wrong), qPrintable(text));
        QVERIFY(!(*opened)->remoteUrl().contains(wrong));
        QVERIFY(!readBytes((*opened)->gitDirectory() + QStringLiteral("/config"))
                     .contains(wrong.toUtf8()));
        if (!inUrl) // `git credential reject` made the store forget it
            QVERIFY(!readBytes(store).contains(wrong.toUtf8()));
    }

    void missingCredentialsAreAnAuthenticationError() {
        const QString name = m_bed.serverRepository();
        const auto opened =
            GitRepository::open(m_bed.server().url(name), m_bed.options()); // keychain + helpers on
        FD_VERIFY_OK(opened);
        const int before = m_bed.requestCount();
        QElapsedTimer timer;
        timer.start();
        const auto fetched = (*opened)->fetch(QStringLiteral("main"));
        QVERIFY2(timer.elapsed() < fastMs, qPrintable(QString::number(timer.elapsed())));
        FD_VERIFY_ERROR(fetched, Error::Kind::Authentication);
        QVERIFY2(fetched.error().message.startsWith(QStringLiteral("no credentials for ") +
                                                    m_bed.server().url(name)),
                 qPrintable(fetched.error().message));
        QVERIFY(m_bed.requestCount() - before <= 2);
    }

    void unreachableServerIsANetworkError() {
        GitHttpServer server;
        const auto started = server.start();
        QVERIFY2(started, started ? "" : qPrintable(started.error().toString()));
        FD_VERIFY_OK(TestRepos::createBare(server.projectRoot() + QStringLiteral("/down.git"),
                                           GitTestBed::initialFiles()));
        const QString url = server.url(QStringLiteral("down.git"));
        m_bed.useCredentialStore(m_bed.user(), m_bed.password());
        const auto opened = GitRepository::open(url, m_bed.options());
        FD_VERIFY_OK(opened);
        server.stop();

        QElapsedTimer timer;
        timer.start();
        const auto fetched = (*opened)->fetch(QStringLiteral("main"));
        QVERIFY2(timer.elapsed() < fastMs, qPrintable(QString::number(timer.elapsed())));
        FD_VERIFY_ERROR(fetched, Error::Kind::Network);
        QVERIFY2(fetched.error().message.contains(url), qPrintable(fetched.error().message));
        QCOMPARE(fetched.error().location, QStringLiteral("refs/heads/main"));
    }

    void nonFastForwardPushIsRejected_data() {
        QTest::addColumn<bool>("fetchedTheirs");
        QTest::newRow("their commit unknown here") << false;
        QTest::newRow("their commit fetched, ours on the old tip") << true;
    }

    void nonFastForwardPushIsRejected() {
        QFETCH(bool, fetchedTheirs);
        const QString name = m_bed.serverRepository();
        m_bed.useCredentialStore(m_bed.user(), m_bed.password());
        const auto opened = GitRepository::open(m_bed.server().url(name), m_bed.options());
        FD_VERIFY_OK(opened);
        GitRepository& repository = **opened;
        const auto tip = repository.fetch(QStringLiteral("main"));
        FD_VERIFY_OK(tip);
        const auto ours = repository.createCommit(
            *tip, {{GitTestBed::valuesPath, "image:\n  tag: ours\n"}}, QStringLiteral("Ours"));
        FD_VERIFY_OK(ours);
        const auto theirs = TestRepos::commit(m_bed.serverPath(name), QStringLiteral("main"),
                                              {{GitTestBed::valuesPath, "image:\n  tag: theirs\n"}},
                                              QStringLiteral("Theirs"));
        FD_VERIFY_OK(theirs);
        if (fetchedTheirs)
            QCOMPARE(repository.fetch(QStringLiteral("main")).value(), *theirs);

        const auto pushed = repository.push(*ours, QStringLiteral("main"));
        FD_VERIFY_ERROR(pushed, Error::Kind::Rejected);
        QVERIFY(pushed.error().message.contains(m_bed.server().url(name)));
        QCOMPARE(pushed.error().location, QStringLiteral("refs/heads/main"));
        QCOMPARE(TestRepos::revParse(m_bed.serverPath(name), QStringLiteral("main")), *theirs);
        QCOMPARE(TestRepos::revParse(repository.gitDirectory(),
                                     GitRepository::trackingRef(QStringLiteral("main"))),
                 fetchedTheirs ? *theirs : *tip);

        // What a caller does next: fetch, rebuild on the new tip, push.
        const auto newTip = repository.fetch(QStringLiteral("main"));
        FD_VERIFY_OK(newTip);
        const auto again = repository.createCommit(
            *newTip, {{GitTestBed::valuesPath, "image:\n  tag: ours\n"}}, QStringLiteral("Ours"));
        FD_VERIFY_OK(again);
        FD_VERIFY_OK(repository.push(*again, QStringLiteral("main")));
        QCOMPARE(TestRepos::revParse(m_bed.serverPath(name), QStringLiteral("main")), *again);
    }

    void serverRefusalIsRefused() {
        // The server's own verdict arrives per ref, not as a libgit2 error.
        const QString name = m_bed.serverRepository();
        const QString hook = m_bed.serverPath(name) + QStringLiteral("/hooks/pre-receive");
        QFile file(hook);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("#!/bin/sh\necho 'frozen for the release' >&2\nexit 1\n");
        file.close();
        QVERIFY(file.setPermissions(file.permissions() | QFileDevice::ExeOwner));
        m_bed.useCredentialStore(m_bed.user(), m_bed.password());
        const auto opened = GitRepository::open(m_bed.server().url(name), m_bed.options());
        FD_VERIFY_OK(opened);
        const auto tip = (*opened)->fetch(QStringLiteral("main"));
        FD_VERIFY_OK(tip);
        const auto commit = (*opened)->createCommit(*tip, {{GitTestBed::valuesPath, "x: 1\n"}},
                                                    QStringLiteral("Blocked"));
        FD_VERIFY_OK(commit);
        const auto pushed = (*opened)->push(*commit, QStringLiteral("main"));
        FD_VERIFY_ERROR(pushed, Error::Kind::Refused);
        QVERIFY2(pushed.error().message.contains(QStringLiteral("pre-receive hook declined")),
                 qPrintable(pushed.error().message));
        QCOMPARE(TestRepos::revParse(m_bed.serverPath(name), QStringLiteral("main")), *tip);
        QCOMPARE(TestRepos::revParse((*opened)->gitDirectory(),
                                     GitRepository::trackingRef(QStringLiteral("main"))),
                 *tip);
    }

    void unknownBranchIsNotFound_data() {
        QTest::addColumn<bool>("http");
        QTest::newRow("http") << true;
        QTest::newRow("file") << false;
    }

    void unknownBranchIsNotFound() {
        QFETCH(bool, http);
        const QString name = m_bed.serverRepository();
        m_bed.useCredentialStore(m_bed.user(), m_bed.password());
        const QString url =
            http ? m_bed.server().url(name) : QStringLiteral("file://") + m_bed.serverPath(name);
        const auto opened = GitRepository::open(url, m_bed.options());
        FD_VERIFY_OK(opened);
        const auto fetched = (*opened)->fetch(QStringLiteral("release/9.9"));
        FD_VERIFY_ERROR(fetched, Error::Kind::NotFound);
        QVERIFY2(fetched.error().message.contains(url), qPrintable(fetched.error().message));
        QVERIFY(fetched.error().message.contains(QStringLiteral("refs/heads/release/9.9")));
        FD_VERIFY_ERROR((*opened)->fetch(QStringLiteral("bad..name")), Error::Kind::InvalidInput);
    }

    // Fetching from a repository on this machine copies only the new commits' objects, into
    // one pack: merges, a rewritten branch and a branch already known all end complete.
    void fetchesLocalHistoryOfAnyShape() {
        const QString name = m_bed.serverRepository();
        const QString origin = m_bed.serverPath(name);
        const auto opened =
            GitRepository::open(QStringLiteral("file://") + origin, m_bed.options());
        FD_VERIFY_OK(opened);
        GitRepository& repository = **opened;
        FD_VERIFY_OK(repository.fetch(QStringLiteral("main")));
        const QString mirror = repository.gitDirectory();
        const QByteArray fetchHead = "keep me\n";
        {
            QFile file(mirror + QStringLiteral("/FETCH_HEAD"));
            QVERIFY(file.open(QIODevice::WriteOnly) && file.write(fetchHead) == fetchHead.size());
        }

        // A side branch merged back, then a rewrite of main that drops the merge.
        const QString base = TestRepos::revParse(origin, QStringLiteral("main"));
        QVERIFY(
            TestRepos::git({QStringLiteral("branch"), QStringLiteral("side"), base}, origin).ok());
        FD_VERIFY_OK(TestRepos::commit(origin, QStringLiteral("side"),
                                       {{QStringLiteral("side/a.yaml"), "a: 1\n"}}));
        FD_VERIFY_OK(TestRepos::commit(origin, QStringLiteral("main"),
                                       {{QStringLiteral("main/b.yaml"), "b: 1\n"}}));
        const QString work = m_bed.filePath(QStringLiteral("local-shapes-work"));
        FD_VERIFY_OK(TestRepos::clone(origin, work));
        QVERIFY(TestRepos::git({QStringLiteral("merge"), QStringLiteral("-q"),
                                QStringLiteral("origin/side"), QStringLiteral("-m"),
                                QStringLiteral("Merge side")},
                               work)
                    .ok());
        QVERIFY(TestRepos::git({QStringLiteral("push"), QStringLiteral("-q"),
                                QStringLiteral("origin"), QStringLiteral("HEAD:main")},
                               work)
                    .ok());
        const QString merged = TestRepos::revParse(origin, QStringLiteral("main"));
        const auto fetchedMerge = repository.fetch(QStringLiteral("main"));
        FD_VERIFY_OK(fetchedMerge);
        QCOMPARE(*fetchedMerge, merged);

        QVERIFY(TestRepos::git(
                    {QStringLiteral("update-ref"), QStringLiteral("refs/heads/main"), base}, origin)
                    .ok());
        const auto rewritten = TestRepos::commit(origin, QStringLiteral("main"),
                                                 {{QStringLiteral("main/b.yaml"), "b: 2\n"}});
        FD_VERIFY_OK(rewritten);
        for (int again = 0; again < 2; ++again) {
            const auto fetched = repository.fetch(QStringLiteral("main"));
            FD_VERIFY_OK(fetched);
            QCOMPARE(*fetched, *rewritten);
        }
        const auto content = repository.readFile(*rewritten, QStringLiteral("main/b.yaml"));
        FD_VERIFY_OK(content);
        QCOMPARE(*content, QByteArray("b: 2\n"));
        const GitRun fsck =
            TestRepos::git({QStringLiteral("fsck"), QStringLiteral("--no-dangling")}, mirror);
        QVERIFY2(fsck.ok(), fsck.errors.constData());
        QCOMPARE(readBytes(mirror + QStringLiteral("/FETCH_HEAD")), fetchHead);
        QCOMPARE(
            TestRepos::git({QStringLiteral("for-each-ref"), QStringLiteral("--format=%(refname)")},
                           mirror)
                .text(),
            GitRepository::trackingRef(QStringLiteral("main")));
    }

    // A mirror keeps its tip's trees in small packs of their own (see gittreepack.h): valid
    // packs Git reads too, a full one then a delta per fetch, and pushes from the mirror still go
    // through. tst_gitrepository checks the chain's content and its renewal.
    void mirrorKeepsTipTreesInSmallPack() {
        const QString name = m_bed.serverRepository();
        m_bed.useCredentialStore(m_bed.user(), m_bed.password());
        const auto opened = GitRepository::open(m_bed.server().url(name), m_bed.options());
        FD_VERIFY_OK(opened);
        GitRepository& repository = **opened;
        const QString mirror = repository.gitDirectory();
        for (int round = 0; round < 4; ++round) {
            FD_VERIFY_OK(
                TestRepos::commit(m_bed.serverPath(name), QStringLiteral("main"),
                                  {{QStringLiteral("env/r%1/v.yaml").arg(round), "v: 1\n"}}));
            const auto tip = repository.fetch(QStringLiteral("main"));
            FD_VERIFY_OK(tip);
            const auto commit = repository.createCommit(
                *tip, {{QStringLiteral("env/r%1/v.yaml").arg(round), "v: 2\n"}},
                QStringLiteral("Round %1").arg(round));
            FD_VERIFY_OK(commit);
            FD_VERIFY_OK(repository.push(*commit, QStringLiteral("main")));
        }
        const QStringList markers =
            QString::fromLatin1(readBytes(mirror + QStringLiteral("/freightdesk-tree-packs")))
                .split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(markers.size(), 4);
        QVERIFY(markers.at(0).endsWith(u" full"));
        QVERIFY(markers.at(3).endsWith(u" delta"));
        for (const QString& line : markers) {
            const QString index = mirror + QStringLiteral("/objects/pack/pack-") +
                                  line.section(u' ', 0, 0) + QStringLiteral(".idx");
            const GitRun verified = TestRepos::git({QStringLiteral("verify-pack"), index}, mirror);
            QVERIFY2(verified.ok(), verified.errors.constData());
        }
        const GitRun fsck =
            TestRepos::git({QStringLiteral("fsck"), QStringLiteral("--no-dangling")}, mirror);
        QVERIFY2(fsck.ok(), fsck.errors.constData());
    }

    void honoursInsteadOf() {
        // A user's `url.<base>.insteadOf` shorthand, as git applies it.
        QString initial;
        const QString name = m_bed.serverRepository(&initial);
        const QString store = m_bed.useCredentialStore(m_bed.user(), m_bed.password());
        QVERIFY(TestRepos::writeGlobalConfig(
            QStringLiteral(
                "[credential]\n\thelper = store --file=%1\n[url \"%2\"]\n\tinsteadOf = gitops:\n")
                .arg(store, m_bed.server().url({}))));
        const auto opened = GitRepository::open(QStringLiteral("gitops:") + name, m_bed.options());
        FD_VERIFY_OK(opened);
        QCOMPARE((*opened)->remoteUrl(), m_bed.server().url(name));
        const auto tip = (*opened)->fetch(QStringLiteral("main"));
        FD_VERIFY_OK(tip);
        QCOMPARE(*tip, initial);
    }
};

QTEST_GUILESS_MAIN(TestGitRemote)
#include "tst_gitremote.moc"

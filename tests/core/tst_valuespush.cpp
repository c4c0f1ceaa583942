#include "githttpserver.h"
#include "gitrepository.h"
#include "gittestbed.h"
#include "pushgate.h"
#include "testrepos.h"
#include "valuespush.h"

#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <future>
#include <thread>

using namespace fd::core;
using namespace fd::testsupport;

namespace {

const QString valuesPath = QStringLiteral("env/prod/frontend/frontend-values.yaml");

const QByteArray valuesFile = "# prod values, promoted by Freightdesk\n"
                              "image:\n"
                              "  repository: nitheesh86/microservice-frontend\n"
                              "  tag: \"1.0.11\"   # current\n"
                              "\n"
                              "replicaCount: 2\n";

ValueEdit tagEdit(const QString& value) {
    return ValueEdit{ValueEdit::Kind::YamlKey, valuesPath, QStringLiteral("image.tag"), {}, value};
}

/** N of writer @p key's "1.0.N" in the race test's file; 0 before its first push. */
int writerTag(const QByteArray& content, char key) {
    const QRegularExpression pattern(
        QStringLiteral("%1:\\n    tag: (?:1\\.0\\.(\\d+)|0\\.0\\.0) ").arg(QLatin1Char(key)));
    const auto match = pattern.match(QString::fromUtf8(content));
    return match.hasMatch() ? match.captured(1).toInt() : -1000;
}

} // namespace

class TestValuesPush final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_root;
    GitHttpServer m_server;
    int m_serial = 0;

    GitRepositoryOptions options() {
        GitRepositoryOptions options;
        options.cacheDirectory = m_root.filePath(QStringLiteral("cache-%1").arg(++m_serial));
        options.identity =
            GitIdentity{QStringLiteral("Release Manager"), QStringLiteral("rm@example.com")};
        return options;
    }

    /** A repository on the server with @p files; returns its name. */
    QString serverRepository(const QMap<QString, QByteArray>& files) {
        const QString name = QStringLiteral("repo-%1.git").arg(++m_serial);
        const auto created = TestRepos::createBare(bare(name), files);
        if (!created)
            qFatal("%s", qPrintable(created.error().toString()));
        return name;
    }
    QString bare(const QString& name) const { return m_server.projectRoot() + u'/' + name; }
    QString url(const QString& name) const {
        const auto account = m_server.accounts().constFirst();
        return m_server.urlWithCredentials(name, account.user, account.password);
    }
    QByteArray fileAt(const QString& name, const QString& revision) const {
        return TestRepos::git({QStringLiteral("show"), revision + u':' + valuesPath}, bare(name))
            .output;
    }
    qsizetype receivePackPosts() const {
        const auto requests = m_server.requests();
        return std::count_if(
            requests.cbegin(), requests.cend(), [](const HttpRequestRecord& request) {
                return request.method == QStringLiteral("POST") &&
                       request.target.endsWith(QStringLiteral("/git-receive-pack"));
            });
    }
    /** Someone else's push, straight into the bare repository, past any PushGate. */
    Result<QString> theirCommit(const QString& name, const QByteArray& content) {
        return PushGate::commitPast(bare(name), {{valuesPath, content}});
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_root.isValid());
        TestRepos::isolateEnvironment(m_root.filePath(QStringLiteral("home")));
        const auto started = m_server.start();
        QVERIFY2(started, started ? "" : qPrintable(started.error().toString()));
    }

    void pushesOneCommitWithTrailers() {
        const QString name = serverRepository({{valuesPath, valuesFile}});
        auto repository = GitRepository::open(url(name), options());
        FD_VERIFY_OK(repository);
        ValuesPush push(**repository);
        PushRequest request;
        request.edits = {tagEdit(QStringLiteral("1.0.12")),
                         ValueEdit{ValueEdit::Kind::YamlKey,
                                   valuesPath,
                                   QStringLiteral("replicaCount"),
                                   {},
                                   QStringLiteral("3")}};
        request.message = QStringLiteral("Promote frontend 1.0.12 to prod");
        request.trailers = {{QStringLiteral("Freightdesk-Freight"), QStringLiteral("abc123")},
                            {QStringLiteral("Freightdesk-Stage"), QStringLiteral("prod")}};
        const auto outcome = push.run(request);
        FD_VERIFY_OK(outcome);
        QCOMPARE(outcome->attempts, 1);
        QCOMPARE(outcome->commitId, TestRepos::revParse(bare(name), QStringLiteral("main")));
        QCOMPARE(outcome->changes.size(), 1);
        QByteArray expected = valuesFile;
        expected.replace("\"1.0.11\"", "\"1.0.12\"").replace("replicaCount: 2", "replicaCount: 3");
        QCOMPARE(fileAt(name, QStringLiteral("main")), expected);
        QCOMPARE(TestRepos::git({QStringLiteral("log"), QStringLiteral("-1"),
                                 QStringLiteral("--format=%B%an <%ae>")},
                                bare(name))
                     .text(),
                 QStringLiteral("Promote frontend 1.0.12 to prod\n\nFreightdesk-Freight: abc123\n"
                                "Freightdesk-Stage: prod\nRelease Manager <rm@example.com>"));
        const QString trailers =
            TestRepos::git({QStringLiteral("log"), QStringLiteral("-1"),
                            QStringLiteral("--format=%(trailers:key=Freightdesk-Stage,valueonly)")},
                           bare(name))
                .text();
        QCOMPARE(trailers, QStringLiteral("prod"));
    }

    void valueAlreadyInPlacePushesNothing() {
        const QString name = serverRepository({{valuesPath, valuesFile}});
        const QString before = TestRepos::revParse(bare(name), QStringLiteral("main"));
        auto repository = GitRepository::open(url(name), options());
        FD_VERIFY_OK(repository);
        PushRequest request;
        request.edits = {tagEdit(QStringLiteral("1.0.11"))};
        request.message = QStringLiteral("No-op");
        const auto outcome = ValuesPush(**repository).run(request);
        FD_VERIFY_OK(outcome);
        QVERIFY(outcome->commitId.isEmpty());
        QCOMPARE(outcome->baseCommit, before);
        QCOMPARE(TestRepos::revParse(bare(name), QStringLiteral("main")), before);
    }

    void previewCommitsNothing() {
        const QString name = serverRepository({{valuesPath, valuesFile}});
        const QString before = TestRepos::revParse(bare(name), QStringLiteral("main"));
        auto repository = GitRepository::open(url(name), options());
        FD_VERIFY_OK(repository);
        PushRequest request;
        request.edits = {tagEdit(QStringLiteral("1.0.12"))};
        const auto outcome = ValuesPush(**repository).preview(request);
        FD_VERIFY_OK(outcome);
        QCOMPARE(outcome->changes.size(), 1);
        QCOMPARE(outcome->changes.constFirst().before, valuesFile);
        QVERIFY(outcome->changes.constFirst().after.contains("tag: \"1.0.12\"   # current\n"));
        QCOMPARE(TestRepos::revParse(bare(name), QStringLiteral("main")), before);
    }

    // A promotion decided on an older tip: a key someone changed since is a conflict, not
    // overwritten; a key unchanged since is set, whatever else moved.
    void changeSinceTheReviewedCommitIsAConflict() {
        const QString name = serverRepository({{valuesPath, valuesFile}});
        auto repository = GitRepository::open(url(name), options());
        FD_VERIFY_OK(repository);
        const auto reviewed = (*repository)->fetch(QStringLiteral("main"));
        FD_VERIFY_OK(reviewed);
        QByteArray theirs = valuesFile;
        theirs.replace("\"1.0.11\"", "\"1.0.13\"");
        FD_VERIFY_OK(theirCommit(name, theirs));
        const QString before = TestRepos::revParse(bare(name), QStringLiteral("main"));

        PushRequest request;
        request.edits = {tagEdit(QStringLiteral("1.0.12"))};
        request.reviewedCommit = *reviewed;
        const auto preview = ValuesPush(**repository).preview(request);
        FD_VERIFY_ERROR(preview, Error::Kind::Conflict);
        const auto outcome = ValuesPush(**repository).run(request);
        FD_VERIFY_ERROR(outcome, Error::Kind::Conflict);
        QVERIFY2(outcome.error().message.contains(QStringLiteral("\"1.0.13\"")) &&
                     outcome.error().message.contains(QStringLiteral("(it was \"1.0.11\")")),
                 qPrintable(outcome.error().message));
        QCOMPARE(TestRepos::revParse(bare(name), QStringLiteral("main")), before);

        // Without the reviewed commit the fresh tip is the baseline: theirs is replaced.
        request.reviewedCommit.clear();
        FD_VERIFY_OK(ValuesPush(**repository).run(request));

        // Another key moving since the review is no conflict.
        const auto reviewedAgain = (*repository)->fetch(QStringLiteral("main"));
        FD_VERIFY_OK(reviewedAgain);
        QByteArray other = fileAt(name, QStringLiteral("main"));
        other.replace("replicaCount: 2", "replicaCount: 4");
        FD_VERIFY_OK(theirCommit(name, other));
        request.edits = {tagEdit(QStringLiteral("1.0.14"))};
        request.reviewedCommit = *reviewedAgain;
        const auto kept = ValuesPush(**repository).run(request);
        FD_VERIFY_OK(kept);
        QVERIFY(fileAt(name, QStringLiteral("main")).contains("replicaCount: 4"));
        QVERIFY(fileAt(name, QStringLiteral("main")).contains("\"1.0.14\""));
    }

    void refusesBadRequests() {
        const QString name = serverRepository({{valuesPath, valuesFile}});
        auto repository = GitRepository::open(url(name), options());
        FD_VERIFY_OK(repository);
        ValuesPush push(**repository);
        PushRequest twice;
        twice.edits = {tagEdit(QStringLiteral("1")), tagEdit(QStringLiteral("2"))};
        const auto ambiguous = push.run(twice);
        QVERIFY(!ambiguous);
        QCOMPARE(ambiguous.error().kind, Error::Kind::InvalidInput);

        PushRequest missing;
        missing.edits = {ValueEdit{ValueEdit::Kind::YamlKey,
                                   QStringLiteral("env/nope.yaml"),
                                   QStringLiteral("a"),
                                   {},
                                   QStringLiteral("1")}};
        const auto notFound = push.run(missing);
        QVERIFY(!notFound);
        QCOMPARE(notFound.error().kind, Error::Kind::NotFound);
        QVERIFY2(notFound.error().toString().contains(QStringLiteral("env/nope.yaml")),
                 qPrintable(notFound.error().toString()));

        PushRequest escape;
        escape.edits = {ValueEdit{ValueEdit::Kind::YamlKey,
                                  QStringLiteral("../outside.yaml"),
                                  QStringLiteral("a"),
                                  {},
                                  QStringLiteral("1")}};
        const auto outside = push.run(escape);
        QVERIFY(!outside);
        QCOMPARE(outside.error().kind, Error::Kind::InvalidInput);
    }

    void refusalByTheServerIsNotRetried() {
        const QString name = serverRepository({{valuesPath, valuesFile}});
        QFile hook(bare(name) + QStringLiteral("/hooks/pre-receive"));
        QVERIFY(hook.open(QIODevice::WriteOnly));
        hook.write("#!/bin/sh\necho 'main is protected: open a pull request' >&2\nexit 1\n");
        hook.close();
        QVERIFY(hook.setPermissions(hook.permissions() | QFileDevice::ExeOwner));
        auto repository = GitRepository::open(url(name), options());
        FD_VERIFY_OK(repository);
        PushRequest request;
        request.edits = {tagEdit(QStringLiteral("1.0.12"))};
        const qsizetype pushesBefore = receivePackPosts();
        const auto outcome = ValuesPush(**repository).run(request);
        QVERIFY(!outcome);
        QCOMPARE(outcome.error().kind, Error::Kind::Refused);
        QVERIFY2(outcome.error().message.contains(QStringLiteral("pre-receive hook declined")),
                 qPrintable(outcome.error().message));
        // nginx logs a request once it has answered it, a moment after the client saw the answer.
        QTRY_COMPARE_WITH_TIMEOUT(receivePackPosts() - pushesBefore, 1, 5000);
    }

    void changeWhileOurPushIsHeld_data() {
        QTest::addColumn<QByteArray>("from");
        QTest::addColumn<QByteArray>("to");
        QTest::addColumn<QString>("expect");
        // Another key of the same file, with a comment: our edit is applied again on their commit.
        QTest::newRow("other key")
            << QByteArray("replicaCount: 2") << QByteArray("# scaled for the sale\nreplicaCount: 4")
            << QStringLiteral("pushed on theirs");
        QTest::newRow("same key, other value")
            << QByteArray("\"1.0.11\"") << QByteArray("\"1.0.13\"") << QStringLiteral("conflict");
        QTest::newRow("same key, same value")
            << QByteArray("\"1.0.11\"") << QByteArray("\"1.0.12\"")
            << QStringLiteral("nothing to push");
    }

    void changeWhileOurPushIsHeld() {
        QFETCH(QByteArray, from);
        QFETCH(QByteArray, to);
        QFETCH(QString, expect);
        const QString name = serverRepository({{valuesPath, valuesFile}});
        PushGate gate(bare(name), m_root.filePath(QStringLiteral("gate-%1").arg(++m_serial)));
        QVERIFY(gate.install());
        auto repository = GitRepository::open(url(name), options());
        FD_VERIFY_OK(repository);

        gate.arm();
        PushRequest request;
        request.edits = {tagEdit(QStringLiteral("1.0.12"))};
        request.message = QStringLiteral("Promote 1.0.12");
        auto running =
            std::async(std::launch::async, [&] { return ValuesPush(**repository).run(request); });
        QVERIFY(gate.waitUntilHeld());
        const QByteArray theirs = QByteArray(valuesFile).replace(from, to);
        const auto their = theirCommit(name, theirs);
        FD_VERIFY_OK(their);
        gate.release(true); // the held push now finds main moved and is refused
        const auto outcome = running.get();

        if (expect == QStringLiteral("conflict")) {
            QVERIFY(!outcome);
            const Error& error = outcome.error();
            QVERIFY2(error.kind == Error::Kind::Conflict, qPrintable(error.toString()));
            QCOMPARE(error.location, valuesPath);
            for (const char* part : {"image.tag", "\"1.0.13\"", "\"1.0.12\"", "\"1.0.11\""})
                QVERIFY2(error.message.contains(QLatin1String(part)), qPrintable(error.message));
            QCOMPARE(TestRepos::revParse(bare(name), QStringLiteral("main")), *their);
            QCOMPARE(fileAt(name, QStringLiteral("main")), theirs);
            return;
        }
        FD_VERIFY_OK(outcome);
        QCOMPARE(outcome->attempts, 2);
        QCOMPARE(outcome->baseCommit, *their);
        if (expect == QStringLiteral("nothing to push")) {
            QVERIFY(outcome->commitId.isEmpty());
            QCOMPARE(TestRepos::revParse(bare(name), QStringLiteral("main")), *their);
            return;
        }
        QCOMPARE(fileAt(name, QStringLiteral("main")),
                 QByteArray(theirs).replace("\"1.0.11\"", "\"1.0.12\""));
        QCOMPARE(TestRepos::revParse(bare(name), QStringLiteral("main^")), *their);
    }

    void twoWritersRacingLoseNothing_data() {
        QTest::addColumn<bool>("local");
        QTest::newRow("smart HTTP") << false;
        // On this machine the branch is moved by Freightdesk itself, with a compare-and-swap.
        QTest::newRow("file://") << true;
    }

    void twoWritersRacingLoseNothing() {
        QFETCH(bool, local);
        constexpr int pushesEach = 50;
        const QByteArray initial =
            "services:\n  a:\n    tag: 0.0.0 # writer a\n  b:\n    tag: 0.0.0 # writer b\n";
        const QString name = serverRepository({{valuesPath, initial}});
        const QString start = TestRepos::revParse(bare(name), QStringLiteral("main"));

        const auto writer = [&](const QString& key,
                                GitRepositoryOptions writerOptions) -> Result<int> {
            const QString target = local ? QStringLiteral("file://") + bare(name) : url(name);
            auto repository = GitRepository::open(target, writerOptions);
            if (!repository)
                return std::move(repository).error();
            int attempts = 0;
            for (int i = 1; i <= pushesEach; ++i) {
                PushRequest request;
                request.edits = {ValueEdit{ValueEdit::Kind::YamlKey,
                                           valuesPath,
                                           QStringLiteral("services.%1.tag").arg(key),
                                           {},
                                           QStringLiteral("1.0.%1").arg(i)}};
                request.message = QStringLiteral("Writer %1 push %2").arg(key).arg(i);
                // Tight loops are the worst case: the writer that just won fetches first and wins
                // again, so the other waits until it pauses. The bound is raised to outlast 50
                // pushes of the other writer; what is checked is that nothing is lost.
                request.maxAttempts = 100;
                auto outcome = ValuesPush(**repository).run(request);
                if (!outcome)
                    return std::move(outcome).error();
                attempts += outcome->attempts;
            }
            return attempts;
        };
        auto a = std::async(std::launch::async, writer, QStringLiteral("a"), options());
        auto b = std::async(std::launch::async, writer, QStringLiteral("b"), options());
        const auto attemptsA = a.get();
        const auto attemptsB = b.get();
        FD_VERIFY_OK(attemptsA);
        FD_VERIFY_OK(attemptsB);
        qInfo("100 pushes took %d attempts (%d retries after a moved branch)",
              *attemptsA + *attemptsB, *attemptsA + *attemptsB - 2 * pushesEach);

        // Every change is on the branch, in one linear history, each commit changing one key.
        const QStringList commits =
            TestRepos::git({QStringLiteral("rev-list"), QStringLiteral("--reverse"),
                            QStringLiteral("--first-parent"), start + QStringLiteral("..main")},
                           bare(name))
                .text()
                .split(u'\n');
        QCOMPARE(commits.size(), 2 * pushesEach);
        QSet<QString> subjects;
        int lastA = 0;
        int lastB = 0;
        for (const QString& commit : commits) {
            subjects.insert(TestRepos::git({QStringLiteral("log"), QStringLiteral("-1"),
                                            QStringLiteral("--format=%s"), commit},
                                           bare(name))
                                .text());
            const QByteArray content = fileAt(name, commit);
            const int tagA = writerTag(content, 'a');
            const int tagB = writerTag(content, 'b');
            QCOMPARE((tagA - lastA) + (tagB - lastB), 1);
            lastA = tagA;
            lastB = tagB;
        }
        QCOMPARE(subjects.size(), 2 * pushesEach);
        QCOMPARE(
            fileAt(name, QStringLiteral("main")),
            QByteArray(
                "services:\n  a:\n    tag: 1.0.50 # writer a\n  b:\n    tag: 1.0.50 # writer b\n"));
    }
};

QTEST_GUILESS_MAIN(TestValuesPush)
#include "tst_valuespush.moc"

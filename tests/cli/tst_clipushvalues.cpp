#include "clirun.h"
#include "githttpserver.h"
#include "pushgate.h"
#include "testrepos.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace fd::testsupport;

namespace {

const QString valuesPath = QStringLiteral("env/prod/frontend/frontend-values.yaml");
const QByteArray valuesFile =
    "image:\n  repository: nitheesh86/microservice-frontend\n  tag: 1.0.11\n\nreplicaCount: 2\n";
const QString kustomizationPath = QStringLiteral("env/dev/kustomization.yaml");
const QByteArray kustomization =
    "resources:\n- ../../base\n\nimages:\n- name: ghcr.io/akuity/guestbook\n  newTag: v0.0.1\n";

QByteArray newBlob(const QByteArray& content) {
    return TestRepos::git({QStringLiteral("hash-object"), QStringLiteral("--stdin")}, {}, content)
        .output.left(7);
}

QStringList pushArguments(const QString& repo, const QStringList& more) {
    return QStringList{QStringLiteral("push-values"), QStringLiteral("--repo"), repo} + more;
}

} // namespace

class TestCliPushValues final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_root;
    GitHttpServer m_server;
    int m_serial = 0;

    QString bare(const QString& name) const { return m_server.projectRoot() + u'/' + name; }
    QString newRepository() {
        const QString name = QStringLiteral("gitops-%1.git").arg(++m_serial);
        const auto created = TestRepos::createBare(
            bare(name), {{valuesPath, valuesFile}, {kustomizationPath, kustomization}});
        if (!created)
            qFatal("%s", qPrintable(created.error().toString()));
        return name;
    }
    QByteArray fileAt(const QString& name, const QString& path,
                      const QString& revision = QStringLiteral("main")) const {
        return TestRepos::git({QStringLiteral("show"), revision + u':' + path}, bare(name)).output;
    }
    int commitCount(const QString& name) const {
        return TestRepos::git(
                   {QStringLiteral("rev-list"), QStringLiteral("--count"), QStringLiteral("main")},
                   bare(name))
            .text()
            .toInt();
    }
    /** The user's Git setup as the CLI finds it: identity and a credential store. */
    void configureUser(const QString& password) {
        const QString store = m_root.filePath(QStringLiteral("credentials-%1").arg(++m_serial));
        QFile file(store);
        QVERIFY(file.open(QIODevice::WriteOnly));
        const auto account = m_server.accounts().constFirst();
        file.write(m_server.urlWithCredentials({}, account.user, password).toUtf8().chopped(1) +
                   '\n');
        file.close();
        QVERIFY(TestRepos::writeGlobalConfig(
            QStringLiteral("[user]\n\tname = Rita Release\n\temail = rita@example.com\n"
                           "[credential]\n\thelper = store --file=%1\n")
                .arg(store)));
    }
    QString password() const { return m_server.accounts().constFirst().password; }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_root.isValid());
        TestRepos::isolateEnvironment(m_root.filePath(QStringLiteral("home")));
        const auto started = m_server.start();
        QVERIFY2(started, started ? "" : qPrintable(started.error().toString()));
    }

    void init() { configureUser(password()); }

    void pushesAndPrintsTheCommit() {
        const QString name = newRepository();
        const Run run = cli(pushArguments(
            m_server.url(name),
            {QStringLiteral("--set"), valuesPath + QStringLiteral(":image.tag=1.0.12"),
             QStringLiteral("--set-image"),
             QStringLiteral("env/dev:ghcr.io/akuity/guestbook:v0.0.2"), QStringLiteral("--message"),
             QStringLiteral("Promote frontend 1.0.12"), QStringLiteral("--trailer"),
             QStringLiteral("Freightdesk-Stage=prod")}));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QString tip = TestRepos::revParse(bare(name), QStringLiteral("main"));
        QCOMPARE(QString::fromUtf8(run.out).trimmed(), tip);
        QCOMPARE(fileAt(name, valuesPath), QByteArray(valuesFile).replace("1.0.11", "1.0.12"));
        QCOMPARE(fileAt(name, kustomizationPath),
                 QByteArray(kustomization).replace("v0.0.1", "v0.0.2"));
        QCOMPARE(TestRepos::git({QStringLiteral("log"), QStringLiteral("-1"),
                                 QStringLiteral("--format=%an <%ae>|%B")},
                                bare(name))
                     .text(),
                 QStringLiteral("Rita Release <rita@example.com>|Promote frontend "
                                "1.0.12\n\nFreightdesk-Stage: prod"));
        // The mirror lives in the user's cache folder, not in the current directory.
        const QString mirrors = QDir::cleanPath(qEnvironmentVariable("XDG_CACHE_HOME") +
                                                QStringLiteral("/Freightdesk/mirrors"));
        QVERIFY2(!QDir(mirrors).entryList(QDir::Dirs | QDir::NoDotAndDotDot).isEmpty(),
                 qPrintable(mirrors));

        const Run again = cli(
            pushArguments(m_server.url(name), {QStringLiteral("--set"),
                                               valuesPath + QStringLiteral(":image.tag=1.0.12")}));
        QCOMPARE(again.exitCode, 0);
        QVERIFY(again.out.isEmpty());
        QVERIFY2(again.err.contains("Nothing to push"), again.err.constData());
        QCOMPARE(TestRepos::revParse(bare(name), QStringLiteral("main")), tip);
    }

    void dryRunPrintsTheDiffAndPushesNothing() {
        const QString name = newRepository();
        const QString before = TestRepos::revParse(bare(name), QStringLiteral("main"));
        const Run run =
            cli(pushArguments(m_server.url(name), {QStringLiteral("--set"),
                                                   valuesPath + QStringLiteral(":image.tag=1.0.12"),
                                                   QStringLiteral("--dry-run")}));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QString blobs =
            TestRepos::git({QStringLiteral("rev-parse"), QStringLiteral("--short=7"),
                            QStringLiteral("main:") + valuesPath},
                           bare(name))
                .text();
        QCOMPARE(run.out, QByteArray("diff --git a/env/prod/frontend/frontend-values.yaml "
                                     "b/env/prod/frontend/frontend-values.yaml\n"
                                     "index " +
                                     blobs.toUtf8() + ".." +
                                     newBlob(QByteArray(valuesFile).replace("1.0.11", "1.0.12")) +
                                     " 100644\n"
                                     "--- a/env/prod/frontend/frontend-values.yaml\n"
                                     "+++ b/env/prod/frontend/frontend-values.yaml\n"
                                     "@@ -1,5 +1,5 @@\n"
                                     " image:\n"
                                     "   repository: nitheesh86/microservice-frontend\n"
                                     "-  tag: 1.0.11\n"
                                     "+  tag: 1.0.12\n"
                                     " \n"
                                     " replicaCount: 2\n"));
        QCOMPARE(TestRepos::revParse(bare(name), QStringLiteral("main")), before);

        const Run json = cli(pushArguments(
            m_server.url(name),
            {QStringLiteral("--set"), valuesPath + QStringLiteral(":image.tag=1.0.12"),
             QStringLiteral("--dry-run"), QStringLiteral("--json")}));
        QCOMPARE(json.exitCode, 0);
        const QJsonObject result = QJsonDocument::fromJson(json.out).object();
        QCOMPARE(result.value(QStringLiteral("ok")).toBool(), true);
        QCOMPARE(result.value(QStringLiteral("base")).toString(), before);
        QCOMPARE(result.value(QStringLiteral("files"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("diff"))
                     .toString(),
                 QString::fromUtf8(run.out));
    }

    void jsonDescribesThePush() {
        const QString name = newRepository();
        const Run run =
            cli(pushArguments(m_server.url(name), {QStringLiteral("--set"),
                                                   valuesPath + QStringLiteral(":image.tag=1.0.12"),
                                                   QStringLiteral("--json")}));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject result = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(result.value(QStringLiteral("ok")).toBool(), true);
        QCOMPARE(result.value(QStringLiteral("pushed")).toBool(), true);
        QCOMPARE(result.value(QStringLiteral("commit")).toString(),
                 TestRepos::revParse(bare(name), QStringLiteral("main")));
        QCOMPARE(result.value(QStringLiteral("attempts")).toInt(), 1);
        QCOMPARE(result.value(QStringLiteral("remote")).toString(), m_server.url(name));
        QCOMPARE(result.value(QStringLiteral("files"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("path"))
                     .toString(),
                 valuesPath);
    }

    void wrongPasswordFailsFastAndSaysWhere() {
        const QString name = newRepository();
        const QString wrong = QStringLiteral("not-the-password-7");
        configureUser(wrong);
        const Run run =
            cli(pushArguments(m_server.url(name), {QStringLiteral("--set"),
                                                   valuesPath + QStringLiteral(":image.tag=1.0.12"),
                                                   QStringLiteral("--json")}));
        QCOMPARE(run.exitCode, 1);
        const QJsonObject error =
            QJsonDocument::fromJson(run.out).object().value(QStringLiteral("error")).toObject();
        QCOMPARE(error.value(QStringLiteral("kind")).toString(), QStringLiteral("authentication"));
        QVERIFY2(run.err.contains(m_server.url(name).toUtf8()), run.err.constData());
        QVERIFY(!run.err.contains(wrong.toUtf8()) && !run.out.contains(wrong.toUtf8()));
        QVERIFY2(run.elapsedMs < 20000, qPrintable(QString::number(run.elapsedMs)));
    }

    void serverDownFailsWithTheUrl() {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const QString url = QStringLiteral("http://127.0.0.1:%1/gone.git").arg(probe.serverPort());
        probe.close();
        const Run run = cli(pushArguments(url, {QStringLiteral("--set"),
                                                valuesPath + QStringLiteral(":image.tag=1.0.12"),
                                                QStringLiteral("--json")}));
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(QJsonDocument::fromJson(run.out)
                     .object()
                     .value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("kind"))
                     .toString(),
                 QStringLiteral("network"));
        QVERIFY2(run.err.contains(url.toUtf8()), run.err.constData());
    }

    void localCloneKeepsItsWorkingTree() {
        const QString name = newRepository();
        const QString clone = m_root.filePath(QStringLiteral("clone-%1").arg(++m_serial));
        QVERIFY(TestRepos::clone(m_server.url(name), clone).has_value());
        // The user has uncommitted work in the very file being promoted.
        QFile local(clone + u'/' + valuesPath);
        QVERIFY(local.open(QIODevice::Append));
        local.write("# my local experiment\n");
        local.close();
        const QString status =
            TestRepos::git({QStringLiteral("status"), QStringLiteral("--porcelain")}, clone).text();
        const QString localMain = TestRepos::revParse(clone, QStringLiteral("main"));

        const Run run = cli(pushArguments(
            clone, {QStringLiteral("--set"), valuesPath + QStringLiteral(":image.tag=1.0.12")}));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QString pushed = QString::fromUtf8(run.out).trimmed();
        QCOMPARE(TestRepos::revParse(bare(name), QStringLiteral("main")), pushed);
        QCOMPARE(
            TestRepos::git({QStringLiteral("status"), QStringLiteral("--porcelain")}, clone).text(),
            status);
        QCOMPARE(TestRepos::revParse(clone, QStringLiteral("main")), localMain);
        QCOMPARE(TestRepos::revParse(clone, QStringLiteral("refs/remotes/origin/main")), pushed);
        QVERIFY(TestRepos::git({QStringLiteral("diff")}, clone)
                    .output.contains("+# my local experiment"));
    }

    void conflictIsReportedAndNothingPushed() {
        const QString name = newRepository();
        PushGate gate(bare(name), m_root.filePath(QStringLiteral("gate-%1").arg(++m_serial)));
        QVERIFY(gate.install());
        gate.arm();
        QProcess process;
        process.start(
            QStringLiteral(FREIGHTDESK_CLI_PATH),
            pushArguments(m_server.url(name), {QStringLiteral("--set"),
                                               valuesPath + QStringLiteral(":image.tag=1.0.12")}));
        QVERIFY(gate.waitUntilHeld());
        const auto theirs = PushGate::commitPast(
            bare(name), {{valuesPath, QByteArray(valuesFile).replace("1.0.11", "1.0.13")}});
        QVERIFY(theirs.has_value());
        gate.release(true);
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 1);
        const QString err = QString::fromUtf8(process.readAllStandardError());
        for (const QString& part : {valuesPath, QStringLiteral("image.tag"),
                                    QStringLiteral("1.0.13"), QStringLiteral("1.0.12")})
            QVERIFY2(err.contains(part), qPrintable(err));
        QCOMPARE(TestRepos::revParse(bare(name), QStringLiteral("main")), *theirs);
    }

    void crashDuringPushLeavesConsistentState_data() {
        QTest::addColumn<bool>("serverAccepts");
        QTest::newRow("server refuses the orphaned push") << false;
        QTest::newRow("server accepts the orphaned push") << true;
    }

    void crashDuringPushLeavesConsistentState() {
        QFETCH(bool, serverAccepts);
        const QString name = newRepository();
        const QString before = TestRepos::revParse(bare(name), QStringLiteral("main"));
        const int commitsBefore = commitCount(name);
        PushGate gate(bare(name), m_root.filePath(QStringLiteral("gate-%1").arg(++m_serial)));
        QVERIFY(gate.install());
        const QStringList arguments =
            pushArguments(m_server.url(name), {QStringLiteral("--set"),
                                               valuesPath + QStringLiteral(":image.tag=1.0.12")});

        // The commit exists in the mirror and the pack is on the server when the CLI dies.
        gate.arm();
        QProcess process;
        process.start(QStringLiteral(FREIGHTDESK_CLI_PATH), arguments);
        QVERIFY(gate.waitUntilHeld());
        process.kill();
        QVERIFY(process.waitForFinished(10000));
        gate.release(serverAccepts);
        QTRY_VERIFY_WITH_TIMEOUT(
            !QFile::exists(bare(name) + QStringLiteral("/refs/heads/main.lock")), 10000);

        const QString remoteMain = TestRepos::revParse(bare(name), QStringLiteral("main"));
        QVERIFY(
            TestRepos::git({QStringLiteral("fsck"), QStringLiteral("--no-dangling")}, bare(name))
                .ok());
        // Whether a server completes a push whose client died is up to the server (git's
        // receive-pack here stops when its client is gone): either way main is whole.
        const bool landed = remoteMain != before;
        if (landed) {
            QCOMPARE(TestRepos::revParse(bare(name), QStringLiteral("main^")), before);
            QVERIFY(fileAt(name, valuesPath).contains("tag: 1.0.12"));
        }
        if (!serverAccepts)
            QVERIFY(!landed);
        qInfo("the orphaned push %s", landed ? "landed" : "did not land");
        const QString mirrors =
            qEnvironmentVariable("XDG_CACHE_HOME") + QStringLiteral("/Freightdesk/mirrors");
        const QString mirrorPrefix = QString(name).remove(QStringLiteral(".git")) + u'-';
        const QStringList ours =
            QDir(mirrors).entryList({mirrorPrefix + u'*'}, QDir::Dirs | QDir::NoDotAndDotDot);
        QCOMPARE(ours.size(), 1);
        for (const QString& mirror : ours) {
            const QString path = mirrors + u'/' + mirror;
            QVERIFY(TestRepos::git({QStringLiteral("fsck"), QStringLiteral("--no-dangling")}, path)
                        .ok());
            const QString tracked =
                TestRepos::revParse(path, QStringLiteral("refs/remotes/origin/main"));
            // The mirror's record of main is a commit the server had; never the unconfirmed one.
            QVERIFY(tracked.isEmpty() || tracked == before || tracked == remoteMain);
        }

        // Running the same promotion again converges: exactly one commit with the change.
        const Run again = cli(arguments);
        QVERIFY2(again.exitCode == 0, again.err.constData());
        QCOMPARE(commitCount(name), commitsBefore + 1);
        QCOMPARE(fileAt(name, valuesPath), QByteArray(valuesFile).replace("1.0.11", "1.0.12"));
        if (landed)
            QVERIFY2(again.err.contains("Nothing to push"), again.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliPushValues)
#include "tst_clipushvalues.moc"

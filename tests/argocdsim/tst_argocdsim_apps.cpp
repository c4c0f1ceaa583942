#include "simtesting.h"
#include "testrepos.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace fd::argocdsim;
using namespace fd::argocdsim::testing;

namespace {

QStringList names(const Reply& reply) {
    QStringList out;
    for (const QJsonValue& item : reply.json().value(QStringLiteral("items")).toArray())
        out.append(item[QStringLiteral("metadata")][QStringLiteral("name")].toString());
    out.sort();
    return out;
}

QString at(const QJsonObject& object, const QString& path) {
    QJsonValue value = object;
    for (const QString& key : path.split(u'.'))
        value = value[key];
    return value.toString();
}

} // namespace

class TestArgoCDSimApps final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void listSelects_data();
    void listSelects();
    void listProjectsFields();
    void getAppNamespace();
    void refreshSeesPushedCommit();
    void refreshWaitsForTheDelay();
    void syncDeploysThePushedCommit();
    void brokenTagDegrades();
    void automatedSyncFollowsTheBranch();
    void unparsableValuesAreAComparisonError();
    void fixtureApplicationsAreServed();

private:
    QJsonObject waitForApp(const QString& name, const QString& path, const QString& value,
                           const QString& query = {});

    QTemporaryDir m_home;
    QString m_repository;
    std::unique_ptr<ArgoCDSimulator> m_simulator;
    std::unique_ptr<SimClient> m_client;
    QString m_token;
};

void TestArgoCDSimApps::initTestCase() {
    QVERIFY(m_home.isValid());
    fd::testsupport::TestRepos::isolateEnvironment(m_home.path());
}

void TestArgoCDSimApps::init() {
    m_simulator.reset();
    QTemporaryDir* folder = new QTemporaryDir(m_home.filePath(QStringLiteral("repo-XXXXXX")));
    folder->setAutoRemove(false); // removed with m_home
    m_repository = createDeployRepository(folder->path());
    delete folder;
    QVERIFY(!m_repository.isEmpty());
    m_simulator = std::make_unique<ArgoCDSimulator>(testConfig(m_repository));
    const auto started = m_simulator->start();
    QVERIFY2(started, started ? "" : qPrintable(started.error().toString()));
    m_client = std::make_unique<SimClient>(m_simulator->url());
    m_token = m_simulator->issueToken();
}

QJsonObject TestArgoCDSimApps::waitForApp(const QString& name, const QString& path,
                                          const QString& value, const QString& query) {
    QJsonObject app;
    QDeadlineTimer deadline(10000);
    while (!deadline.hasExpired()) {
        app = m_client->get(QStringLiteral("/api/v1/applications/") + name + query, m_token).json();
        if (at(app, path) == value)
            return app;
        QTest::qWait(50);
    }
    return app;
}

void TestArgoCDSimApps::listSelects_data() {
    QTest::addColumn<QString>("selector");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("equals") << QStringLiteral("env=dev")
                            << QStringList{QStringLiteral("api-dev"),
                                           QStringLiteral("guestbook-dev")};
    QTest::newRow("not equals") << QStringLiteral("env!=dev")
                                << QStringList{QStringLiteral("guestbook-prod")};
    QTest::newRow("in") << QStringLiteral("env in (prod,test)")
                        << QStringList{QStringLiteral("guestbook-prod")};
    QTest::newRow("notin") << QStringLiteral("team notin (api)")
                           << QStringList{QStringLiteral("guestbook-dev"),
                                          QStringLiteral("guestbook-prod")};
    QTest::newRow("and") << QStringLiteral("env=dev,team=web")
                         << QStringList{QStringLiteral("guestbook-dev")};
    QTest::newRow("exists") << QStringLiteral("!team") << QStringList{};
}

void TestArgoCDSimApps::listSelects() {
    QFETCH(QString, selector);
    QFETCH(QStringList, expected);
    const Reply reply = m_client->get(QStringLiteral("/api/v1/applications?selector=") +
                                          QString::fromLatin1(QUrl::toPercentEncoding(selector)),
                                      m_token);
    QCOMPARE(reply.status, 200);
    QCOMPARE(names(reply), expected);
}

void TestArgoCDSimApps::listProjectsFields() {
    const Reply reply = m_client->get(
        QStringLiteral(
            "/api/v1/applications?projects=prod&projects=other"
            "&fields=metadata.resourceVersion,items.metadata.name,items.status.sync.status"),
        m_token);
    QCOMPARE(reply.status, 200);
    const QJsonObject body = reply.json();
    QVERIFY(
        !body[QStringLiteral("metadata")][QStringLiteral("resourceVersion")].toString().isEmpty());
    const QJsonArray items = body.value(QStringLiteral("items")).toArray();
    QCOMPARE(items.size(), 1);
    const QJsonObject item = items.first().toObject();
    QCOMPARE(item.keys(), (QStringList{QStringLiteral("metadata"), QStringLiteral("status")}));
    QCOMPARE(item[QStringLiteral("metadata")].toObject().keys(),
             QStringList{QStringLiteral("name")});
    QCOMPARE(at(item, QStringLiteral("status.sync.status")), QStringLiteral("Synced"));
    QVERIFY(!item[QStringLiteral("status")].toObject().contains(QStringLiteral("health")));
}

void TestArgoCDSimApps::getAppNamespace() {
    QCOMPARE(m_client->get(QStringLiteral("/api/v1/applications/api-dev"), m_token).status, 404);
    const Reply reply =
        m_client->get(QStringLiteral("/api/v1/applications/api-dev?appNamespace=team-a"), m_token);
    QCOMPARE(reply.status, 200);
    QCOMPARE(at(reply.json(), QStringLiteral("metadata.namespace")), QStringLiteral("team-a"));
    const Reply list =
        m_client->get(QStringLiteral("/api/v1/applications?appNamespace=team-a"), m_token);
    QCOMPARE(names(list), QStringList{QStringLiteral("api-dev")});
}

void TestArgoCDSimApps::refreshSeesPushedCommit() {
    const QJsonObject before =
        m_client->get(QStringLiteral("/api/v1/applications/guestbook-prod"), m_token).json();
    QCOMPARE(at(before, QStringLiteral("status.sync.status")), QStringLiteral("Synced"));
    QCOMPARE(at(before, QStringLiteral("status.health.status")), QStringLiteral("Healthy"));
    QCOMPARE(at(before, QStringLiteral("spec.source.targetRevision")), QStringLiteral("main"));
    QCOMPARE(before[QStringLiteral("status")][QStringLiteral("summary")][QStringLiteral("images")]
                 .toArray()
                 .first()
                 .toString(),
             QStringLiteral("ghcr.io/example/guestbook:1.0.0"));
    const QString commit = pushTag(m_repository, QStringLiteral("prod"), QStringLiteral("1.1.0"));
    QVERIFY(!commit.isEmpty());
    // Without refresh the long interval has not run yet.
    QCOMPARE(
        at(m_client->get(QStringLiteral("/api/v1/applications/guestbook-prod"), m_token).json(),
           QStringLiteral("status.sync.status")),
        QStringLiteral("Synced"));
    const QJsonObject after =
        m_client->get(QStringLiteral("/api/v1/applications/guestbook-prod?refresh=normal"), m_token)
            .json();
    QCOMPARE(at(after, QStringLiteral("status.sync.status")), QStringLiteral("OutOfSync"));
    QCOMPARE(at(after, QStringLiteral("status.sync.revision")), commit);
    QVERIFY(!at(after, QStringLiteral("status.reconciledAt")).isEmpty());
}

void TestArgoCDSimApps::refreshWaitsForTheDelay() {
    m_simulator->setRefreshDelay(std::chrono::milliseconds(700));
    QElapsedTimer timer;
    timer.start();
    const Reply reply =
        m_client->get(QStringLiteral("/api/v1/applications/guestbook-dev?refresh=hard"), m_token);
    QCOMPARE(reply.status, 200);
    QVERIFY(timer.elapsed() >= 600);
}

void TestArgoCDSimApps::syncDeploysThePushedCommit() {
    const QString commit = pushTag(m_repository, QStringLiteral("prod"), QStringLiteral("1.2.0"));
    m_client->get(QStringLiteral("/api/v1/applications/guestbook-prod?refresh=normal"), m_token);
    const Reply sync = m_client->post(QStringLiteral("/api/v1/applications/guestbook-prod/sync"),
                                      {{QStringLiteral("prune"), false}}, m_token);
    QCOMPARE(sync.status, 200);
    QVERIFY(sync.json().contains(QStringLiteral("operation")));
    QCOMPARE(at(sync.json(), QStringLiteral("status.operationState.phase")),
             QStringLiteral("Running"));
    const Reply again =
        m_client->post(QStringLiteral("/api/v1/applications/guestbook-prod/sync"), {}, m_token);
    QCOMPARE(again.status, 400);
    QCOMPARE(again.json().value(QStringLiteral("code")).toInt(), 9);

    const QJsonObject progressing =
        waitForApp(QStringLiteral("guestbook-prod"), QStringLiteral("status.operationState.phase"),
                   QStringLiteral("Succeeded"));
    QCOMPARE(at(progressing, QStringLiteral("status.operationState.syncResult.revision")), commit);
    QVERIFY(!at(progressing, QStringLiteral("status.operationState.finishedAt")).isEmpty());
    QVERIFY(!progressing.contains(QStringLiteral("operation")));
    QCOMPARE(at(progressing, QStringLiteral("status.sync.status")), QStringLiteral("Synced"));
    const QJsonObject healthy =
        waitForApp(QStringLiteral("guestbook-prod"), QStringLiteral("status.health.status"),
                   QStringLiteral("Healthy"));
    QCOMPARE(at(healthy, QStringLiteral("status.health.status")), QStringLiteral("Healthy"));
    QCOMPARE(healthy[QStringLiteral("status")][QStringLiteral("summary")][QStringLiteral("images")]
                 .toArray()
                 .first()
                 .toString(),
             QStringLiteral("ghcr.io/example/guestbook:1.2.0"));
    QCOMPARE(m_simulator->requestCount(QStringLiteral("POST /api/v1/applications/{name}/sync")), 2);
}

void TestArgoCDSimApps::brokenTagDegrades() {
    m_simulator->addBrokenTag(QStringLiteral("6.6.6"));
    pushTag(m_repository, QStringLiteral("prod"), QStringLiteral("6.6.6"));
    m_client->get(QStringLiteral("/api/v1/applications/guestbook-prod?refresh=normal"), m_token);
    QCOMPARE(m_client->post(QStringLiteral("/api/v1/applications/guestbook-prod/sync"), {}, m_token)
                 .status,
             200);
    QCOMPARE(at(waitForApp(QStringLiteral("guestbook-prod"), QStringLiteral("status.health.status"),
                           QStringLiteral("Progressing")),
                QStringLiteral("status.health.status")),
             QStringLiteral("Progressing"));
    QCOMPARE(at(waitForApp(QStringLiteral("guestbook-prod"), QStringLiteral("status.health.status"),
                           QStringLiteral("Degraded")),
                QStringLiteral("status.health.status")),
             QStringLiteral("Degraded"));
}

void TestArgoCDSimApps::automatedSyncFollowsTheBranch() {
    m_simulator->setReconcileInterval(std::chrono::milliseconds(200));
    const QString commit = pushTag(m_repository, QStringLiteral("dev"), QStringLiteral("2.0.0"));
    waitForApp(QStringLiteral("api-dev"),
               QStringLiteral("status.operationState.syncResult.revision"), commit,
               QStringLiteral("?appNamespace=team-a"));
    const QJsonObject app =
        waitForApp(QStringLiteral("api-dev"), QStringLiteral("status.health.status"),
                   QStringLiteral("Healthy"), QStringLiteral("?appNamespace=team-a"));
    QCOMPARE(at(app, QStringLiteral("status.operationState.syncResult.revision")), commit);
    QCOMPARE(at(app, QStringLiteral("status.sync.status")), QStringLiteral("Synced"));
    // guestbook-dev reads the same file but has no automated policy.
    QCOMPARE(at(m_client->get(QStringLiteral("/api/v1/applications/guestbook-dev"), m_token).json(),
                QStringLiteral("status.sync.status")),
             QStringLiteral("OutOfSync"));
}

void TestArgoCDSimApps::unparsableValuesAreAComparisonError() {
    QVERIFY(fd::testsupport::TestRepos::commit(
        m_repository, QStringLiteral("main"),
        {{QStringLiteral("env/prod/values.yaml"), "image: [tag: 1\n"}}));
    const QJsonObject app =
        m_client->get(QStringLiteral("/api/v1/applications/guestbook-prod?refresh=normal"), m_token)
            .json();
    const QJsonArray conditions =
        app[QStringLiteral("status")][QStringLiteral("conditions")].toArray();
    QCOMPARE(conditions.size(), 1);
    QCOMPARE(conditions.first()[QStringLiteral("type")].toString(),
             QStringLiteral("ComparisonError"));
    QCOMPARE(at(app, QStringLiteral("status.sync.status")), QStringLiteral("Unknown"));
}

void TestArgoCDSimApps::fixtureApplicationsAreServed() {
    const QString fixture = QStringLiteral(FREIGHTDESK_FIXTURES_DIR "/microservice-helmcharts");
    if (!QFileInfo::exists(fixture))
        QSKIP("fixture microservice-helmcharts not present");
    QMap<QString, QByteArray> files;
    QDirIterator it(fixture, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        files.insert(QDir(fixture).relativeFilePath(path), file.readAll());
    }
    const QString bare = m_home.filePath(QStringLiteral("fixture.git"));
    QVERIFY(fd::testsupport::TestRepos::createBare(bare, files));
    ArgoCDSimulator simulator(testConfig(bare));
    const auto started = simulator.start();
    QVERIFY2(started, started ? "" : qPrintable(started.error().toString()));
    SimClient client(simulator.url());
    const QJsonObject app =
        client.get(QStringLiteral("/api/v1/applications/voting-dev"), simulator.issueToken())
            .json();
    QCOMPARE(at(app, QStringLiteral("spec.project")), QStringLiteral("craftista"));
    QCOMPARE(at(app, QStringLiteral("status.health.status")), QStringLiteral("Healthy"));
    QVERIFY(app[QStringLiteral("status")][QStringLiteral("summary")][QStringLiteral("images")]
                .toArray()
                .first()
                .toString()
                .contains(u"voting"));
}

QTEST_GUILESS_MAIN(TestArgoCDSimApps)
#include "tst_argocdsim_apps.moc"

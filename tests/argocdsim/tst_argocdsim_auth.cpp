#include "simtesting.h"
#include "testrepos.h"

#include <QJsonArray>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace fd::argocdsim;
using namespace fd::argocdsim::testing;

class TestArgoCDSimAuth final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void versionNeedsNoSession();
    void loginIssuesToken();
    void wrongPasswordIsRefused();
    void missingTokenIsRefused();
    void cookieCarriesTheToken();
    void expiredTokensAreRefused();
    void staticTokenWorksUntilExpired();
    void restrictedUserGetsPermissionDenied();
    void unknownAppIsNotFoundForAdmin();
    void contentTypeIsEnforced_data();
    void contentTypeIsEnforced();

private:
    QTemporaryDir m_home;
    QString m_repository;
    std::unique_ptr<ArgoCDSimulator> m_simulator;
    std::unique_ptr<SimClient> m_client;
};

void TestArgoCDSimAuth::initTestCase() {
    QVERIFY(m_home.isValid());
    fd::testsupport::TestRepos::isolateEnvironment(m_home.path());
    m_repository = createDeployRepository(m_home.path());
    QVERIFY(!m_repository.isEmpty());
    SimConfig config = testConfig(m_repository);
    config.staticToken = QStringLiteral("static-token");
    m_simulator = std::make_unique<ArgoCDSimulator>(config);
    const auto started = m_simulator->start();
    QVERIFY2(started, started ? "" : qPrintable(started.error().toString()));
    m_client = std::make_unique<SimClient>(m_simulator->url());
}

void TestArgoCDSimAuth::versionNeedsNoSession() {
    const Reply reply = m_client->get(QStringLiteral("/api/version"));
    QCOMPARE(reply.status, 200);
    QVERIFY(reply.json().value(QStringLiteral("Version")).toString().startsWith(u"v2."));
}

void TestArgoCDSimAuth::loginIssuesToken() {
    const Reply login = m_client->post(QStringLiteral("/api/v1/session"),
                                       {{QStringLiteral("username"), QStringLiteral("admin")},
                                        {QStringLiteral("password"), QStringLiteral("password")}});
    QCOMPARE(login.status, 200);
    const QString token = login.json().value(QStringLiteral("token")).toString();
    QCOMPARE(token.count(u'.'), 2); // a JWT
    const Reply list = m_client->get(QStringLiteral("/api/v1/applications"), token);
    QCOMPARE(list.status, 200);
    QCOMPARE(list.json().value(QStringLiteral("items")).toArray().size(), 3);
}

void TestArgoCDSimAuth::wrongPasswordIsRefused() {
    const Reply login = m_client->post(QStringLiteral("/api/v1/session"),
                                       {{QStringLiteral("username"), QStringLiteral("admin")},
                                        {QStringLiteral("password"), QStringLiteral("nope")}});
    QCOMPARE(login.status, 401);
    QCOMPARE(login.json().value(QStringLiteral("code")).toInt(), 16);
    QCOMPARE(login.json().value(QStringLiteral("message")).toString(),
             QStringLiteral("Invalid username or password"));
}

void TestArgoCDSimAuth::missingTokenIsRefused() {
    SimClient fresh(m_simulator->url()); // no cookie from an earlier login
    const Reply reply = fresh.get(QStringLiteral("/api/v1/applications"));
    QCOMPARE(reply.status, 401);
    QCOMPARE(reply.json().value(QStringLiteral("code")).toInt(), 16);
    QCOMPARE(reply.json().value(QStringLiteral("error")).toString(),
             QStringLiteral("no session information"));
}

void TestArgoCDSimAuth::cookieCarriesTheToken() {
    QNetworkRequest request(m_client->url(QStringLiteral("/api/v1/applications/guestbook-dev")));
    request.setRawHeader("Cookie", "argocd.token=" + m_simulator->issueToken().toUtf8());
    QNetworkReply* reply = m_client->network().get(request);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(15000));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    reply->deleteLater();
}

void TestArgoCDSimAuth::expiredTokensAreRefused() {
    const QString token = m_simulator->issueToken();
    QCOMPARE(m_client->get(QStringLiteral("/api/v1/applications"), token).status, 200);
    m_simulator->expireTokens();
    const Reply reply = m_client->get(QStringLiteral("/api/v1/applications"), token);
    QCOMPARE(reply.status, 401);
    QVERIFY(reply.json().value(QStringLiteral("message")).toString().contains(u"token is expired"));

    m_simulator->setTokenLifetime(std::chrono::milliseconds(200));
    const QString shortLived = m_simulator->issueToken();
    QCOMPARE(m_client->get(QStringLiteral("/api/v1/applications"), shortLived).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(
        m_client->get(QStringLiteral("/api/v1/applications"), shortLived).status, 401, 5000);
    m_simulator->setTokenLifetime(std::chrono::hours(1));
}

void TestArgoCDSimAuth::staticTokenWorksUntilExpired() {
    // Runs after expiredTokensAreRefused: a fresh simulator keeps the static token valid.
    SimConfig config = testConfig(m_repository);
    config.staticToken = QStringLiteral("static-token");
    ArgoCDSimulator simulator(config);
    QVERIFY(simulator.start());
    SimClient client(simulator.url());
    QCOMPARE(
        client.get(QStringLiteral("/api/v1/applications"), QStringLiteral("static-token")).status,
        200);
    QCOMPARE(client.get(QStringLiteral("/api/v1/applications"), QStringLiteral("other")).status,
             401);
    simulator.expireTokens();
    QCOMPARE(
        client.get(QStringLiteral("/api/v1/applications"), QStringLiteral("static-token")).status,
        401);
}

void TestArgoCDSimAuth::restrictedUserGetsPermissionDenied() {
    const QString alice = m_simulator->issueToken(QStringLiteral("alice"));
    const Reply denied =
        m_client->get(QStringLiteral("/api/v1/applications/guestbook-prod"), alice);
    QCOMPARE(denied.status, 403);
    QCOMPARE(denied.json().value(QStringLiteral("code")).toInt(), 7);
    QVERIFY(
        denied.json().value(QStringLiteral("message")).toString().startsWith(u"permission denied"));
    // Unknown apps look the same to her, and the list leaves out what she may not see.
    QCOMPARE(m_client->get(QStringLiteral("/api/v1/applications/nope"), alice).status, 403);
    QCOMPARE(m_client->get(QStringLiteral("/api/v1/applications/guestbook-dev"), alice).status,
             200);
    const Reply list = m_client->get(QStringLiteral("/api/v1/applications"), alice);
    QCOMPARE(list.json().value(QStringLiteral("items")).toArray().size(), 2);
    const Reply sync =
        m_client->post(QStringLiteral("/api/v1/applications/guestbook-prod/sync"), {}, alice);
    QCOMPARE(sync.status, 403);
}

void TestArgoCDSimAuth::unknownAppIsNotFoundForAdmin() {
    const Reply reply =
        m_client->get(QStringLiteral("/api/v1/applications/nope"), m_simulator->issueToken());
    QCOMPARE(reply.status, 404);
    QCOMPARE(reply.json().value(QStringLiteral("code")).toInt(), 5);
}

void TestArgoCDSimAuth::contentTypeIsEnforced_data() {
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<int>("status");
    QTest::newRow("session text/plain")
        << QStringLiteral("/api/v1/session") << QByteArray("text/plain") << 415;
    QTest::newRow("sync with charset") << QStringLiteral("/api/v1/applications/guestbook-dev/sync")
                                       << QByteArray("application/json; charset=utf-8") << 415;
    QTest::newRow("sync form") << QStringLiteral("/api/v1/applications/guestbook-dev/sync")
                               << QByteArray("application/x-www-form-urlencoded") << 415;
    QTest::newRow("sync json") << QStringLiteral("/api/v1/applications/guestbook-dev/sync")
                               << QByteArray("application/json") << 200;
}

void TestArgoCDSimAuth::contentTypeIsEnforced() {
    QFETCH(QString, path);
    QFETCH(QByteArray, contentType);
    QFETCH(int, status);
    const Reply reply = m_client->post(path, {}, m_simulator->issueToken(), contentType);
    QCOMPARE(reply.status, status);
    if (status == 415)
        QCOMPARE(reply.body, QByteArray("Invalid content type\n"));
}

QTEST_GUILESS_MAIN(TestArgoCDSimAuth)
#include "tst_argocdsim_auth.moc"

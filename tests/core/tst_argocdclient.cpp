// ArgoCdClient against a scripted HTTP server (FakeRegistry): sessions and tokens, 401/403,
// error bodies, the list projection and its fallback, apps in other namespaces, a root path,
// refresh bounded by a timeout, sync, and TLS only with an opt-in.

#include "argocdclient.h"
#include "argocdtesting.h"
#include "awaitresult.h"
#include "fakeregistry.h"

#include <QNetworkAccessManager>
#include <QSslCertificate>
#include <QSslKey>
#include <QTemporaryDir>
#include <QTest>

using namespace fd::core;
using namespace fd::testsupport;
using namespace Qt::Literals::StringLiterals;

namespace {

ArgoCdConnection connectionTo(const FakeRegistry& server, const QString& rootPath = {}) {
    ArgoCdConnection connection;
    connection.server = QUrl(u"http://"_s + QString::fromLatin1(server.host()) + rootPath);
    return connection;
}

// An expired token, and the username and password for a new session.
ArgoCdConnection withExpiredToken(const FakeRegistry& server) {
    ArgoCdConnection connection = connectionTo(server);
    connection.authToken = u"expired"_s;
    connection.username = u"admin"_s;
    connection.password = u"secret"_s;
    return connection;
}

QByteArray bearer(const QByteArray& token) {
    return "Bearer " + token;
}

// Answers the session endpoint with @p token for admin/secret; everything else needs a token.
FakeReply session(const FakeRequest& request, const QByteArray& token) {
    const QJsonObject body = QJsonDocument::fromJson(request.body).object();
    if (body.value(u"username").toString() != u"admin" ||
        body.value(u"password").toString() != u"secret")
        return FakeReply::json(argoError(u"Invalid username or password"_s, 16), 401);
    return FakeReply::json(argoJson(QJsonObject{{u"token"_s, QString::fromLatin1(token)}}));
}

FakeReply unauthenticated() {
    return FakeReply::json(
        argoError(u"invalid session: token has invalid claims: token is expired"_s, 16), 401);
}

// Sessions for admin/secret get @p token; applications need it.
FakeRegistry::Handler sessionServer(const QByteArray& token) {
    return [token](const FakeRequest& request) {
        if (request.path() == "/api/v1/session")
            return session(request, token);
        if (request.header("authorization") != bearer(token))
            return unauthenticated();
        return FakeReply::json(argoJson(argoApplication(u"frontend"_s, u"7"_s)));
    };
}

QString text(const Error& error) {
    return error.toString();
}

} // namespace

class TestArgoCdClient final : public QObject {
    Q_OBJECT

private:
    QNetworkAccessManager m_network;

    template <typename T>
    Result<T> wait(const std::function<void(ArgoCdClient::Callback<T>)>& start) {
        return awaitResult<T>([&](auto done) { start(done); }, std::chrono::seconds(20));
    }
    Result<ArgoCdAppStatus> get(ArgoCdClient& client, const QString& app,
                                ArgoCdRefresh refresh = ArgoCdRefresh::None) {
        return wait<ArgoCdAppStatus>(
            [&](auto done) { client.application(app, refresh, this, done); });
    }
    Result<ArgoCdAppList> list(ArgoCdClient& client, const ArgoCdAppQuery& query = {}) {
        return wait<ArgoCdAppList>([&](auto done) { client.listApplications(query, this, done); });
    }

private Q_SLOTS:
    void loginAndUseTheToken() {
        FakeRegistry server(sessionServer("t1"));
        QVERIFY(server.listen());
        ArgoCdClient client(&m_network, connectionTo(server));
        const auto token =
            wait<QString>([&](auto done) { client.login(u"admin"_s, u"secret"_s, this, done); });
        QVERIFY2(token, qPrintable(token ? QString() : text(token.error())));
        QCOMPARE(*token, u"t1"_s);
        const auto app = get(client, u"frontend"_s);
        QVERIFY2(app, qPrintable(app ? QString() : text(app.error())));
        QCOMPARE(app->name, u"frontend"_s);
        QCOMPARE(app->images, QStringList{u"nginx:1.25"_s});

        const auto requests = server.requests();
        QCOMPARE(requests.size(), 2);
        QCOMPARE(requests.at(0).method, QByteArray("POST"));
        QCOMPARE(requests.at(0).header("content-type"), QByteArray("application/json"));
        QCOMPARE(requests.at(1).method, QByteArray("GET"));
        QVERIFY(!requests.at(1).headers.contains("content-type"));

        const auto refused =
            wait<QString>([&](auto done) { client.login(u"admin"_s, u"wrong"_s, this, done); });
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, Error::Kind::Authentication);
        QVERIFY2(text(refused.error()).contains(u"refused the username or password of admin"_s),
                 qPrintable(text(refused.error())));
        QVERIFY(!text(refused.error()).contains(u"wrong"_s));
    }

    void expiredTokenStartsOneNewSession() {
        FakeRegistry server(sessionServer("fresh"));
        QVERIFY(server.listen());
        ArgoCdClient client(&m_network, withExpiredToken(server));
        const auto app = get(client, u"frontend"_s);
        QVERIFY2(app, qPrintable(app ? QString() : text(app.error())));
        QCOMPARE(client.connection().authToken, u"fresh"_s);
        QCOMPARE(server.requests().size(), 3); // refused, session, repeated
    }

    void refusedAfterANewSessionIsAnError() {
        int sessions = 0;
        FakeRegistry server([&](const FakeRequest& request) {
            if (request.path() == "/api/v1/session") {
                ++sessions;
                return session(request, "useless");
            }
            return unauthenticated();
        });
        QVERIFY(server.listen());
        ArgoCdClient client(&m_network, withExpiredToken(server));
        const auto app = get(client, u"frontend"_s);
        QVERIFY(!app);
        QCOMPARE(app.error().kind, Error::Kind::Authentication);
        QVERIFY2(text(app.error()).contains(u"argocd login"_s), qPrintable(text(app.error())));
        QCOMPARE(sessions, 1);
        QCOMPARE(server.requests().size(), 3);
    }

    void unauthenticatedWithoutCredentialsSaysToLogIn() {
        FakeRegistry server([](const FakeRequest&) { return unauthenticated(); });
        QVERIFY(server.listen());
        ArgoCdConnection connection = connectionTo(server);
        connection.authToken = u"expired-token-value"_s;
        ArgoCdClient client(&m_network, connection);
        const auto app = get(client, u"frontend"_s);
        QVERIFY(!app);
        const QString message = text(app.error());
        QVERIFY2(message.contains(u"argocd login"_s), qPrintable(message));
        QVERIFY2(message.contains(u"token is expired"_s), qPrintable(message));
        QVERIFY(!message.contains(u"expired-token-value"_s));
        QCOMPARE(server.requests().size(), 1);
    }

    void permissionDeniedNamesServerAndApp() {
        FakeRegistry server([](const FakeRequest&) {
            return FakeReply::json(argoError(u"permission denied"_s, 7), 403);
        });
        QVERIFY(server.listen());
        ArgoCdClient client(&m_network, connectionTo(server));
        const auto app = get(client, u"team-a/frontend"_s);
        QVERIFY(!app);
        const QString message = text(app.error());
        QCOMPARE(app.error().kind, Error::Kind::Authentication);
        QVERIFY2(message.contains(QString::fromLatin1(server.host())), qPrintable(message));
        QVERIFY2(message.contains(u"application team-a/frontend"_s), qPrintable(message));
        QVERIFY2(message.contains(u"permission denied"_s), qPrintable(message));
        QVERIFY2(message.contains(u"cannot see this application"_s), qPrintable(message));
    }

    void errorBodyIsTheMessage() {
        FakeRegistry server([](const FakeRequest&) {
            return FakeReply::json(
                argoError(u"application spec for frontend is invalid: InvalidSpecError"_s, 3), 400);
        });
        QVERIFY(server.listen());
        ArgoCdClient client(&m_network, connectionTo(server));
        const auto synced =
            wait<ArgoCdAppStatus>([&](auto done) { client.sync(u"frontend"_s, {}, this, done); });
        QVERIFY(!synced);
        QVERIFY2(text(synced.error()).contains(u"application spec for frontend is invalid"_s),
                 qPrintable(text(synced.error())));

        server.setHandler([](const FakeRequest&) {
            FakeReply reply;
            reply.status = 502;
            reply.body = "<html>Bad Gateway</html>";
            return reply;
        });
        const auto app = get(client, u"frontend"_s);
        QVERIFY(!app);
        QCOMPARE(app.error().kind, Error::Kind::Network);
        QVERIFY2(text(app.error()).contains(u"HTTP 502"_s), qPrintable(text(app.error())));
    }

    void listAsksForAProjection() {
        FakeRegistry server([](const FakeRequest&) {
            return FakeReply::json(argoList(
                {argoApplication(u"frontend"_s, u"5"_s), argoApplication(u"backend"_s, u"6"_s)},
                u"42"_s));
        });
        QVERIFY(server.listen());
        ArgoCdClient client(&m_network, connectionTo(server));
        ArgoCdAppQuery query;
        query.selector = u"team=web"_s;
        query.projects = {u"web"_s, u"shared"_s};
        query.appNamespace = u"team-a"_s;
        const auto apps = list(client, query);
        QVERIFY2(apps, qPrintable(apps ? QString() : text(apps.error())));
        QCOMPARE(apps->items.size(), 2);
        QCOMPARE(apps->resourceVersion, u"42"_s);
        QCOMPARE(apps->items.at(1).healthStatus, u"Healthy"_s);
        const FakeRequest request = server.requests().constFirst();
        QCOMPARE(request.path(), QByteArray("/api/v1/applications"));
        QCOMPARE(request.queryValue("selector"), QByteArray("team=web"));
        QCOMPARE(request.queryValues("projects"), (QList<QByteArray>{"web", "shared"}));
        QCOMPARE(request.queryValue("appNamespace"), QByteArray("team-a"));
        const QList<QByteArray> fields = request.queryValue("fields").split(',');
        QVERIFY(fields.contains("items.metadata.name"));
        QVERIFY(fields.contains("items.status.sync"));
        QVERIFY(fields.contains("metadata.resourceVersion"));
    }

    void refusedProjectionIsDroppedForGood() {
        FakeRegistry server([](const FakeRequest& request) {
            if (!request.queryValue("fields").isEmpty())
                return FakeReply::json(argoError(u"unknown field"_s, 3), 400);
            return FakeReply::json(argoList({argoApplication(u"frontend"_s, u"5"_s)}, u"9"_s));
        });
        QVERIFY(server.listen());
        ArgoCdClient client(&m_network, connectionTo(server));
        auto apps = list(client);
        QVERIFY2(apps, qPrintable(apps ? QString() : text(apps.error())));
        QCOMPARE(apps->items.size(), 1);
        apps = list(client);
        QVERIFY(apps);
        QCOMPARE(server.requests().size(), 3); // refused, without, and without from then on
    }

    void mangledProjectionIsDropped() {
        FakeRegistry server([](const FakeRequest& request) {
            if (!request.queryValue("fields").isEmpty()) // names lost: a wrong projection
                return FakeReply::json("{\"items\":[{\"status\":{}}]}");
            return FakeReply::json(argoList({argoApplication(u"frontend"_s, u"5"_s)}, u"9"_s));
        });
        QVERIFY(server.listen());
        ArgoCdClient client(&m_network, connectionTo(server));
        const auto apps = list(client);
        QVERIFY(apps);
        QCOMPARE(apps->items.constFirst().name, u"frontend"_s);
    }

    void appsInOtherNamespaces() {
        FakeRegistry server([](const FakeRequest& request) {
            return FakeReply::json(
                argoJson(argoApplication(u"frontend"_s, u"1"_s, u"Healthy"_s,
                                         QString::fromUtf8(request.queryValue("appNamespace")))));
        });
        QVERIFY(server.listen());
        ArgoCdClient client(&m_network, connectionTo(server));
        const auto app = get(client, u"team-a/frontend"_s);
        QVERIFY(app);
        QCOMPARE(app->qualifiedName(), u"team-a/frontend"_s);
        QCOMPARE(server.requests().constLast().path(), QByteArray("/api/v1/applications/frontend"));
        QCOMPARE(server.requests().constLast().queryValue("appNamespace"), QByteArray("team-a"));

        ArgoCdSyncOptions options;
        options.revision = u"abc123"_s;
        options.prune = true;
        const auto synced = wait<ArgoCdAppStatus>(
            [&](auto done) { client.sync(u"team-a/frontend"_s, options, this, done); });
        QVERIFY(synced);
        const FakeRequest request = server.requests().constLast();
        QCOMPARE(request.method, QByteArray("POST"));
        QCOMPARE(request.path(), QByteArray("/api/v1/applications/frontend/sync"));
        QCOMPARE(request.header("content-type"), QByteArray("application/json"));
        const QJsonObject body = QJsonDocument::fromJson(request.body).object();
        QCOMPARE(body.value(u"name").toString(), u"frontend"_s);
        QCOMPARE(body.value(u"appNamespace").toString(), u"team-a"_s);
        QCOMPARE(body.value(u"revision").toString(), u"abc123"_s);
        QCOMPARE(body.value(u"prune").toBool(), true);
    }

    void serverBelowARootPath() {
        FakeRegistry server([](const FakeRequest& request) {
            if (request.path() == "/argocd/api/version")
                return FakeReply::json("{\"Version\":\"v2.10.4+f5d63a5\"}");
            return FakeReply::json("{}", 404);
        });
        QVERIFY(server.listen());
        ArgoCdClient client(&m_network, connectionTo(server, u"/argocd"_s));
        const auto version = wait<QString>([&](auto done) { client.version(this, done); });
        QVERIFY2(version, qPrintable(version ? QString() : text(version.error())));
        QCOMPARE(*version, u"v2.10.4+f5d63a5"_s);
    }

    void refreshIsBoundedByATimeout() {
        FakeRegistry server([](const FakeRequest& request) {
            FakeReply reply = FakeReply::json(argoJson(argoApplication(u"frontend"_s, u"3"_s)));
            reply.hang = !request.queryValue("refresh").isEmpty(); // waits for reconciliation
            return reply;
        });
        QVERIFY(server.listen());
        ArgoCdClientOptions options;
        options.refreshTimeout = std::chrono::milliseconds(300);
        ArgoCdClient client(&m_network, connectionTo(server), options);
        const auto app = get(client, u"frontend"_s, ArgoCdRefresh::Normal);
        QVERIFY2(app, qPrintable(app ? QString() : text(app.error())));
        QCOMPARE(app->resourceVersion, u"3"_s);
        const auto requests = server.requests();
        QCOMPARE(requests.size(), 2);
        QCOMPARE(requests.at(0).queryValue("refresh"), QByteArray("normal"));
        QVERIFY(requests.at(1).queryValue("refresh").isEmpty());
    }

    void selfSignedOnlyWithOptIn() {
        QTemporaryDir folder;
        QSslCertificate certificate;
        QSslKey key;
        if (!FakeRegistry::makeSelfSigned(folder.path(), &certificate, &key))
            QSKIP("the openssl command could not make a certificate");
        FakeRegistry server(
            [](const FakeRequest&) { return FakeReply::json("{\"Version\":\"v2.10.4\"}"); });
        QVERIFY(server.listenTls(certificate, key));
        ArgoCdConnection connection;
        connection.server = QUrl(u"https://"_s + QString::fromLatin1(server.host()));
        ArgoCdClient strict(&m_network, connection);
        const auto refused = wait<QString>([&](auto done) { strict.version(this, done); });
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, Error::Kind::Network);
        QVERIFY2(text(refused.error()).contains(u"self-signed"_s),
                 qPrintable(text(refused.error())));

        connection.insecure = true;
        ArgoCdClient trusting(&m_network, connection);
        const auto version = wait<QString>([&](auto done) { trusting.version(this, done); });
        QVERIFY2(version, qPrintable(version ? QString() : text(version.error())));
        QCOMPARE(*version, u"v2.10.4"_s);
    }

    void statusReadFromTheApplication() {
        const ArgoCdAppStatus app =
            ArgoCdAppStatus::fromJson(argoApplication(u"frontend"_s, u"12"_s, u"Degraded"_s));
        QCOMPARE(app.qualifiedName(), u"argocd/frontend"_s);
        QCOMPARE(app.project, u"default"_s);
        QCOMPARE(app.syncStatus, u"Synced"_s);
        QCOMPARE(app.syncRevision, u"abc123"_s);
        QCOMPARE(app.healthStatus, u"Degraded"_s);
        QVERIFY(app.hasOperationState);
        QCOMPARE(app.operationState.phase, u"Succeeded"_s);
        QCOMPARE(app.operationState.syncRevision, u"abc123"_s);
        QCOMPARE(app.operationState.finishedAt,
                 QDateTime(QDate(2026, 3, 1), QTime(12, 0, 20), Qt::UTC));
        QVERIFY(app.reconciledAt > app.operationState.finishedAt);
        QCOMPARE(app.conditions.size(), 1);
        QCOMPARE(app.conditions.first().type, u"SyncError"_s);
        QCOMPARE(app.sources.size(), 1);
        QCOMPARE(app.sources.first().path, u"env/prod/frontend"_s);
        QVERIFY(!app.operationPending);
        const ArgoCdAppStatus empty = ArgoCdAppStatus::fromJson({});
        QVERIFY(empty.name.isEmpty() && !empty.hasOperationState && empty.sources.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestArgoCdClient)
#include "tst_argocdclient.moc"

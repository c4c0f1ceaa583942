// ArgoCdAppWatcher and ArgoCdAppStream against a scripted server (FakeRegistry): server-sent
// events split across reads, keep-alives, reconnecting from the last resourceVersion after a
// drop, the periodic re-read, polling when there is no stream, and no loop on a refused token.

#include "argocdappwatcher.h"
#include "argocdtesting.h"
#include "fakeregistry.h"

#include <QNetworkAccessManager>
#include <QTest>

using namespace fd::core;
using namespace fd::testsupport;
using namespace Qt::Literals::StringLiterals;

namespace {

constexpr int patience = 10000; // ms for QTRY_*

ArgoCdConnection connectionTo(const FakeRegistry& server) {
    ArgoCdConnection connection;
    connection.server = QUrl(u"http://"_s + QString::fromLatin1(server.host()));
    connection.authToken = u"token"_s;
    return connection;
}

ArgoCdWatchOptions fastOptions() {
    ArgoCdWatchOptions options;
    options.resyncInterval = std::chrono::minutes(10);
    options.pollInterval = std::chrono::milliseconds(100);
    options.firstRetry = std::chrono::milliseconds(50);
    options.maxRetry = std::chrono::milliseconds(200);
    options.failuresBeforePolling = 3;
    return options;
}

FakeReply eventStream(const QList<QByteArray>& chunks, bool drop = false) {
    FakeReply reply;
    reply.headers = {{"Content-Type", "text/event-stream"}};
    reply.chunks = chunks;
    reply.chunkDelayMs = 30;
    reply.keepOpen = !drop;
    reply.drop = drop;
    return reply;
}

bool isStream(const FakeRequest& request) {
    return request.path() == "/api/v1/stream/applications";
}

QList<FakeRequest> streamRequests(const FakeRegistry& server) {
    QList<FakeRequest> found;
    for (const FakeRequest& request : server.requests())
        if (isStream(request))
            found.append(request);
    return found;
}

// A client and a started watcher on a server, with what the watcher reported, in order:
// "changed name@resourceVersion", "deleted name".
struct Watching final {
    ArgoCdClient client;
    ArgoCdAppWatcher watcher;
    QStringList seen;
    QList<Error> problems;

    Watching(QNetworkAccessManager* network, const FakeRegistry& server,
             const ArgoCdWatchOptions& options = fastOptions())
        : client(network, connectionTo(server))
        , watcher(&client, options) {
        QObject::connect(&watcher, &ArgoCdAppWatcher::applicationChanged, &watcher,
                         [this](const ArgoCdAppStatus& app) {
                             seen.append(u"changed "_s + app.qualifiedName() + u'@' +
                                         app.resourceVersion);
                         });
        QObject::connect(&watcher, &ArgoCdAppWatcher::applicationDeleted, &watcher,
                         [this](const QString& name) { seen.append(u"deleted "_s + name); });
        QObject::connect(&watcher, &ArgoCdAppWatcher::problem, &watcher,
                         [this](const Error& error) { problems.append(error); });
        watcher.start();
    }
};

} // namespace

class TestArgoCdWatcher final : public QObject {
    Q_OBJECT

private:
    QNetworkAccessManager m_network;

private Q_SLOTS:
    void eventsSplitAcrossReads() {
        const QByteArray modified =
            argoEvent(u"MODIFIED"_s, argoApplication(u"frontend"_s, u"11"_s));
        FakeRegistry server([&](const FakeRequest& request) {
            if (isStream(request))
                return eventStream(
                    {": keep-alive\n\n", modified.left(20), modified.mid(20, 300),
                     modified.mid(320) + ":\n\n" +
                         argoEvent(u"ADDED"_s, argoApplication(u"backend"_s, u"12"_s)),
                     argoEvent(u"DELETED"_s, argoApplication(u"backend"_s, u"13"_s))});
            return FakeReply::json(argoList({argoApplication(u"frontend"_s, u"5"_s)}, u"10"_s));
        });
        QVERIFY(server.listen());
        ArgoCdWatchOptions options = fastOptions();
        options.query.selector = u"team=web"_s;
        Watching watching(&m_network, server, options);
        QCOMPARE(watching.watcher.mode(), ArgoCdAppWatcher::Mode::Streaming);
        QTRY_COMPARE_WITH_TIMEOUT(watching.seen.size(), 4, patience);
        QCOMPARE(watching.seen,
                 (QStringList{u"changed argocd/frontend@5"_s, u"changed argocd/frontend@11"_s,
                              u"changed argocd/backend@12"_s, u"deleted argocd/backend"_s}));
        QVERIFY(watching.problems.isEmpty());
        QCOMPARE(watching.watcher.resourceVersion(), u"13"_s);
        QCOMPARE(watching.watcher.applications().size(), 1);

        const FakeRequest stream = streamRequests(server).constFirst();
        QCOMPARE(stream.header("accept"), QByteArray("text/event-stream"));
        QCOMPARE(stream.header("authorization"), QByteArray("Bearer token"));
        QCOMPARE(stream.queryValue("resourceVersion"), QByteArray("10"));
        QCOMPARE(stream.queryValue("selector"), QByteArray("team=web"));
    }

    void reconnectsFromTheLastResourceVersion() {
        int streams = 0;
        FakeRegistry server([&](const FakeRequest& request) {
            if (isStream(request) && ++streams == 1) // one event, then the connection drops
                return eventStream(
                    {argoEvent(u"MODIFIED"_s, argoApplication(u"frontend"_s, u"11"_s))}, true);
            if (isStream(request))
                return eventStream(
                    {argoEvent(u"MODIFIED"_s, argoApplication(u"frontend"_s, u"12"_s))});
            return FakeReply::json(argoList({argoApplication(u"frontend"_s, u"5"_s)}, u"10"_s));
        });
        QVERIFY(server.listen());
        Watching watching(&m_network, server);
        QTRY_COMPARE_WITH_TIMEOUT(watching.seen.size(), 3, patience);
        QCOMPARE(watching.seen.last(), u"changed argocd/frontend@12"_s);
        const auto requests = streamRequests(server);
        QCOMPARE(requests.size(), 2);
        QCOMPARE(requests.at(1).queryValue("resourceVersion"), QByteArray("11"));
        QCOMPARE(watching.problems.size(), 1); // the drop
        QCOMPARE(watching.watcher.mode(), ArgoCdAppWatcher::Mode::Streaming);
    }

    void periodicReadCatchesDroppedEvents() {
        QString version = u"5"_s;
        FakeRegistry server([&](const FakeRequest& request) {
            if (isStream(request))
                return eventStream({": keep-alive\n\n"}); // quiet: the event was lost
            return FakeReply::json(argoList({argoApplication(u"frontend"_s, version)}, version));
        });
        QVERIFY(server.listen());
        ArgoCdWatchOptions options = fastOptions();
        options.resyncInterval = std::chrono::milliseconds(150);
        Watching watching(&m_network, server, options);
        QTRY_COMPARE_WITH_TIMEOUT(watching.seen.size(), 1, patience);
        version = u"6"_s;
        QTRY_COMPARE_WITH_TIMEOUT(watching.seen.size(), 2, patience);
        QCOMPARE(watching.seen.last(), u"changed argocd/frontend@6"_s);
        QCOMPARE(streamRequests(server).size(), 1);
    }

    void pollsWhenTheServerHasNoStream() {
        QString version = u"5"_s;
        FakeRegistry server([&](const FakeRequest& request) {
            if (isStream(request))
                return FakeReply::json("{\"error\":\"Not Found\",\"code\":5}", 404);
            return FakeReply::json(argoList({argoApplication(u"frontend"_s, version)}, version));
        });
        QVERIFY(server.listen());
        Watching watching(&m_network, server);
        QTRY_COMPARE_WITH_TIMEOUT(watching.watcher.mode(), ArgoCdAppWatcher::Mode::Polling,
                                  patience);
        version = u"6"_s;
        QTRY_COMPARE_WITH_TIMEOUT(watching.seen.size(), 2, patience);
        QCOMPARE(watching.seen.last(), u"changed argocd/frontend@6"_s);
        QCOMPARE(streamRequests(server).size(), 1);
    }

    void pollsFromTheStartWhenToldNotToStream() {
        QString version = u"5"_s;
        FakeRegistry server([&](const FakeRequest&) {
            return FakeReply::json(argoList({argoApplication(u"frontend"_s, version)}, version));
        });
        QVERIFY(server.listen());
        ArgoCdWatchOptions options = fastOptions();
        options.stream = false;
        Watching watching(&m_network, server, options);
        QCOMPARE(watching.watcher.mode(), ArgoCdAppWatcher::Mode::Polling);
        QTRY_COMPARE_WITH_TIMEOUT(watching.seen.size(), 1, patience);
        version = u"6"_s;
        QTRY_COMPARE_WITH_TIMEOUT(watching.seen.size(), 2, patience);
        QCOMPARE(watching.seen.last(), u"changed argocd/frontend@6"_s);
        QVERIFY(streamRequests(server).isEmpty());
    }

    void pollsAfterRepeatedFailures() {
        FakeRegistry server([&](const FakeRequest& request) {
            if (isStream(request))
                return FakeReply::json(argoError(u"upstream unavailable"_s, 14), 503);
            return FakeReply::json(argoList({argoApplication(u"frontend"_s, u"5"_s)}, u"5"_s));
        });
        QVERIFY(server.listen());
        Watching watching(&m_network, server);
        QTRY_COMPARE_WITH_TIMEOUT(watching.watcher.mode(), ArgoCdAppWatcher::Mode::Polling,
                                  patience);
        QCOMPARE(streamRequests(server).size(), 3);
        QCOMPARE(watching.problems.size(), 3);
        QVERIFY2(watching.problems.first().message.contains(u"upstream unavailable"_s),
                 qPrintable(watching.problems.first().message));
    }

    void refusedTokenStopsTheWatcher() {
        FakeRegistry server([](const FakeRequest&) {
            return FakeReply::json(argoError(u"invalid session"_s, 16), 401);
        });
        QVERIFY(server.listen());
        Watching watching(&m_network, server);
        QTRY_COMPARE_WITH_TIMEOUT(watching.watcher.mode(), ArgoCdAppWatcher::Mode::Stopped,
                                  patience);
        QCOMPARE(watching.problems.size(), 1);
        QCOMPARE(watching.problems.first().kind, Error::Kind::Authentication);
        QTest::qWait(300); // nothing more is asked
        QCOMPARE(server.requests().size(), 1);
    }

    void streamErrorMessageEndsTheStream() {
        int streams = 0;
        FakeRegistry server([&](const FakeRequest& request) {
            if (isStream(request) && ++streams == 1)
                return eventStream({"data: {\"error\":{\"grpc_code\":14,\"http_code\":503,"
                                    "\"message\":\"watch closed\"}}\n\n"},
                                   true);
            if (isStream(request))
                return eventStream({": keep-alive\n\n"});
            return FakeReply::json(argoList({}, u"1"_s));
        });
        QVERIFY(server.listen());
        Watching watching(&m_network, server);
        QTRY_COMPARE_WITH_TIMEOUT(watching.problems.size(), 1, patience);
        QVERIFY2(watching.problems.first().message.contains(u"watch closed"_s),
                 qPrintable(watching.problems.first().message));
        QTRY_COMPARE_WITH_TIMEOUT(streams, 2, patience);
    }
};

QTEST_GUILESS_MAIN(TestArgoCdWatcher)
#include "tst_argocdwatcher.moc"

// HelmRepositoryClient: index.yaml fetched conditionally (ETag), parsed off the calling thread,
// cached; errors name the index URL. Served by the test HTTP server (FakeRegistry).

#include "awaitresult.h"
#include "chartversiondiscovery.h"
#include "fakeregistry.h"
#include "helmrepositoryclient.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QTest>

using namespace fd::core;
using namespace Qt::Literals::StringLiterals;
using fd::testsupport::FakeRegistry;
using fd::testsupport::FakeReply;
using fd::testsupport::FakeRequest;

namespace {

QByteArray indexWith(const QByteArray& version) {
    return "apiVersion: v1\nentries:\n  frontend:\n  - name: frontend\n    version: " + version +
           "\n    urls:\n    - frontend-" + version + ".tgz\n";
}

FakeReply yaml(const QByteArray& body, const QByteArray& etag) {
    FakeReply reply;
    reply.body = body;
    reply.headers.emplaceBack("Content-Type", "application/x-yaml");
    if (!etag.isEmpty())
        reply.headers.emplaceBack("ETag", etag);
    return reply;
}

} // namespace

class TestHelmRepositoryClient final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_cache;
    QNetworkAccessManager m_network;

    Result<HelmIndexFetch> fetch(HelmRepositoryClient& client, const QString& url) {
        return awaitResult<HelmIndexFetch>([&](auto done) { client.fetchIndex(url, this, done); },
                                           std::chrono::seconds(30));
    }
    QStringList versions(ChartVersionDiscovery& charts, const WarehouseSubscription& subscription) {
        const auto found =
            awaitResult<QStringList>([&](auto done) { charts.discover(subscription, this, done); },
                                     std::chrono::seconds(30));
        if (!found)
            qWarning("%s", qPrintable(found.error().toString()));
        return found ? *found : QStringList{u"<error>"_s};
    }
    static QString base(const FakeRegistry& server, const char* path = "/charts") {
        return u"http://"_s + QString::fromLatin1(server.host()) + QString::fromLatin1(path);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_cache.isValid()); }

    void fetchesOnceThenAsksIfChanged() {
        QByteArray body = indexWith("1.0.0");
        QByteArray etag = "\"v1\"";
        FakeRegistry server([&](const FakeRequest& request) {
            if (request.path() != "/charts/index.yaml")
                return FakeReply::json("{}", 404);
            if (!etag.isEmpty() && request.header("if-none-match") == etag) {
                FakeReply notModified;
                notModified.status = 304;
                return notModified;
            }
            return yaml(body, etag);
        });
        QVERIFY(server.listen());
        HelmRepositoryClient client(&m_network, HelmIndexCache(m_cache.filePath(u"a"_s)));

        auto first = fetch(client, base(server) + u"/"_s);
        QVERIFY2(first, qPrintable(first ? QString() : first.error().toString()));
        QVERIFY(!first->notModified);
        QCOMPARE(first->etag, u"\"v1\""_s);
        QCOMPARE(first->index.versions(u"frontend"_s).first().version, u"1.0.0"_s);
        QVERIFY(server.requests().first().header("if-none-match").isEmpty());

        // Unchanged: the server says so and the cached index is used.
        auto second = fetch(client, base(server));
        QVERIFY(second);
        QVERIFY(second->notModified);
        QVERIFY(second->index == first->index);
        QCOMPARE(server.requests().last().header("if-none-match"), QByteArray("\"v1\""));

        // A new client (a new run) still has the cache on disk.
        HelmRepositoryClient later(&m_network, HelmIndexCache(m_cache.filePath(u"a"_s)));
        auto third = fetch(later, base(server));
        QVERIFY(third);
        QVERIFY(third->notModified);

        // Changed: downloaded and parsed again.
        body = indexWith("1.1.0");
        etag = "\"v2\"";
        auto fourth = fetch(later, base(server));
        QVERIFY(fourth);
        QVERIFY(!fourth->notModified);
        QCOMPARE(fourth->index.versions(u"frontend"_s).first().version, u"1.1.0"_s);
        QCOMPARE(fourth->etag, u"\"v2\""_s);
    }

    void privateRepositoryCredentials() {
        const QByteArray good = "Basic " + QByteArray("chartreader:s3cret").toBase64();
        FakeRegistry server([&](const FakeRequest& request) {
            if (request.header("authorization") != good)
                return FakeReply{
                    401, {{"WWW-Authenticate", "Basic realm=\"charts\""}}, {}, false, -1};
            return yaml(indexWith("5.0.0"), {});
        });
        QVERIFY(server.listen());
        const QString file = m_cache.filePath(u"repositories.yaml"_s);
        const auto writeRepositories = [&](const QByteArray& password) {
            QFile out(file);
            QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
            out.write("apiVersion: \"\"\ngenerated: \"0001-01-01T00:00:00Z\"\nrepositories:\n"
                      "- name: public\n  url: https://charts.example.com\n"
                      "- name: private\n  url: " +
                      base(server).toUtf8() + "/\n  username: chartreader\n  password: " +
                      password + "\n  insecure_skip_tls_verify: false\n");
        };

        // As `helm repo add --username --password` left them (with a final '/').
        writeRepositories("s3cret");
        HelmRepositoryClient client(&m_network, HelmIndexCache(m_cache.filePath(u"p"_s)));
        client.setRepositoriesFile(file);
        const auto fetched = fetch(client, base(server));
        QVERIFY2(fetched, qPrintable(fetched ? QString() : fetched.error().toString()));
        QCOMPARE(server.requests().constLast().header("authorization"), good);

        // Refused: the error names the user and the file, never the password.
        writeRepositories("wrong");
        const auto refused = fetch(client, base(server));
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, Error::Kind::Authentication);
        QVERIFY2(refused.error().message.contains(u"'chartreader'"_s),
                 qPrintable(refused.error().message));
        QVERIFY(refused.error().message.contains(file));
        QVERIFY(!refused.error().toString().contains(u"wrong"_s));

        // None anywhere: the error says where `helm repo add` would put them.
        client.setRepositoriesFile(m_cache.filePath(u"none.yaml"_s));
        const auto missing = fetch(client, base(server));
        QVERIFY(!missing);
        QVERIFY2(missing.error().message.contains(u"helm repo add"_s),
                 qPrintable(missing.error().message));

        // In the URL: used, but kept out of messages and the cache's key.
        QString withUser = base(server);
        withUser.replace(u"http://"_s, u"http://chartreader:s3cret@"_s);
        const auto inUrl = fetch(client, withUser);
        QVERIFY2(inUrl, qPrintable(inUrl ? QString() : inUrl.error().toString()));
        QCOMPARE(server.requests().constLast().header("authorization"), good);
    }

    void withoutETagEveryFetchIsFull() {
        FakeRegistry server([&](const FakeRequest&) { return yaml(indexWith("2.0.0"), {}); });
        QVERIFY(server.listen());
        HelmRepositoryClient client(&m_network, HelmIndexCache(m_cache.filePath(u"b"_s)));
        QVERIFY(fetch(client, base(server)));
        auto again = fetch(client, base(server));
        QVERIFY(again);
        QVERIFY(!again->notModified);
        QVERIFY(server.requests().last().header("if-none-match").isEmpty());
    }

    void redirectsAreFollowed() {
        FakeRegistry server([&](const FakeRequest& request) {
            if (request.path() == "/charts/index.yaml") {
                FakeReply moved;
                moved.status = 302;
                moved.headers.emplaceBack("Location", "/pages/charts/index.yaml");
                return moved;
            }
            return yaml(indexWith("3.0.0"), "\"p\"");
        });
        QVERIFY(server.listen());
        HelmRepositoryClient client(&m_network, HelmIndexCache(m_cache.filePath(u"c"_s)));
        auto fetched = fetch(client, base(server));
        QVERIFY2(fetched, qPrintable(fetched ? QString() : fetched.error().toString()));
        QCOMPARE(fetched->index.versions(u"frontend"_s).first().version, u"3.0.0"_s);
    }

    void errorsNameTheIndex_data() {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("hang");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("message");
        QTest::newRow("not found") << 404 << QByteArray("no") << false << int(Error::Kind::NotFound)
                                   << u"folder that holds"_s;
        QTest::newRow("needs credentials")
            << 401 << QByteArray() << false << int(Error::Kind::Authentication)
            << u"needs credentials"_s;
        QTest::newRow("server error")
            << 503 << QByteArray() << false << int(Error::Kind::Network) << u"HTTP 503"_s;
        QTest::newRow("not an index") << 200 << QByteArray("<html>login</html>\n") << false
                                      << int(Error::Kind::Parse) << u"no apiVersion"_s;
        QTest::newRow("broken YAML") << 200 << QByteArray("apiVersion: v1\nentries: [a, b\n")
                                     << false << int(Error::Kind::Parse) << u"not valid YAML"_s;
        QTest::newRow("hangs") << 200 << QByteArray() << true << int(Error::Kind::Network)
                               << u"stopped answering"_s;
    }

    void errorsNameTheIndex() {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(bool, hang);
        QFETCH(int, kind);
        QFETCH(QString, message);
        FakeRegistry server([&](const FakeRequest&) {
            FakeReply reply = yaml(body, {});
            reply.status = status;
            reply.hang = hang;
            return reply;
        });
        QVERIFY(server.listen());
        RegistryTimeouts timeouts = HelmRepositoryClient::defaultTimeouts();
        timeouts.noProgress = std::chrono::milliseconds(500);
        HelmRepositoryClient client(&m_network, HelmIndexCache(m_cache.filePath(u"d"_s)), timeouts);
        const auto fetched = fetch(client, base(server));
        QVERIFY(!fetched);
        QCOMPARE(int(fetched.error().kind), kind);
        QVERIFY2(fetched.error().message.contains(message), qPrintable(fetched.error().toString()));
        QVERIFY2(fetched.error().location.startsWith(base(server) + u"/index.yaml"_s),
                 qPrintable(fetched.error().toString()));
    }

    void notAnHttpUrl() {
        HelmRepositoryClient client(&m_network, HelmIndexCache(m_cache.filePath(u"e"_s)));
        const auto fetched = fetch(client, u"oci://registry.example.com/charts"_s);
        QVERIFY(!fetched);
        QCOMPARE(fetched.error().kind, Error::Kind::InvalidInput);
    }

    void chartVersionsFromAClassicRepository() {
        const QByteArray index = "apiVersion: v1\nentries:\n  frontend:\n"
                                 "  - {name: frontend, version: 1.0.0}\n"
                                 "  - {name: frontend, version: 2.0.0-rc.1}\n"
                                 "  - {name: frontend, version: 1.2.0}\n"
                                 "  - {name: frontend, version: 1.1.0+build.7}\n"
                                 "  - {name: frontend, version: not-semver}\n";
        FakeRegistry server([&](const FakeRequest&) { return yaml(index, "\"i\""); });
        QVERIFY(server.listen());
        HelmRepositoryClient helm(&m_network, HelmIndexCache(m_cache.filePath(u"g"_s)));
        RegistryClient registry(&m_network, RegistryClientOptions{});
        ChartVersionDiscovery charts(&helm, &registry);
        WarehouseSubscription subscription;
        subscription.kind = WarehouseSubscription::Kind::Chart;
        subscription.repoURL = base(server);
        subscription.chartName = u"frontend"_s;
        subscription.semverConstraint = u"^1.0.0"_s;
        QCOMPARE(versions(charts, subscription),
                 (QStringList{u"1.2.0"_s, u"1.1.0+build.7"_s, u"1.0.0"_s}));
        subscription.discoveryLimit = 2;
        subscription.semverConstraint.clear();
        QCOMPARE(versions(charts, subscription), (QStringList{u"2.0.0-rc.1"_s, u"1.2.0"_s}));

        subscription.chartName = u"backend"_s;
        const auto missing =
            awaitResult<QStringList>([&](auto done) { charts.discover(subscription, this, done); });
        QVERIFY(!missing);
        QCOMPARE(missing.error().kind, Error::Kind::NotFound);
        QVERIFY(missing.error().message.contains(u"'backend'"_s));
    }

    void chartVersionsFromAnOciRepository() {
        FakeRegistry server([&](const FakeRequest& request) {
            if (request.path() == "/v2/charts/frontend/tags/list")
                return FakeReply::json(R"({"name":"charts/frontend",)"
                                       R"("tags":["0.9.0","1.1.0_build.5","1.0.0"]})");
            return FakeReply::json("{}", 404);
        });
        QVERIFY(server.listen());
        HelmRepositoryClient helm(&m_network, HelmIndexCache(m_cache.filePath(u"h"_s)));
        RegistryClientOptions options;
        options.overrides.setInsecure(QString::fromLatin1(server.host()));
        options.credentials = RegistryCredentialSources{};
        RegistryClient registry(&m_network, options);
        ChartVersionDiscovery charts(&helm, &registry);
        WarehouseSubscription subscription;
        subscription.kind = WarehouseSubscription::Kind::Chart;
        subscription.repoURL =
            u"oci://"_s + QString::fromLatin1(server.host()) + u"/charts/frontend"_s;
        QCOMPARE(versions(charts, subscription),
                 (QStringList{u"1.1.0+build.5"_s, u"1.0.0"_s, u"0.9.0"_s}));

        subscription.chartName = u"frontend"_s; // Kargo takes the chart from repoURL alone
        const auto refused =
            awaitResult<QStringList>([&](auto done) { charts.discover(subscription, this, done); });
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(u"leave `name` out"_s),
                 qPrintable(refused.error().message));
    }

    void aCallerThatWentAwayIsNotCalled() {
        FakeRegistry server([&](const FakeRequest&) { return yaml(indexWith("4.0.0"), {}); });
        QVERIFY(server.listen());
        HelmRepositoryClient client(&m_network, HelmIndexCache(m_cache.filePath(u"f"_s)));
        bool called = false;
        auto* context = new QObject;
        client.fetchIndex(base(server), context, [&](Result<HelmIndexFetch>) { called = true; });
        delete context;
        QTest::qWait(500);
        QVERIFY(!called);
        QCOMPARE(HelmRepositoryClient::indexUrl(u"https://x.example.com/charts//"_s),
                 u"https://x.example.com/charts/index.yaml"_s);
    }
};

QTEST_GUILESS_MAIN(TestHelmRepositoryClient)
#include "tst_helmrepositoryclient.moc"

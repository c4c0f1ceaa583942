// The registry client against a server that does what real registries do only sometimes:
// bearer tokens that expire, Link pagination (relative, absolute, bracket-less), `last`-only
// pagination, 401/403/404/429/5xx, a hang, a body that is not JSON, a blob redirected to storage.

#include "awaitresult.h"
#include "dockerregistry.h"
#include "fakeregistry.h"
#include "registryclient.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QUrlQuery>

using namespace fd::core;
using fd::testsupport::DockerRegistry;
using fd::testsupport::FakeRegistry;
using fd::testsupport::FakeReply;
using fd::testsupport::FakeRequest;

namespace {

const QString password = QStringLiteral("pa55-word!");

QByteArray tagPage(const QStringList& tags) {
    return QJsonDocument(QJsonObject{{QStringLiteral("name"), QStringLiteral("app")},
                                     {QStringLiteral("tags"), QJsonArray::fromStringList(tags)}})
        .toJson(QJsonDocument::Compact);
}

QStringList numberedTags(int count) {
    QStringList tags;
    for (int i = 0; i < count; ++i)
        tags.append(QStringLiteral("tag-%1").arg(i, 3, 10, QLatin1Char('0')));
    return tags;
}

// Tags after `last`, at most `n`, as distribution v3 pages them.
QStringList page(const QStringList& all, const FakeRequest& request) {
    const QUrlQuery query(QString::fromLatin1(request.target).section(u'?', 1));
    const int n = query.queryItemValue(QStringLiteral("n")).toInt();
    const QString last = query.queryItemValue(QStringLiteral("last"));
    const qsizetype start = last.isEmpty() ? 0 : all.indexOf(last) + 1;
    return all.mid(start, n > 0 ? n : -1);
}

/** A Bearer challenge, answered 400 ms late for the image tagged "late". */
FakeReply lateChallenge(const FakeRegistry& server, const FakeRequest& request) {
    FakeReply challenge = FakeReply::json("{}", 401);
    challenge.headers.emplaceBack("WWW-Authenticate",
                                  R"(Bearer realm="http://)" + server.host() + R"(/token")");
    if (request.path().endsWith("/late"))
        challenge.delayMs = 400;
    return challenge;
}

} // namespace

class TestRegistryProtocol final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void bearerTokenFlowWithExpiry();
    void wrongCredentialFailsFast();
    void tokenWithoutAccessFailsFast();
    void basicChallenge();
    void pagination_data();
    void pagination();
    void nextPageOnAnotherServer();
    void endlessPagesStop();
    void parallelCallsTokenPerScope();
    void parallelCallsShareOneToken();
    void lateChallengeUsesTheNewToken();
    void lateChallengeSharesTheRefusal();
    void statusErrors_data();
    void statusErrors();
    void registryDown();
    void connectTimesOut();
    void hangTimesOut();
    void stallInTheBody();
    void bodyNotJson();
    void digestComputedWhenHeaderMissing();
    void blobRedirectDropsAuthorization();
    void contentMustMatchItsDigest();

private:
    std::unique_ptr<RegistryClient> client(const FakeRegistry& server,
                                           std::optional<QString> user = std::nullopt,
                                           int maxPages = 1000);
    QStringList tagsOf(RegistryClient& client, const QString& image, Error* error = nullptr);
    /** The error of listing @p repository's tags on @p server; a failure if it succeeds. */
    Error listingError(RegistryClient& client, const FakeRegistry& server,
                       const QString& repository = QStringLiteral("app"));

    QNetworkAccessManager m_network;
    QDateTime m_now{QDate(2026, 1, 1), QTime(12, 0), Qt::UTC};
    QTemporaryDir m_directory;
};

std::unique_ptr<RegistryClient> TestRegistryProtocol::client(const FakeRegistry& server,
                                                             std::optional<QString> user,
                                                             int maxPages) {
    RegistryClientOptions options;
    options.maxPages = maxPages;
    options.overrides.setInsecure(QString::fromLatin1(server.host()));
    options.clock = [this] { return m_now; };
    options.timeouts.connect = std::chrono::seconds(5);
    options.timeouts.noProgress = std::chrono::milliseconds(700);
    options.credentials = {};
    if (user) {
        const QString file =
            m_directory.filePath(QStringLiteral("auth-%1.json").arg(server.port()));
        DockerRegistry::writeAuthFile(file, QString::fromLatin1(server.host()), *user, password);
        options.credentials.authFiles = {file};
    }
    return std::make_unique<RegistryClient>(&m_network, std::move(options));
}

QStringList TestRegistryProtocol::tagsOf(RegistryClient& client, const QString& image,
                                         Error* error) {
    const auto reference = ImageReference::parse(image);
    if (!reference)
        qFatal("bad test image %s", qPrintable(image));
    const auto tags = awaitResult<QStringList>(
        [&](auto done) { client.listTags(*reference, this, done); }, std::chrono::seconds(30));
    if (error && !tags)
        *error = tags.error();
    else if (!tags)
        qWarning("%s", qPrintable(tags.error().toString()));
    return tags ? *tags : QStringList{QStringLiteral("<error>")};
}

Error TestRegistryProtocol::listingError(RegistryClient& client, const FakeRegistry& server,
                                         const QString& repository) {
    Error error{Error::Kind::InvalidInput, QStringLiteral("the listing succeeded"), {}};
    tagsOf(client, QString::fromLatin1(server.host()) + u'/' + repository, &error);
    return error;
}

void TestRegistryProtocol::bearerTokenFlowWithExpiry() {
    int issued = 0;
    QList<FakeRequest> tokenRequests;
    FakeRegistry server([&](const FakeRequest& request) {
        if (request.path() == "/token") {
            tokenRequests.append(request);
            ++issued;
            return FakeReply::json(R"({"token":"tok-)" + QByteArray::number(issued) +
                                   R"(","expires_in":120,"issued_at":"2020-01-01T00:00:00Z"})");
        }
        if (request.header("authorization") == "Bearer tok-" + QByteArray::number(issued) &&
            issued > 0)
            return FakeReply::json(tagPage({QStringLiteral("1.0.0")}));
        FakeReply challenge = FakeReply::json(R"({"errors":[{"code":"UNAUTHORIZED"}]})", 401);
        challenge.headers.append(
            {"WWW-Authenticate",
             R"(Bearer realm="http://)" + server.host() +
                 R"(/token",service="fake-registry",scope="repository:team/app:pull")"});
        return challenge;
    });
    QVERIFY(server.listen());
    auto registry = client(server, QStringLiteral("alice"));
    const QString image = QString::fromLatin1(server.host()) + QStringLiteral("/team/app");

    QCOMPARE(tagsOf(*registry, image), QStringList{QStringLiteral("1.0.0")});
    QCOMPARE(registry->requestCount(), 3); // 401, token, retry
    QCOMPARE(server.requests().size(), 3);
    QCOMPARE(tokenRequests.size(), 1);
    const QUrlQuery query(QString::fromLatin1(tokenRequests.first().target).section(u'?', 1));
    QCOMPARE(query.queryItemValue(QStringLiteral("service")), QStringLiteral("fake-registry"));
    QCOMPARE(query.queryItemValue(QStringLiteral("scope")),
             QStringLiteral("repository:team/app:pull"));
    QCOMPARE(tokenRequests.first().header("authorization"),
             "Basic " + (QStringLiteral("alice:") + password).toUtf8().toBase64());

    // Cached: the token goes with the first request.
    QCOMPARE(tagsOf(*registry, image), QStringList{QStringLiteral("1.0.0")});
    QCOMPARE(registry->requestCount(), 4);
    QCOMPARE(issued, 1);

    // Two minutes later it has expired (by our clock, whatever issued_at says): a new one.
    m_now = m_now.addSecs(120);
    QCOMPARE(tagsOf(*registry, image), QStringList{QStringLiteral("1.0.0")});
    QCOMPARE(issued, 2);
    QCOMPARE(registry->requestCount(), 7);
    QCOMPARE(server.requests().at(6).header("authorization"), QByteArray("Bearer tok-2"));
}

void TestRegistryProtocol::wrongCredentialFailsFast() {
    FakeRegistry server([&](const FakeRequest& request) {
        if (request.path() == "/token")
            return FakeReply::json(R"({"details":"incorrect username or password"})", 401);
        FakeReply challenge = FakeReply::json("{}", 401);
        challenge.headers.emplaceBack("WWW-Authenticate", R"(Bearer realm="http://)" +
                                                              server.host() +
                                                              R"(/token",service="fake")");
        return challenge;
    });
    QVERIFY(server.listen());
    auto registry = client(server, QStringLiteral("mallory"));
    const Error error = listingError(*registry, server);
    QCOMPARE(error.kind, Error::Kind::Authentication);
    QCOMPARE(server.requests().size(), 2);
    QVERIFY2(error.message.contains(QStringLiteral("refused 'mallory' (from ")),
             qPrintable(error.message));
    QVERIFY(error.message.contains(QString::fromLatin1(server.host())));
    QCOMPARE(error.location, QString::fromLatin1(server.host()) + QStringLiteral("/app"));
    QVERIFY(!error.toString().contains(password));
}

void TestRegistryProtocol::tokenWithoutAccessFailsFast() {
    // An anonymous token the registry will not honour (a private repository): no loop.
    FakeRegistry server([&](const FakeRequest& request) {
        if (request.path() == "/token")
            return FakeReply::json(R"({"access_token":"anonymous"})");
        FakeReply challenge = FakeReply::json("{}", 401);
        challenge.headers.emplaceBack("WWW-Authenticate",
                                      R"(Bearer realm="http://)" + server.host() +
                                          R"(/token",error="insufficient_scope")");
        return challenge;
    });
    QVERIFY(server.listen());
    auto registry = client(server);
    const Error error = listingError(*registry, server, QStringLiteral("private/app"));
    QCOMPARE(error.kind, Error::Kind::Authentication);
    QCOMPARE(server.requests().size(), 3);
    QVERIFY2(error.message.contains(QStringLiteral("anonymous access")), qPrintable(error.message));
    QVERIFY(error.message.contains(QStringLiteral("docker login")));
}

void TestRegistryProtocol::basicChallenge() {
    const QByteArray expected = "Basic " + (QStringLiteral("bob:") + password).toUtf8().toBase64();
    FakeRegistry server([&](const FakeRequest& request) {
        if (request.header("authorization") == expected)
            return FakeReply::json(tagPage({QStringLiteral("a")}));
        FakeReply challenge = FakeReply::json("{}", 401);
        challenge.headers.emplaceBack("WWW-Authenticate", R"(Basic realm="fake")");
        return challenge;
    });
    QVERIFY(server.listen());
    auto registry = client(server, QStringLiteral("bob"));
    const QString image = QString::fromLatin1(server.host()) + QStringLiteral("/app");
    QCOMPARE(tagsOf(*registry, image), QStringList{QStringLiteral("a")});
    QCOMPARE(registry->requestCount(), 2);
    QCOMPARE(tagsOf(*registry, image), QStringList{QStringLiteral("a")});
    QCOMPARE(registry->requestCount(), 3); // Basic from the start now

    auto anonymous = client(server);
    Error error;
    tagsOf(*anonymous, image, &error);
    QCOMPARE(error.kind, Error::Kind::Authentication);
    QVERIFY2(error.message.contains(QStringLiteral("wants a user name and password")),
             qPrintable(error.message));
    QCOMPARE(anonymous->requestCount(), 1);
}

void TestRegistryProtocol::pagination_data() {
    QTest::addColumn<QString>("style");
    QTest::addColumn<int>("tags");
    QTest::addColumn<int>("requests");
    QTest::newRow("relative Link") << "relative" << 250 << 3;
    QTest::newRow("Link, full last page") << "relative" << 300 << 3;
    QTest::newRow("absolute Link") << "absolute" << 250 << 3;
    QTest::newRow("Link without brackets (Quay)") << "bare" << 250 << 3;
    QTest::newRow("last only") << "last" << 250 << 3;
    QTest::newRow("last only, full last page") << "last" << 200 << 3;
    QTest::newRow("n and last ignored") << "ignore" << 250 << 1;
    QTest::newRow("n and last ignored, exactly n") << "ignore" << 100 << 2;
    QTest::newRow("empty repository") << "null" << 0 << 1;
    QTest::newRow("Link that repeats itself") << "loop" << 100 << 2;
}

void TestRegistryProtocol::pagination() {
    QFETCH(QString, style);
    QFETCH(int, tags);
    QFETCH(int, requests);
    const QStringList all = numberedTags(tags);
    FakeRegistry server([&](const FakeRequest& request) {
        if (style == u"ignore")
            return FakeReply::json(tagPage(all));
        if (style == u"null")
            return FakeReply::json(R"({"name":"app","tags":null})");
        if (style == u"loop") {
            FakeReply reply = FakeReply::json(tagPage(all));
            reply.headers.emplaceBack("Link", "</v2/app/tags/list?n=100>; rel=\"next\"");
            return reply;
        }
        const QStringList tagsHere = page(all, request);
        FakeReply reply = FakeReply::json(tagPage(tagsHere));
        if (style == u"last" || tagsHere.isEmpty() || tagsHere.last() == all.last())
            return reply;
        const QByteArray next = "/v2/app/tags/list?n=100&last=" + tagsHere.last().toLatin1();
        if (style == u"relative")
            reply.headers.emplaceBack("Link", "<" + next + ">; rel=\"next\"");
        else if (style == u"absolute")
            reply.headers.emplaceBack("Link",
                                      "<http://" + server.host() + next + ">; rel=\"next\"");
        else
            reply.headers.emplaceBack("Link", "http://" + server.host() + next + "; rel=next");
        return reply;
    });
    QVERIFY(server.listen());
    auto registry = client(server);
    QCOMPARE(tagsOf(*registry, QString::fromLatin1(server.host()) + QStringLiteral("/app")), all);
    QCOMPARE(registry->requestCount(), requests);
    QVERIFY(server.requests().first().target.endsWith("/v2/app/tags/list?n=100"));
}

void TestRegistryProtocol::nextPageOnAnotherServer() {
    FakeRegistry server([&](const FakeRequest&) {
        FakeReply reply = FakeReply::json(tagPage(numberedTags(100)));
        reply.headers.emplaceBack(
            "Link", "<http://elsewhere.example/v2/app/tags/list?last=x>; rel=\"next\"");
        return reply;
    });
    QVERIFY(server.listen());
    auto registry = client(server);
    const Error error = listingError(*registry, server);
    QCOMPARE(error.kind, Error::Kind::Network);
    QVERIFY2(error.message.contains(QStringLiteral("another server")), qPrintable(error.message));
    QCOMPARE(registry->requestCount(), 1);
}

void TestRegistryProtocol::endlessPagesStop() {
    int served = 0;
    FakeRegistry server([&](const FakeRequest&) {
        ++served;
        FakeReply reply = FakeReply::json(tagPage({QStringLiteral("t%1").arg(served)}));
        reply.headers.emplaceBack("Link", "</v2/app/tags/list?page=" + QByteArray::number(served) +
                                              ">; rel=\"next\"");
        return reply;
    });
    QVERIFY(server.listen());
    auto registry = client(server, std::nullopt, 5);
    const Error error = listingError(*registry, server);
    QCOMPARE(error.kind, Error::Kind::TooLarge);
    QVERIFY2(error.message.contains(QStringLiteral("more than 5 pages")),
             qPrintable(error.message));
    QCOMPARE(served, 5);
}

void TestRegistryProtocol::parallelCallsTokenPerScope() {
    // Tokens are good for one repository only, as on Docker Hub.
    QList<QByteArray> scopes;
    FakeRegistry server([&](const FakeRequest& request) {
        const QString target = QString::fromLatin1(request.target);
        if (request.path() == "/token") {
            const QString scope =
                QUrlQuery(target.section(u'?', 1)).queryItemValue(QStringLiteral("scope"));
            scopes.append(scope.toLatin1());
            return FakeReply::json(R"({"token":")" + scope.section(u':', 1, 1).toLatin1() + "\"}");
        }
        const QByteArray repository = target.section(u'/', 2, -3).toLatin1();
        if (request.header("authorization") == "Bearer " + repository)
            return FakeReply::json(tagPage({QString::fromLatin1(repository)}));
        FakeReply challenge = FakeReply::json("{}", 401);
        challenge.headers.emplaceBack(
            "WWW-Authenticate", R"(Bearer realm="http://)" + server.host() +
                                    R"(/token",scope="repository:)" + repository + R"(:pull")");
        return challenge;
    });
    QVERIFY(server.listen());
    auto registry = client(server);
    const QStringList repositories{QStringLiteral("a/one"), QStringLiteral("b/two"),
                                   QStringLiteral("three")};
    QHash<QString, Result<QStringList>> results;
    for (const QString& repository : repositories) {
        const auto image =
            ImageReference::parse(QString::fromLatin1(server.host()) + u'/' + repository);
        QVERIFY(image);
        registry->listTags(*image, this, [&results, repository](Result<QStringList> tags) {
            results.insert(repository, std::move(tags));
        });
    }
    QTRY_COMPARE_WITH_TIMEOUT(results.size(), 3, 20000);
    for (const QString& repository : repositories) {
        const auto& tags = results.value(repository, Result<QStringList>(Error{}));
        QVERIFY2(tags, qPrintable(tags ? QString() : tags.error().toString()));
        QCOMPARE(*tags, QStringList{repository});
    }
    QCOMPARE(scopes.size(), 3);
    // Each repository's token is cached for that repository alone.
    for (const QString& repository : repositories)
        QCOMPARE(tagsOf(*registry, QString::fromLatin1(server.host()) + u'/' + repository),
                 QStringList{repository});
    QCOMPARE(scopes.size(), 3);
    QCOMPARE(registry->requestCount(), 3 * 3 + 3);
}

void TestRegistryProtocol::parallelCallsShareOneToken() {
    int issued = 0;
    FakeRegistry server([&](const FakeRequest& request) {
        if (request.path() == "/token") {
            ++issued;
            return FakeReply::json(R"({"token":"shared"})");
        }
        if (request.header("authorization") == "Bearer shared")
            return FakeReply{
                200, {{"Docker-Content-Digest", "sha256:" + QByteArray(64, 'a')}}, {}, false, -1};
        FakeReply challenge = FakeReply::json("{}", 401);
        challenge.headers.emplaceBack("WWW-Authenticate",
                                      R"(Bearer realm="http://)" + server.host() + R"(/token")");
        return challenge;
    });
    QVERIFY(server.listen());
    auto registry = client(server);
    QList<Result<QString>> digests;
    for (int i = 0; i < 8; ++i) {
        const auto image = ImageReference::parse(QString::fromLatin1(server.host()) +
                                                 QStringLiteral("/app:%1").arg(i));
        QVERIFY(image);
        registry->manifestDigest(*image, this, [&digests](Result<QString> digest) {
            digests.append(std::move(digest));
        });
    }
    QTRY_COMPARE_WITH_TIMEOUT(digests.size(), 8, 20000);
    for (const auto& digest : digests)
        QVERIFY2(digest, qPrintable(digest ? QString() : digest.error().toString()));
    QCOMPARE(issued, 1);
    QCOMPARE(registry->requestCount(), 8 + 1 + 8);

    // A token service that refuses fails every waiting call, each once.
    issued = 0;
    server.setHandler([&](const FakeRequest& request) {
        if (request.path() == "/token") {
            ++issued;
            return FakeReply::json("{}", 401);
        }
        FakeReply challenge = FakeReply::json("{}", 401);
        challenge.headers.emplaceBack("WWW-Authenticate",
                                      R"(Bearer realm="http://)" + server.host() + R"(/token")");
        return challenge;
    });
    auto refused = client(server);
    digests.clear();
    for (int i = 0; i < 4; ++i)
        refused->manifestDigest(
            *ImageReference::parse(QString::fromLatin1(server.host()) +
                                   QStringLiteral("/app:%1").arg(i)),
            this, [&digests](Result<QString> digest) { digests.append(std::move(digest)); });
    QTRY_COMPARE_WITH_TIMEOUT(digests.size(), 4, 20000);
    for (const auto& digest : digests) {
        QVERIFY(!digest);
        QCOMPARE(digest.error().kind, Error::Kind::Authentication);
        QVERIFY2(
            digest.error().message.contains(QStringLiteral("the token service 127.0.0.1 refused")),
            qPrintable(digest.error().message));
    }
    QCOMPARE(issued, 1);
}

void TestRegistryProtocol::lateChallengeUsesTheNewToken() {
    // The second call's first answer (401) comes after the first call already holds a token:
    // it must use that token, not fetch another, and not throw the first call's token away.
    int issued = 0;
    FakeRegistry server([&](const FakeRequest& request) {
        if (request.path() == "/token") {
            ++issued;
            return FakeReply::json(R"({"token":"shared","expires_in":300})");
        }
        if (request.header("authorization") == "Bearer shared")
            return FakeReply{
                200, {{"Docker-Content-Digest", "sha256:" + QByteArray(64, 'a')}}, {}, false, -1};
        return lateChallenge(server, request);
    });
    QVERIFY(server.listen());
    auto registry = client(server);
    QList<Result<QString>> digests;
    for (const QString& tag : {QStringLiteral("early"), QStringLiteral("late")}) {
        const auto image = ImageReference::parse(QString::fromLatin1(server.host()) +
                                                 QStringLiteral("/app:") + tag);
        QVERIFY(image);
        registry->manifestDigest(*image, this, [&digests](Result<QString> digest) {
            digests.append(std::move(digest));
        });
    }
    QTRY_COMPARE_WITH_TIMEOUT(digests.size(), 2, 20000);
    for (const auto& digest : digests)
        QVERIFY2(digest, qPrintable(digest ? QString() : digest.error().toString()));
    QCOMPARE(issued, 1);
    QCOMPARE(registry->requestCount(), 2 + 1 + 2);

    // The token is still cached: a third call goes straight through with it.
    digests.clear();
    registry->manifestDigest(
        *ImageReference::parse(QString::fromLatin1(server.host()) + QStringLiteral("/app:again")),
        this, [&digests](Result<QString> digest) { digests.append(std::move(digest)); });
    QTRY_COMPARE_WITH_TIMEOUT(digests.size(), 1, 20000);
    QVERIFY(digests.constFirst());
    QCOMPARE(issued, 1);
    QCOMPARE(registry->requestCount(), 2 + 1 + 2 + 1);
}

void TestRegistryProtocol::lateChallengeSharesTheRefusal() {
    // The token service refuses; a call refused by the registry after that refusal came back
    // gets the same answer without asking the token service again.
    int issued = 0;
    FakeRegistry server([&](const FakeRequest& request) {
        if (request.path() == "/token") {
            ++issued;
            return FakeReply::json("{}", 401);
        }
        return lateChallenge(server, request);
    });
    QVERIFY(server.listen());
    auto registry = client(server);
    QList<Result<QString>> digests;
    for (const QString& tag : {QStringLiteral("early"), QStringLiteral("late")})
        registry->manifestDigest(
            *ImageReference::parse(QString::fromLatin1(server.host()) + QStringLiteral("/app:") +
                                   tag),
            this, [&digests](Result<QString> digest) { digests.append(std::move(digest)); });
    QTRY_COMPARE_WITH_TIMEOUT(digests.size(), 2, 20000);
    for (const auto& digest : digests) {
        QVERIFY(!digest);
        QCOMPARE(digest.error().kind, Error::Kind::Authentication);
    }
    QCOMPARE(issued, 1);

    // Half a minute later (by the client's clock) the token service is asked again.
    m_now = m_now.addSecs(31);
    digests.clear();
    registry->manifestDigest(
        *ImageReference::parse(QString::fromLatin1(server.host()) + QStringLiteral("/app:again")),
        this, [&digests](Result<QString> digest) { digests.append(std::move(digest)); });
    QTRY_COMPARE_WITH_TIMEOUT(digests.size(), 1, 20000);
    QVERIFY(!digests.constFirst());
    QCOMPARE(issued, 2);
}

void TestRegistryProtocol::statusErrors_data() {
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<Error::Kind>("kind");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("403") << 403 << QByteArray() << Error::Kind::Authentication
                         << "access denied for anonymous access";
    QTest::newRow("404") << 404 << QByteArray() << Error::Kind::NotFound
                         << "404 (NAME_UNKNOWN: repository name not known to registry)";
    QTest::newRow("429 seconds") << 429 << QByteArray("30") << Error::Kind::Network
                                 << "too many requests; retry after 30 s";
    QTest::newRow("429 date") << 429 << QByteArray("Wed, 21 Oct 2026 07:28:00 GMT")
                              << Error::Kind::Network << "retry after 2026-10-21T07:28:00Z";
    QTest::newRow("500") << 500 << QByteArray() << Error::Kind::Network << "500";
    QTest::newRow("503") << 503 << QByteArray() << Error::Kind::Network
                         << "a server error; try again later";
    QTest::newRow("401 without challenge") << 401 << QByteArray() << Error::Kind::Authentication
                                           << "without a Basic or Bearer challenge";
}

void TestRegistryProtocol::statusErrors() {
    QFETCH(int, status);
    QFETCH(QByteArray, retryAfter);
    FakeRegistry server([&](const FakeRequest&) {
        FakeReply reply = FakeReply::json(
            status == 404
                ? R"({"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry"}]})"
                : "{}",
            status);
        if (!retryAfter.isEmpty())
            reply.headers.emplaceBack("Retry-After", retryAfter);
        return reply;
    });
    QVERIFY(server.listen());
    auto registry = client(server);
    for (const bool tags : {true, false}) {
        const QString image = QString::fromLatin1(server.host()) + QStringLiteral("/team/app:1.0");
        Error error;
        if (tags) {
            tagsOf(*registry, image, &error);
        } else {
            const auto digest = awaitResult<QString>([&](auto done) {
                registry->manifestDigest(*ImageReference::parse(image), this, done);
            });
            QVERIFY(!digest);
            error = digest.error();
        }
        QTEST(error.kind, "kind");
        QFETCH(QString, mentions);
        // HEAD answers have no body: the registry's error code comes only with GET.
        if (tags || !mentions.contains(QStringLiteral("NAME_UNKNOWN")))
            QVERIFY2(error.message.contains(mentions), qPrintable(error.message));
        QVERIFY2(error.toString().contains(QString::fromLatin1(server.host()) +
                                           QStringLiteral(" (plain HTTP)")),
                 qPrintable(error.toString()));
        QVERIFY(error.location.contains(QStringLiteral("/team/app")));
    }
}

void TestRegistryProtocol::hangTimesOut() {
    FakeRegistry server([](const FakeRequest&) { return FakeReply{200, {}, {}, true}; });
    QVERIFY(server.listen());
    auto registry = client(server);
    QElapsedTimer timer;
    timer.start();
    const Error error = listingError(*registry, server);
    QCOMPARE(error.kind, Error::Kind::Network);
    QVERIFY2(error.message.contains(QStringLiteral("stopped answering (nothing for 0.7 s)")),
             qPrintable(error.message));
    QVERIFY(error.message.contains(QString::fromLatin1(server.host())));
    QVERIFY(timer.elapsed() < 10000);
}

void TestRegistryProtocol::registryDown() {
    std::optional<FakeRegistry> server(std::in_place,
                                       [](const FakeRequest&) { return FakeReply(); });
    QVERIFY(server->listen());
    auto registry = client(*server);
    const QString image = QString::fromLatin1(server->host()) + QStringLiteral("/app");
    server.reset(); // the port now refuses connections
    Error error;
    tagsOf(*registry, image, &error);
    QCOMPARE(error.kind, Error::Kind::Network);
    QVERIFY2(error.message.contains(QStringLiteral("refused")), qPrintable(error.message));
    QCOMPARE(error.location, image);
}

void TestRegistryProtocol::connectTimesOut() {
    // A listening socket that accepts nothing: once its accept queue is full, Linux drops further
    // SYNs, so connecting hangs as it does to a host behind a silent firewall.
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    server.pauseAccepting();
    std::vector<std::unique_ptr<QTcpSocket>> fillers;
    for (int i = 0; i < 300; ++i) {
        fillers.push_back(std::make_unique<QTcpSocket>());
        fillers.back()->connectToHost(QHostAddress::LocalHost, server.serverPort());
    }
    QTest::qWait(200);
    const auto stuck = std::count_if(fillers.cbegin(), fillers.cend(), [](const auto& socket) {
        return socket->state() == QAbstractSocket::ConnectingState;
    });
    if (stuck == 0)
        QSKIP("this kernel completes every connection to a full accept queue");

    RegistryClientOptions options;
    options.overrides.setInsecure(QStringLiteral("127.0.0.1:%1").arg(server.serverPort()));
    options.credentials = {};
    options.timeouts.connect = std::chrono::milliseconds(600);
    RegistryClient registry(&m_network, std::move(options));
    QElapsedTimer timer;
    timer.start();
    const auto tags = awaitResult<QStringList>([&](auto done) {
        registry.listTags(
            *ImageReference::parse(QStringLiteral("127.0.0.1:%1/app").arg(server.serverPort())),
            this, done);
    });
    QVERIFY(!tags);
    QCOMPARE(tags.error().kind, Error::Kind::Network);
    QVERIFY2(tags.error().message.contains(
                 QStringLiteral("could not connect to 127.0.0.1:%1 within 0.6 s")
                     .arg(server.serverPort())),
             qPrintable(tags.error().message));
    QVERIFY(timer.elapsed() < 5000);
}

void TestRegistryProtocol::stallInTheBody() {
    FakeRegistry server([](const FakeRequest&) {
        FakeReply reply = FakeReply::json(R"({"name":"app","tags":["1.0",)");
        reply.announcedLength = 4096;
        return reply;
    });
    QVERIFY(server.listen());
    auto registry = client(server);
    const Error error = listingError(*registry, server);
    QCOMPARE(error.kind, Error::Kind::Network);
    QVERIFY2(error.message.contains(QStringLiteral("stopped answering")),
             qPrintable(error.message));
}

void TestRegistryProtocol::bodyNotJson() {
    FakeRegistry server([](const FakeRequest&) {
        return FakeReply{
            200, {{"Content-Type", "text/html"}}, "<html>captive portal</html>", false};
    });
    QVERIFY(server.listen());
    auto registry = client(server);
    const QString image = QString::fromLatin1(server.host()) + QStringLiteral("/app:1");
    Error error;
    tagsOf(*registry, image, &error);
    QCOMPARE(error.kind, Error::Kind::Parse);
    QVERIFY2(error.message.contains(QStringLiteral("the tag list is not a JSON object")),
             qPrintable(error.message));
    QVERIFY(error.toString().contains(QString::fromLatin1(server.host())));

    const auto manifest = awaitResult<ImageManifest>(
        [&](auto done) { registry->manifest(*ImageReference::parse(image), this, done); });
    QVERIFY(!manifest);
    QCOMPARE(manifest.error().kind, Error::Kind::Parse);
    QCOMPARE(manifest.error().location, image);
    QVERIFY2(manifest.error().message.contains(QStringLiteral("could not read the manifest from")),
             qPrintable(manifest.error().message));
}

void TestRegistryProtocol::digestComputedWhenHeaderMissing() {
    const QByteArray body =
        R"({"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"digest":"sha256:c"},"layers":[]})";
    FakeRegistry server([&](const FakeRequest&) {
        return FakeReply{200,
                         {{"Content-Type", "application/vnd.docker.distribution.manifest.v2+json"}},
                         body,
                         false};
    });
    QVERIFY(server.listen());
    auto registry = client(server);
    const auto digest = awaitResult<QString>([&](auto done) {
        registry->manifestDigest(
            *ImageReference::parse(QString::fromLatin1(server.host()) + QStringLiteral("/app:1")),
            this, done);
    });
    QVERIFY(digest);
    QCOMPARE(*digest, ImageManifest::sha256Digest(body));
    QCOMPARE(server.requests().size(), 2);
    QCOMPARE(server.requests().at(0).method, QByteArray("HEAD"));
    QCOMPARE(server.requests().at(1).method, QByteArray("GET"));
    QVERIFY(server.requests().at(0).header("accept").contains(
        "application/vnd.oci.image.index.v1+json"));
}

void TestRegistryProtocol::blobRedirectDropsAuthorization() {
    const QByteArray config = R"({"created":"2025-03-04T05:06:07Z","os":"linux"})";
    const QString configDigest = ImageManifest::sha256Digest(config);
    const QByteArray manifest =
        R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"digest":")" +
        configDigest.toLatin1() + R"("},"layers":[]})";
    FakeRegistry storage([&](const FakeRequest&) { return FakeReply::json(config); });
    QVERIFY(storage.listen());
    const QByteArray basic = "Basic " + (QStringLiteral("carol:") + password).toUtf8().toBase64();
    FakeRegistry server([&](const FakeRequest& request) {
        if (request.header("authorization") != basic) {
            FakeReply challenge = FakeReply::json("{}", 401);
            challenge.headers.emplaceBack("WWW-Authenticate", R"(Basic realm="fake")");
            return challenge;
        }
        if (request.path().contains("/blobs/"))
            return FakeReply{
                307, {{"Location", "http://" + storage.host() + "/bucket/blob?sig=1"}}, {}, false};
        return FakeReply{
            200, {{"Content-Type", "application/vnd.oci.image.manifest.v1+json"}}, manifest, false};
    });
    QVERIFY(server.listen());
    auto registry = client(server, QStringLiteral("carol"));
    const QString image = QString::fromLatin1(server.host()) + QStringLiteral("/app:1");
    const auto created = awaitResult<QDateTime>(
        [&](auto done) { registry->createdTime(*ImageReference::parse(image), this, done); });
    QVERIFY2(created, qPrintable(created ? QString() : created.error().toString()));
    QCOMPARE(*created, QDateTime(QDate(2025, 3, 4), QTime(5, 6, 7), Qt::UTC));
    QCOMPARE(storage.requests().size(), 1);
    QCOMPARE(storage.requests().first().target, QByteArray("/bucket/blob?sig=1"));
    QVERIFY(storage.requests().first().header("authorization").isEmpty());

    // By digest, the created time is remembered: no request at all.
    const qint64 before = registry->requestCount();
    const auto again = awaitResult<QDateTime>([&](auto done) {
        registry->createdTime(*ImageReference::parse(image.section(u':', 0, 1) + u'@' +
                                                     ImageManifest::sha256Digest(manifest)),
                              this, done);
    });
    QVERIFY(again);
    QCOMPARE(*again, *created);
    QCOMPARE(registry->requestCount(), before);
}

void TestRegistryProtocol::contentMustMatchItsDigest() {
    const QByteArray config = R"({"created":"2025-03-04T05:06:07Z"})";
    const QByteArray manifest =
        R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"digest":")" +
        ImageManifest::sha256Digest("another config").toLatin1() + R"("},"layers":[]})";
    FakeRegistry server([&](const FakeRequest& request) {
        if (request.path().contains("/blobs/"))
            return FakeReply::json(config);
        return FakeReply{
            200, {{"Content-Type", "application/vnd.oci.image.manifest.v1+json"}}, manifest, false};
    });
    QVERIFY(server.listen());
    auto registry = client(server);
    const QString image = QString::fromLatin1(server.host()) + QStringLiteral("/app");
    const QString other = ImageManifest::sha256Digest("another manifest");
    const auto byDigest = awaitResult<ImageManifest>([&](auto done) {
        registry->manifest(*ImageReference::parse(image + u'@' + other), this, done);
    });
    QVERIFY(!byDigest);
    QCOMPARE(byDigest.error().kind, Error::Kind::Parse);
    QVERIFY2(byDigest.error().message.contains(QStringLiteral("not the %1 asked for").arg(other)),
             qPrintable(byDigest.error().message));

    // By tag the manifest is taken as it comes; its config blob must still match.
    const auto created = awaitResult<QDateTime>([&](auto done) {
        registry->createdTime(*ImageReference::parse(image + QStringLiteral(":1")), this, done);
    });
    QVERIFY(!created);
    QVERIFY2(created.error().message.contains(QStringLiteral("could not read the image config")),
             qPrintable(created.error().message));
    QVERIFY(created.error().message.contains(ImageManifest::sha256Digest(config)));
}

QTEST_GUILESS_MAIN(TestRegistryProtocol)
#include "tst_registryprotocol.moc"

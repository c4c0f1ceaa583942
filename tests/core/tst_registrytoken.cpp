// The bearer-token flow against the real registry: docker-registry with `auth: token`, whose
// token service is a small server in this test signing JWTs the registry verifies (TokenIssuer).
// Pushes by skopeo go through the same token service.

#include "awaitresult.h"
#include "dockerregistry.h"
#include "fakeregistry.h"
#include "ocilayout.h"
#include "registryclient.h"
#include "serverprocess.h"
#include "tokenissuer.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using namespace fd::core;
using fd::testsupport::DockerRegistry;
using fd::testsupport::FakeRegistry;
using fd::testsupport::FakeReply;
using fd::testsupport::FakeRequest;
using fd::testsupport::OciLayout;
using fd::testsupport::TokenIssuer;

namespace {

const QString service = QStringLiteral("freightdesk-test-registry");
const QString password = QStringLiteral("t0ken-Flow-pw");

} // namespace

class TestRegistryToken final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void tokenFromTheRealm();
    void expiredTokenIsRenewed();
    void manifestAndBlobWithToken();
    void anonymousTokenWithoutAccess();
    void wrongPasswordAtTheRealm();

private:
    FakeReply answerToken(const FakeRequest& request);
    std::unique_ptr<RegistryClient> client(const QString& user, const QString& secret);
    ImageReference image(const QString& name) const {
        return *ImageReference::parse(m_registry->host() + u'/' + name);
    }

    QTemporaryDir m_directory;
    TokenIssuer m_issuer;
    std::unique_ptr<FakeRegistry> m_tokenService;
    std::unique_ptr<DockerRegistry> m_registry;
    QList<FakeRequest> m_tokenRequests;
    QNetworkAccessManager m_network;
    QDateTime m_now = QDateTime::currentDateTimeUtc();
    QString m_digest;
};

FakeReply TestRegistryToken::answerToken(const FakeRequest& request) {
    m_tokenRequests.append(request);
    const QUrlQuery query(QString::fromLatin1(request.target).section(u'?', 1));
    const QByteArray authorization = request.header("authorization");
    const auto basic = [](const QString& user, const QString& secret) {
        return "Basic " + (user + u':' + secret).toUtf8().toBase64();
    };
    // skopeo percent-encodes the scope's ':', '/' and ','.
    QStringList scopes = query.allQueryItemValues(QStringLiteral("scope"), QUrl::FullyDecoded);
    if (authorization.isEmpty())
        scopes.clear(); // anonymous: a token, but no access
    else if (authorization != basic(QStringLiteral("alice"), password) &&
             authorization != basic(QStringLiteral("pusher"), QStringLiteral("push-pw")))
        return FakeReply::json(R"({"details":"incorrect username or password"})", 401);
    if (query.queryItemValue(QStringLiteral("service")) != service)
        return FakeReply::json(R"({"details":"unknown service"})", 400);
    const auto token = m_issuer.issue(service, scopes, 300);
    if (!token)
        return FakeReply::json(token.error().toString().toUtf8(), 500);
    return FakeReply::json(R"({"token":")" + *token + R"(","expires_in":300})");
}

void TestRegistryToken::initTestCase() {
    if (DockerRegistry::program().isEmpty())
        QSKIP("docker-registry is not installed (apt-get install docker-registry)");
    QVERIFY(m_directory.isValid());
    const auto created = m_issuer.create();
    QVERIFY2(created, qPrintable(created ? QString() : created.error().toString()));
    m_tokenService = std::make_unique<FakeRegistry>(
        [this](const FakeRequest& request) { return answerToken(request); });
    QVERIFY(m_tokenService->listen());
    m_registry = std::make_unique<DockerRegistry>(DockerRegistry::TokenAuth{
        QStringLiteral("http://%1/token").arg(QString::fromLatin1(m_tokenService->host())), service,
        m_issuer.issuer(), m_issuer.certificateFile()});
    const auto started = m_registry->start();
    QVERIFY2(started, qPrintable(started ? QString() : started.error().toString()));

    OciLayout layout(m_directory.path());
    const auto digest = layout.add(QStringLiteral("one"),
                                   {{{}, QDateTime(QDate(2025, 2, 3), QTime(4, 5), Qt::UTC), "x"}});
    QVERIFY(digest);
    m_digest = *digest;
    for (const QString& tag : {QStringLiteral("1.0.0"), QStringLiteral("2.0.0")}) {
        const auto pushed = m_registry->push(m_directory.path(), QStringLiteral("one"),
                                             QStringLiteral("team/app:") + tag);
        QVERIFY2(pushed,
                 qPrintable(pushed ? QString() : pushed.error().toString() + m_registry->log()));
    }
    QVERIFY(!m_tokenRequests.isEmpty()); // skopeo went through the token service too
    m_tokenRequests.clear();
}

std::unique_ptr<RegistryClient> TestRegistryToken::client(const QString& user,
                                                          const QString& secret) {
    RegistryClientOptions options;
    options.overrides.setInsecure(m_registry->host());
    options.clock = [this] { return m_now; };
    options.credentials = {};
    if (!user.isEmpty()) {
        const QString file = m_directory.filePath(QStringLiteral("config-%1.json").arg(user));
        // Keyed by URL, as older Docker versions wrote it.
        DockerRegistry::writeAuthFile(file, QStringLiteral("http://") + m_registry->host(), user,
                                      secret);
        options.credentials.authFiles = {file};
    }
    return std::make_unique<RegistryClient>(&m_network, std::move(options));
}

void TestRegistryToken::tokenFromTheRealm() {
    m_tokenRequests.clear();
    auto registry = client(QStringLiteral("alice"), password);
    const auto tags = awaitResult<QStringList>(
        [&](auto done) { registry->listTags(image(QStringLiteral("team/app")), this, done); });
    QVERIFY2(tags, qPrintable(tags ? QString() : tags.error().toString()));
    QCOMPARE(QSet<QString>(tags->cbegin(), tags->cend()),
             (QSet<QString>{QStringLiteral("1.0.0"), QStringLiteral("2.0.0")}));
    QCOMPARE(registry->requestCount(), 3); // 401 with the challenge, token, with the token
    QCOMPARE(m_tokenRequests.size(), 1);
    const QUrlQuery query(QString::fromLatin1(m_tokenRequests.first().target).section(u'?', 1));
    QCOMPARE(query.queryItemValue(QStringLiteral("service")), service);
    QCOMPARE(query.queryItemValue(QStringLiteral("scope")),
             QStringLiteral("repository:team/app:pull"));

    const auto again = awaitResult<QStringList>(
        [&](auto done) { registry->listTags(image(QStringLiteral("team/app")), this, done); });
    QVERIFY(again);
    QCOMPARE(registry->requestCount(), 4);
    QCOMPARE(m_tokenRequests.size(), 1);
}

void TestRegistryToken::expiredTokenIsRenewed() {
    m_tokenRequests.clear();
    auto registry = client(QStringLiteral("alice"), password);
    const ImageReference app = image(QStringLiteral("team/app:1.0.0"));
    QVERIFY(awaitResult<QString>([&](auto done) { registry->manifestDigest(app, this, done); }));
    QCOMPARE(m_tokenRequests.size(), 1);
    m_now = m_now.addSecs(299);
    const auto digest =
        awaitResult<QString>([&](auto done) { registry->manifestDigest(app, this, done); });
    QVERIFY2(digest, qPrintable(digest ? QString() : digest.error().toString()));
    QCOMPARE(*digest, m_digest);
    QCOMPARE(m_tokenRequests.size(), 2);
    QCOMPARE(registry->requestCount(), 6);
}

void TestRegistryToken::manifestAndBlobWithToken() {
    auto registry = client(QStringLiteral("alice"), password);
    const auto created = awaitResult<QDateTime>([&](auto done) {
        registry->createdTime(image(QStringLiteral("team/app:2.0.0")), this, done);
    });
    QVERIFY2(created, qPrintable(created ? QString() : created.error().toString()));
    QCOMPARE(*created, QDateTime(QDate(2025, 2, 3), QTime(4, 5), Qt::UTC));
    QCOMPARE(registry->requestCount(), 4); // 401, token, manifest, blob
}

void TestRegistryToken::anonymousTokenWithoutAccess() {
    m_tokenRequests.clear();
    auto registry = client({}, {});
    const auto tags = awaitResult<QStringList>(
        [&](auto done) { registry->listTags(image(QStringLiteral("team/app")), this, done); });
    QVERIFY(!tags);
    QCOMPARE(tags.error().kind, Error::Kind::Authentication);
    QCOMPARE(registry->requestCount(), 3);
    QCOMPARE(m_tokenRequests.size(), 1);
    QVERIFY(m_tokenRequests.first().header("authorization").isEmpty());
    QVERIFY2(tags.error().message.contains(QStringLiteral("the registry refused anonymous access")),
             qPrintable(tags.error().message));
}

void TestRegistryToken::wrongPasswordAtTheRealm() {
    auto registry = client(QStringLiteral("alice"), QStringLiteral("not-it"));
    const auto tags = awaitResult<QStringList>(
        [&](auto done) { registry->listTags(image(QStringLiteral("team/app")), this, done); });
    QVERIFY(!tags);
    QCOMPARE(tags.error().kind, Error::Kind::Authentication);
    QCOMPARE(registry->requestCount(), 2);
    const QString text = tags.error().toString();
    QVERIFY2(text.contains(QStringLiteral("the token service 127.0.0.1 refused 'alice' (from ")),
             qPrintable(text));
    QVERIFY(text.contains(m_registry->host()));
    QVERIFY(!text.contains(QStringLiteral("not-it")));
}

QTEST_GUILESS_MAIN(TestRegistryToken)
#include "tst_registrytoken.moc"

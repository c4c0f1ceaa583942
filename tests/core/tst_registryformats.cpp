// What the registry client reads and decides without a network: image names, platforms,
// WWW-Authenticate challenges, manifests and indexes, token answers, mirrors and plain HTTP.

#include "imagemanifest.h"
#include "imagereference.h"
#include "registrychallenge.h"
#include "registryoverrides.h"
#include "registrytokencache.h"

#include <QTest>

using namespace fd::core;

class TestRegistryFormats final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parseReference_data();
    void parseReference();
    void rejectReference_data();
    void rejectReference();
    void legacyHelpersAgree();
    void platforms();
    void challenges();
    void imageManifest();
    void indexPicksPlatform();
    void createdTime();
    void tokens();
    void overrides();
};

void TestRegistryFormats::parseReference_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("registry");
    QTest::addColumn<QString>("repository");
    QTest::addColumn<QString>("tag");
    QTest::addColumn<QString>("digest");
    QTest::addColumn<QString>("apiHost");
    const QString digest =
        QStringLiteral("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    QTest::newRow("official") << "nginx"
                              << "docker.io"
                              << "library/nginx"
                              << ""
                              << ""
                              << "registry-1.docker.io";
    QTest::newRow("official tag") << "nginx:1.25"
                                  << "docker.io"
                                  << "library/nginx"
                                  << "1.25"
                                  << ""
                                  << "registry-1.docker.io";
    QTest::newRow("hub user") << "bitnami/redis:7"
                              << "docker.io"
                              << "bitnami/redis"
                              << "7"
                              << ""
                              << "registry-1.docker.io";
    QTest::newRow("docker.io") << "docker.io/x/y"
                               << "docker.io"
                               << "x/y"
                               << ""
                               << ""
                               << "registry-1.docker.io";
    QTest::newRow("docker.io official") << "docker.io/nginx"
                                        << "docker.io"
                                        << "library/nginx"
                                        << ""
                                        << ""
                                        << "registry-1.docker.io";
    QTest::newRow("index.docker.io") << "index.docker.io/x/y:2"
                                     << "docker.io"
                                     << "x/y"
                                     << "2"
                                     << ""
                                     << "registry-1.docker.io";
    QTest::newRow("registry-1") << "registry-1.docker.io/library/alpine"
                                << "docker.io"
                                << "library/alpine"
                                << ""
                                << ""
                                << "registry-1.docker.io";
    QTest::newRow("localhost port") << "localhost:5000/x"
                                    << "localhost:5000"
                                    << "x"
                                    << ""
                                    << ""
                                    << "localhost:5000";
    QTest::newRow("localhost") << "localhost/team/x:dev"
                               << "localhost"
                               << "team/x"
                               << "dev"
                               << ""
                               << "localhost";
    QTest::newRow("ghcr deep") << "ghcr.io/org/team/app:1.2.3-rc.1"
                               << "ghcr.io"
                               << "org/team/app"
                               << "1.2.3-rc.1"
                               << ""
                               << "ghcr.io";
    QTest::newRow("tag and digest") << QStringLiteral("quay.io/a/b:v1@") + digest << "quay.io"
                                    << "a/b"
                                    << "v1" << digest << "quay.io";
    QTest::newRow("digest only") << QStringLiteral("127.0.0.1:5000/app@") + digest
                                 << "127.0.0.1:5000"
                                 << "app"
                                 << "" << digest << "127.0.0.1:5000";
    QTest::newRow("registry upper case") << "GHCR.io/a/b"
                                         << "ghcr.io"
                                         << "a/b"
                                         << ""
                                         << ""
                                         << "ghcr.io";
    QTest::newRow("separators") << "r.io/a__b/c-d.e_f--g"
                                << "r.io"
                                << "a__b/c-d.e_f--g"
                                << ""
                                << ""
                                << "r.io";
}

void TestRegistryFormats::parseReference() {
    QFETCH(QString, text);
    const auto reference = ImageReference::parse(text);
    QVERIFY2(reference, qPrintable(reference ? QString() : reference.error().toString()));
    QTEST(reference->registry, "registry");
    QTEST(reference->repository, "repository");
    QTEST(reference->tag, "tag");
    QTEST(reference->digest, "digest");
    QTEST(reference->apiHost(), "apiHost");
    // What toString() writes parses back to the same.
    const auto again = ImageReference::parse(reference->toString());
    QVERIFY(again);
    QCOMPARE(again->toString(), reference->toString());
}

void TestRegistryFormats::rejectReference_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("empty") << ""
                           << "empty";
    QTest::newRow("scheme") << "https://ghcr.io/a/b"
                            << "scheme";
    QTest::newRow("upper case path") << "ghcr.io/Org/App"
                                     << "lower case";
    QTest::newRow("bad tag") << "ghcr.io/a/b:-x"
                             << "tag";
    QTest::newRow("bad digest") << "ghcr.io/a/b@sha256:xyz"
                                << "digest";
    QTest::newRow("double slash") << "ghcr.io/a//b"
                                  << "repository";
    QTest::newRow("trailing separator") << "ghcr.io/a/b-"
                                        << "repository";
}

void TestRegistryFormats::rejectReference() {
    QFETCH(QString, text);
    QFETCH(QString, mentions);
    const auto reference = ImageReference::parse(text);
    QVERIFY(!reference);
    QCOMPARE(reference.error().kind, Error::Kind::InvalidInput);
    QVERIFY2(reference.error().message.contains(mentions), qPrintable(reference.error().message));
}

void TestRegistryFormats::legacyHelpersAgree() {
    for (const QString& text :
         {QStringLiteral("docker.io/library/nginx:1"), QStringLiteral("localhost:5000/x:2"),
          QStringLiteral("ghcr.io/a/b:1@sha256:0123456789abcdef0123456789abcdef")}) {
        const auto reference = ImageReference::parse(text);
        QVERIFY(reference);
        QCOMPARE(imageWithoutTag(text), reference->name());
        QVERIFY(reference->name().endsWith(imagePathWithoutRegistry(text)));
    }
}

void TestRegistryFormats::platforms() {
    const auto arm = ImagePlatform::parse(QStringLiteral("linux/arm64/v8"));
    QVERIFY(arm);
    QCOMPARE(arm->toString(), QStringLiteral("linux/arm64/v8"));
    QVERIFY(arm->matches({QStringLiteral("linux"), QStringLiteral("arm64"), QString()}));
    QVERIFY(arm->matches({QStringLiteral("linux"), QStringLiteral("arm64"), QStringLiteral("v8")}));
    QVERIFY(!arm->matches({QStringLiteral("linux"), QStringLiteral("arm"), QStringLiteral("v8")}));
    const auto armv7 = ImagePlatform::parse(QStringLiteral("linux/arm/v7"));
    QVERIFY(armv7);
    QVERIFY(
        !armv7->matches({QStringLiteral("linux"), QStringLiteral("arm"), QStringLiteral("v6")}));
    QVERIFY(ImagePlatform().matches({QStringLiteral("linux"), QStringLiteral("amd64"), QString()}));
    QVERIFY(!ImagePlatform().matches({QStringLiteral("windows"), QStringLiteral("amd64"), {}}));
    QVERIFY(!ImagePlatform::parse(QStringLiteral("linux")));
    QVERIFY(!ImagePlatform::parse(QStringLiteral("linux//v7")));
}

void TestRegistryFormats::challenges() {
    const auto docker = RegistryChallenge::parse(
        R"(Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull")");
    QCOMPARE(docker.size(), 1);
    QCOMPARE(docker.first().scheme, QStringLiteral("bearer"));
    QCOMPARE(docker.first().parameter(QStringLiteral("realm")),
             QStringLiteral("https://auth.docker.io/token"));
    QCOMPARE(docker.first().parameter(QStringLiteral("scope")),
             QStringLiteral("repository:library/nginx:pull"));

    // Two headers joined by Qt, unquoted values, odd spacing and an escaped quote.
    const auto several = RegistryChallenge::parse(
        "Basic realm=\"reg \\\"x\\\"\", Bearer realm=https://h/t , service=h,\nNegotiate");
    QCOMPARE(several.size(), 3);
    QCOMPARE(several.at(0).scheme, QStringLiteral("basic"));
    QCOMPARE(several.at(0).parameter(QStringLiteral("realm")), QStringLiteral("reg \"x\""));
    QCOMPARE(several.at(1).parameter(QStringLiteral("realm")), QStringLiteral("https://h/t"));
    QCOMPARE(several.at(1).parameter(QStringLiteral("service")), QStringLiteral("h"));
    QCOMPARE(several.at(2).scheme, QStringLiteral("negotiate"));
    QVERIFY(RegistryChallenge::parse("").isEmpty());
    QVERIFY(RegistryChallenge::parse("=,=\"").isEmpty());
}

void TestRegistryFormats::imageManifest() {
    const QByteArray body =
        R"({"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:cfg","size":2},"layers":[]})";
    // OCI manifests may leave mediaType out; then the Content-Type says it.
    const auto oci = ImageManifest::parse(body, "application/vnd.oci.image.manifest.v1+json", {});
    QVERIFY(oci);
    QVERIFY(!oci->isIndex());
    QCOMPARE(oci->configDigest, QStringLiteral("sha256:cfg"));
    QCOMPARE(oci->digest, ImageManifest::sha256Digest(body));
    QCOMPARE(oci->digest.size(), 7 + 64);

    const auto given = ImageManifest::parse(body, {}, QStringLiteral("sha256:given"));
    QVERIFY(given);
    QCOMPARE(given->digest, QStringLiteral("sha256:given"));
    QCOMPARE(given->mediaType, QStringLiteral("application/vnd.oci.image.manifest.v1+json"));

    const auto schema1 = ImageManifest::parse(
        R"({"schemaVersion":1})", "application/vnd.docker.distribution.manifest.v1+prettyjws", {});
    QVERIFY(!schema1);
    QCOMPARE(schema1.error().kind, Error::Kind::Unsupported);
    const auto html = ImageManifest::parse("<html>502</html>", "text/html", {});
    QVERIFY(!html);
    QCOMPARE(html.error().kind, Error::Kind::Parse);
    QVERIFY(ImageManifest::acceptHeader().contains(
        "application/vnd.docker.distribution.manifest.list.v2+json"));
}

void TestRegistryFormats::indexPicksPlatform() {
    const QByteArray body =
        R"({"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.list.v2+json","manifests":[
        {"digest":"sha256:arm7","platform":{"os":"linux","architecture":"arm","variant":"v7"}},
        {"digest":"sha256:arm64","platform":{"os":"linux","architecture":"arm64"}},
        {"digest":"sha256:att","platform":{"os":"unknown","architecture":"unknown"}},
        {"digest":"sha256:amd","platform":{"os":"linux","architecture":"amd64"}}]})";
    const auto index = ImageManifest::parse(
        body, "application/vnd.docker.distribution.manifest.list.v2+json; charset=utf-8", {});
    QVERIFY(index);
    QVERIFY(index->isIndex());
    QCOMPARE(index->entryFor(ImagePlatform())->digest, QStringLiteral("sha256:amd"));
    QCOMPARE(index->entryFor(*ImagePlatform::parse(QStringLiteral("linux/arm64/v8")))->digest,
             QStringLiteral("sha256:arm64"));
    QCOMPARE(index->entryFor(*ImagePlatform::parse(QStringLiteral("linux/arm/v7")))->digest,
             QStringLiteral("sha256:arm7"));
    QVERIFY(!index->entryFor(*ImagePlatform::parse(QStringLiteral("windows/amd64"))));
    QCOMPARE(index->platforms(),
             (QStringList{QStringLiteral("linux/arm/v7"), QStringLiteral("linux/arm64"),
                          QStringLiteral("linux/amd64")}));
}

void TestRegistryFormats::createdTime() {
    const auto nanos =
        ImageManifest::parseCreated(R"({"created":"2024-05-06T07:08:09.123456789Z"})");
    QVERIFY(nanos);
    QCOMPARE(*nanos, QDateTime(QDate(2024, 5, 6), QTime(7, 8, 9, 123), Qt::UTC));
    const auto offset = ImageManifest::parseCreated(R"({"created":"2024-05-06T09:08:09+02:00"})");
    QVERIFY(offset);
    QCOMPARE(*offset, QDateTime(QDate(2024, 5, 6), QTime(7, 8, 9), Qt::UTC));
    const auto none = ImageManifest::parseCreated(R"({"architecture":"amd64"})");
    QVERIFY(none);
    QVERIFY(!none->isValid());
    QVERIFY(!ImageManifest::parseCreated(R"({"created":"yesterday"})"));
    QVERIFY(!ImageManifest::parseCreated("not json"));
}

void TestRegistryFormats::tokens() {
    const QDateTime now(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC);
    const auto token = RegistryTokenCache::parseResponse(
        R"({"token":"t1","access_token":"ignored","expires_in":300,"issued_at":"2001-01-01T00:00:00Z"})",
        now, {});
    QVERIFY(token);
    QCOMPARE(token->value, QStringLiteral("t1"));
    // Our clock, not issued_at (years behind here), decides.
    QCOMPARE(token->expires, now.addSecs(295));
    const auto access = RegistryTokenCache::parseResponse(R"({"access_token":"t2"})", now, {});
    QVERIFY(access);
    QCOMPARE(access->value, QStringLiteral("t2"));
    QCOMPARE(access->expires, now.addSecs(55)); // 60 s when expires_in is missing
    QCOMPARE(RegistryTokenCache::parseResponse(R"({"expires_in":3})", now, {}).error().kind,
             Error::Kind::Authentication);
    QCOMPARE(RegistryTokenCache::parseResponse("<html>", now, {}).error().kind, Error::Kind::Parse);

    RegistryTokenCache cache;
    cache.insert(QStringLiteral("h"), QStringLiteral("repository:a:pull"), *token);
    QCOMPARE(cache.find(QStringLiteral("h"), QStringLiteral("repository:a:pull"), now),
             std::optional<QString>(QStringLiteral("t1")));
    QVERIFY(!cache.find(QStringLiteral("h"), QStringLiteral("repository:b:pull"), now));
    QVERIFY(!cache.find(QStringLiteral("other"), QStringLiteral("repository:a:pull"), now));
    QVERIFY(
        !cache.find(QStringLiteral("h"), QStringLiteral("repository:a:pull"), now.addSecs(295)));
}

void TestRegistryFormats::overrides() {
    RegistryOverrides overrides;
    const RegistryEndpoint hub =
        overrides.endpoint(QStringLiteral("docker.io"), QStringLiteral("registry-1.docker.io"));
    QCOMPARE(hub.base, QUrl(QStringLiteral("https://registry-1.docker.io")));
    QVERIFY(!hub.plainHttp);
    QVERIFY(!hub.mirrored);
    // Off by default, also for this machine.
    QVERIFY(!overrides.endpoint(QStringLiteral("127.0.0.1:5000"), QStringLiteral("127.0.0.1:5000"))
                 .plainHttp);

    QVERIFY(overrides.addMirror(QStringLiteral("index.docker.io=http://127.0.0.1:5000/")));
    const RegistryEndpoint mirror =
        overrides.endpoint(QStringLiteral("docker.io"), QStringLiteral("registry-1.docker.io"));
    QVERIFY(mirror.mirrored);
    QVERIFY(mirror.plainHttp);
    QCOMPARE(mirror.host(), QStringLiteral("127.0.0.1:5000"));
    QCOMPARE(mirror.base.resolved(QUrl(QStringLiteral("/v2/x/tags/list"))),
             QUrl(QStringLiteral("http://127.0.0.1:5000/v2/x/tags/list")));

    overrides.setInsecure(QStringLiteral("registry.lan:5000"));
    QVERIFY(overrides.isInsecure(QStringLiteral("registry.lan:5000")));
    const RegistryEndpoint lan = overrides.endpoint(QStringLiteral("registry.lan:5000"),
                                                    QStringLiteral("registry.lan:5000"));
    QVERIFY(lan.plainHttp);
    QCOMPARE(lan.base, QUrl(QStringLiteral("http://registry.lan:5000")));
    overrides.setInsecure(QStringLiteral("registry.lan:5000"), false);
    QVERIFY(!overrides
                 .endpoint(QStringLiteral("registry.lan:5000"), QStringLiteral("registry.lan:5000"))
                 .plainHttp);

    for (const QString& bad : {QStringLiteral("docker.io"), QStringLiteral("=http://x"),
                               QStringLiteral("docker.io=ftp://x"), QStringLiteral("docker.io=")}) {
        const auto added = overrides.addMirror(bad);
        QVERIFY2(!added, qPrintable(bad));
        QVERIFY(added.error().message.contains(QStringLiteral("HOST=URL")));
    }
}

QTEST_GUILESS_MAIN(TestRegistryFormats)
#include "tst_registryformats.moc"

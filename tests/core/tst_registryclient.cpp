// The registry client against the real thing: Debian's docker-registry on 127.0.0.1, once
// anonymous and once behind htpasswd Basic authentication, with images pushed by skopeo from an
// OCI layout built here: SemVer, pre-release and other tags, a tag pushed again with a new
// digest, and a multi-platform index.

#include "awaitresult.h"
#include "dockerregistry.h"
#include "ocilayout.h"
#include "registryclient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QTest>

using namespace fd::core;
using fd::testsupport::DockerRegistry;
using fd::testsupport::OciLayout;

namespace {

const QString password = QStringLiteral("s3cret-Registry-pw");

QDateTime day(int d) {
    return QDateTime(QDate(2025, 1, d), QTime(10, 0), Qt::UTC);
}

OciLayout::Image image(int createdDay, const QByteArray& content,
                       const QString& platform = QStringLiteral("linux/amd64")) {
    return {*ImagePlatform::parse(platform), day(createdDay), content};
}

} // namespace

class TestRegistryClient final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void listsEveryTag();
    void digestsMatchWhatWasPushed();
    void retaggedImageHasNewDigest();
    void indexPicksThePlatform_data();
    void indexPicksThePlatform();
    void createdTimes();
    void notFound();
    void basicAuthFromAuthFile();
    void wrongPasswordFailsFast();
    void noCredentialSaysWhere();
    void plainHttpIsOptIn();
    void dockerHubMirror();

private:
    std::unique_ptr<RegistryClient> client(const DockerRegistry& registry, const QString& user = {},
                                           const QString& secret = {},
                                           const QString& platform = {});
    template <typename T, typename Call> Result<T> run(Call call) {
        return awaitResult<T>([&](auto done) { call(done); }, std::chrono::seconds(60));
    }
    ImageReference at(const DockerRegistry& registry, const QString& name) const {
        return *ImageReference::parse(registry.host() + u'/' + name);
    }
    Result<void> push(const QString& refName, const QString& name);

    QTemporaryDir m_directory;
    std::unique_ptr<OciLayout> m_layout;
    DockerRegistry m_anonymous;
    DockerRegistry m_protected{{{QStringLiteral("alice"), password}}};
    QNetworkAccessManager m_network;
    QHash<QString, QString> m_digests; // layout ref name → digest
    QString m_firstMutableDigest;
};

Result<void> TestRegistryClient::push(const QString& refName, const QString& name) {
    for (DockerRegistry* registry : {&m_anonymous, &m_protected}) {
        if (auto pushed = registry->push(m_layout->directory(), refName, name); !pushed)
            return pushed;
    }
    return {};
}

void TestRegistryClient::initTestCase() {
    if (DockerRegistry::program().isEmpty())
        QSKIP("docker-registry is not installed (apt-get install docker-registry)");
    QVERIFY(m_directory.isValid());
    m_layout = std::make_unique<OciLayout>(m_directory.path());
    QVERIFY2(m_anonymous.start(), qPrintable(m_anonymous.log()));
    const auto started = m_protected.start();
    QVERIFY2(started, qPrintable(started ? QString() : started.error().toString()));

    // What the selection strategies will need: SemVer with and without "v", a pre-release,
    // a date-stamped build and a mutable "latest".
    const QList<std::pair<QString, int>> tags{{QStringLiteral("1.0.0"), 1},
                                              {QStringLiteral("1.2.0"), 3},
                                              {QStringLiteral("v1.10.1"), 5},
                                              {QStringLiteral("2.0.0-rc.1"), 7},
                                              {QStringLiteral("nightly-20250108"), 8},
                                              {QStringLiteral("latest"), 4}};
    for (const auto& [tag, created] : tags) {
        const auto digest = m_layout->add(tag, {image(created, "app " + tag.toUtf8())});
        QVERIFY(digest);
        m_digests.insert(tag, *digest);
        const auto pushed = push(tag, QStringLiteral("team/app:") + tag);
        QVERIFY2(pushed, qPrintable(pushed ? QString() : pushed.error().toString()));
    }
    const auto multi = m_layout->add(QStringLiteral("multi"),
                                     {image(10, "multi amd64"),
                                      image(11, "multi arm64", QStringLiteral("linux/arm64")),
                                      image(12, "multi arm v7", QStringLiteral("linux/arm/v7"))});
    QVERIFY(multi);
    m_digests.insert(QStringLiteral("multi"), *multi);
    QVERIFY(push(QStringLiteral("multi"), QStringLiteral("team/multi:1.0")));
    QVERIFY(push(QStringLiteral("1.0.0"), QStringLiteral("library/app:1.0.0")));
}

void TestRegistryClient::cleanupTestCase() {
    m_anonymous.stop();
    m_protected.stop();
}

std::unique_ptr<RegistryClient> TestRegistryClient::client(const DockerRegistry& registry,
                                                           const QString& user,
                                                           const QString& secret,
                                                           const QString& platform) {
    RegistryClientOptions options;
    options.overrides.setInsecure(registry.host());
    options.credentials = {}; // never the machine's own files or keychain
    if (!platform.isEmpty())
        options.platform = *ImagePlatform::parse(platform);
    if (!user.isEmpty()) {
        // Podman's format, as `podman login --authfile` writes it.
        const QString file = m_directory.filePath(QStringLiteral("auth-%1.json").arg(user));
        DockerRegistry::writeAuthFile(file, registry.host(), user, secret);
        options.credentials.authFiles = {file};
    }
    return std::make_unique<RegistryClient>(&m_network, std::move(options));
}

void TestRegistryClient::listsEveryTag() {
    auto registry = client(m_anonymous);
    auto tags = run<QStringList>([&](auto done) {
        registry->listTags(at(m_anonymous, QStringLiteral("team/app")), this, done);
    });
    QVERIFY2(tags, qPrintable(tags ? QString() : tags.error().toString()));
    tags->sort(); // distribution 2.8 lists them in directory order
    QCOMPARE(*tags, (QStringList{QStringLiteral("1.0.0"), QStringLiteral("1.2.0"),
                                 QStringLiteral("2.0.0-rc.1"), QStringLiteral("latest"),
                                 QStringLiteral("nightly-20250108"), QStringLiteral("v1.10.1")}));
    QCOMPARE(registry->requestCount(), 1);
}

void TestRegistryClient::digestsMatchWhatWasPushed() {
    auto registry = client(m_anonymous);
    for (const QString& tag :
         {QStringLiteral("1.0.0"), QStringLiteral("2.0.0-rc.1"), QStringLiteral("latest")}) {
        const auto digest = run<QString>([&](auto done) {
            registry->manifestDigest(at(m_anonymous, QStringLiteral("team/app:") + tag), this,
                                     done);
        });
        QVERIFY2(digest, qPrintable(digest ? QString() : digest.error().toString()));
        QCOMPARE(*digest, m_digests.value(tag));
    }
    // One HEAD each: the registry sends Docker-Content-Digest.
    QCOMPARE(registry->requestCount(), 3);
    const auto index = run<QString>([&](auto done) {
        registry->manifestDigest(at(m_anonymous, QStringLiteral("team/multi:1.0")), this, done);
    });
    QVERIFY(index);
    QCOMPARE(*index, m_digests.value(QStringLiteral("multi")));
}

void TestRegistryClient::retaggedImageHasNewDigest() {
    auto registry = client(m_anonymous);
    const ImageReference mutableTag = at(m_anonymous, QStringLiteral("team/mutable:stable"));
    const auto first = m_layout->add(QStringLiteral("mutable-1"), {image(20, "build 1")});
    QVERIFY(first);
    QVERIFY(m_anonymous.push(m_layout->directory(), QStringLiteral("mutable-1"),
                             QStringLiteral("team/mutable:stable")));
    const auto before =
        run<QString>([&](auto done) { registry->manifestDigest(mutableTag, this, done); });
    QVERIFY(before);
    QCOMPARE(*before, *first);

    const auto second = m_layout->add(QStringLiteral("mutable-2"), {image(21, "build 2")});
    QVERIFY(second);
    QVERIFY(*second != *first);
    QVERIFY(m_anonymous.push(m_layout->directory(), QStringLiteral("mutable-2"),
                             QStringLiteral("team/mutable:stable")));
    const auto after =
        run<QString>([&](auto done) { registry->manifestDigest(mutableTag, this, done); });
    QVERIFY(after);
    QCOMPARE(*after, *second);
    // And its created time follows the new image, while the old one is still there by digest.
    const auto created =
        run<QDateTime>([&](auto done) { registry->createdTime(mutableTag, this, done); });
    QVERIFY(created);
    QCOMPARE(*created, day(21));
    ImageReference old = mutableTag;
    old.digest = *first;
    const auto oldCreated =
        run<QDateTime>([&](auto done) { registry->createdTime(old, this, done); });
    QVERIFY2(oldCreated, qPrintable(oldCreated ? QString() : oldCreated.error().toString()));
    QCOMPARE(*oldCreated, day(20));
}

void TestRegistryClient::indexPicksThePlatform_data() {
    QTest::addColumn<QString>("platform");
    QTest::addColumn<int>("createdDay");
    QTest::newRow("default linux/amd64") << QString() << 10;
    QTest::newRow("linux/arm64/v8") << "linux/arm64/v8" << 11;
    QTest::newRow("linux/arm/v7") << "linux/arm/v7" << 12;
}

void TestRegistryClient::indexPicksThePlatform() {
    QFETCH(QString, platform);
    QFETCH(int, createdDay);
    auto registry = client(m_anonymous, {}, {}, platform);
    const ImageReference multi = at(m_anonymous, QStringLiteral("team/multi:1.0"));
    const auto manifest =
        run<ImageManifest>([&](auto done) { registry->platformManifest(multi, this, done); });
    QVERIFY2(manifest, qPrintable(manifest ? QString() : manifest.error().toString()));
    QVERIFY(!manifest->isIndex());
    QVERIFY(manifest->digest != m_digests.value(QStringLiteral("multi")));
    const auto created =
        run<QDateTime>([&](auto done) { registry->createdTime(multi, this, done); });
    QVERIFY(created);
    QCOMPARE(*created, day(createdDay));

    auto windows = client(m_anonymous, {}, {}, QStringLiteral("windows/amd64"));
    const auto none =
        run<ImageManifest>([&](auto done) { windows->platformManifest(multi, this, done); });
    QVERIFY(!none);
    QCOMPARE(none.error().kind, Error::Kind::NotFound);
    QVERIFY2(none.error().message.contains(QStringLiteral(
                 "no image for windows/amd64 (it has linux/amd64, linux/arm64, linux/arm/v7)")),
             qPrintable(none.error().message));
}

void TestRegistryClient::createdTimes() {
    auto registry = client(m_anonymous);
    const ImageReference rc = at(m_anonymous, QStringLiteral("team/app:2.0.0-rc.1"));
    const auto created = run<QDateTime>([&](auto done) { registry->createdTime(rc, this, done); });
    QVERIFY2(created, qPrintable(created ? QString() : created.error().toString()));
    QCOMPARE(*created, day(7));
    QCOMPARE(registry->requestCount(), 2); // manifest, config blob
    // The same image by digest: from the cache, no request.
    ImageReference byDigest = rc;
    byDigest.digest = m_digests.value(QStringLiteral("2.0.0-rc.1"));
    const auto cached =
        run<QDateTime>([&](auto done) { registry->createdTime(byDigest, this, done); });
    QVERIFY(cached);
    QCOMPARE(*cached, day(7));
    QCOMPARE(registry->requestCount(), 2);
}

void TestRegistryClient::notFound() {
    auto registry = client(m_anonymous);
    const auto tags = run<QStringList>([&](auto done) {
        registry->listTags(at(m_anonymous, QStringLiteral("team/nothing")), this, done);
    });
    QVERIFY(!tags);
    QCOMPARE(tags.error().kind, Error::Kind::NotFound);
    QVERIFY2(tags.error().message.contains(QStringLiteral("NAME_UNKNOWN")),
             qPrintable(tags.error().message));
    QCOMPARE(tags.error().location, m_anonymous.host() + QStringLiteral("/team/nothing"));

    const auto manifest = run<ImageManifest>([&](auto done) {
        registry->manifest(at(m_anonymous, QStringLiteral("team/app:9.9.9")), this, done);
    });
    QVERIFY(!manifest);
    QCOMPARE(manifest.error().kind, Error::Kind::NotFound);
    QVERIFY2(manifest.error().message.contains(QStringLiteral("MANIFEST_UNKNOWN")),
             qPrintable(manifest.error().message));
    QCOMPARE(manifest.error().location, m_anonymous.host() + QStringLiteral("/team/app:9.9.9"));
}

void TestRegistryClient::basicAuthFromAuthFile() {
    auto registry = client(m_protected, QStringLiteral("alice"), password);
    const auto tags = run<QStringList>([&](auto done) {
        registry->listTags(at(m_protected, QStringLiteral("team/app")), this, done);
    });
    QVERIFY2(tags, qPrintable(tags ? QString() : tags.error().toString()));
    QCOMPARE(tags->size(), 6);
    QCOMPARE(registry->requestCount(), 2); // 401 with a Basic challenge, then with the password
    const auto created = run<QDateTime>([&](auto done) {
        registry->createdTime(at(m_protected, QStringLiteral("team/multi:1.0")), this, done);
    });
    QVERIFY2(created, qPrintable(created ? QString() : created.error().toString()));
    QCOMPARE(*created, day(10));
    QCOMPARE(registry->requestCount(), 5); // index, manifest, blob: Basic from the start
}

void TestRegistryClient::wrongPasswordFailsFast() {
    auto registry = client(m_protected, QStringLiteral("alice"), QStringLiteral("wrong-Pa55"));
    const auto tags = run<QStringList>([&](auto done) {
        registry->listTags(at(m_protected, QStringLiteral("team/app")), this, done);
    });
    QVERIFY(!tags);
    QCOMPARE(tags.error().kind, Error::Kind::Authentication);
    QCOMPARE(registry->requestCount(), 2);
    const QString text = tags.error().toString();
    QVERIFY2(text.contains(QStringLiteral("the registry refused 'alice' (from ")),
             qPrintable(text));
    QVERIFY(text.contains(m_protected.host()));
    QVERIFY(!text.contains(QStringLiteral("wrong-Pa55")));
    QVERIFY(!text.contains(QStringLiteral("d3JvbmctUGE1NQ"))); // nor in base64
}

void TestRegistryClient::noCredentialSaysWhere() {
    auto registry = client(m_protected);
    const auto digest = run<QString>([&](auto done) {
        registry->manifestDigest(at(m_protected, QStringLiteral("team/app:1.0.0")), this, done);
    });
    QVERIFY(!digest);
    QCOMPARE(digest.error().kind, Error::Kind::Authentication);
    QVERIFY2(digest.error().message.contains(QStringLiteral("registry:") + m_protected.host()),
             qPrintable(digest.error().message));
    QVERIFY(digest.error().message.contains(QStringLiteral("docker login")));
}

void TestRegistryClient::plainHttpIsOptIn() {
    RegistryClientOptions options;
    options.credentials = {};
    RegistryClient registry(&m_network, std::move(options));
    const ImageReference app = at(m_anonymous, QStringLiteral("team/app:1.0.0"));
    QVERIFY(!registry.endpoint(app).plainHttp);
    const auto digest = run<QString>([&](auto done) { registry.manifestDigest(app, this, done); });
    QVERIFY(!digest);
    QCOMPARE(digest.error().kind, Error::Kind::Network);
    QVERIFY2(digest.error().message.contains(QStringLiteral("--insecure-registry")),
             qPrintable(digest.error().message));
    QVERIFY(client(m_anonymous)->endpoint(app).plainHttp);
}

void TestRegistryClient::dockerHubMirror() {
    RegistryClientOptions options;
    options.credentials = {};
    QVERIFY(options.overrides.addMirror(QStringLiteral("docker.io=http://") + m_anonymous.host()));
    RegistryClient registry(&m_network, std::move(options));
    const ImageReference app = *ImageReference::parse(QStringLiteral("app:1.0.0"));
    QCOMPARE(app.name(), QStringLiteral("docker.io/library/app"));
    const RegistryEndpoint endpoint = registry.endpoint(app);
    QVERIFY(endpoint.mirrored);
    QVERIFY(endpoint.plainHttp);
    const auto digest = run<QString>([&](auto done) { registry.manifestDigest(app, this, done); });
    QVERIFY2(digest, qPrintable(digest ? QString() : digest.error().toString()));
    QCOMPARE(*digest, m_digests.value(QStringLiteral("1.0.0")));
    const auto missing = run<QString>([&](auto done) {
        registry.manifestDigest(*ImageReference::parse(QStringLiteral("nginx:1")), this, done);
    });
    QVERIFY(!missing);
    QVERIFY2(missing.error().toString().startsWith(
                 QStringLiteral("docker.io/library/nginx:1: could not read the manifest digest "
                                "from the mirror %1 (plain HTTP)")
                     .arg(m_anonymous.host())),
             qPrintable(missing.error().toString()));
}

QTEST_GUILESS_MAIN(TestRegistryClient)
#include "tst_registryclient.moc"

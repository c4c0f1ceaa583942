#include "awaitresult.h"
#include "dockerregistry.h"
#include "fakeregistry.h"
#include "freightdiscovery.h"
#include "freightid.h"
#include "freightstore.h"
#include "freighttesting.h"
#include "helmrepositoryclient.h"
#include "imagediscovery.h"
#include "ocilayout.h"
#include "registryclient.h"
#include "testrepos.h"

#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QTest>

using namespace fd::core;
using namespace fd::testsupport;
using namespace Qt::Literals::StringLiterals;

namespace {

QDateTime day(int d) {
    return QDateTime(QDate(2025, 3, d), QTime(9, 0), Qt::UTC);
}

OciLayout::Image image(int createdDay, const QByteArray& content,
                       const QString& platform = u"linux/amd64"_s) {
    return {*ImagePlatform::parse(platform), day(createdDay), content};
}

WarehouseSubscription imageSubscription(const QString& repoURL, const QString& strategy = {}) {
    WarehouseSubscription subscription;
    subscription.repoURL = repoURL;
    subscription.selectionStrategy = strategy;
    subscription.position = {u"kargo/warehouse.yaml"_s, 9, 7};
    return subscription;
}

PipelineService service(const QString& name, QList<WarehouseSubscription> subscriptions) {
    return {name, {}, {}, u"kargo/%1.yaml:1:1"_s.arg(name), std::move(subscriptions)};
}

} // namespace

/**
 * Freight discovery against Debian's docker-registry with images pushed by skopeo (every image
 * strategy, a re-pushed tag, a multi-platform index), a Git repository, a chart repository
 * served by a small test server, and failures that must stay with their own service.
 */
class TestFreightDiscovery final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void oneFreightPerVersionBestFirst();
    void everyImageStrategy_data();
    void everyImageStrategy();
    void platformPicksTheIndexEntry();
    void mutableTagGivesNewFreightWhenRepushed();
    void severalSubscriptionsMakeTheNewestFreight();
    void chartSubscription();
    void failureStaysWithItsService();
    void brokenRegistriesFailOnlyTheirServices();
    void nothingSelectedIsANoteNotAFailure();

private:
    QList<ServiceFreight> discover(const QList<PipelineService>& services,
                                   RegistryClientOptions options = {});
    QString repo(const QString& path) const { return m_registry.host() + u'/' + path; }
    void push(const QString& refName, const QList<OciLayout::Image>& images, const QString& name);

    QTemporaryDir m_directory;
    std::unique_ptr<OciLayout> m_layout;
    DockerRegistry m_registry;
    QNetworkAccessManager m_network;
    QHash<QString, QString> m_digests; // image name → digest pushed
    QString m_gitUrl;
    QString m_gitHead;
};

void TestFreightDiscovery::push(const QString& refName, const QList<OciLayout::Image>& images,
                                const QString& name) {
    const auto digest = m_layout->add(refName, images);
    QVERIFY(digest);
    m_digests.insert(name, *digest);
    const auto pushed = m_registry.push(m_layout->directory(), refName, name);
    QVERIFY2(pushed, qPrintable(pushed ? QString() : pushed.error().toString()));
}

void TestFreightDiscovery::initTestCase() {
    QVERIFY(m_directory.isValid());
    TestRepos::isolateEnvironment(m_directory.path());
    if (DockerRegistry::program().isEmpty())
        QSKIP("docker-registry is not installed (apt-get install docker-registry)");
    m_layout = std::make_unique<OciLayout>(m_directory.filePath(u"layout"_s));
    QVERIFY(QDir().mkpath(m_layout->directory()));
    QVERIFY2(m_registry.start(), qPrintable(m_registry.log()));

    // Build days deliberately out of version order, for NewestBuild.
    const QList<std::pair<QString, int>> tags{
        {u"1.0.0"_s, 1},      {u"1.1.0"_s, 6},  {u"1.2.0"_s, 3},  {u"v1.3.0"_s, 2},
        {u"2.0.0-rc.1"_s, 7}, {u"latest"_s, 5}, {u"build-a"_s, 4}};
    for (const auto& [tag, created] : tags)
        push(u"api-"_s + tag, {image(created, "api " + tag.toUtf8())}, u"team/api:"_s + tag);
    push(u"multi"_s, {image(10, "multi amd64"), image(11, "multi arm64", u"linux/arm64"_s)},
         u"team/multi:1.0.0"_s);
    // Single images (no index) of two platforms: only their configs say which.
    push(u"solo-arm"_s, {image(12, "solo arm64", u"linux/arm64"_s)}, u"team/solo:1.0.0"_s);
    push(u"solo-amd"_s, {image(13, "solo amd64")}, u"team/solo:1.1.0"_s);

    auto created = TestRepos::createBare(m_directory.filePath(u"config.git"_s),
                                         {{u"app/config.yaml"_s, "level: 1\n"}});
    QVERIFY2(created, qPrintable(created ? QString() : created.error().toString()));
    auto second = TestRepos::commit(m_directory.filePath(u"config.git"_s), u"main"_s,
                                    {{u"app/config.yaml"_s, "level: 2\n"}});
    QVERIFY(second);
    m_gitUrl = u"file://"_s + m_directory.filePath(u"config.git"_s);
    m_gitHead = *second;
}

void TestFreightDiscovery::cleanupTestCase() {
    m_registry.stop();
}

QList<ServiceFreight> TestFreightDiscovery::discover(const QList<PipelineService>& services,
                                                     RegistryClientOptions options) {
    options.overrides.setInsecure(m_registry.host());
    options.credentials = {};
    RegistryClient registry(&m_network, std::move(options));
    HelmRepositoryClient helm(&m_network, HelmIndexCache(m_directory.filePath(u"helm"_s)));
    GitRepositoryOptions git;
    git.cacheDirectory = m_directory.filePath(u"mirrors"_s);
    FreightDiscovery discovery(&registry, &helm, git);
    discovery.setClock([] { return day(20); });
    auto found = awaitResult<QList<ServiceFreight>>(
        [&](auto done) {
            discovery.discover(services, this,
                               [done](QList<ServiceFreight> result) { done(std::move(result)); });
        },
        std::chrono::seconds(90));
    if (!found) {
        qWarning() << found.error().toString();
        return {};
    }
    return *found;
}

void TestFreightDiscovery::oneFreightPerVersionBestFirst() {
    const auto found = discover({service(u"api"_s, {imageSubscription(repo(u"team/api"_s))})});
    QCOMPARE(found.size(), 1);
    const ServiceFreight& api = found.constFirst();
    QVERIFY(api.problems.isEmpty());
    QVERIFY(api.notes.isEmpty());
    // SemVer without a constraint takes every version, pre-releases too, "v1.3.0" as 1.3.0.
    QCOMPARE(tagsOf(api.freight),
             (QStringList{u"2.0.0-rc.1"_s, u"v1.3.0"_s, u"1.2.0"_s, u"1.1.0"_s, u"1.0.0"_s}));
    for (const Freight& freight : api.freight) {
        const FreightArtifact& artifact = freight.artifacts.constFirst();
        QCOMPARE(artifact.kind, FreightArtifact::Kind::Image);
        QCOMPARE(artifact.repoURL, repo(u"team/api"_s));
        QCOMPARE(artifact.digest, m_digests.value(u"team/api:"_s + artifact.tag));
        QCOMPARE(freight.service, u"api"_s);
        QCOMPARE(freight.origin, u"api"_s);
        QCOMPARE(freight.id, freightId(u"api"_s, freight.artifacts));
        QVERIFY(!freight.alias.isEmpty());
        QCOMPARE(freight.discoveredAt, day(20));
    }
}

void TestFreightDiscovery::everyImageStrategy_data() {
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QString>("constraint");
    QTest::addColumn<QStringList>("allow");
    QTest::addColumn<QStringList>("ignore");
    QTest::addColumn<int>("limit");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("SemVer range") << u"SemVer"_s << u"~1.1 || ^2.0.0-0"_s << QStringList()
                                  << QStringList() << 0 << QStringList{u"2.0.0-rc.1"_s, u"1.1.0"_s};
    QTest::newRow("SemVer limit") << u"SemVer"_s << QString() << QStringList() << QStringList() << 2
                                  << QStringList{u"2.0.0-rc.1"_s, u"v1.3.0"_s};
    QTest::newRow("Lexical, allowed")
        << u"Lexical"_s << QString() << QStringList{u"^[0-9]"_s} << QStringList() << 0
        << QStringList{u"2.0.0-rc.1"_s, u"1.2.0"_s, u"1.1.0"_s, u"1.0.0"_s};
    // NewestBuild orders by the image config's created time.
    QTest::newRow("NewestBuild, ignored")
        << u"NewestBuild"_s << QString() << QStringList() << QStringList{u"^2\\."_s, u"latest"_s}
        << 3 << QStringList{u"1.1.0"_s, u"build-a"_s, u"1.2.0"_s};
    QTest::newRow("Digest") << u"Digest"_s << u"latest"_s << QStringList() << QStringList() << 0
                            << QStringList{u"latest"_s};
}

void TestFreightDiscovery::everyImageStrategy() {
    QFETCH(QString, strategy);
    QFETCH(QString, constraint);
    QFETCH(QStringList, allow);
    QFETCH(QStringList, ignore);
    QFETCH(int, limit);
    QFETCH(QStringList, expected);
    WarehouseSubscription subscription = imageSubscription(repo(u"team/api"_s), strategy);
    subscription.constraint = constraint;
    subscription.allowTagsRegexes = allow;
    subscription.ignoreTagsRegexes = ignore;
    if (limit > 0)
        subscription.discoveryLimit = limit;
    const auto found = discover({service(u"api"_s, {subscription})});
    QCOMPARE(found.size(), 1);
    QVERIFY2(found.constFirst().problems.isEmpty(),
             qPrintable(found.constFirst().problems.value(0).toString()));
    QCOMPARE(tagsOf(found.constFirst().freight), expected);
}

void TestFreightDiscovery::platformPicksTheIndexEntry() {
    // An index: without a platform the index's own digest; with one, that platform's image's.
    WarehouseSubscription subscription = imageSubscription(repo(u"team/multi"_s));
    auto found = discover({service(u"multi"_s, {subscription})});
    QCOMPARE(found.constFirst().freight.size(), 1);
    QCOMPARE(found.constFirst().freight.constFirst().artifacts.constFirst().digest,
             m_digests.value(u"team/multi:1.0.0"_s));

    subscription.platform = u"linux/arm64"_s;
    found = discover({service(u"multi"_s, {subscription})});
    QCOMPARE(found.constFirst().freight.size(), 1);
    const QString arm = found.constFirst().freight.constFirst().artifacts.constFirst().digest;
    QVERIFY(arm.startsWith(u"sha256:"_s));
    QVERIFY(arm != m_digests.value(u"team/multi:1.0.0"_s));

    // Single images: the one built for the platform, by its config.
    WarehouseSubscription solo = imageSubscription(repo(u"team/solo"_s));
    solo.platform = u"linux/arm64"_s;
    found = discover({service(u"solo"_s, {solo})});
    QVERIFY2(found.constFirst().problems.isEmpty(),
             qPrintable(found.constFirst().problems.value(0).toString()));
    QCOMPARE(tagsOf(found.constFirst().freight), QStringList{u"1.0.0"_s});
    QCOMPARE(found.constFirst().freight.constFirst().artifacts.constFirst().digest,
             m_digests.value(u"team/solo:1.0.0"_s));
    solo.platform = u"linux/amd64"_s;
    found = discover({service(u"solo"_s, {solo})});
    QCOMPARE(tagsOf(found.constFirst().freight), QStringList{u"1.1.0"_s});

    // No image for the platform: passed over, as Kargo does; the note says why none is left.
    subscription.platform = u"linux/s390x"_s;
    found = discover({service(u"multi"_s, {subscription})});
    QVERIFY(found.constFirst().freight.isEmpty());
    QVERIFY(found.constFirst().problems.isEmpty());
    QCOMPARE(found.constFirst().notes.size(), 1);
}

void TestFreightDiscovery::mutableTagGivesNewFreightWhenRepushed() {
    WarehouseSubscription subscription = imageSubscription(repo(u"team/edge"_s), u"Digest"_s);
    subscription.constraint = u"latest"_s;
    push(u"edge-1"_s, {image(1, "edge one")}, u"team/edge:latest"_s);
    FreightStore store = FreightStore::open(m_directory.filePath(u"store/edge.json"_s));
    const auto first = discover({service(u"edge"_s, {subscription})});
    store.merge(first, day(20));
    push(u"edge-2"_s, {image(2, "edge two")}, u"team/edge:latest"_s);
    auto second = discover({service(u"edge"_s, {subscription})});
    for (Freight& freight : second.first().freight)
        freight.discoveredAt = day(21);
    store.merge(second, day(21));
    QVERIFY(store.save());

    const QList<Freight> kept =
        FreightStore::open(m_directory.filePath(u"store/edge.json"_s)).freight(u"edge"_s);
    QCOMPARE(kept.size(), 2);
    QCOMPARE(kept.at(0).artifacts.constFirst().digest, m_digests.value(u"team/edge:latest"_s));
    QCOMPARE(kept.at(0).artifacts.constFirst().tag, u"latest"_s);
    QCOMPARE(kept.at(1).artifacts.constFirst().tag, u"latest"_s);
    QVERIFY(kept.at(0).id != kept.at(1).id);
    QCOMPARE(kept.at(1).discoveredAt, day(20));
}

void TestFreightDiscovery::severalSubscriptionsMakeTheNewestFreight() {
    WarehouseSubscription git;
    git.kind = WarehouseSubscription::Kind::Git;
    git.repoURL = m_gitUrl;
    git.branch = u"main"_s;
    const auto found = discover({service(u"api"_s, {imageSubscription(repo(u"team/api"_s)), git})});
    QCOMPARE(found.size(), 1);
    QVERIFY2(found.constFirst().problems.isEmpty(),
             qPrintable(found.constFirst().problems.value(0).toString()));
    QCOMPARE(found.constFirst().freight.size(), 1);
    const Freight& freight = found.constFirst().freight.constFirst();
    QCOMPARE(freight.artifacts.size(), 2);
    QCOMPARE(freight.artifacts.at(0).tag, u"2.0.0-rc.1"_s);
    QCOMPARE(freight.artifacts.at(1).kind, FreightArtifact::Kind::Commit);
    QCOMPARE(freight.artifacts.at(1).id, m_gitHead);
    QCOMPARE(freight.id, freightId(u"api"_s, freight.artifacts));
}

void TestFreightDiscovery::chartSubscription() {
    FakeRegistry server([](const FakeRequest& request) {
        if (request.path() != "/charts/index.yaml")
            return FakeReply::json("{}", 404);
        return FakeReply{200,
                         {{"Content-Type", "application/x-yaml"}},
                         "apiVersion: v1\nentries:\n  api:\n"
                         "  - {name: api, version: 0.3.0}\n"
                         "  - {name: api, version: 0.4.1}\n"
                         "  - {name: api, version: 0.4.0}\n",
                         false,
                         -1};
    });
    QVERIFY(server.listen());
    WarehouseSubscription chart;
    chart.kind = WarehouseSubscription::Kind::Chart;
    chart.repoURL = u"http://"_s + QString::fromLatin1(server.host()) + u"/charts"_s;
    chart.chartName = u"api"_s;
    chart.semverConstraint = u"^0.4"_s;
    const auto found = discover({service(u"api-chart"_s, {chart})});
    QCOMPARE(found.size(), 1);
    QVERIFY2(found.constFirst().problems.isEmpty(),
             qPrintable(found.constFirst().problems.value(0).toString()));
    QStringList versions;
    for (const Freight& freight : found.constFirst().freight) {
        QCOMPARE(freight.artifacts.constFirst().kind, FreightArtifact::Kind::Chart);
        QCOMPARE(freight.artifacts.constFirst().name, u"api"_s);
        versions.append(freight.artifacts.constFirst().version);
    }
    QCOMPARE(versions, (QStringList{u"0.4.1"_s, u"0.4.0"_s}));
}

void TestFreightDiscovery::failureStaysWithItsService() {
    WarehouseSubscription missingGit;
    missingGit.kind = WarehouseSubscription::Kind::Git;
    missingGit.repoURL = u"file://"_s + m_directory.filePath(u"nowhere.git"_s);
    const auto found = discover({service(u"ghost"_s, {imageSubscription(repo(u"team/ghost"_s))}),
                                 service(u"api"_s, {imageSubscription(repo(u"team/api"_s))}),
                                 service(u"bad"_s, {imageSubscription(u"Not An Image!"_s)}),
                                 service(u"nogit"_s, {missingGit})});
    QCOMPARE(found.size(), 4);
    QCOMPARE(found.at(0).service, u"ghost"_s);
    QVERIFY(found.at(0).freight.isEmpty());
    QCOMPARE(found.at(0).problems.size(), 1);
    const Error& ghost = found.at(0).problems.constFirst();
    QCOMPARE(ghost.kind, Error::Kind::NotFound);
    QVERIFY2(ghost.message.contains(m_registry.host()), qPrintable(ghost.toString()));
    QVERIFY2(ghost.toString().contains(u"team/ghost"_s), qPrintable(ghost.toString()));

    QCOMPARE(found.at(1).freight.size(), 5);
    QVERIFY(found.at(1).problems.isEmpty());

    QCOMPARE(found.at(2).problems.size(), 1);
    QCOMPARE(found.at(2).problems.constFirst().location, u"kargo/warehouse.yaml:9:7"_s);
    QVERIFY(found.at(2).problems.constFirst().message.contains(u"Not An Image!"_s));

    QCOMPARE(found.at(3).problems.size(), 1);
    QVERIFY2(found.at(3).problems.constFirst().toString().contains(u"nowhere.git"_s),
             qPrintable(found.at(3).problems.constFirst().toString()));
}

void TestFreightDiscovery::brokenRegistriesFailOnlyTheirServices() {
    // What a real registry will not do on demand: a 503, a hang, an answer that is not JSON.
    FakeRegistry server([](const FakeRequest& request) {
        if (request.path() == "/v2/broken/tags/list")
            return FakeReply::json(R"({"errors":[{"code":"UNAVAILABLE","message":"busy"}]})", 503);
        if (request.path() == "/v2/hangs/tags/list")
            return FakeReply{200, {}, {}, true, -1};
        if (request.path() == "/v2/garbled/tags/list")
            return FakeReply{200, {{"Content-Type", "text/html"}}, "<html>oops</html>", false, -1};
        return FakeReply::json("{}", 404);
    });
    QVERIFY(server.listen());
    const QString fake = QString::fromLatin1(server.host());
    RegistryClientOptions options;
    options.overrides.setInsecure(fake);
    options.timeouts.noProgress = std::chrono::milliseconds(1500);
    const auto found = discover({service(u"broken"_s, {imageSubscription(fake + u"/broken"_s)}),
                                 service(u"hangs"_s, {imageSubscription(fake + u"/hangs"_s)}),
                                 service(u"garbled"_s, {imageSubscription(fake + u"/garbled"_s)}),
                                 service(u"api"_s, {imageSubscription(repo(u"team/api"_s))})},
                                options);
    QCOMPARE(found.size(), 4);
    const QStringList mentions{u"503"_s, u"stopped answering"_s, u"JSON"_s};
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(found.at(i).problems.size(), 1);
        const QString text = found.at(i).problems.constFirst().toString();
        QVERIFY2(text.contains(fake), qPrintable(text));
        QVERIFY2(text.contains(fake + u'/' + found.at(i).service), qPrintable(text));
        QVERIFY2(text.contains(mentions.at(i), Qt::CaseInsensitive), qPrintable(text));
    }
    QCOMPARE(found.at(3).freight.size(), 5);
}

void TestFreightDiscovery::nothingSelectedIsANoteNotAFailure() {
    WarehouseSubscription subscription = imageSubscription(repo(u"team/api"_s));
    subscription.constraint = u">=9"_s;
    const auto found = discover({service(u"api"_s, {subscription}), service(u"bare"_s, {})});
    QCOMPARE(found.size(), 2);
    for (const ServiceFreight& each : found) {
        QVERIFY(each.freight.isEmpty());
        QVERIFY(each.problems.isEmpty());
        QCOMPARE(each.notes.size(), 1);
    }
    QVERIFY2(found.at(0).notes.constFirst().message.contains(u"SemVer >=9"_s),
             qPrintable(found.at(0).notes.constFirst().message));
    QVERIFY(found.at(1).notes.constFirst().message.contains(u"no image, chart or Git"_s));
}

QTEST_GUILESS_MAIN(TestFreightDiscovery)
#include "tst_freightdiscovery.moc"

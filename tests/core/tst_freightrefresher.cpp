#include "fakeregistry.h"
#include "freightrefresher.h"
#include "freighttesting.h"
#include "helmrepositoryclient.h"
#include "registryclient.h"

#include <QCryptographicHash>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace fd::core;
using namespace fd::testsupport;
using namespace Qt::Literals::StringLiterals;

namespace {

QByteArray digestOf(const QByteArray& tag) {
    return "sha256:" + QCryptographicHash::hash(tag, QCryptographicHash::Sha256).toHex();
}

} // namespace

/** Background freight refresh: what the disk knew first, then on an interval and on demand. */
class TestFreightRefresher final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void startsWithTheStoreThenRefreshes();
    void refreshOnDemandWhileOneRunsRunsOnceAfter();

private:
    std::unique_ptr<FakeRegistry> m_server;
    QStringList m_tags{u"1.0.0"_s, u"1.1.0"_s};
    int m_listings = 0;
    int m_delayMs = 0;
    QTemporaryDir m_directory;
    QNetworkAccessManager m_network;
    std::unique_ptr<RegistryClient> m_registry;
    std::unique_ptr<HelmRepositoryClient> m_helm;
    QList<PipelineService> m_services;
};

void TestFreightRefresher::initTestCase() {
    QVERIFY(m_directory.isValid());
    m_server = std::make_unique<FakeRegistry>([this](const FakeRequest& request) {
        if (request.path() == "/v2/team/app/tags/list") {
            ++m_listings;
            QByteArray body = R"({"name":"team/app","tags":[)";
            for (qsizetype i = 0; i < m_tags.size(); ++i)
                body += (i ? ",\"" : "\"") + m_tags.at(i).toUtf8() + '"';
            FakeReply reply = FakeReply::json(body + "]}");
            reply.delayMs = m_delayMs;
            return reply;
        }
        const QByteArray prefix = "/v2/team/app/manifests/";
        if (request.path().startsWith(prefix))
            return FakeReply{
                200,
                {{"Docker-Content-Digest", digestOf(request.path().mid(prefix.size()))},
                 {"Content-Type", "application/vnd.oci.image.manifest.v1+json"}},
                {},
                false,
                -1};
        return FakeReply::json("{}", 404);
    });
    QVERIFY(m_server->listen());
    RegistryClientOptions options;
    options.overrides.setInsecure(QString::fromLatin1(m_server->host()));
    options.credentials = {};
    m_registry = std::make_unique<RegistryClient>(&m_network, std::move(options));
    m_helm = std::make_unique<HelmRepositoryClient>(&m_network,
                                                    HelmIndexCache(m_directory.filePath(u"h"_s)));
    WarehouseSubscription image;
    image.repoURL = QString::fromLatin1(m_server->host()) + u"/team/app"_s;
    m_services = {{u"app"_s, image.repoURL, {}, {}, {image}}};
}

void TestFreightRefresher::startsWithTheStoreThenRefreshes() {
    const QString path = m_directory.filePath(u"store.json"_s);
    {
        FreightDiscovery discovery(m_registry.get(), m_helm.get(), {});
        FreightRefresher refresher(&discovery, path);
        refresher.setServices(m_services);
        refresher.setInterval(std::chrono::milliseconds(300));
        QSignalSpy loaded(&refresher, &FreightRefresher::loaded);
        QSignalSpy refreshed(&refresher, &FreightRefresher::refreshed);
        refresher.start();
        QVERIFY(loaded.wait(5000));
        QVERIFY(refresher.store().freight().isEmpty()); // nothing on disk yet
        QTRY_COMPARE_WITH_TIMEOUT(refreshed.size(), 1, 10000);
        QCOMPARE(tagsOf(refresher.store().freight(u"app"_s)),
                 (QStringList{u"1.1.0"_s, u"1.0.0"_s}));
        const auto found = refreshed.at(0).at(0).value<QList<ServiceFreight>>();
        QCOMPARE(found.size(), 1);
        QVERIFY(found.constFirst().problems.isEmpty());

        // A new tag is found by the next round, without being asked.
        m_tags.append(u"1.2.0"_s);
        QTRY_VERIFY_WITH_TIMEOUT(tagsOf(refresher.store().freight(u"app"_s)).contains(u"1.2.0"_s),
                                 10000);
        QVERIFY(refreshed.size() >= 2);
        refresher.stop();
        QTRY_VERIFY_WITH_TIMEOUT(!refresher.isRefreshing(), 10000);
        // Written off the GUI thread: it lands a moment later.
        QTRY_COMPARE_WITH_TIMEOUT(FreightStore::open(path).freight().size(), 3, 10000);
    }

    // The next start shows what the last one knew before any request goes out.
    m_tags.removeLast();
    FreightDiscovery discovery(m_registry.get(), m_helm.get(), {});
    FreightRefresher again(&discovery, path);
    again.setServices(m_services);
    QSignalSpy loaded(&again, &FreightRefresher::loaded);
    const int listingsBefore = m_listings;
    again.start();
    QVERIFY(loaded.wait(5000));
    QCOMPARE(m_listings, listingsBefore);
    QCOMPARE(tagsOf(again.store().freight(u"app"_s)),
             (QStringList{u"1.2.0"_s, u"1.1.0"_s, u"1.0.0"_s}));
    // 1.2.0 has gone from the registry since; the store keeps it.
    QSignalSpy refreshed(&again, &FreightRefresher::refreshed);
    QVERIFY(refreshed.wait(10000));
    QCOMPARE(again.store().freight(u"app"_s).size(), 3);
}

void TestFreightRefresher::refreshOnDemandWhileOneRunsRunsOnceAfter() {
    FreightDiscovery discovery(m_registry.get(), m_helm.get(), {});
    FreightRefresher refresher(&discovery, m_directory.filePath(u"demand.json"_s));
    refresher.setServices(m_services);
    refresher.setInterval(std::chrono::hours(1));
    QSignalSpy loaded(&refresher, &FreightRefresher::loaded);
    QSignalSpy started(&refresher, &FreightRefresher::refreshStarted);
    QSignalSpy refreshed(&refresher, &FreightRefresher::refreshed);
    m_delayMs = 300;
    const int listingsBefore = m_listings;
    refresher.start();
    QVERIFY(loaded.wait(5000));
    QVERIFY(refresher.isRefreshing());
    refresher.refresh();
    refresher.refresh();
    refresher.refresh();
    QTRY_COMPARE_WITH_TIMEOUT(refreshed.size(), 2, 10000);
    QTest::qWait(500);
    QCOMPARE(refreshed.size(), 2);
    QCOMPARE(started.size(), 2);
    QCOMPARE(m_listings - listingsBefore, 2);
    m_delayMs = 0;
}

QTEST_GUILESS_MAIN(TestFreightRefresher)
#include "tst_freightrefresher.moc"

// HelmChartIndex (a chart repository's index.yaml read as a stream of events) and HelmIndexCache.

#include "helmchartindex.h"
#include "helmindexcache.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace fd::core;
using namespace Qt::Literals::StringLiterals;

namespace {

const QString kSource = u"https://charts.example.com/index.yaml"_s;

// As `helm repo index` writes it, with the nested fields real indexes carry.
const QByteArray kIndex = R"yaml(apiVersion: v1
entries:
  frontend:
  - annotations:
      category: Web
      images: |
        - name: frontend
          image: ghcr.io/acme/frontend:1.4.0
    apiVersion: v2
    appVersion: 1.4.0
    created: "2024-03-05T10:49:32.123456789+01:00"
    dependencies:
    - name: common
      repository: oci://registry.example.com/charts
      tags:
      - bitnami-common
      version: 2.x.x
    description: The web frontend of the shop
    digest: 8d9b3c1f0a2e4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9012345678
    maintainers:
    - email: web@example.com
      name: Web team
    name: frontend
    type: application
    urls:
    - https://charts.example.com/frontend-1.4.0.tgz
    - https://mirror.example.com/frontend-1.4.0.tgz
    version: 1.4.0
  - apiVersion: v2
    appVersion: "1.3"
    created: "2024-01-10T08:00:00Z"
    deprecated: true
    digest: 11aa
    name: frontend
    urls: [https://charts.example.com/frontend-1.3.0.tgz]
    version: 1.3.0
  - name: frontend
    description: an entry without a version, which Helm leaves out
  backend:
  - name: backend
    version: 0.9.0-rc.1
    created: 2023-12-24T23:59:59.5-05:00
    urls:
    - backend-0.9.0-rc.1.tgz
  empty: []
generated: "2024-03-05T10:49:33.000000001Z"
serverInfo:
  contextPath: /charts
)yaml";

// Helm reads JSON indexes too (JSON is YAML).
// Quotes written as ' here, for moc's sake (it misreads raw strings full of quotes).
const QByteArray kJsonIndex =
    QByteArray("{'apiVersion':'v1','entries':{'frontend':["
               "{'name':'frontend','version':'1.4.0','appVersion':'1.4.0',"
               "'urls':['https://charts.example.com/frontend-1.4.0.tgz'],"
               "'dependencies':[{'name':'common','version':'2.x.x'}]},"
               "{'name':'frontend','version':'1.3.0','deprecated':true,'urls':[]}]},"
               "'generated':'2024-03-05T10:49:33Z'}")
        .replace('\'', '"');

} // namespace

class TestHelmChartIndex final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsChartsAndVersionsAsListed() {
        const auto index = HelmChartIndex::parse(kIndex, kSource);
        QVERIFY2(index, qPrintable(index ? QString() : index.error().toString()));
        QCOMPARE(index->charts(), (QStringList{u"backend"_s, u"frontend"_s}));
        QCOMPARE(index->skippedEntries(), 1);

        const QList<HelmChartVersion> frontend = index->versions(u"frontend"_s);
        QCOMPARE(frontend.size(), 2);
        const HelmChartVersion& newest = frontend.at(0);
        QCOMPARE(newest.version, u"1.4.0"_s);
        QCOMPARE(newest.appVersion, u"1.4.0"_s);
        QCOMPARE(newest.digest,
                 u"8d9b3c1f0a2e4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"_s);
        QCOMPARE(newest.urls, (QStringList{u"https://charts.example.com/frontend-1.4.0.tgz"_s,
                                           u"https://mirror.example.com/frontend-1.4.0.tgz"_s}));
        QVERIFY(!newest.deprecated);
        // Nanoseconds cut to milliseconds, the offset kept.
        QCOMPARE(newest.created.toUTC(),
                 QDateTime(QDate(2024, 3, 5), QTime(9, 49, 32, 123), Qt::UTC));

        const HelmChartVersion& older = frontend.at(1);
        QCOMPARE(older.version, u"1.3.0"_s);
        QCOMPARE(older.appVersion, u"1.3"_s);
        QVERIFY(older.deprecated);
        QCOMPARE(older.urls, QStringList{u"https://charts.example.com/frontend-1.3.0.tgz"_s});

        const QList<HelmChartVersion> backend = index->versions(u"backend"_s);
        QCOMPARE(backend.size(), 1);
        QCOMPARE(backend.first().version, u"0.9.0-rc.1"_s);
        QCOMPARE(backend.first().created.toUTC(),
                 QDateTime(QDate(2023, 12, 25), QTime(4, 59, 59, 500), Qt::UTC));
        QCOMPARE(backend.first().urls, QStringList{u"backend-0.9.0-rc.1.tgz"_s});
        QVERIFY(index->versions(u"empty"_s).isEmpty());
        QVERIFY(index->versions(u"nothing"_s).isEmpty());
    }

    void readsAJsonIndexTheSame() {
        const auto index = HelmChartIndex::parse(kJsonIndex, kSource);
        QVERIFY2(index, qPrintable(index ? QString() : index.error().toString()));
        const QList<HelmChartVersion> versions = index->versions(u"frontend"_s);
        QCOMPARE(versions.size(), 2);
        QCOMPARE(versions.at(0).urls,
                 QStringList{u"https://charts.example.com/frontend-1.4.0.tgz"_s});
        QVERIFY(versions.at(1).deprecated);
        QVERIFY(versions.at(1).urls.isEmpty());
    }

    void badIndexesAreClearErrors_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("location");
        QTest::addColumn<QString>("message");
        QTest::newRow("malformed YAML")
            << QByteArray("apiVersion: v1\nentries:\n  frontend:\n  - version: 1.0\n"
                          "    urls: [a, b\n  backend: []\n")
            << kSource + u":"_s << u"not valid YAML"_s;
        QTest::newRow("an HTML page")
            << QByteArray("<html><body>Not found</body></html>\n") << kSource << u"no apiVersion"_s;
        QTest::newRow("a map without apiVersion")
            << QByteArray("entries:\n  frontend: []\n") << kSource << u"no apiVersion"_s;
        QTest::newRow("empty") << QByteArray() << kSource << u"no apiVersion"_s;
        QTest::newRow("binary") << QByteArray("apiVersion: v1\n\x01\x02", 17) << kSource
                                << u"control character"_s;
    }

    void badIndexesAreClearErrors() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, location);
        QFETCH(QString, message);
        const auto index = HelmChartIndex::parse(bytes, kSource);
        QVERIFY(!index);
        QVERIFY2(index.error().location.startsWith(location), qPrintable(index.error().toString()));
        QVERIFY2(index.error().message.contains(message), qPrintable(index.error().toString()));
    }

    void serialisesAndReadsBack() {
        const auto index = HelmChartIndex::parse(kIndex, kSource);
        QVERIFY(index);
        const QByteArray bytes = index->serialize();
        const auto back = HelmChartIndex::deserialize(bytes, kSource);
        QVERIFY2(back, qPrintable(back ? QString() : back.error().toString()));
        QVERIFY(*back == *index);

        for (const QByteArray& damaged :
             {bytes.left(bytes.size() / 2), bytes + "x", QByteArray("FDHI"), QByteArray()}) {
            const auto read = HelmChartIndex::deserialize(damaged, kSource);
            QVERIFY(!read);
            QVERIFY(read.error().message.contains(u"fetched again"_s));
        }
    }

    void aLargeIndexIsReadWhole() {
        QByteArray bytes = "apiVersion: v1\nentries:\n";
        for (int chart = 0; chart < 100; ++chart) {
            bytes += "  chart-" + QByteArray::number(chart) + ":\n";
            for (int version = 0; version < 100; ++version) {
                const QByteArray v = "1." + QByteArray::number(version) + ".0";
                bytes += "  - name: chart-" + QByteArray::number(chart) + "\n    version: " + v +
                         "\n    digest: " + QByteArray(64, 'a') + "\n    maintainers:\n" +
                         "    - name: someone\n    urls:\n    - chart-" +
                         QByteArray::number(chart) + '-' + v + ".tgz\n";
            }
        }
        const auto index = HelmChartIndex::parse(bytes, kSource);
        QVERIFY2(index, qPrintable(index ? QString() : index.error().toString()));
        QCOMPARE(index->charts().size(), 100);
        const QList<HelmChartVersion> versions = index->versions(u"chart-42"_s);
        QCOMPARE(versions.size(), 100);
        QCOMPARE(versions.at(99).version, u"1.99.0"_s);
        QCOMPARE(versions.at(99).urls, QStringList{u"chart-42-1.99.0.tgz"_s});
    }

    void cacheKeepsIndexesPerUrl() {
        QTemporaryDir directory;
        QVERIFY(directory.isValid());
        const HelmIndexCache cache(directory.filePath(u"helm"_s));
        QVERIFY(!cache.load(kSource));

        const auto index = HelmChartIndex::parse(kIndex, kSource);
        QVERIFY(index);
        const QDateTime fetched(QDate(2024, 3, 6), QTime(12, 0), Qt::UTC);
        const auto stored = cache.store(kSource, {u"\"abc123\""_s, fetched, *index});
        QVERIFY2(stored, qPrintable(stored ? QString() : stored.error().toString()));

        const auto loaded = cache.load(kSource);
        QVERIFY(loaded);
        QCOMPARE(loaded->etag, u"\"abc123\""_s);
        QCOMPARE(loaded->fetchedAt, fetched);
        QVERIFY(loaded->index == *index);
        QVERIFY(!cache.load(u"https://other.example.com/index.yaml"_s));

        // A damaged file reads as absent, and is replaced by the next store.
        const QStringList files = QDir(cache.directory()).entryList(QDir::Files);
        QCOMPARE(files.size(), 1);
        QFile file(cache.directory() + u'/' + files.first());
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("garbage");
        file.close();
        QVERIFY(!cache.load(kSource));
        QVERIFY(cache.store(kSource, {u"\"def\""_s, fetched, *index}));
        QCOMPARE(cache.load(kSource)->etag, u"\"def\""_s);
    }
};

QTEST_GUILESS_MAIN(TestHelmChartIndex)
#include "tst_helmchartindex.moc"

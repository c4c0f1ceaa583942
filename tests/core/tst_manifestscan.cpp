#include "manifestscan.h"
#include "memoryfiles.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;

using fd::core::Finding;
using fd::core::ManifestScan;
using fd::test::MemoryFiles;

class TestManifestScan final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void fixtures_data();
    void fixtures();
    void helmTemplatesAreSkippedPerChart();
    void brokenFileIsAFindingAndTheRestIsRead();
    void multiDocumentFiles();
};

void TestManifestScan::fixtures_data() {
    QTest::addColumn<QString>("repository");
    QTest::addColumn<QStringList>("kinds"); // u"group/Kind=count"_s

    QTest::newRow("kargo-simple") << u"kargo-simple"_s
                                  << QStringList{u"kargo.akuity.io/Project=1"_s,
                                                 u"kargo.akuity.io/Stage=3"_s,
                                                 u"kargo.akuity.io/Warehouse=1"_s,
                                                 u"kargo.akuity.io/PromotionTask=1"_s};
    QTest::newRow("kargo-advanced")
        << u"kargo-advanced"_s
        << QStringList{u"kargo.akuity.io/Stage=8"_s, u"kargo.akuity.io/Warehouse=1"_s,
                       u"argoproj.io/ApplicationSet=1"_s, u"argoproj.io/AppProject=1"_s,
                       u"argoproj.io/AnalysisTemplate=1"_s};
    QTest::newRow("microservice-helmcharts")
        << u"microservice-helmcharts"_s
        << QStringList{u"kargo.akuity.io/Stage=12"_s,        u"kargo.akuity.io/Warehouse=4"_s,
                       u"kargo.akuity.io/PromotionTask=4"_s, u"kargo.akuity.io/ProjectConfig=1"_s,
                       u"argoproj.io/Application=16"_s,      u"argoproj.io/AppProject=1"_s};
}

void TestManifestScan::fixtures() {
    QFETCH(QString, repository);
    QFETCH(QStringList, kinds);
    const MemoryFiles files =
        MemoryFiles::fromFolder(QStringLiteral(FREIGHTDESK_FIXTURES_DIR "/") + repository);
    QVERIFY(!files.paths().isEmpty());
    const ManifestScan scan = ManifestScan::read(files);
    for (const QString& entry : kinds) {
        const QString groupKind = entry.section(QLatin1Char('='), 0, 0);
        const int count = entry.section(QLatin1Char('='), 1).toInt();
        const auto found = scan.ofKind(groupKind.section(QLatin1Char('/'), 0, 0),
                                       groupKind.section(QLatin1Char('/'), 1));
        QVERIFY2(found.size() == count,
                 qPrintable(QStringLiteral("%1: %2").arg(groupKind).arg(found.size())));
        for (const auto& manifest : found) {
            QVERIFY(!manifest.name.isEmpty());
            QVERIFY(manifest.object.line() >= 1);
        }
    }
    for (const Finding& finding : scan.findings())
        QVERIFY2(finding.severity != Finding::Severity::Error, qPrintable(finding.toString()));
}

void TestManifestScan::helmTemplatesAreSkippedPerChart() {
    const ManifestScan scan = ManifestScan::read(MemoryFiles::fromFolder(
        QStringLiteral(FREIGHTDESK_FIXTURES_DIR "/microservice-helmcharts")));
    QStringList notes;
    for (const Finding& finding : scan.findings()) {
        if (finding.code == u"helm-template")
            notes.append(finding.location);
    }
    QCOMPARE(notes, (QStringList{u"service-charts/catalogue-db/templates/"_s,
                                 u"service-charts/catalogue/templates/"_s,
                                 u"service-charts/frontend/templates/"_s,
                                 u"service-charts/recommendation/templates/"_s,
                                 u"service-charts/voting/templates/"_s}));
}

void TestManifestScan::brokenFileIsAFindingAndTheRestIsRead() {
    MemoryFiles files;
    files.insert(u"a/bad.yaml"_s, "apiVersion: v1\nkind: Stage\nmetadata: [unclosed\n");
    files.insert(u"a/good.yaml"_s, "apiVersion: kargo.akuity.io/v1alpha1\nkind: Stage\n"
                                   "metadata:\n  name: dev\n  namespace: p\n");
    files.insert(u"values.yaml"_s, "image:\n  tag: 1.0\n");
    files.insert(u"not-yaml.txt"_s, "apiVersion: v1\nkind: Stage\n");
    const ManifestScan scan = ManifestScan::read(files);
    QCOMPARE(scan.manifests().size(), 1);
    QCOMPARE(scan.manifests().at(0).name, QStringLiteral("dev"));
    QCOMPARE(scan.manifests().at(0).namespaceName, QStringLiteral("p"));
    QCOMPARE(scan.manifests().at(0).group(), QStringLiteral("kargo.akuity.io"));
    QCOMPARE(scan.findings().size(), 1);
    QCOMPARE(scan.findings().at(0).code, QStringLiteral("invalid-yaml"));
    QVERIFY2(scan.findings().at(0).location.startsWith(QStringLiteral("a/bad.yaml:")),
             qPrintable(scan.findings().at(0).toString()));
}

void TestManifestScan::multiDocumentFiles() {
    MemoryFiles files;
    files.insert(u"all.yaml"_s, "---\napiVersion: a/v1\nkind: X\nmetadata: {name: one}\n---\n"
                                "# only a comment\n---\napiVersion: a/v1\nkind: Y\n"
                                "metadata:\n  name: two\n  annotations:\n    k: v\n");
    const ManifestScan scan = ManifestScan::read(files);
    QCOMPARE(scan.manifests().size(), 2);
    QCOMPARE(scan.manifests().at(1).annotation(QStringLiteral("k")), QStringLiteral("v"));
    QCOMPARE(scan.manifests().at(1).location(), QStringLiteral("all.yaml:8:1"));
}

QTEST_GUILESS_MAIN(TestManifestScan)
#include "tst_manifestscan.moc"

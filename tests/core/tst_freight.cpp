#include "freight.h"
#include "freightalias.h"
#include "freightid.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

using fd::core::Freight;
using fd::core::FreightArtifact;
using fd::core::FreightStageState;

class TestFreight final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void make();
    void json();
    void roundTrip();
    void invalidJson_data();
    void invalidJson();
};

namespace {

const QString digest = u"sha256:7692c3ad3540bb803c020b3aee66cd8887123234ea0c6e7143c0add73ff431ed"_s;
const QString commitId = u"9d48e7ee4b137950bc57a0c70070ec04e17d1173"_s;

Freight sample() {
    Freight freight = Freight::make(
        u"web"_s, u"web-warehouse"_s,
        {FreightArtifact::image(u"ghcr.io/example/web"_s, u"v1.4.0"_s, digest),
         FreightArtifact::chart(u"https://charts.example.com"_s, u"web"_s, u"2.1.0"_s),
         FreightArtifact::chart(u"oci://ghcr.io/example/charts/api"_s, {}, u"0.3.0"_s),
         FreightArtifact::commit(u"https://github.com/example/gitops.git"_s, commitId,
                                 u"v1.4.0"_s)},
        QDateTime(QDate(2024, 5, 3), QTime(10, 15, 30, 250), Qt::UTC));
    freight.stages.insert(u"dev"_s, FreightStageState{true, true, false});
    freight.stages.insert(u"prod"_s, FreightStageState{false, false, true});
    return freight;
}

QJsonObject parse(const char* json) {
    return QJsonDocument::fromJson(json).object();
}

} // namespace

void TestFreight::make() {
    const Freight freight = sample();
    QCOMPARE(freight.id, fd::core::freightId(u"web-warehouse"_s, freight.artifacts));
    QCOMPARE(freight.alias, fd::core::freightAlias(freight.id));
    QCOMPARE(freight.id.size(), 40);
}

void TestFreight::json() {
    const Freight freight = sample();
    const QJsonObject json = freight.toJson();
    QCOMPARE(json.value(u"id"_s).toString(), freight.id);
    QCOMPARE(json.value(u"alias"_s).toString(), freight.alias);
    QCOMPARE(json.value(u"service"_s).toString(), u"web"_s);
    QCOMPARE(json.value(u"origin"_s).toObject(),
             (QJsonObject{{u"kind"_s, u"Warehouse"_s}, {u"name"_s, u"web-warehouse"_s}}));
    QCOMPARE(json.value(u"discoveredAt"_s).toString(), u"2024-05-03T10:15:30.250Z"_s);
    const QJsonArray artifacts = json.value(u"artifacts"_s).toArray();
    QCOMPARE(artifacts.size(), 4);
    QCOMPARE(artifacts[0].toObject(), (QJsonObject{{u"kind"_s, u"image"_s},
                                                   {u"repoURL"_s, u"ghcr.io/example/web"_s},
                                                   {u"tag"_s, u"v1.4.0"_s},
                                                   {u"digest"_s, digest}}));
    QCOMPARE(artifacts[1].toObject(), (QJsonObject{{u"kind"_s, u"chart"_s},
                                                   {u"repoURL"_s, u"https://charts.example.com"_s},
                                                   {u"name"_s, u"web"_s},
                                                   {u"version"_s, u"2.1.0"_s}}));
    QVERIFY(!artifacts[2].toObject().contains(u"name"_s));
    QCOMPARE(artifacts[3].toObject(),
             (QJsonObject{{u"kind"_s, u"commit"_s},
                          {u"repoURL"_s, u"https://github.com/example/gitops.git"_s},
                          {u"id"_s, commitId},
                          {u"tag"_s, u"v1.4.0"_s}}));
    QCOMPARE(json.value(u"stages"_s).toObject().value(u"dev"_s).toObject(),
             (QJsonObject{{u"current"_s, true}, {u"verified"_s, true}, {u"approved"_s, false}}));
}

void TestFreight::roundTrip() {
    const Freight freight = sample();
    const QByteArray text = QJsonDocument(freight.toJson()).toJson();
    const auto read = Freight::fromJson(QJsonDocument::fromJson(text).object());
    QVERIFY2(read, qPrintable(read ? QString() : read.error().message));
    QCOMPARE(read->id, freight.id);
    QCOMPARE(read->artifacts, freight.artifacts);
    QCOMPARE(read->stages, freight.stages);
    QCOMPARE(read->discoveredAt, freight.discoveredAt);
    QVERIFY(*read == freight);

    Freight undiscovered = freight;
    undiscovered.discoveredAt = {};
    undiscovered.stages.clear();
    const auto again = Freight::fromJson(undiscovered.toJson());
    QVERIFY(again);
    QVERIFY(*again == undiscovered);
}

void TestFreight::invalidJson_data() {
    QTest::addColumn<QJsonObject>("json");
    QTest::addColumn<QString>("expected");
    const char* base = R"("id": "abc", "alias": "bold-otter", "service": "web")";
    const auto with = [&](const char* rest) {
        return parse(QByteArray("{") + base + ", " + rest + "}");
    };
    QTest::newRow("no id") << parse(R"({"alias": "a", "service": "s"})") << u"\"id\""_s;
    QTest::newRow("origin kind") << with(R"("origin": {"kind": "Stage", "name": "x"})")
                                 << u"origin"_s;
    QTest::newRow("origin name") << with(R"("origin": {"kind": "Warehouse"})") << u"\"name\""_s;
    QTest::newRow("artifact kind") << with(R"("origin": {"kind": "Warehouse", "name": "w"},
                   "artifacts": [{"kind": "helm", "repoURL": "x"}])")
                                   << u"kind \"helm\""_s;
    QTest::newRow("image without digest") << with(R"("origin": {"kind": "Warehouse", "name": "w"},
                   "artifacts": [{"kind": "image", "repoURL": "x", "tag": "1"}])")
                                          << u"\"digest\""_s;
    QTest::newRow("time") << with(R"("origin": {"kind": "Warehouse", "name": "w"},
                                     "discoveredAt": "yesterday")")
                          << u"discoveredAt"_s;
    QTest::newRow("stage flag") << with(R"("origin": {"kind": "Warehouse", "name": "w"},
                                           "stages": {"dev": {"current": "yes"}})")
                                << u"stage \"dev\""_s;
}

void TestFreight::invalidJson() {
    QFETCH(QJsonObject, json);
    QFETCH(QString, expected);
    QVERIFY(!json.isEmpty());
    const auto read = Freight::fromJson(json);
    QVERIFY(!read);
    QVERIFY2(read.error().message.contains(expected), qPrintable(read.error().message));
}

QTEST_GUILESS_MAIN(TestFreight)
#include "tst_freight.moc"

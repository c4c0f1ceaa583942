#include "freightdeskconfig.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using fd::core::Finding;
using fd::core::FreightdeskConfig;
using fd::core::Pipeline;
using fd::core::PipelineTarget;

namespace {

const QByteArray Example = R"(version: 1
project: craftista
branch: main
environments:
  - name: prod
    upstream: [staging]
    requiredApprovals: 1
    soakTime: 1h
    color: "#c0392b"
    freeze:
      - from: 2026-12-20T00:00:00Z
        until: 2027-01-04T08:00:00Z
        reason: Holiday freeze
      - weekly: Fri 16:00 - Mon 08:00
        timeZone: Europe/Berlin
  - name: dev
    autoPromotion: true
  - name: staging
    upstream: [dev]
    autoPromotion: true
    verification:
      http:
        - url: https://staging.example.com/healthz
          status: 200
          json: $.status == "ok"
          within: 2m
        - http://staging.internal:8080/ready
      soak: 15m
      manual: true
services:
  - name: frontend
    image: docker.io/nitheesh86/microservice-frontend
    file: env/{environment}/{service}/{service}-values.yaml
    key: image.tag
    argocdApp: "{service}-{environment}"
  - name: guestbook
    image: ghcr.io/akuity/guestbook
    file: env/{environment}/kustomization.yaml
    kustomizeImage: ghcr.io/akuity/guestbook
    environments: [dev, prod]
    overrides:
      prod:
        file: prod/kustomization.yaml
        argocdApp: [guestbook-production, guestbook-dr]
        requiredApprovals: 2
    tags:
      strategy: Lexical
      allow: '^v\d'
      ignore: [latest, edge]
      discoveryLimit: 5
      platform: linux/arm64
)";

QStringList codes(const Pipeline& pipeline) {
    QStringList result;
    for (const Finding& finding : pipeline.findings)
        result.append(finding.code);
    return result;
}

} // namespace

class TestFreightdeskConfig final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void example();
    void brokenEntriesAreFindings_data();
    void brokenEntriesAreFindings();
    void fatalErrors_data();
    void fatalErrors();
};

void TestFreightdeskConfig::example() {
    auto pipeline = FreightdeskConfig::read(Example, u"freightdesk.yaml"_s, u"repo"_s);
    QVERIFY2(pipeline, qPrintable(pipeline ? QString() : pipeline.error().toString()));
    QCOMPARE(pipeline->project, u"craftista"_s);
    QCOMPARE(pipeline->sourceName(), u"freightdesk.yaml"_s);
    QVERIFY2(pipeline->findings.isEmpty(), qPrintable(codes(*pipeline).join(u',')));
    QCOMPARE(pipeline->services.size(), 2);
    QCOMPARE(pipeline->services.at(0).imageRepository,
             u"docker.io/nitheesh86/microservice-frontend"_s);

    QStringList names;
    for (const auto& stage : pipeline->stages)
        names.append(stage.name);
    QCOMPARE(names, (QStringList{u"frontend-dev"_s, u"frontend-staging"_s, u"frontend-prod"_s,
                                 u"guestbook-dev"_s, u"guestbook-prod"_s}));

    const auto* dev = pipeline->stage(u"frontend-dev"_s);
    QVERIFY(dev);
    QVERIFY(dev->direct);
    QVERIFY(dev->policy.autoPromotion);
    QCOMPARE(dev->environment, u"dev"_s);
    QCOMPARE(dev->targets.size(), 1);
    QCOMPARE(dev->targets.at(0).file, u"env/dev/frontend/frontend-values.yaml"_s);
    QCOMPARE(dev->targets.at(0).key, u"image.tag"_s);
    QCOMPARE(dev->targets.at(0).branch, u"main"_s);
    QCOMPARE(dev->targets.at(0).value,
             u"imageFrom(docker.io/nitheesh86/microservice-frontend).Tag"_s);
    QCOMPARE(dev->argocdApps, QStringList{u"frontend-dev"_s});

    const auto* prod = pipeline->stage(u"frontend-prod"_s);
    QVERIFY(prod);
    QCOMPARE(prod->upstream, QStringList{u"frontend-staging"_s});
    QVERIFY(!prod->policy.autoPromotion);
    QCOMPARE(prod->policy.requiredApprovals, 1);
    QCOMPARE(prod->policy.soakTime, std::chrono::seconds(3600));
    QCOMPARE(prod->color, u"#c0392b"_s);
    QCOMPARE(prod->policy.freezes.size(), 2);
    QCOMPARE(prod->policy.freezes.at(0).until, QDateTime(QDate(2027, 1, 4), QTime(8, 0), Qt::UTC));
    QCOMPARE(prod->policy.freezes.at(0).reason, u"Holiday freeze"_s);
    QVERIFY(prod->policy.freezes.at(1).weekly);
    QCOMPARE(prod->policy.freezes.at(1).timeZone, u"Europe/Berlin"_s);
    QVERIFY(pipeline->stage(u"frontend-dev"_s)->policy.freezes.isEmpty());

    // guestbook skips staging: its prod still follows its dev.
    const auto* guestbookProd = pipeline->stage(u"guestbook-prod"_s);
    QVERIFY(guestbookProd);
    QCOMPARE(guestbookProd->upstream, QStringList{u"guestbook-dev"_s});
    QVERIFY(!guestbookProd->direct);
    QCOMPARE(guestbookProd->policy.requiredApprovals, 2);
    QCOMPARE(guestbookProd->targets.at(0).kind, PipelineTarget::Kind::KustomizeImage);
    QCOMPARE(guestbookProd->targets.at(0).file, u"prod/kustomization.yaml"_s);
    QCOMPARE(guestbookProd->targets.at(0).image, u"ghcr.io/akuity/guestbook"_s);
    QCOMPARE(guestbookProd->argocdApps,
             (QStringList{u"guestbook-production"_s, u"guestbook-dr"_s}));
    QVERIFY(guestbookProd->targets.at(0).location.startsWith(u"freightdesk.yaml:43:"_s));

    // What freight discovery follows: the image, with Kargo's defaults or the `tags:` given.
    using fd::core::WarehouseSubscription;
    const QList<WarehouseSubscription>& frontend = pipeline->services.at(0).warehouseSubscriptions;
    QCOMPARE(frontend.size(), 1);
    QCOMPARE(frontend.at(0).kind, WarehouseSubscription::Kind::Image);
    QCOMPARE(frontend.at(0).repoURL, u"docker.io/nitheesh86/microservice-frontend"_s);
    QVERIFY(frontend.at(0).selectionStrategy.isEmpty());
    QVERIFY(!frontend.at(0).discoveryLimit);
    const WarehouseSubscription& guestbook =
        pipeline->services.at(1).warehouseSubscriptions.value(0);
    QCOMPARE(guestbook.repoURL, u"ghcr.io/akuity/guestbook"_s);
    QCOMPARE(guestbook.selectionStrategy, u"Lexical"_s);
    QCOMPARE(guestbook.allowTagsRegexes, QStringList{u"^v\\d"_s});
    QCOMPARE(guestbook.ignoreTagsRegexes, (QStringList{u"latest"_s, u"edge"_s}));
    QCOMPARE(guestbook.discoveryLimit, 5);
    QCOMPARE(guestbook.platform, u"linux/arm64"_s);
    QCOMPARE(guestbook.position.toString(), u"freightdesk.yaml:37:12"_s);

    // Verification once Argo CD reports the freight healthy.
    const fd::core::StageVerification& verification =
        pipeline->stage(u"frontend-staging"_s)->policy.verification;
    QCOMPARE(verification.httpChecks.size(), 2);
    QCOMPARE(verification.httpChecks.at(0).url, u"https://staging.example.com/healthz"_s);
    QCOMPARE(verification.httpChecks.at(0).expectedStatus, 200);
    QCOMPARE(verification.httpChecks.at(0).jsonCondition, u"$.status == \"ok\""_s);
    QCOMPARE(verification.httpChecks.at(0).within, std::chrono::seconds(120));
    QCOMPARE(verification.httpChecks.at(0).timeout, std::chrono::seconds(10));
    QCOMPARE(verification.httpChecks.at(0).location, u"freightdesk.yaml:23:11"_s);
    QCOMPARE(verification.httpChecks.at(1).url, u"http://staging.internal:8080/ready"_s);
    QCOMPARE(verification.httpChecks.at(1).expectedStatus, 0);
    QCOMPARE(verification.soak, std::chrono::seconds(900));
    QVERIFY(verification.manual);
    QVERIFY(prod->policy.verification.isEmpty());
}

void TestFreightdeskConfig::brokenEntriesAreFindings_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("location");
    QTest::addColumn<QString>("readOnlyStage");

    const QByteArray environments = "environments:\n  - name: dev\n  - name: prod\n"
                                    "    upstream: [dev]\n";
    QTest::newRow("unknown upstream")
        << QByteArray("environments:\n  - name: dev\n    upstream: [qa]\nservices: []\n")
        << u"unknown-stage"_s << u"f.yaml:2:5"_s << QString();
    QTest::newRow("typo") << environments + "services:\n  - name: a\n    file: x.yaml\n"
                                            "    key: k\n    argocdapp: a\n"
                          << u"unknown-field"_s << u"f.yaml:9:16"_s << QString();
    QTest::newRow("no file") << environments + "services:\n  - name: a\n    key: k\n"
                             << u"missing-field"_s << u"f.yaml:6:5"_s << u"a-dev"_s;
    QTest::newRow("key and image")
        << environments + "services:\n  - name: a\n    file: f\n    key: k\n"
                          "    kustomizeImage: i\n"
        << u"missing-field"_s << u"f.yaml:6:5"_s << u"a-prod"_s;
    QTest::newRow("bad soak time")
        << QByteArray("environments:\n  - name: dev\n    soakTime: soon\n") << u"invalid-value"_s
        << u"f.yaml:3:15"_s << QString();
    QTest::newRow("negative approvals")
        << QByteArray("environments:\n  - name: dev\n    requiredApprovals: -1\n")
        << u"invalid-value"_s << u"f.yaml:3:24"_s << QString();
    QTest::newRow("duplicate environment")
        << QByteArray("environments:\n  - name: dev\n  - name: dev\n") << u"duplicate-name"_s
        << u"f.yaml:3:5"_s << QString();
    const QByteArray service = environments + "services:\n  - name: a\n    file: f\n    key: k\n"
                                              "    image: ghcr.io/x/a\n    tags:\n";
    QTest::newRow("tag rule that does not compile")
        << service + "      allow: '[v'\n"
        << u"invalid-field"_s << u"f.yaml:11:7"_s << QString();
    QTest::newRow("unknown strategy") << service + "      strategy: Newest\n"
                                      << u"invalid-field"_s << u"f.yaml:11:7"_s << QString();
    QTest::newRow("discovery limit") << service + "      discoveryLimit: many\n"
                                     << u"invalid-field"_s << u"f.yaml:11:23"_s << QString();
    QTest::newRow("tags typo") << service + "      constriant: ^1\n"
                               << u"unknown-field"_s << u"f.yaml:11:19"_s << QString();
    QTest::newRow("freeze without until")
        << QByteArray("environments:\n  - name: dev\n    freeze:\n"
                      "      - from: 2026-12-20T00:00:00Z\n")
        << u"invalid-value"_s << u"f.yaml:4:9"_s << QString();
    QTest::newRow("weekly freeze that does not read")
        << QByteArray("environments:\n  - name: dev\n    freeze:\n      - weekly: weekends\n")
        << u"invalid-value"_s << u"f.yaml:4:17"_s << QString();
    const QByteArray verification = "environments:\n  - name: dev\n    verification:\n";
    QTest::newRow("check without a URL") << verification + "      http:\n        - status: 200\n"
                                         << u"invalid-value"_s << u"f.yaml:5:11"_s << QString();
    QTest::newRow("check with a bad condition")
        << verification + "      http:\n        - url: http://a/h\n          json: status = ok\n"
        << u"invalid-value"_s << u"f.yaml:6:17"_s << QString();
    QTest::newRow("check with a bad status")
        << verification + "      http:\n        - url: http://a/h\n          status: fine\n"
        << u"invalid-value"_s << u"f.yaml:6:19"_s << QString();
    QTest::newRow("check with a bad duration")
        << verification + "      http:\n        - url: http://a/h\n          within: later\n"
        << u"invalid-value"_s << u"f.yaml:6:19"_s << QString();
    QTest::newRow("verification typo") << verification + "      sook: 1m\n"
                                       << u"unknown-field"_s << u"f.yaml:4:13"_s << QString();
    QTest::newRow("service names an unknown environment")
        << environments + "services:\n  - name: a\n    file: f\n    key: k\n"
                          "    environments: [dev, qa]\n"
        << u"unknown-stage"_s << u"f.yaml:9:19"_s << QString();
}

void TestFreightdeskConfig::brokenEntriesAreFindings() {
    QFETCH(QByteArray, text);
    QFETCH(QString, code);
    QFETCH(QString, location);
    QFETCH(QString, readOnlyStage);
    auto pipeline = FreightdeskConfig::read(text, u"f.yaml"_s, u"repo"_s);
    QVERIFY2(pipeline, qPrintable(pipeline ? QString() : pipeline.error().toString()));
    const auto found = std::find_if(pipeline->findings.begin(), pipeline->findings.end(),
                                    [&](const Finding& finding) { return finding.code == code; });
    QVERIFY2(found != pipeline->findings.end(), qPrintable(codes(*pipeline).join(u',')));
    QCOMPARE(found->location, location);
    QVERIFY(!found->message.isEmpty());
    if (!readOnlyStage.isEmpty()) {
        QVERIFY(pipeline->stage(readOnlyStage));
        QVERIFY(pipeline->stage(readOnlyStage)->readOnly);
        QVERIFY(!pipeline->stage(readOnlyStage)->readOnlyReason.isEmpty());
    }
}

void TestFreightdeskConfig::fatalErrors_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("location");

    QTest::newRow("not YAML") << QByteArray("environments: [dev\n") << u"not valid YAML"_s
                              << u"f.yaml:2:1"_s;
    QTest::newRow("a list") << QByteArray("- dev\n") << u"expected a map"_s << u"f.yaml"_s;
    QTest::newRow("no environments")
        << QByteArray("services: []\n") << u"no environments"_s << u"f.yaml:1:1"_s;
    QTest::newRow("cycle") << QByteArray("environments:\n  - name: a\n    upstream: [c]\n"
                                         "  - name: b\n    upstream: [a]\n  - name: c\n"
                                         "    upstream: [b]\nservices:\n  - name: s\n"
                                         "    file: f\n    key: k\n")
                           << u"b -> c -> a -> b"_s << u"f.yaml:2:3"_s;
    QTest::newRow("newer version") << QByteArray("version: 2\nenvironments: []\n")
                                   << u"version 2 is newer"_s << u"f.yaml:1:10"_s;
}

void TestFreightdeskConfig::fatalErrors() {
    QFETCH(QByteArray, text);
    QFETCH(QString, message);
    QFETCH(QString, location);
    auto pipeline = FreightdeskConfig::read(text, u"f.yaml"_s, u"repo"_s);
    QVERIFY(!pipeline);
    QVERIFY2(pipeline.error().message.contains(message), qPrintable(pipeline.error().toString()));
    QCOMPARE(pipeline.error().location, location);
}

QTEST_GUILESS_MAIN(TestFreightdeskConfig)
#include "tst_freightdeskconfig.moc"

#include "layoutinference.h"
#include "memoryfiles.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using fd::core::LayoutInference;
using fd::core::Pipeline;
using fd::core::PipelineTarget;
using fd::test::MemoryFiles;

namespace {

/** A fixture repository without its Kargo folder: what a repository without Kargo looks like. */
MemoryFiles withoutKargo(const QString& repository) {
    const MemoryFiles all =
        MemoryFiles::fromFolder(QStringLiteral(FREIGHTDESK_FIXTURES_DIR "/") + repository);
    MemoryFiles files;
    for (const QString& path : all.paths()) {
        if (!path.startsWith(u"kargo/"_s))
            files.insert(path, *all.read(path));
    }
    return files;
}

QString graph(const Pipeline& pipeline) {
    QStringList lines;
    for (const auto& stage : pipeline.stages)
        lines.append(stage.name + u" ["_s + stage.environment + u"] <- "_s +
                     stage.upstream.join(u','));
    return lines.join(u'\n');
}

} // namespace

class TestLayoutInference final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void helmValuesPerEnvironment();
    void kustomizeOverlays();
    void trialEnvironmentsSitBeforeProduction();
    void ranks_data();
    void ranks();
    void nothingToInfer();
};

void TestLayoutInference::helmValuesPerEnvironment() {
    const Pipeline pipeline =
        LayoutInference::infer(withoutKargo(u"microservice-helmcharts"_s), u"craftista"_s);
    QCOMPARE(pipeline.source, Pipeline::Source::Inferred);
    QStringList services;
    for (const auto& service : pipeline.services)
        services.append(service.name);
    QCOMPARE(services, (QStringList{u"catalogue"_s, u"catalogue-db"_s, u"frontend"_s,
                                    u"recommendation"_s, u"voting"_s}));
    QCOMPARE(pipeline.stages.size(), 15);
    const auto* prod = pipeline.stage(u"frontend-prod"_s);
    QVERIFY(prod);
    QCOMPARE(prod->environment, u"prod"_s);
    QCOMPARE(prod->upstream, QStringList{u"frontend-staging"_s});
    QCOMPARE(prod->targets.size(), 1);
    QCOMPARE(prod->targets.at(0).file, u"env/prod/frontend/frontend-values.yaml"_s);
    QCOMPARE(prod->targets.at(0).key, u"image.tag"_s);
    QCOMPARE(prod->targets.at(0).value, u"imageFrom(nitheesh86/microservice-frontend).Tag"_s);
    QCOMPARE(prod->targets.at(0).location, u"env/prod/frontend/frontend-values.yaml:3:8"_s);
    QVERIFY(pipeline.stage(u"frontend-dev"_s)->direct);
    QCOMPARE(pipeline.service(u"frontend"_s)->imageRepository,
             u"nitheesh86/microservice-frontend"_s);
    QCOMPARE(pipeline.findings.size(), 1);
    QCOMPARE(pipeline.findings.at(0).code, u"inferred-order"_s);
    QVERIFY2(pipeline.findings.at(0).message.contains(
                 u"dev, staging (after dev), prod (after staging)"_s),
             qPrintable(pipeline.findings.at(0).message));
}

void TestLayoutInference::kustomizeOverlays() {
    const Pipeline pipeline = LayoutInference::infer(withoutKargo(u"kargo-simple"_s), u"s"_s);
    QCOMPARE(graph(pipeline),
             u"guestbook-dev [dev] <- \nguestbook-staging [staging] <- guestbook-dev\n"
             u"guestbook-prod [prod] <- guestbook-staging"_s);
    const auto& target = pipeline.stage(u"guestbook-prod"_s)->targets.at(0);
    QCOMPARE(target.kind, PipelineTarget::Kind::KustomizeImage);
    QCOMPARE(target.file, u"env/prod/kustomization.yaml"_s);
    QCOMPARE(target.image, u"ghcr.io/akuity/guestbook"_s);
    QCOMPARE(pipeline.services.at(0).imageRepository, u"ghcr.io/akuity/guestbook"_s);
}

void TestLayoutInference::trialEnvironmentsSitBeforeProduction() {
    const Pipeline pipeline = LayoutInference::infer(withoutKargo(u"kargo-advanced"_s), u"a"_s);
    QCOMPARE(graph(pipeline),
             u"guestbook-dev [dev] <- \n"
             u"guestbook-staging [staging] <- guestbook-dev\n"
             u"guestbook-ab-test-a [ab-test-a] <- guestbook-staging\n"
             u"guestbook-ab-test-b [ab-test-b] <- guestbook-staging\n"
             u"guestbook-prod-central [prod-central] <- guestbook-ab-test-a,guestbook-ab-test-b\n"
             u"guestbook-prod-east [prod-east] <- guestbook-ab-test-a,guestbook-ab-test-b\n"
             u"guestbook-prod-west [prod-west] <- guestbook-ab-test-a,guestbook-ab-test-b"_s);
}

void TestLayoutInference::ranks_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("rank");
    QTest::newRow("dev") << u"dev"_s << 0;
    QTest::newRow("Development") << u"Development"_s << 0;
    QTest::newRow("qa") << u"qa"_s << 1;
    QTest::newRow("uat") << u"uat"_s << 2;
    QTest::newRow("pre-prod") << u"pre-prod"_s << 2;
    QTest::newRow("prod-west") << u"prod-west"_s << 3;
    QTest::newRow("production") << u"production"_s << 3;
    QTest::newRow("ab-test-a") << u"ab-test-a"_s << -1;
}

void TestLayoutInference::ranks() {
    QFETCH(QString, name);
    QFETCH(int, rank);
    QCOMPARE(LayoutInference::environmentRank(name), rank);
}

void TestLayoutInference::nothingToInfer() {
    MemoryFiles files;
    files.insert(u"README.md"_s, "hello");
    files.insert(u"env/values.yaml"_s, "a: 1\n");
    files.insert(u"env/dev/broken/broken-values.yaml"_s, "image: [\n");
    const Pipeline pipeline = LayoutInference::infer(files, u"p"_s);
    QVERIFY(pipeline.stages.isEmpty());
    QCOMPARE(pipeline.findings.size(), 2);
    QCOMPARE(pipeline.findings.at(0).code, u"invalid-yaml"_s);
    QVERIFY(pipeline.findings.at(0).location.startsWith(u"env/dev/broken/broken-values.yaml:"_s));
    QCOMPARE(pipeline.findings.at(1).code, u"nothing-inferred"_s);
}

QTEST_GUILESS_MAIN(TestLayoutInference)
#include "tst_layoutinference.moc"

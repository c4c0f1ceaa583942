#include "memoryfiles.h"
#include "pipelinediscovery.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using fd::core::Finding;
using fd::core::Pipeline;
using fd::core::PipelineDiscovery;
using fd::core::PipelineStage;
using fd::core::PipelineTarget;
using fd::test::MemoryFiles;

namespace {

MemoryFiles fixture(const QString& name) {
    return MemoryFiles::fromFolder(QStringLiteral(FREIGHTDESK_FIXTURES_DIR "/") + name);
}

/** One line per stage: everything the pipeline says about it. */
QString render(const PipelineStage& stage) {
    QStringList targets;
    for (const PipelineTarget& target : stage.targets) {
        const QString what = target.kind == PipelineTarget::Kind::KustomizeImage
                                 ? u"image "_s + target.image
                                 : target.key;
        targets.append(u"%1 %2 @%3 = %4"_s.arg(target.file, what, target.branch, target.value));
    }
    QStringList flags;
    if (stage.direct)
        flags.append(u"direct"_s);
    if (stage.policy.autoPromotion)
        flags.append(u"auto"_s);
    if (stage.readOnly)
        flags.append(u"read-only"_s);
    return u"%1 [%2/%3] <- %4 {%5} apps %6 targets %7"_s.arg(
        stage.name, stage.service, stage.environment, stage.upstream.join(u','), flags.join(u','),
        stage.argocdApps.join(u','), targets.join(u"; "_s));
}

QStringList render(const Pipeline& pipeline) {
    QStringList lines;
    for (const PipelineStage& stage : pipeline.stages)
        lines.append(render(stage));
    return lines;
}

QStringList codes(const Pipeline& pipeline, Finding::Severity severity) {
    QStringList result;
    for (const Finding& finding : pipeline.findings) {
        if (finding.severity == severity)
            result.append(finding.code);
    }
    return result;
}

Pipeline discover(const MemoryFiles& files) {
    auto pipeline = PipelineDiscovery::discover(files, {u"p"_s, {}, u"main"_s});
    if (!pipeline)
        qFatal("%s", qPrintable(pipeline.error().toString()));
    return *pipeline;
}

} // namespace

class TestPipelineDiscovery final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void microserviceHelmcharts();
    void kargoSimple();
    void kargoAdvanced();
    void analysisTemplatesBeyondHttpChecks_data();
    void analysisTemplatesBeyondHttpChecks();
    void approvalsBesideKargo();
    void inconsistenciesAreReported();
    void brokenKargoManifests();
    void chartsAndAppsBySelector();
};

void TestPipelineDiscovery::microserviceHelmcharts() {
    const Pipeline pipeline = discover(fixture(u"microservice-helmcharts"_s));
    QCOMPARE(pipeline.source, Pipeline::Source::Kargo);
    QCOMPARE(pipeline.project, u"craftista"_s);
    QStringList expected;
    QStringList services;
    for (const QString& service :
         {u"catalogue"_s, u"frontend"_s, u"recommendation"_s, u"voting"_s}) {
        const QString warehouse = service + u"-warehouse"_s;
        services.append(warehouse + u' ' + u"docker.io/nitheesh86/microservice-"_s + service);
        QString upstream;
        for (const QString& environment : {u"dev"_s, u"staging"_s, u"prod"_s}) {
            const QString stage = u"%1-%2-stage"_s.arg(service, environment);
            expected.append(
                u"%1 [%2/%3] <- %4 {%5} apps %6-%3 targets env/%3/%6/%6-values.yaml image.tag "
                u"@main = imageFrom(docker.io/nitheesh86/microservice-%6).Tag"_s.arg(
                    stage, warehouse, environment, upstream,
                    upstream.isEmpty() ? u"direct,auto"_s : u"auto"_s, service));
            upstream = stage;
        }
    }
    QCOMPARE(render(pipeline), expected);
    QStringList actualServices;
    for (const auto& service : pipeline.services)
        actualServices.append(service.name + u' ' + service.imageRepository);
    QCOMPARE(actualServices, services);
    QCOMPARE(pipeline.stage(u"voting-prod-stage"_s)->color, u"orange"_s);
    QVERIFY(pipeline.stage(u"voting-prod-stage"_s)
                ->policy.location.startsWith(u"kargo/projectconfig.yaml:"_s));

    QCOMPARE(codes(pipeline, Finding::Severity::Error), QStringList());
    // catalogue-db has apps (dev's authorized for a stage that does not exist) but no stages.
    QCOMPARE(codes(pipeline, Finding::Severity::Warning),
             QStringList{u"unknown-authorized-stage"_s});
    QCOMPARE(codes(pipeline, Finding::Severity::Note).count(u"unpromoted-file"_s), 3);
    QCOMPARE(codes(pipeline, Finding::Severity::Note).count(u"helm-template"_s), 5);
}

void TestPipelineDiscovery::kargoSimple() {
    const Pipeline pipeline = discover(fixture(u"kargo-simple"_s));
    const QString target = u"targets env/%1/kustomization.yaml image ghcr.io/akuity/guestbook "
                           u"@main = imageFrom(ghcr.io/akuity/guestbook).Tag"_s;
    QCOMPARE(
        render(pipeline),
        (QStringList{u"dev [guestbook/dev] <-  {direct} apps  "_s + target.arg(u"dev"_s),
                     u"staging [guestbook/staging] <- dev {} apps  "_s + target.arg(u"staging"_s),
                     u"prod [guestbook/prod] <- staging {} apps  "_s + target.arg(u"prod"_s)}));
    QCOMPARE(pipeline.stage(u"dev"_s)->promotion, fd::core::PromotionMethod::Push);
    QCOMPARE(pipeline.stage(u"prod"_s)->promotion, fd::core::PromotionMethod::PullRequest);
    QCOMPARE(pipeline.stage(u"staging"_s)->color, u"amber"_s);
    QVERIFY(pipeline.findings.isEmpty());
}

void TestPipelineDiscovery::kargoAdvanced() {
    const Pipeline pipeline = discover(fixture(u"kargo-advanced"_s));
    QStringList names;
    for (const auto& stage : pipeline.stages)
        names.append(stage.name);
    QCOMPARE(names, (QStringList{u"dev"_s, u"staging"_s, u"ab-test-a"_s, u"ab-test-b"_s, u"prod"_s,
                                 u"prod-west"_s, u"prod-central"_s, u"prod-east"_s}));
    const PipelineStage* prod = pipeline.stage(u"prod"_s);
    QCOMPARE(prod->upstream, (QStringList{u"ab-test-a"_s, u"ab-test-b"_s}));
    QCOMPARE(prod->availability, u"OneOf"_s);
    QCOMPARE(prod->promotion, fd::core::PromotionMethod::None);
    QVERIFY(prod->targets.isEmpty());
    QVERIFY(!prod->readOnly);
    const PipelineStage* west = pipeline.stage(u"prod-west"_s);
    QCOMPARE(west->environment, u"prod-west"_s);
    QCOMPARE(west->upstream, QStringList{u"prod"_s});
    QCOMPARE(west->argocdApps, QStringList{u"guestbook-prod-west"_s});
    QVERIFY(west->readOnly);
    QVERIFY2(west->readOnlyReason.contains(u"kustomize-build"_s), qPrintable(west->readOnlyReason));
    QCOMPARE(west->targets.at(0).file, u"env/prod-west/kustomization.yaml"_s);
    QCOMPARE(pipeline.services.at(0).subscriptions,
             (QStringList{u"image ghcr.io/akuity/guestbook (SemVer)"_s,
                          u"git https://github.com/akuity/kargo-advanced.git main"_s}));
    QCOMPARE(codes(pipeline, Finding::Severity::Error), QStringList(7, u"unsupported-step"_s));
    QCOMPARE(codes(pipeline, Finding::Severity::Warning), QStringList{u"deprecated-field"_s});
    for (const Finding& finding : pipeline.findings) {
        if (finding.code == u"unsupported-step")
            QVERIFY2(finding.location.startsWith(u"kargo/promotiontasks.yaml:45:"_s),
                     qPrintable(finding.toString()));
    }
    // The A/B stages verify with the pokemon-xp AnalysisTemplate: a web metric, run as five
    // measurements of the answer's base_experience, with the stage's own argument.
    const auto& verification = pipeline.stage(u"ab-test-b"_s)->policy.verification;
    QCOMPARE(verification.httpChecks.size(), 1);
    const fd::core::HttpCheckSpec& check = verification.httpChecks.at(0);
    QCOMPARE(check.url, u"https://pokeapi.co/api/v2/pokemon/charizard"_s);
    QCOMPARE(check.jsonCondition, u"$.base_experience < 200"_s);
    QCOMPARE(check.measurements, 5);
    QCOMPARE(check.failureLimit, 3);
    QCOMPARE(check.interval, std::chrono::seconds(5));
    QCOMPARE(check.location, u"kargo/analysis.yaml:12:5"_s);
    QVERIFY(!verification.manual);
    QCOMPARE(pipeline.stage(u"ab-test-a"_s)->policy.verification.httpChecks.at(0).url,
             u"https://pokeapi.co/api/v2/pokemon/pikachu"_s);
    QVERIFY(pipeline.stage(u"prod"_s)->policy.verification.isEmpty());
}

void TestPipelineDiscovery::analysisTemplatesBeyondHttpChecks_data() {
    QTest::addColumn<QByteArray>("metric");
    QTest::addColumn<QString>("why");
    QTest::newRow("prometheus") << QByteArray("    provider:\n      prometheus:\n"
                                              "        query: up\n")
                                << u"web metrics only, not prometheus"_s;
    QTest::newRow("expression") << QByteArray("    successCondition: len(result) > 2\n"
                                              "    provider:\n      web:\n"
                                              "        url: https://a.example/h\n")
                                << u"beyond a comparison"_s;
    QTest::newRow("headers") << QByteArray("    provider:\n      web:\n"
                                           "        url: https://a.example/h\n"
                                           "        headers:\n          - key: X\n"
                                           "            value: y\n")
                             << u"without the method or headers"_s;
    QTest::newRow("no value for an argument")
        << QByteArray("    provider:\n      web:\n        url: https://a.example/{{args.who}}\n")
        << u"argument 'who' has no value"_s;
}

// What Freightdesk cannot run becomes a person's verification, with a note saying why.
void TestPipelineDiscovery::analysisTemplatesBeyondHttpChecks() {
    QFETCH(QByteArray, metric);
    QFETCH(QString, why);
    MemoryFiles files = fixture(u"kargo-advanced"_s);
    files.insert(u"kargo/analysis.yaml"_s,
                 "apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata:\n"
                 "  name: pokemon-xp\n  namespace: kargo-advanced\nspec:\n  metrics:\n"
                 "  - name: m\n" +
                     metric);
    const Pipeline pipeline = discover(files);
    const auto& verification = pipeline.stage(u"ab-test-a"_s)->policy.verification;
    QVERIFY(verification.manual);
    QVERIFY(verification.httpChecks.isEmpty());
    const auto note = std::find_if(pipeline.findings.begin(), pipeline.findings.end(),
                                   [](const Finding& finding) {
                                       return finding.code == u"manual-verification" &&
                                              finding.message.startsWith(u"Stage ab-test-a:"_s);
                                   });
    QVERIFY(note != pipeline.findings.end());
    QVERIFY2(note->message.contains(why), qPrintable(note->message));
    QVERIFY2(note->location.startsWith(u"kargo/analysis.yaml:8:"_s), qPrintable(note->location));
}

void TestPipelineDiscovery::approvalsBesideKargo() {
    MemoryFiles files = fixture(u"microservice-helmcharts"_s);
    files.insert(u"freightdesk.yaml"_s, "environments:\n  - name: dev\n  - name: staging\n"
                                        "    upstream: [dev]\n  - name: prod\n"
                                        "    upstream: [staging]\n    requiredApprovals: 2\n"
                                        "    soakTime: 2h\n");
    const Pipeline pipeline = discover(files);
    QCOMPARE(pipeline.source, Pipeline::Source::Kargo);
    const PipelineStage* prod = pipeline.stage(u"frontend-prod-stage"_s);
    QCOMPARE(prod->policy.requiredApprovals, 2);
    QCOMPARE(prod->policy.soakTime, std::chrono::seconds(7200));
    QCOMPARE(pipeline.stage(u"frontend-staging-stage"_s)->policy.requiredApprovals, 0);
    // ProjectConfig auto-promotes every stage, prod included: a contradiction, once per prod.
    QCOMPARE(codes(pipeline, Finding::Severity::Error),
             QStringList(4, u"auto-promotion-with-approvals"_s));
    QVERIFY(codes(pipeline, Finding::Severity::Note).contains(u"kargo-and-freightdesk-yaml"_s));
}

void TestPipelineDiscovery::inconsistenciesAreReported() {
    MemoryFiles files = fixture(u"microservice-helmcharts"_s);
    // The values file deploys another image than the warehouse promotes.
    QByteArray values = *files.read(u"env/prod/voting/voting-values.yaml"_s);
    values.replace("nitheesh86/microservice-voting", "nitheesh86/microservice-votes");
    files.insert(u"env/prod/voting/voting-values.yaml"_s, values);
    // No app reads staging's recommendation values any more.
    QByteArray app = *files.read(u"argocd/application/staging/recommendation.yaml"_s);
    app.replace("recommendation-values.yaml", "other-values.yaml");
    files.insert(u"argocd/application/staging/recommendation.yaml"_s, app);
    const Pipeline pipeline = discover(files);
    const QStringList warnings = codes(pipeline, Finding::Severity::Warning);
    QVERIFY2(warnings.contains(u"image-mismatch"_s), qPrintable(warnings.join(u',')));
    QVERIFY2(warnings.contains(u"unread-target"_s), qPrintable(warnings.join(u',')));
    for (const Finding& finding : pipeline.findings) {
        if (finding.code == u"unread-target") {
            QVERIFY(finding.message.contains(u"recommendation-staging-stage"_s));
            QVERIFY(finding.location.startsWith(
                u"kargo/recommendation-config/recommendation-promotion-tasks.yaml:"_s));
        }
        if (finding.code == u"image-mismatch")
            QVERIFY(finding.message.contains(u"microservice-votes"_s));
    }
}

void TestPipelineDiscovery::brokenKargoManifests() {
    MemoryFiles files;
    files.insert(
        u"kargo/stages.yaml"_s,
        "apiVersion: kargo.akuity.io/v1alpha1\nkind: Stage\nmetadata:\n  name: a\n"
        "  namespace: p\nspec:\n  requestedFreight:\n  - origin: {kind: Warehouse, name: w}\n"
        "    sources: {stages: [b]}\n  promotionTemplate:\n    spec:\n      steps:\n"
        "      - uses: git-clone\n        config:\n          repoURL: https://example.com/r.git\n"
        "          checkout:\n          - branch: main\n            path: ./out\n"
        "      - uses: yaml-update\n        config:\n          path: ./out/x.yaml\n"
        "          updates:\n          - key: image.tag\n            value: ${{ vars.nope }}\n"
        "---\napiVersion: kargo.akuity.io/v1alpha1\nkind: Stage\nmetadata:\n  name: b\n"
        "  namespace: p\nspec:\n  requestedFreight:\n  - origin: {kind: Warehouse, name: w}\n"
        "    sources: {stages: [a]}\n");
    files.insert(u"kargo/broken.yaml"_s, "apiVersion: kargo.akuity.io/v1alpha1\nkind: Stage\n"
                                         "metadata: {name: [\n");
    const Pipeline pipeline = discover(files);
    QCOMPARE(pipeline.stages.size(), 2);
    const QStringList errors = codes(pipeline, Finding::Severity::Error);
    QVERIFY2(errors.contains(u"invalid-yaml"_s), qPrintable(errors.join(u',')));
    QVERIFY2(errors.contains(u"stage-cycle"_s), qPrintable(errors.join(u',')));
    QVERIFY2(errors.contains(u"unknown-warehouse"_s) ||
                 codes(pipeline, Finding::Severity::Warning).contains(u"unknown-warehouse"_s),
             qPrintable(errors.join(u',')));
    QVERIFY(pipeline.stage(u"a"_s)->readOnly);
    bool undefinedVar = false;
    for (const Finding& finding : pipeline.findings)
        undefinedVar = undefinedVar || finding.message.contains(u"nope"_s);
    QVERIFY(undefinedVar);
}

void TestPipelineDiscovery::chartsAndAppsBySelector() {
    MemoryFiles files;
    files.insert(u"charts/umbrella/Chart.yaml"_s,
                 "apiVersion: v2\nname: umbrella\ndependencies:\n- name: api\n"
                 "  version: 1.0.0\n  repository: https://charts.example.com\n");
    files.insert(
        u"kargo/all.yaml"_s,
        "apiVersion: kargo.akuity.io/v1alpha1\nkind: Warehouse\nmetadata:\n"
        "  name: api\n  namespace: shop\nspec:\n  subscriptions:\n  - chart:\n"
        "      repoURL: https://charts.example.com\n      name: api\n---\n"
        "apiVersion: kargo.akuity.io/v1alpha1\nkind: Stage\nmetadata:\n"
        "  name: test\n  namespace: shop\nspec:\n  requestedFreight:\n"
        "  - origin: {kind: Warehouse, name: api}\n    sources: {direct: true}\n"
        "  promotionTemplate:\n    spec:\n      steps:\n      - uses: git-clone\n"
        "        config:\n          repoURL: https://git.example.com/shop.git\n"
        "          checkout:\n          - branch: main\n            path: ./out\n"
        "      - uses: helm-update-chart\n        config:\n"
        "          path: ./out/charts/umbrella\n          charts:\n"
        "          - repository: https://charts.example.com\n            name: api\n"
        "            version: ${{ chartFrom('https://charts.example.com', 'api').Version }}\n"
        "      - uses: git-commit\n        config: {path: ./out, message: up}\n"
        "      - uses: git-push\n        config: {path: ./out}\n"
        "      - uses: argocd-update\n        config:\n          apps:\n"
        "          - selector:\n              matchLabels: {tier: test}\n");
    files.insert(u"argocd/apps.yaml"_s,
                 "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n"
                 "  name: api-test\n  namespace: argocd\n  labels: {tier: test}\nspec:\n"
                 "  source:\n    repoURL: https://git.example.com/shop.git\n"
                 "    path: charts/umbrella\n    targetRevision: main\n---\n"
                 "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n"
                 "  name: api-prod\n  namespace: argocd\n  labels: {tier: prod}\nspec:\n"
                 "  source:\n    repoURL: https://git.example.com/shop.git\n"
                 "    path: charts/prod\n    targetRevision: main\n");
    const Pipeline pipeline = discover(files);
    const PipelineStage* stage = pipeline.stage(u"test"_s);
    QVERIFY(stage);
    QVERIFY2(!stage->readOnly, qPrintable(stage->readOnlyReason));
    QCOMPARE(stage->argocdApps, QStringList{u"api-test"_s});
    QCOMPARE(stage->targets.size(), 1);
    QCOMPARE(stage->targets.at(0).kind, PipelineTarget::Kind::HelmChart);
    QCOMPARE(stage->targets.at(0).file, u"charts/umbrella/Chart.yaml"_s);
    QCOMPARE(stage->targets.at(0).key, u"api"_s);
    QCOMPARE(stage->targets.at(0).argocdApps, QStringList{u"api-test"_s});
    QCOMPARE(pipeline.services.at(0).subscriptions,
             QStringList{u"chart https://charts.example.com api"_s});
}

QTEST_GUILESS_MAIN(TestPipelineDiscovery)
#include "tst_pipelinediscovery.moc"

#include "kargomanifests.h"
#include "kargotesting.h"
#include "manifestscan.h"
#include "memoryfiles.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace std::chrono_literals;

using fd::core::Finding;
using fd::core::Findings;
using fd::core::KargoManifests;
using fd::core::KargoStage;
using fd::core::PromotionPolicy;
using fd::core::WarehouseSubscription;
using fd::test::readKargoFixture;
using fd::test::readKargoText;

namespace {

QStringList names(const QList<const KargoStage*>& stages) {
    QStringList result;
    for (const KargoStage* stage : stages)
        result.append(stage->name);
    return result;
}

/** "code@location" of each finding, to compare whole lists. */
QStringList codes(const Findings& findings) {
    QStringList result;
    for (const Finding& finding : findings)
        result.append(finding.code + u'@' + finding.location);
    return result;
}

QString dump(const Findings& findings) {
    QStringList lines;
    for (const Finding& finding : findings)
        lines.append(finding.toString());
    return lines.join(u'\n');
}

const QByteArray Header = "apiVersion: kargo.akuity.io/v1alpha1\n";

} // namespace

class TestKargoManifests final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void kargoSimple();
    void kargoAdvanced();
    void microserviceHelmcharts();
    void missingFields();
    void duplicateNames();
    void unknownKinds();
    void unknownReferences();
    void cycles();
    void sourcesAndDurations();
    void warehouseFields();
    void policyMatches_data();
    void policyMatches();
    void olderProjectPolicies();
};

void TestKargoManifests::kargoSimple() {
    const KargoManifests kargo = readKargoFixture(u"kargo-simple"_s);
    QVERIFY2(kargo.findings().isEmpty(), qPrintable(dump(kargo.findings())));
    QCOMPARE(kargo.projects().size(), 1);
    QCOMPARE(kargo.projects().at(0).name, u"kargo-simple"_s);
    QCOMPARE(kargo.projects().at(0).position.toString(), u"kargo/project.yaml:1:1"_s);

    QCOMPARE(kargo.warehouses().size(), 1);
    const auto* warehouse = kargo.warehouse(u"kargo-simple"_s, u"guestbook"_s);
    QVERIFY(warehouse);
    QCOMPARE(warehouse->subscriptions.size(), 1);
    const WarehouseSubscription& image = warehouse->subscriptions.at(0);
    QCOMPARE(image.kind, WarehouseSubscription::Kind::Image);
    QCOMPARE(image.repoURL, u"ghcr.io/akuity/guestbook"_s);
    QCOMPARE(image.selectionStrategy, u"SemVer"_s);
    QCOMPARE(image.position.toString(), u"kargo/warehouse.yaml:9:7"_s);
    QVERIFY(!warehouse->interval);

    QCOMPARE(names(kargo.stagesOf(u"kargo-simple"_s)),
             (QStringList{u"dev"_s, u"staging"_s, u"prod"_s}));
    const KargoStage* dev = kargo.stage(u"kargo-simple"_s, u"dev"_s);
    QVERIFY(dev);
    QCOMPARE(dev->color, u"red"_s);
    QCOMPARE(dev->requestedFreight.size(), 1);
    QCOMPARE(dev->requestedFreight.at(0).originKind, u"Warehouse"_s);
    QCOMPARE(dev->requestedFreight.at(0).originName, u"guestbook"_s);
    QVERIFY(dev->requestedFreight.at(0).direct);
    QVERIFY(dev->upstreamStages().isEmpty());
    QCOMPARE(dev->position.toString(), u"kargo/stages.yaml:1:1"_s);
    QCOMPARE(names(kargo.downstreamOf(*dev)), QStringList{u"staging"_s});

    const KargoStage* prod = kargo.stage(u"kargo-simple"_s, u"prod"_s);
    QVERIFY(prod);
    QCOMPARE(prod->color, u"violet"_s);
    QCOMPARE(prod->upstreamStages(), QStringList{u"staging"_s});
    QCOMPARE(prod->position.toString(), u"kargo/stages.yaml:44:1"_s);
    QVERIFY(prod->hasPromotionTemplate);
    QCOMPARE(prod->steps.size(), 1);
    const auto& step = prod->steps.at(0);
    QVERIFY(step.task);
    QCOMPARE(step.task->name, u"promote"_s);
    QCOMPARE(step.task->kind, u"PromotionTask"_s);
    QVERIFY(step.uses.isEmpty());
    QCOMPARE(step.alias(0), u"step-0"_s);
    QCOMPARE(step.position.toString(), u"kargo/stages.yaml:62:9"_s);
    QCOMPARE(step.vars.size(), 1);
    QCOMPARE(step.vars.at(0).name, u"openpr"_s);
    QCOMPARE(step.vars.at(0).value, std::optional<QString>(u"true"_s));
    QCOMPARE(step.vars.at(0).position.toString(), u"kargo/stages.yaml:65:11"_s);

    QCOMPARE(kargo.promotionTasks().size(), 1);
    const auto* task = kargo.promotionTask(u"kargo-simple"_s, *step.task);
    QVERIFY(task);
    QCOMPARE(task->kind(), u"PromotionTask"_s);
    QStringList vars;
    for (const auto& var : task->vars)
        vars.append(var.name + u'=' + var.value.value_or(u"<none>"_s));
    QCOMPARE(vars,
             (QStringList{u"repoURL=https://github.com/akuity/kargo-simple.git"_s, u"branch=main"_s,
                          u"image=ghcr.io/akuity/guestbook"_s, u"openpr=false"_s}));
    QStringList steps;
    for (const auto& taskStep : task->steps)
        steps.append(taskStep.uses + u'/' + taskStep.as + u'/' + taskStep.condition);
    QCOMPARE(steps,
             (QStringList{u"git-clone//"_s, u"kustomize-set-image/update-image/"_s,
                          u"git-commit/commit/"_s, u"git-push//${{ vars.openpr != 'true' }}"_s,
                          u"git-push/push/${{ vars.openpr == 'true' }}"_s,
                          u"git-open-pr/open-pr/${{ vars.openpr == 'true' }}"_s,
                          u"git-wait-for-pr/wait-for-pr/${{ vars.openpr == 'true' }}"_s}));
    QCOMPARE(task->steps.at(1).config["path"].scalar(), u"./src/env/${{ ctx.stage }}"_s);
    QCOMPARE(task->steps.at(1).position.toString(), u"kargo/promotiontask.yaml:27:5"_s);
    QVERIFY(!kargo.autoPromotionEnabled(*dev));
}

void TestKargoManifests::kargoAdvanced() {
    const KargoManifests kargo = readKargoFixture(u"kargo-advanced"_s);
    QCOMPARE(codes(kargo.findings()),
             QStringList{u"deprecated-field@kargo/warehouse.yaml:11:18"_s});
    QCOMPARE(kargo.findings().at(0).severity, Finding::Severity::Warning);
    QVERIFY(kargo.findings().at(0).message.contains(u"allowTagsRegexes"_s));

    const QString project = u"kargo-advanced"_s;
    QCOMPARE(names(kargo.stagesOf(project)),
             (QStringList{u"dev"_s, u"staging"_s, u"ab-test-a"_s, u"ab-test-b"_s, u"prod"_s,
                          u"prod-west"_s, u"prod-central"_s, u"prod-east"_s}));
    const KargoStage* staging = kargo.stage(project, u"staging"_s);
    QCOMPARE(names(kargo.downstreamOf(*staging)), (QStringList{u"ab-test-a"_s, u"ab-test-b"_s}));
    const KargoStage* prod = kargo.stage(project, u"prod"_s);
    QCOMPARE(prod->upstreamStages(), (QStringList{u"ab-test-a"_s, u"ab-test-b"_s}));
    QVERIFY(!prod->hasPromotionTemplate);
    QVERIFY(prod->steps.isEmpty());
    QCOMPARE(names(kargo.downstreamOf(*prod)),
             (QStringList{u"prod-west"_s, u"prod-central"_s, u"prod-east"_s}));
    const KargoStage* abTestA = kargo.stage(project, u"ab-test-a"_s);
    QCOMPARE(abTestA->analysisTemplates, QStringList{u"pokemon-xp"_s});
    QCOMPARE(abTestA->color, u"yellow"_s);

    const auto* warehouse = kargo.warehouse(project, u"guestbook"_s);
    QVERIFY(warehouse);
    QCOMPARE(warehouse->subscriptions.size(), 2);
    const auto& image = warehouse->subscriptions.at(0);
    QCOMPARE(image.kindName(), u"image"_s);
    QCOMPARE(image.allowTags, u"^v?[0-9]+\\.[0-9]+\\.[0-9]+([\\+-].*)?$"_s);
    const auto& git = warehouse->subscriptions.at(1);
    QCOMPARE(git.kind, WarehouseSubscription::Kind::Git);
    QCOMPARE(git.repoURL, u"https://github.com/akuity/kargo-advanced.git"_s);
    QCOMPARE(git.branch, u"main"_s);
    QCOMPARE(git.position.toString(), u"kargo/warehouse.yaml:13:7"_s);

    const auto& task = kargo.promotionTasks().at(0);
    QCOMPARE(task.steps.size(), 7);
    QCOMPARE(task.steps.at(3).uses, u"kustomize-build"_s);
    QCOMPARE(task.steps.at(3).position.toString(), u"kargo/promotiontasks.yaml:45:5"_s);
}

void TestKargoManifests::microserviceHelmcharts() {
    const KargoManifests kargo = readKargoFixture(u"microservice-helmcharts"_s);
    QVERIFY2(kargo.findings().isEmpty(), qPrintable(dump(kargo.findings())));
    const QString project = u"craftista"_s;
    QCOMPARE(kargo.warehouses().size(), 4);
    QCOMPARE(kargo.stages().size(), 12);
    QCOMPARE(kargo.promotionTasks().size(), 4);
    QStringList expected;
    for (const char* service : {"catalogue", "frontend", "recommendation", "voting"}) {
        for (const char* env : {"dev", "staging", "prod"})
            expected.append(QStringLiteral("%1-%2-stage")
                                .arg(QString::fromUtf8(service), QString::fromUtf8(env)));
    }
    QCOMPARE(names(kargo.stagesOf(project)), expected);

    const auto* warehouse = kargo.warehouse(project, u"catalogue-warehouse"_s);
    QVERIFY(warehouse);
    QCOMPARE(warehouse->freightCreationPolicy, u"Automatic"_s);
    QVERIFY(warehouse->interval);
    QCOMPARE(*warehouse->interval, std::chrono::nanoseconds(24h));
    QCOMPARE(warehouse->subscriptions.at(0).repoURL,
             u"docker.io/nitheesh86/microservice-catalogue"_s);
    QCOMPARE(warehouse->subscriptions.at(0).discoveryLimit, std::optional<int>(20));

    const auto* config = kargo.projectConfig(project);
    QVERIFY(config);
    QCOMPARE(config->promotionPolicies.size(), 1);
    const PromotionPolicy& policy = config->promotionPolicies.at(0);
    QVERIFY(policy.hasSelector);
    QVERIFY(policy.autoPromotionEnabled);
    QCOMPARE(policy.matchLabels.size(), 1);
    QCOMPARE(policy.matchLabels.at(0).first, u"autopromote"_s);
    QCOMPARE(policy.matchLabels.at(0).second, u"true"_s);
    for (const KargoStage* stage : kargo.stagesOf(project)) {
        QCOMPARE(stage->label(u"autopromote"_s), u"true"_s);
        QVERIFY2(kargo.autoPromotionEnabled(*stage), qPrintable(stage->name));
    }

    const KargoStage* frontendDev = kargo.stage(project, u"frontend-dev-stage"_s);
    QCOMPARE(frontendDev->warehouses(), QStringList{u"frontend-warehouse"_s});
    QCOMPARE(frontendDev->steps.at(0).task->name, u"promotion-frontend"_s);
    QCOMPARE(frontendDev->steps.at(0).vars.size(), 2);
    const auto* task = kargo.promotionTask(project, *frontendDev->steps.at(0).task);
    QVERIFY(task);
    QCOMPARE(task->vars.size(), 5);
    QVERIFY(!task->vars.at(3).hasValue()); // envPath: required input
    QCOMPARE(task->steps.at(1).uses, u"yaml-update"_s);
    QCOMPARE(task->steps.at(1).config["updates"].at(0)["key"].scalar(), u"image.tag"_s);
}

void TestKargoManifests::missingFields() {
    const KargoManifests kargo = readKargoText(
        Header + "kind: Stage\nmetadata:\n  namespace: p\nspec: {}\n---\n" + Header +
        "kind: Stage\nmetadata:\n  name: a\n  namespace: p\nspec:\n  requestedFreight:\n"
        "  - origin: {kind: Warehouse}\n    sources: {}\n  promotionTemplate:\n    spec:\n"
        "      steps:\n      - as: nothing\n      - uses: x\n        task: {name: t}\n---\n" +
        Header +
        "kind: Warehouse\nmetadata: {name: w, namespace: p}\nspec:\n  subscriptions:\n"
        "  - image: {imageSelectionStrategy: SemVer}\n---\n" +
        Header + "kind: Stage\nmetadata: {name: nospec}\n");
    QCOMPARE(kargo.stages().size(), 2);
    QStringList messages;
    for (const Finding& finding : kargo.findings())
        messages.append(finding.code + u' ' + finding.location + u' ' + finding.message);
    const QStringList expected{
        u"missing-field kargo.yaml:1:1 Stage: metadata.name is required"_s,
        u"missing-field kargo.yaml:14:13 Stage a: spec.requestedFreight[0].origin.name is required"_s,
        u"missing-field kargo.yaml:15:14 Stage a: spec.requestedFreight[0].sources.direct or stages is required"_s,
        u"missing-field kargo.yaml:19:9 Stage a: spec.promotionTemplate.spec.steps[0].uses is required"_s,
        u"invalid-field kargo.yaml:20:9 Stage a: spec.promotionTemplate.spec.steps[1]: a step has either uses or task, not both"_s,
        u"missing-field kargo.yaml:28:12 Warehouse w: spec.subscriptions[0].image.repoURL is required"_s,
        u"missing-field kargo.yaml:32:11 Stage nospec: metadata.namespace (the project) is not set"_s,
        u"missing-field kargo.yaml:30:1 Stage nospec: spec is required"_s,
        u"unknown-task kargo.yaml:20:9 Stage a uses PromotionTask t, which does not exist"_s,
    };
    QCOMPARE(messages, expected);
    QCOMPARE(kargo.findings().at(6).severity, Finding::Severity::Warning);
    QVERIFY(hasErrors(kargo.findings()));
}

void TestKargoManifests::duplicateNames() {
    const QByteArray stage = "kind: Stage\nspec:\n  requestedFreight:\n  - origin: {kind: "
                             "Warehouse, name: w}\n    sources: {direct: true}\n";
    const QByteArray warehouse =
        "kind: Warehouse\nspec:\n  subscriptions:\n  - image: {repoURL: example.com/app}\n";
    const KargoManifests kargo =
        readKargoText(Header + "metadata: {name: dev, namespace: p}\n" + stage + "---\n" + Header +
                      "metadata: {name: dev, namespace: p}\n" + stage + "---\n" + Header +
                      "metadata: {name: dev, namespace: q}\n" + stage + "---\n" + Header +
                      "metadata: {name: w, namespace: p}\n" + warehouse + "---\n" + Header +
                      "metadata: {name: w, namespace: q}\n" + warehouse);
    QCOMPARE(codes(kargo.findings()), QStringList{u"duplicate-name@kargo.yaml:9:1"_s});
    QVERIFY(kargo.findings().at(0).message.contains(u"Stage dev is defined twice"_s));
    QVERIFY(kargo.findings().at(0).message.contains(u"kargo.yaml:1:1"_s));
    QCOMPARE(kargo.stages().size(), 2);
    QCOMPARE(kargo.stage(u"p"_s, u"dev"_s)->position.line, 1);
    QCOMPARE(kargo.stage(u"q"_s, u"dev"_s)->project, u"q"_s);
}

void TestKargoManifests::unknownKinds() {
    const KargoManifests kargo =
        readKargoText(Header + "kind: Bogus\nmetadata: {name: b, namespace: p}\n---\n" + Header +
                      "kind: Freight\nmetadata: {name: f, namespace: p}\n---\n"
                      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
    QCOMPARE(codes(kargo.findings()),
             (QStringList{u"unknown-kind@kargo.yaml:1:1"_s, u"unknown-kind@kargo.yaml:5:1"_s}));
    for (const Finding& finding : kargo.findings())
        QCOMPARE(finding.severity, Finding::Severity::Note);
    QVERIFY(kargo.findings().at(0).message.contains(u"unknown Kargo kind Bogus"_s));
}

void TestKargoManifests::unknownReferences() {
    const KargoManifests kargo = readKargoText(
        Header +
        "kind: Stage\nmetadata: {name: staging, namespace: p}\nspec:\n"
        "  requestedFreight:\n  - origin: {kind: Warehouse, name: missing}\n"
        "    sources: {stages: [dev]}\n  promotionTemplate:\n    spec:\n      steps:\n"
        "      - task: {name: nowhere}\n      - task: {name: global, kind: "
        "ClusterPromotionTask}\n---\n" +
        Header +
        "kind: ClusterPromotionTask\nmetadata: {name: global}\nspec:\n  steps:\n"
        "  - uses: git-clone\n");
    QCOMPARE(codes(kargo.findings()),
             (QStringList{u"unknown-warehouse@kargo.yaml:6:5"_s, u"unknown-stage@kargo.yaml:6:5"_s,
                          u"unknown-task@kargo.yaml:11:9"_s}));
    QVERIFY(kargo.findings().at(1).message.contains(u"Stage dev"_s));
    QVERIFY(kargo.findings().at(2).message.contains(u"PromotionTask nowhere"_s));
}

void TestKargoManifests::cycles() {
    auto stage = [](const char* name, const char* upstream) {
        return Header + "kind: Stage\nmetadata: {name: " + name + ", namespace: p}\nspec:\n" +
               "  requestedFreight:\n  - origin: {kind: Warehouse, name: w}\n" +
               "    sources: {direct: true, stages: [" + upstream + "]}\n---\n";
    };
    const KargoManifests kargo = readKargoText(
        stage("a", "c") + stage("b", "a") + stage("c", "b") + stage("d", "a") + stage("e", "e") +
        Header +
        "kind: Warehouse\nmetadata: {name: w, namespace: p}\nspec:\n  subscriptions:\n"
        "  - git: {repoURL: 'https://example.com/r.git'}\n");
    QStringList cycles;
    for (const Finding& finding : kargo.findings()) {
        QCOMPARE(finding.code, u"stage-cycle"_s);
        cycles.append(finding.location + u' ' + finding.message);
    }
    QCOMPARE(cycles,
             (QStringList{u"kargo.yaml:1:1 Stages a, b, c take freight from each other in a "
                          u"cycle: a → b → c → a"_s,
                          u"kargo.yaml:33:1 Stage e takes freight from itself"_s}));
}

void TestKargoManifests::sourcesAndDurations() {
    const KargoManifests kargo = readKargoText(
        Header + "kind: Stage\nmetadata: {name: prod, namespace: p}\nspec:\n  vars:\n"
                 "  - {name: region, value: eu}\n  requestedFreight:\n"
                 "  - origin: {kind: Warehouse, name: w}\n"
                 "    sources:\n      stages: [qa, uat]\n      availabilityStrategy: All\n"
                 "      requiredSoakTime: 1h30m\n  - origin: {kind: Warehouse, name: w2}\n"
                 "    sources: {direct: true, requiredSoakTime: 5x, availabilityStrategy: Any}\n"
                 "  promotionTemplate:\n    spec:\n      steps:\n      - uses: http\n"
                 "        as: notify\n        continueOnError: true\n        retry: {timeout: "
                 "2m, errorThreshold: 3}\n");
    const KargoStage* prod = kargo.stage(u"p"_s, u"prod"_s);
    QVERIFY(prod);
    QCOMPARE(prod->vars.size(), 1);
    QCOMPARE(prod->vars.at(0).value, std::optional<QString>(u"eu"_s));
    const auto& first = prod->requestedFreight.at(0);
    QCOMPARE(first.stages, (QStringList{u"qa"_s, u"uat"_s}));
    QCOMPARE(first.availabilityStrategy, u"All"_s);
    QCOMPARE(first.requiredSoakTime, std::optional<std::chrono::nanoseconds>(90min));
    QVERIFY(!prod->requestedFreight.at(1).requiredSoakTime);
    const auto& step = prod->steps.at(0);
    QVERIFY(step.continueOnError);
    QCOMPARE(step.retryTimeout, std::optional<std::chrono::nanoseconds>(2min));
    QCOMPARE(step.retryErrorThreshold, std::optional<int>(3));
    QCOMPARE(step.alias(0), u"notify"_s);
    QStringList found;
    for (const Finding& finding : kargo.findings())
        found.append(finding.code + u' ' + finding.message.section(u": "_s, 1, 1));
    QVERIFY2(found.contains(u"invalid-field spec.requestedFreight[1].sources.requiredSoakTime"_s),
             qPrintable(found.join(u'\n')));
    QVERIFY(
        found.contains(u"invalid-field spec.requestedFreight[1].sources.availabilityStrategy"_s));
}

void TestKargoManifests::warehouseFields() {
    const KargoManifests kargo = readKargoText(
        Header + "kind: Warehouse\nmetadata: {name: w, namespace: p}\nspec:\n"
                 "  freightCreationPolicy: Manual\n  interval: 5m\n  subscriptions:\n"
                 "  - image:\n      repoURL: example.com/app\n      imageSelectionStrategy: "
                 "NewestBuild\n      constraint: ^1.0\n      allowTagsRegexes: ['^v1']\n"
                 "      ignoreTagsRegexes: [latest]\n      ignoreTags: [old]\n"
                 "      semverConstraint: ^0.9\n      strictSemvers: true\n      platform: "
                 "linux/arm64\n      discoveryLimit: 5\n"
                 "  - git:\n      repoURL: https://example.com/r.git\n      "
                 "commitSelectionStrategy: NewestFromBranch\n      branch: main\n"
                 "      includePaths: [apps]\n      excludePaths: ['glob:*.md']\n"
                 "  - chart:\n      repoURL: https://charts.example.com\n      name: app\n"
                 "      constraint: '>=1'\n");
    const auto* warehouse = kargo.warehouse(u"p"_s, u"w"_s);
    QVERIFY(warehouse);
    QCOMPARE(warehouse->freightCreationPolicy, u"Manual"_s);
    QCOMPARE(warehouse->interval, std::optional<std::chrono::nanoseconds>(5min));
    const auto& image = warehouse->subscriptions.at(0);
    QCOMPARE(image.selectionStrategy, u"NewestBuild"_s);
    QCOMPARE(image.constraint, u"^1.0"_s);
    QCOMPARE(image.allowTagsRegexes, QStringList{u"^v1"_s});
    QCOMPARE(image.ignoreTagsRegexes, QStringList{u"latest"_s});
    QCOMPARE(image.ignoreTags, QStringList{u"old"_s});
    QCOMPARE(image.semverConstraint, u"^0.9"_s);
    QVERIFY(image.strictSemvers);
    QCOMPARE(image.platform, u"linux/arm64"_s);
    QCOMPARE(image.discoveryLimit, std::optional<int>(5));
    const auto& git = warehouse->subscriptions.at(1);
    QCOMPARE(git.selectionStrategy, u"NewestFromBranch"_s);
    QCOMPARE(git.includePaths, QStringList{u"apps"_s});
    QCOMPARE(git.excludePaths, QStringList{u"glob:*.md"_s});
    const auto& chart = warehouse->subscriptions.at(2);
    QCOMPARE(chart.kind, WarehouseSubscription::Kind::Chart);
    QCOMPARE(chart.chartName, u"app"_s);
    QCOMPARE(chart.constraint, u">=1"_s);
    QCOMPARE(codes(kargo.findings()), (QStringList{u"deprecated-field@kargo.yaml:15:25"_s,
                                                   u"deprecated-field@kargo.yaml:14:19"_s}));
}

void TestKargoManifests::policyMatches_data() {
    QTest::addColumn<QByteArray>("policy");
    QTest::addColumn<QStringList>("matching");

    QTest::newRow("stage") << QByteArray("stage: prod") << QStringList{u"prod"_s};
    QTest::newRow("exact name") << QByteArray("stageSelector: {name: prod}")
                                << QStringList{u"prod"_s};
    QTest::newRow("regex") << QByteArray("stageSelector: {name: 'regex:^prod-'}")
                           << QStringList{u"prod-eu"_s, u"prod-us"_s};
    QTest::newRow("regex unanchored")
        << QByteArray("stageSelector: {name: 'regex:eu'}") << QStringList{u"prod-eu"_s};
    QTest::newRow("glob") << QByteArray("stageSelector: {name: 'glob:*-us'}")
                          << QStringList{u"prod-us"_s};
    QTest::newRow("labels") << QByteArray("stageSelector: {matchLabels: {tier: prod}}")
                            << QStringList{u"prod"_s, u"prod-eu"_s, u"prod-us"_s};
    QTest::newRow("name and labels")
        << QByteArray("stageSelector: {name: 'glob:prod-*', matchLabels: {tier: prod}}")
        << QStringList{u"prod-eu"_s, u"prod-us"_s};
    QTest::newRow("In") << QByteArray("stageSelector: {matchExpressions: [{key: region, "
                                      "operator: In, values: [eu, ap]}]}")
                        << QStringList{u"prod-eu"_s};
    QTest::newRow("NotIn") << QByteArray("stageSelector: {matchExpressions: [{key: region, "
                                         "operator: NotIn, values: [eu]}]}")
                           << QStringList{u"dev"_s, u"prod"_s, u"prod-us"_s};
    QTest::newRow("Exists") << QByteArray("stageSelector: {matchExpressions: [{key: region, "
                                          "operator: Exists}]}")
                            << QStringList{u"prod-eu"_s, u"prod-us"_s};
    QTest::newRow("DoesNotExist") << QByteArray("stageSelector: {matchExpressions: [{key: "
                                                "region, operator: DoesNotExist}]}")
                                  << QStringList{u"dev"_s, u"prod"_s};
}

void TestKargoManifests::policyMatches() {
    QFETCH(QByteArray, policy);
    QFETCH(QStringList, matching);
    auto stage = [](const char* name, const char* labels) {
        return Header + "kind: Stage\nmetadata: {name: " + name + ", namespace: p, labels: {" +
               labels + "}}\nspec:\n  requestedFreight:\n  - origin: {kind: Warehouse, name: w}\n" +
               "    sources: {direct: true}\n---\n";
    };
    const KargoManifests kargo =
        readKargoText(stage("dev", "tier: dev") + stage("prod", "tier: prod") +
                      stage("prod-eu", "tier: prod, region: eu") +
                      stage("prod-us", "tier: prod, region: us") + Header +
                      "kind: ProjectConfig\nmetadata: {name: p, namespace: p}\nspec:\n"
                      "  promotionPolicies:\n  - " +
                      policy + "\n    autoPromotionEnabled: true\n");
    QStringList matched;
    for (const KargoStage* stage : kargo.stagesOf(u"p"_s)) {
        if (kargo.autoPromotionEnabled(*stage))
            matched.append(stage->name);
    }
    QCOMPARE(matched, matching);
}

void TestKargoManifests::olderProjectPolicies() {
    const KargoManifests kargo = readKargoText(
        Header +
        "kind: Project\nmetadata: {name: p}\nspec:\n  promotionPolicies:\n"
        "  - stage: dev\n    autoPromotionEnabled: true\n---\n" +
        Header +
        "kind: Stage\nmetadata: {name: dev, namespace: p}\nspec:\n  requestedFreight:\n"
        "  - origin: {kind: Warehouse, name: w}\n    sources: {direct: true}\n");
    const KargoStage* dev = kargo.stage(u"p"_s, u"dev"_s);
    QVERIFY(kargo.autoPromotionEnabled(*dev));
    QCOMPARE(kargo.projects().at(0).promotionPolicies.at(0).stage, u"dev"_s);
    QStringList found = codes(kargo.findings());
    QVERIFY(found.contains(u"deprecated-field@kargo.yaml:6:3"_s));
    QVERIFY(found.contains(u"deprecated-field@kargo.yaml:6:12"_s));
    QVERIFY(found.contains(u"unknown-warehouse@kargo.yaml:14:5"_s));
}

QTEST_GUILESS_MAIN(TestKargoManifests)
#include "tst_kargomanifests.moc"

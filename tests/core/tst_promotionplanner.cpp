#include "kargomanifests.h"
#include "kargotesting.h"
#include "manifestscan.h"
#include "memoryfiles.h"
#include "promotionplanner.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;

using fd::core::Finding;
using fd::core::KargoManifests;
using fd::core::PlanTarget;
using fd::core::PromotionPlanner;
using fd::core::StagePlan;
using fd::test::readKargoFixture;
using fd::test::readKargoText;

namespace {

QString kindName(PlanTarget::Kind kind) {
    switch (kind) {
    case PlanTarget::Kind::YamlKey:
        return u"yaml"_s;
    case PlanTarget::Kind::KustomizeImage:
        return u"kustomize"_s;
    case PlanTarget::Kind::HelmChart:
        break;
    }
    return u"chart"_s;
}

/** A plan as lines that a test can compare whole. */
QStringList describe(const StagePlan& plan) {
    QStringList lines;
    QStringList actions;
    for (const auto& action : plan.actions)
        actions.append(action.uses);
    lines.append(u"actions: "_s + actions.join(u", "_s));
    for (const auto& target : plan.targets) {
        QString key = target.key;
        if (!target.field.isEmpty())
            key += u' ' + target.field;
        lines.append(QStringLiteral("%1 %2@%3 %4 %5 = %6")
                         .arg(kindName(target.kind), target.repoURL, target.branch, target.path,
                              key, target.value.toString()));
    }
    for (const auto& app : plan.argoCDApps) {
        QStringList sources;
        for (const auto& [repoURL, revision] : app.sources)
            sources.append(repoURL + u" -> "_s + revision.toString());
        lines.append(
            QStringLiteral("app %1/%2 %3").arg(app.namespaceName, app.name, sources.join(u", "_s)));
    }
    lines.append(u"delivery: "_s + plan.deliveryName() + u' ' + plan.deliveryBranch);
    if (plan.readOnly)
        lines.append(u"read-only: "_s + plan.readOnlyReason);
    for (const Finding& finding : plan.findings)
        lines.append(finding.code + u'@' + finding.location);
    return lines;
}

const QByteArray Header = "apiVersion: kargo.akuity.io/v1alpha1\n";

QByteArray stageWithSteps(const QByteArray& steps, const QByteArray& extra = {}) {
    return Header + "kind: Stage\nmetadata: {name: dev, namespace: p}\nspec:\n" + extra +
           "  requestedFreight:\n  - origin: {kind: Warehouse, name: w}\n"
           "    sources: {direct: true}\n  promotionTemplate:\n    spec:\n      steps:\n" +
           steps;
}

} // namespace

class TestPromotionPlanner final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void fixtures_data();
    void fixtures();
    void aliasesAndCheckouts();
    void undefinedVar();
    void conditionOnFreight();
    void pathOutsideClone();
    void missingTask();
    void varPrecedence();
    void requiredTaskVar();
    void chartsAndAppSelectors();
};

void TestPromotionPlanner::fixtures_data() {
    QTest::addColumn<QString>("repository");
    QTest::addColumn<QString>("stage");
    QTest::addColumn<QStringList>("expected");

    const QString simpleRepo = u"https://github.com/akuity/kargo-simple.git"_s;
    const QString guestbook = u"${{ imageFrom(ghcr.io/akuity/guestbook).Tag }}"_s;
    for (const QString& stage : {u"dev"_s, u"staging"_s}) {
        QTest::addRow("kargo-simple %s", qPrintable(stage))
            << u"kargo-simple"_s << stage
            << QStringList{u"actions: git-clone, kustomize-set-image, git-commit, git-push"_s,
                           QStringLiteral("kustomize %1@main env/%2/kustomization.yaml "
                                          "ghcr.io/akuity/guestbook tag = %3")
                               .arg(simpleRepo, stage, guestbook),
                           u"delivery: push main"_s};
    }
    QTest::addRow("kargo-simple prod")
        << u"kargo-simple"_s << u"prod"_s
        << QStringList{u"actions: git-clone, kustomize-set-image, git-commit, git-push, "
                       u"git-open-pr, git-wait-for-pr"_s,
                       QStringLiteral("kustomize %1@main env/prod/kustomization.yaml "
                                      "ghcr.io/akuity/guestbook tag = %2")
                           .arg(simpleRepo, guestbook),
                       u"delivery: pull-request main"_s};

    const QString readOnly =
        u"read-only: Stage %1, step kustomize-build: Freightdesk does not perform "
        u"kustomize-build steps; the Stage is read-only"_s;
    const QString advancedRepo = u"https://github.com/akuity/kargo-advanced.git"_s;
    for (const QString& stage : {u"dev"_s, u"staging"_s, u"ab-test-a"_s, u"ab-test-b"_s,
                                 u"prod-west"_s, u"prod-central"_s, u"prod-east"_s}) {
        QTest::addRow("kargo-advanced %s", qPrintable(stage))
            << u"kargo-advanced"_s << stage
            << QStringList{
                   u"actions: git-clone, git-clear, kustomize-set-image, git-commit, git-push, "
                   u"argocd-update"_s,
                   QStringLiteral("kustomize %1@ env/%2/kustomization.yaml "
                                  "ghcr.io/akuity/guestbook tag = %3")
                       .arg(advancedRepo, stage, guestbook),
                   QStringLiteral("app argocd/guestbook-%1 %2 -> "
                                  "${{ task.outputs['commit'].commit }}")
                       .arg(stage, advancedRepo),
                   QStringLiteral("delivery: push env/%1").arg(stage),
                   readOnly.arg(stage),
                   u"unsupported-step@kargo/promotiontasks.yaml:45:5"_s};
    }
    QTest::addRow("kargo-advanced prod")
        << u"kargo-advanced"_s << u"prod"_s
        << QStringList{u"actions: "_s, u"delivery: none "_s,
                       u"no-promotion-steps@kargo/stages.yaml:99:1"_s};

    const QString chartsRepo = u"https://github.com/nitheeshp-irl/microservice-helmcharts"_s;
    for (const QString& service :
         {u"catalogue"_s, u"frontend"_s, u"recommendation"_s, u"voting"_s}) {
        for (const QString& env : {u"dev"_s, u"staging"_s, u"prod"_s}) {
            const QString stage = QStringLiteral("%1-%2-stage").arg(service, env);
            QTest::addRow("microservice-helmcharts %s", qPrintable(stage))
                << u"microservice-helmcharts"_s << stage
                << QStringList{
                       u"actions: git-clone, yaml-update, git-commit, git-push, argocd-update"_s,
                       QStringLiteral("yaml %1@main env/%2/%3/%3-values.yaml image.tag = "
                                      "${{ imageFrom(docker.io/nitheesh86/microservice-%3).Tag }}")
                           .arg(chartsRepo, env, service),
                       QStringLiteral("app argocd/%1-%2 ").arg(service, env),
                       u"delivery: push main"_s};
        }
    }
}

void TestPromotionPlanner::fixtures() {
    QFETCH(QString, repository);
    QFETCH(QString, stage);
    QFETCH(QStringList, expected);
    const KargoManifests kargo = readKargoFixture(repository);
    QVERIFY(!kargo.stages().isEmpty());
    const auto* found = kargo.stages().constData();
    const fd::core::KargoStage* wanted = nullptr;
    for (qsizetype i = 0; i < kargo.stages().size(); ++i) {
        if (found[i].name == stage)
            wanted = &found[i];
    }
    QVERIFY(wanted);
    const StagePlan plan = PromotionPlanner(kargo).plan(*wanted);
    QCOMPARE(describe(plan), expected);
}

void TestPromotionPlanner::aliasesAndCheckouts() {
    const KargoManifests kargo = readKargoFixture(u"kargo-advanced"_s);
    const StagePlan plan = PromotionPlanner(kargo).plan(kargo.stages().at(0));
    QCOMPARE(plan.actions.at(0).alias, u"step-0::step-0"_s);
    QCOMPARE(plan.actions.at(2).alias, u"step-0::update-image"_s);
    const auto& checkouts = plan.actions.at(0).checkouts;
    QCOMPARE(checkouts.size(), 2);
    QCOMPARE(checkouts.at(0).folder, u"src"_s);
    QCOMPARE(checkouts.at(0).commit,
             u"${{ commitFrom(https://github.com/akuity/kargo-advanced.git).ID }}"_s);
    QCOMPARE(checkouts.at(1).folder, u"out"_s);
    QCOMPARE(checkouts.at(1).branch, u"env/dev"_s);
    QVERIFY(checkouts.at(1).create);
    QCOMPARE(plan.actions.at(1).branch, u"env/dev"_s); // git-clear of ./out
    QCOMPARE(plan.actions.at(2).position.toString(), u"kargo/promotiontasks.yaml:36:5"_s);
    QCOMPARE(PromotionPlanner(kargo).planAll().size(), 8);
}

void TestPromotionPlanner::undefinedVar() {
    const KargoManifests kargo = readKargoText(stageWithSteps(
        "      - uses: git-clone\n        config:\n          repoURL: https://example.com/r.git\n"
        "          checkout: [{branch: main, path: ./out}]\n"
        "      - uses: yaml-update\n        config:\n"
        "          path: ./out/${{ vars.envPath }}/values.yaml\n"
        "          updates: [{key: image.tag, value: '1.0'}]\n"));
    const StagePlan plan = PromotionPlanner(kargo).plan(kargo.stages().at(0));
    QVERIFY(plan.readOnly);
    QCOMPARE(plan.findings.size(), 1);
    QCOMPARE(plan.findings.at(0).code, u"undefined-var"_s);
    QCOMPARE(plan.findings.at(0).location, u"kargo.yaml:17:17"_s);
    QVERIFY2(plan.readOnlyReason.contains(u"envPath"_s), qPrintable(plan.readOnlyReason));
    QVERIFY(plan.readOnlyReason.contains(u"yaml-update"_s));
}

void TestPromotionPlanner::conditionOnFreight() {
    const KargoManifests kargo = readKargoText(stageWithSteps(
        "      - uses: git-clone\n        config:\n          repoURL: https://example.com/r.git\n"
        "          checkout: [{branch: main, path: ./out}]\n"
        "      - uses: git-push\n        if: ${{ imageFrom('example.com/app').Tag == '1.0' }}\n"
        "        config: {path: ./out}\n"
        "      - uses: git-push\n        if: ${{ ctx.stage == 'prod' }}\n"
        "        config: {path: ./out, generateTargetBranch: true}\n"));
    const StagePlan plan = PromotionPlanner(kargo).plan(kargo.stages().at(0));
    QCOMPARE(describe(plan),
             (QStringList{u"actions: git-clone"_s, u"delivery: none "_s,
                          u"read-only: Stage dev, step git-push: whether it runs depends on "_s +
                              plan.findings.value(0).message.section(u"depends on "_s, 1),
                          u"unsupported-condition@kargo.yaml:15:9"_s}));
    QVERIFY2(plan.readOnlyReason.contains(u"imageFrom(example.com/app).Tag"_s),
             qPrintable(plan.readOnlyReason));
}

void TestPromotionPlanner::pathOutsideClone() {
    const KargoManifests kargo = readKargoText(stageWithSteps(
        "      - uses: git-clone\n        config:\n          repoURL: https://example.com/r.git\n"
        "          checkout: [{branch: main, path: ./out}]\n"
        "      - uses: yaml-update\n        config:\n          path: ./out/../values.yaml\n"
        "          updates: [{key: a, value: b}]\n"
        "      - uses: yaml-update\n        config:\n          path: ./elsewhere/values.yaml\n"
        "          updates: [{key: a, value: b}]\n"
        "      - uses: yaml-update\n        config:\n          path: ./out/env/../ok.yaml\n"
        "          updates: [{key: a, value: 3}]\n"));
    const StagePlan plan = PromotionPlanner(kargo).plan(kargo.stages().at(0));
    QVERIFY(plan.readOnly);
    QCOMPARE(
        describe(plan).mid(1),
        (QStringList{u"yaml https://example.com/r.git@main ok.yaml a = 3"_s, u"delivery: none "_s,
                     u"read-only: Stage dev, step yaml-update: path ./out/../values.yaml is "
                     u"not inside a folder an earlier git-clone step checked out"_s,
                     u"path-outside-clone@kargo.yaml:17:17"_s,
                     u"path-outside-clone@kargo.yaml:21:17"_s}));
}

void TestPromotionPlanner::missingTask() {
    const KargoManifests kargo =
        readKargoText(stageWithSteps("      - task: {name: nowhere}\n      - uses: git-clone\n"
                                     "        config: {repoURL: 'https://e.com/r.git', checkout: "
                                     "[{branch: main, path: ./out}]}\n"));
    const StagePlan plan = PromotionPlanner(kargo).plan(kargo.stages().at(0));
    QCOMPARE(
        describe(plan),
        (QStringList{u"actions: git-clone"_s, u"delivery: none "_s,
                     u"read-only: Stage dev uses PromotionTask nowhere, which does not exist"_s,
                     u"unknown-task@kargo.yaml:11:9"_s}));
}

void TestPromotionPlanner::varPrecedence() {
    // Kargo: task default < Stage/template vars (which suppress the default) < task step vars
    // < the inner step's own vars; each var sees the ones before it.
    const KargoManifests kargo = readKargoText(
        stageWithSteps("      - task: {name: t}\n        vars:\n"
                       "        - {name: fromStep, value: step}\n",
                       "  vars:\n  - {name: fromStage, value: stage}\n"
                       "  - {name: fromStep, value: stage}\n") +
        "      vars:\n      - {name: fromTemplate, value: '${{ vars.fromStage }}-template'}\n"
        "      - {name: fromStage, value: template}\n---\n" +
        Header +
        "kind: PromotionTask\nmetadata: {name: t, namespace: p}\nspec:\n  vars:\n"
        "  - {name: fromStage, value: default}\n  - {name: fromTemplate, value: default}\n"
        "  - {name: fromTask, value: default}\n  - {name: fromStep}\n  steps:\n"
        "  - uses: git-clone\n    config: {repoURL: 'https://e.com/r.git', checkout: "
        "[{branch: main, path: ./out}]}\n"
        "  - uses: yaml-update\n    vars:\n    - {name: own, value: '${{ vars.fromStep }}!'}\n"
        "    config:\n      path: ./out/v.yaml\n      updates:\n"
        "      - {key: a, value: '${{ vars.fromStage }}/${{ vars.fromTemplate }}/"
        "${{ vars.fromTask }}/${{ vars.fromStep }}/${{ vars.own }}/${{ ctx.stage }}'}\n");
    const StagePlan plan = PromotionPlanner(kargo).plan(kargo.stages().at(0));
    QVERIFY2(!plan.readOnly, qPrintable(plan.readOnlyReason));
    QCOMPARE(plan.targets.size(), 1);
    QCOMPARE(plan.targets.at(0).value.toString(),
             u"template/stage-template/default/step/step!/dev"_s);
    QCOMPARE(plan.actions.at(1).alias, u"step-0::step-1"_s);
}

void TestPromotionPlanner::requiredTaskVar() {
    const KargoManifests kargo = readKargoText(
        stageWithSteps("      - task: {name: t}\n") + "---\n" + Header +
        "kind: PromotionTask\nmetadata: {name: t, namespace: p}\nspec:\n  vars:\n"
        "  - {name: envPath}\n  steps:\n  - uses: git-clone\n    config: {repoURL: x}\n");
    const StagePlan plan = PromotionPlanner(kargo).plan(kargo.stages().at(0));
    QVERIFY(plan.readOnly);
    QCOMPARE(plan.findings.at(0).code, u"undefined-var"_s);
    QVERIFY(plan.readOnlyReason.contains(u"envPath, which has no default"_s));
}

void TestPromotionPlanner::chartsAndAppSelectors() {
    const KargoManifests kargo = readKargoText(stageWithSteps(
        "      - uses: git-clone\n        config:\n          repoURL: https://example.com/r.git\n"
        "          checkout: [{branch: main, path: ./}]\n"
        "      - uses: helm-update-chart\n        config:\n          path: charts/app\n"
        "          charts:\n          - {repository: 'https://charts.example.com', name: redis}\n"
        "          - {repository: 'oci://r.example.com/c', name: db, version: 1.2.3}\n"
        "      - uses: kustomize-set-image\n        config: {path: env/dev}\n"
        "      - uses: git-push\n        config: {path: ., targetBranch: stage/dev}\n"
        "      - uses: argocd-update\n        config:\n          apps:\n"
        "          - selector: {matchLabels: {app: guestbook}}\n            namespace: gitops\n"));
    const StagePlan plan = PromotionPlanner(kargo).plan(kargo.stages().at(0));
    QCOMPARE(describe(plan),
             (QStringList{u"actions: git-clone, helm-update-chart, kustomize-set-image, "
                          u"git-push, argocd-update"_s,
                          u"chart https://example.com/r.git@stage/dev charts/app/Chart.yaml redis "
                          u"https://charts.example.com = ${{ chartFrom(https://charts.example.com, "
                          u"redis).Version }}"_s,
                          u"chart https://example.com/r.git@stage/dev charts/app/Chart.yaml db "
                          u"oci://r.example.com/c = 1.2.3"_s,
                          u"kustomize https://example.com/r.git@stage/dev "
                          u"env/dev/kustomization.yaml  tag = null"_s,
                          u"app gitops/ "_s, u"delivery: push stage/dev"_s}));
    QCOMPARE(plan.argoCDApps.at(0).selector.at(0).second, u"guestbook"_s);
}

QTEST_GUILESS_MAIN(TestPromotionPlanner)
#include "tst_promotionplanner.moc"

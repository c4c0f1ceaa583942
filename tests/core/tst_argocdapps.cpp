#include "argocdapps.h"
#include "manifestscan.h"
#include "memoryfiles.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;

using fd::core::ArgoCDApplication;
using fd::core::ArgoCDApps;
using fd::core::ArgoCDPathUse;
using fd::core::ArgoCDSource;
using fd::core::Finding;
using fd::core::ManifestScan;
using fd::test::MemoryFiles;

namespace {

MemoryFiles fixture(const QString& name) {
    return MemoryFiles::fromFolder(QStringLiteral(FREIGHTDESK_FIXTURES_DIR "/") + name);
}

ArgoCDApps readApps(const MemoryFiles& files, const QStringList& urls) {
    return ArgoCDApps::read(ManifestScan::read(files), files, urls);
}

QStringList names(const QList<ArgoCDApplication>& apps) {
    QStringList result;
    for (const ArgoCDApplication& app : apps)
        result.append(app.name);
    return result;
}

/** "severity code location" of each finding, for exact comparisons. */
QStringList summary(const ArgoCDApps& apps) {
    QStringList result;
    for (const Finding& finding : apps.findings())
        result.append(finding.severityName() + u' ' + finding.code + u' ' + finding.location);
    return result;
}

QString dump(const ArgoCDApps& apps) {
    QStringList lines;
    for (const Finding& finding : apps.findings())
        lines.append(finding.toString());
    return lines.join(u'\n');
}

const QByteArray appHeader = "apiVersion: argoproj.io/v1alpha1\nkind: Application\n";

} // namespace

class TestArgoCDApps final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void microserviceHelmcharts_data();
    void microserviceHelmcharts();
    void microserviceQueries();
    void kargoAdvancedApplicationSet();
    void kargoSimpleHasNoApps();
    void repositoryUrlSpellings_data();
    void repositoryUrlSpellings();
    void multiSourceRefValueFiles();
    void valueFileStyles();
    void malformedApplications();
    void authorizedStages();
    void sourceTypes();
};

void TestArgoCDApps::microserviceHelmcharts_data() {
    QTest::addColumn<QStringList>("urls");
    QTest::addColumn<QStringList>("findings");
    QTest::newRow("by URL")
        << QStringList{u"git@github.com:nitheeshp-irl/microservice-helmcharts.git"_s}
        << QStringList{};
    QTest::newRow("local folder") << QStringList{} << QStringList{u"note repository-by-paths "_s};
}

void TestArgoCDApps::microserviceHelmcharts() {
    QFETCH(QStringList, urls);
    QFETCH(QStringList, findings);
    const ArgoCDApps apps = readApps(fixture(u"microservice-helmcharts"_s), urls);
    QCOMPARE(summary(apps), findings);
    QCOMPARE(apps.applications().size(), 16);
    QCOMPARE(apps.projects().size(), 1);
    QCOMPARE(apps.projects().at(0).name, u"craftista"_s);
    QCOMPARE(apps.projects().at(0).sourceRepos, QStringList{u"*"_s});

    int ours = 0;
    for (const ArgoCDApplication& app : apps.applications()) {
        QCOMPARE(app.sources.size(), 1);
        const ArgoCDSource& source = app.sources.at(0);
        QCOMPARE(source.type, ArgoCDSource::Type::Helm);
        QCOMPARE(app.namespaceName, u"argocd"_s);
        QVERIFY(app.automatedSync);
        if (app.name == u"kargo") {
            // A chart from an OCI registry: never this repository.
            QVERIFY(!source.inThisRepository);
            QCOMPARE(source.chart, u"kargo"_s);
            QCOMPARE(source.targetRevision, u"1.5.0"_s);
            QCOMPARE(source.helmParameters.size(), 3);
            QCOMPARE(source.helmParameters.at(2),
                     (std::pair<QString, QString>{u"crds.install"_s, u"true"_s}));
            QVERIFY(app.revisionsOfThisRepository().isEmpty());
            continue;
        }
        ++ours;
        QVERIFY2(source.inThisRepository, qPrintable(app.name));
        QCOMPARE(app.project, u"craftista"_s);
        QCOMPARE(app.revisionsOfThisRepository(), QStringList{u"main"_s});
        const QString service = app.name.section(u'-', 0, -2);
        const QString env = app.name.section(u'-', -1);
        QCOMPARE(app.destinationNamespace, env);
        QCOMPARE(app.destinationServer, u"https://kubernetes.default.svc"_s);
        QCOMPARE(source.folder, u"service-charts/"_s + service);
        QCOMPARE(source.valueFiles.size(), 1);
        QCOMPARE(source.valueFiles.at(0).path, u"env/%1/%2/%2-values.yaml"_s.arg(env, service));
        QVERIFY(source.valueFiles.at(0).exists);
        QCOMPARE(source.valueFiles.at(0).revision, u"main"_s);
        const QStringList expectedStages =
            service == u"catalogue-db" && env != u"dev"
                ? QStringList{}
                : QStringList{u"craftista:%1-%2-stage"_s.arg(service, env)};
        QCOMPARE(app.authorizedStages, expectedStages);
    }
    QCOMPARE(ours, 15);
}

void TestArgoCDApps::microserviceQueries() {
    const ArgoCDApps apps =
        readApps(fixture(u"microservice-helmcharts"_s),
                 {u"https://github.com/nitheeshp-irl/microservice-helmcharts"_s});
    // The written forms: "/env/..." (dev frontend), "../../env/..." (dev recommendation) and a
    // quoted "/env/..." (prod frontend) all name files of env/.
    QCOMPARE(
        names(apps.applicationsReading(u"env/dev/recommendation/recommendation-values.yaml"_s)),
        QStringList{u"recommendation-dev"_s});
    QCOMPARE(names(apps.applicationsReading(u"/env/prod/frontend/frontend-values.yaml"_s)),
             QStringList{u"frontend-prod"_s});
    QCOMPARE(names(apps.applicationsReading(u"env/dev"_s)),
             (QStringList{u"catalogue-db-dev"_s, u"catalogue-dev"_s, u"frontend-dev"_s,
                          u"recommendation-dev"_s, u"voting-dev"_s}));
    QCOMPARE(names(apps.applicationsReading(u"./service-charts/frontend/"_s)),
             (QStringList{u"frontend-dev"_s, u"frontend-prod"_s, u"frontend-staging"_s}));
    QCOMPARE(apps.applicationsReading(u"service-charts"_s).size(), 15);
    QCOMPARE(apps.applicationsReading(u"env/dev"_s, u"release"_s).size(), 0);
    QCOMPARE(apps.applicationsReading(u"env/dev"_s, u"main"_s).size(), 5);
    QCOMPARE(apps.applicationsReading(u"../outside"_s).size(), 0);

    const QList<ArgoCDPathUse> uses = apps.readersOf(u"env/staging/voting"_s);
    QCOMPARE(uses.size(), 1);
    QCOMPARE(uses.at(0).via, ArgoCDPathUse::Via::ValueFile);
    QCOMPARE(uses.at(0).path, u"env/staging/voting/voting-values.yaml"_s);
    QCOMPARE(uses.at(0).revision, u"main"_s);
    QCOMPARE(apps.applications().at(uses.at(0).application).name, u"voting-staging"_s);

    QCOMPARE(names(apps.named(u"voting-prod"_s)), QStringList{u"voting-prod"_s});
    QCOMPARE(names(apps.named(u"argocd/voting-prod"_s)), QStringList{u"voting-prod"_s});
    QVERIFY(apps.named(u"other/voting-prod"_s).isEmpty());
    QCOMPARE(names(apps.authorizedFor(u"craftista:frontend-dev-stage"_s)),
             QStringList{u"frontend-dev"_s});
    QVERIFY(apps.authorizedFor(u"craftista:catalogue-db-prod-stage"_s).isEmpty());
    QVERIFY(apps.authorizedFor(u"other:frontend-dev-stage"_s).isEmpty());
    QVERIFY(apps.project(u"craftista"_s));
    QVERIFY(!apps.project(u"default"_s));
}

void TestArgoCDApps::kargoAdvancedApplicationSet() {
    const ArgoCDApps apps =
        readApps(fixture(u"kargo-advanced"_s), {u"https://github.com/akuity/kargo-advanced"_s});
    QVERIFY2(apps.findings().isEmpty(), qPrintable(dump(apps)));
    const QStringList envs{u"ab-test-a"_s, u"ab-test-b"_s, u"dev"_s,    u"prod-central"_s,
                           u"prod-east"_s, u"prod-west"_s, u"staging"_s};
    QCOMPARE(apps.applications().size(), envs.size());
    for (int i = 0; i < envs.size(); ++i) {
        const ArgoCDApplication& app = apps.applications().at(i);
        QCOMPARE(app.name, u"guestbook-"_s + envs.at(i));
        QCOMPARE(app.applicationSet, u"guestbook"_s);
        QCOMPARE(app.location, u"argocd/appset.yaml:1:1"_s);
        QCOMPARE(app.namespaceName, u"argocd"_s);
        QCOMPARE(app.project, u"guestbook"_s);
        QCOMPARE(app.destinationNamespace, u"guestbook-"_s + envs.at(i));
        QCOMPARE(app.authorizedStages, QStringList{u"kargo-advanced:"_s + envs.at(i)});
        QVERIFY(!app.automatedSync);
        QCOMPARE(app.sources.size(), 1);
        QVERIFY(app.sources.at(0).inThisRepository);
        QCOMPARE(app.sources.at(0).folder, QString());
        QCOMPARE(app.revisionsOfThisRepository(), QStringList{u"env/"_s + envs.at(i)});
    }
    QCOMPARE(names(apps.authorizedFor(u"kargo-advanced:prod-east"_s)),
             QStringList{u"guestbook-prod-east"_s});
    // Each app renders the root of its own branch.
    QCOMPARE(names(apps.applicationsReading(u"base"_s, u"env/staging"_s)),
             QStringList{u"guestbook-staging"_s});
}

void TestArgoCDApps::kargoSimpleHasNoApps() {
    const ArgoCDApps apps = readApps(fixture(u"kargo-simple"_s), {});
    QVERIFY(apps.applications().isEmpty());
    QVERIFY(apps.projects().isEmpty());
    QVERIFY2(apps.findings().isEmpty(), qPrintable(dump(apps)));
}

void TestArgoCDApps::repositoryUrlSpellings_data() {
    QTest::addColumn<QString>("written");
    QTest::addColumn<QString>("remote");
    QTest::addColumn<bool>("same");
    const QString https = u"https://github.com/Org/Repo"_s;
    QTest::newRow("same") << https << https << true;
    QTest::newRow(".git") << u"https://github.com/org/repo.git"_s << https << true;
    QTest::newRow("trailing slash") << u"https://github.com/org/repo/"_s << https << true;
    QTest::newRow("host case") << u"https://GitHub.com/org/repo"_s << https << true;
    QTest::newRow("scp-like") << u"git@github.com:org/repo.git"_s << https << true;
    QTest::newRow("ssh url") << u"ssh://git@github.com/org/repo"_s << https << true;
    QTest::newRow("user in url") << u"https://bot@github.com/org/repo"_s << https << true;
    QTest::newRow("other repo") << u"https://github.com/org/repo2"_s << https << false;
    QTest::newRow("other host") << u"https://gitlab.com/org/repo"_s << https << false;
    QTest::newRow("oci") << u"oci://ghcr.io/org/repo"_s << https << false;
}

void TestArgoCDApps::repositoryUrlSpellings() {
    QFETCH(QString, written);
    QFETCH(QString, remote);
    QFETCH(bool, same);
    MemoryFiles files;
    files.insert(u"app.yaml"_s, appHeader +
                                    "metadata: {name: a}\nspec:\n  project: p\n"
                                    "  source: {repoURL: '" +
                                    written.toUtf8() + "', path: deploy}\n");
    files.insert(u"deploy/cm.yaml"_s, "kind: ConfigMap\n");
    const ArgoCDApps apps = readApps(files, {remote});
    QCOMPARE(apps.applications().size(), 1);
    QCOMPARE(apps.applications().at(0).sources.at(0).inThisRepository, same);
}

void TestArgoCDApps::multiSourceRefValueFiles() {
    MemoryFiles files;
    files.insert(u"apps/app.yaml"_s,
                 appHeader + "metadata:\n  name: web\n  namespace: team\nspec:\n  project: p\n"
                             "  sources:\n"
                             "  - repoURL: https://charts.example.com\n    chart: web\n"
                             "    targetRevision: 1.2.3\n    helm:\n      valueFiles:\n"
                             "      - $values/env//prod/./values.yaml\n"
                             "      - $values/env/prod/missing.yaml\n"
                             "      - $nope/values.yaml\n"
                             "      - values-chart.yaml\n"
                             "  - repoURL: git@example.com:org/gitops.git\n"
                             "    targetRevision: release\n    ref: values\n");
    files.insert(u"env/prod/values.yaml"_s, "replicas: 2\n");
    const ArgoCDApps apps = readApps(files, {u"https://example.com/org/gitops"_s});
    QCOMPARE(summary(apps), (QStringList{u"warning missing-value-file apps/app.yaml:15:9"_s,
                                         u"error unknown-source-ref apps/app.yaml:16:9"_s}));
    const ArgoCDApplication app = apps.applications().at(0);
    QVERIFY(app.multiSource);
    QCOMPARE(app.qualifiedName(), u"team/web"_s);
    QCOMPARE(app.sources.size(), 2);
    QCOMPARE(app.sources.at(0).type, ArgoCDSource::Type::Helm);
    QVERIFY(!app.sources.at(0).inThisRepository);
    QVERIFY(app.sources.at(1).inThisRepository);
    const auto& valueFiles = app.sources.at(0).valueFiles;
    QCOMPARE(valueFiles.size(), 3);
    QCOMPARE(valueFiles.at(0).path, u"env/prod/values.yaml"_s);
    QCOMPARE(valueFiles.at(0).revision, u"release"_s);
    QVERIFY(valueFiles.at(0).exists);
    QCOMPARE(valueFiles.at(1).path, u"env/prod/missing.yaml"_s);
    QVERIFY(!valueFiles.at(1).exists);
    // Relative to the chart package from the Helm repository: not this repository.
    QVERIFY(!valueFiles.at(2).inThisRepository);
    QCOMPARE(app.revisionsOfThisRepository(), QStringList{u"release"_s});
    QCOMPARE(names(apps.applicationsReading(u"env/prod"_s)), QStringList{u"web"_s});
    // The ref-only source reads no folder of its own.
    QVERIFY(apps.applicationsReading(u"apps"_s).isEmpty());
}

void TestArgoCDApps::valueFileStyles() {
    MemoryFiles files;
    files.insert(u"charts/web/Chart.yaml"_s, "name: web\n");
    files.insert(u"env/dev/values.yaml"_s, "a: 1\n");
    files.insert(u"charts/web/values-dev.yaml"_s, "a: 1\n");
    files.insert(u"app.yaml"_s, appHeader +
                                    "metadata: {name: web}\nspec:\n  project: p\n  source:\n"
                                    "    repoURL: https://example.com/org/gitops\n"
                                    "    path: ./charts//web/\n    helm:\n"
                                    "      ignoreMissingValueFiles: true\n      valueFiles:\n"
                                    "      - /env/dev/values.yaml\n"
                                    "      - \"../../env/dev/values.yaml\"\n"
                                    "      - values-dev.yaml\n"
                                    "      - ./../web/values-dev.yaml\n"
                                    "      - ../../../escape.yaml\n"
                                    "      - /../escape.yaml\n"
                                    "      - missing.yaml\n"
                                    "      - https://example.com/values.yaml\n"
                                    "      values: |\n        a: 2\n");
    const ArgoCDApps apps = readApps(files, {u"https://example.com/org/gitops"_s});
    QCOMPARE(summary(apps), (QStringList{u"error value-file-outside-repository app.yaml:16:9"_s,
                                         u"error value-file-outside-repository app.yaml:17:9"_s,
                                         u"note missing-value-file app.yaml:18:9"_s}));
    const ArgoCDSource& source = apps.applications().at(0).sources.at(0);
    QCOMPARE(source.folder, u"charts/web"_s);
    QCOMPARE(source.type, ArgoCDSource::Type::Helm);
    QVERIFY(source.hasInlineValues);
    QStringList paths;
    for (const auto& file : source.valueFiles)
        paths.append(file.path);
    QCOMPARE(paths, (QStringList{u"env/dev/values.yaml"_s, u"env/dev/values.yaml"_s,
                                 u"charts/web/values-dev.yaml"_s, u"charts/web/values-dev.yaml"_s,
                                 u"charts/web/missing.yaml"_s, QString()}));
    QCOMPARE(source.valueFiles.at(1).written, u"../../env/dev/values.yaml"_s);
}

void TestArgoCDApps::malformedApplications() {
    MemoryFiles files;
    files.insert(u"a-nospec.yaml"_s, appHeader + "metadata: {name: nospec}\n");
    files.insert(u"b-noname.yaml"_s, appHeader + "metadata: {}\nspec: {project: p}\n");
    files.insert(u"c-sources.yaml"_s, appHeader +
                                          "metadata: {name: badsources}\nspec:\n  project: p\n"
                                          "  sources: {repoURL: x}\n");
    files.insert(u"d-nosource.yaml"_s,
                 appHeader + "metadata: {name: nosource}\nspec:\n  project: p\n");
    files.insert(u"e-both.yaml"_s,
                 appHeader + "metadata: {name: both}\nspec:\n  project: p\n"
                             "  source: {repoURL: https://e.com/o/r, path: a}\n"
                             "  sources:\n  - {repoURL: https://e.com/o/r, path: b}\n  - 42\n");
    files.insert(u"f-escape.yaml"_s,
                 appHeader + "metadata: {name: escape}\nspec:\n"
                             "  source: {repoURL: https://e.com/o/r, path: ../../etc}\n");
    files.insert(u"g-twotypes.yaml"_s,
                 appHeader + "metadata: {name: twotypes}\nspec:\n  project: p\n"
                             "  source: {repoURL: https://e.com/o/r, path: b, helm: {}, "
                             "kustomize: {}}\n");
    files.insert(u"h-nofolder.yaml"_s, appHeader +
                                           "metadata: {name: nofolder}\nspec:\n  project: p\n"
                                           "  source: {repoURL: https://e.com/o/r, path: gone, "
                                           "helm: {valueFiles: values.yaml}}\n");
    files.insert(u"b/cm.yaml"_s, "kind: ConfigMap\n");
    const ArgoCDApps apps = readApps(files, {u"https://e.com/o/r"_s});
    QCOMPARE(summary(apps), (QStringList{
                                u"error missing-spec a-nospec.yaml:1:1"_s,
                                u"error missing-name b-noname.yaml:1:1"_s,
                                u"error malformed-sources c-sources.yaml:6:12"_s,
                                u"error missing-source d-nosource.yaml:5:3"_s,
                                u"warning source-ignored e-both.yaml:6:11"_s,
                                u"error malformed-sources e-both.yaml:9:5"_s,
                                u"warning missing-project f-escape.yaml:5:3"_s,
                                u"error path-outside-repository f-escape.yaml:5:46"_s,
                                u"error multiple-source-types g-twotypes.yaml:6:11"_s,
                                u"warning missing-source-path h-nofolder.yaml:6:46"_s,
                                u"error malformed-value-files h-nofolder.yaml:6:71"_s,
                            }));
    QCOMPARE(names(apps.applications()), (QStringList{u"badsources"_s, u"nosource"_s, u"both"_s,
                                                      u"escape"_s, u"twotypes"_s, u"nofolder"_s}));
    const ArgoCDApplication both = apps.named(u"both"_s).at(0);
    QCOMPARE(both.sources.size(), 1);
    QCOMPARE(both.sources.at(0).folder, u"b"_s);
    QCOMPARE(both.sources.at(0).type, ArgoCDSource::Type::Directory);
    QVERIFY(!apps.named(u"escape"_s).at(0).sources.at(0).inThisRepository);
}

void TestArgoCDApps::authorizedStages() {
    MemoryFiles files;
    files.insert(u"app.yaml"_s,
                 appHeader +
                     "metadata:\n  name: web\n  labels: {team: blue}\n  annotations:\n"
                     "    kargo.akuity.io/authorized-stage: 'shop:*'\n"
                     "spec:\n  project: p\n  source: {repoURL: https://e.com/o/r}\n"
                     "---\n" +
                     appHeader +
                     "metadata:\n  name: two\n  annotations:\n"
                     "    kargo.akuity.io/authorized-stage: 'shop:dev, shop:qa ,broken'\n"
                     "spec:\n  project: p\n  source: {repoURL: https://e.com/o/r}\n");
    const ArgoCDApps apps = readApps(files, {u"https://e.com/o/r"_s});
    QCOMPARE(summary(apps), (QStringList{u"warning authorized-stage-glob app.yaml:7:39"_s,
                                         u"warning malformed-authorized-stage app.yaml:17:39"_s}));
    QCOMPARE(apps.applications().at(0).label(u"team"_s), u"blue"_s);
    QCOMPARE(apps.applications().at(1).authorizedStages,
             (QStringList{u"shop:dev"_s, u"shop:qa"_s}));
    QCOMPARE(names(apps.authorizedFor(u"shop:dev"_s)), (QStringList{u"web"_s, u"two"_s}));
    QCOMPARE(names(apps.authorizedFor(u"shop:prod"_s)), QStringList{u"web"_s});
    QVERIFY(apps.authorizedFor(u"other:dev"_s).isEmpty());
    QVERIFY(apps.authorizedFor(u"shop"_s).isEmpty());
}

void TestArgoCDApps::sourceTypes() {
    MemoryFiles files;
    files.insert(u"overlays/dev/kustomization.yaml"_s, "resources: [../../base]\n");
    files.insert(u"plain/cm.yaml"_s, "kind: ConfigMap\n");
    files.insert(u"both/Chart.yaml"_s, "name: x\n");
    files.insert(u"both/kustomization.yml"_s, "resources: []\n");
    QByteArray apps;
    for (const char* path : {"overlays/dev", "plain", "both"})
        apps += "---\n" + appHeader + "metadata: {name: '" + QByteArray(path).replace('/', '-') +
                "'}\nspec:\n  project: p\n  source:\n    repoURL: https://e.com/o/r\n    path: " +
                path + "\n    targetRevision: env/x\n";
    apps += "---\n" + appHeader +
            "metadata: {name: images}\nspec:\n  project: p\n  source:\n"
            "    repoURL: https://e.com/o/r\n    path: plain\n"
            "    kustomize: {images: ['web=ghcr.io/o/web:1.2']}\n";
    files.insert(u"apps.yaml"_s, apps);
    const ArgoCDApps read = readApps(files, {u"https://e.com/o/r"_s});
    QVERIFY2(read.findings().isEmpty(), qPrintable(dump(read)));
    QCOMPARE(read.named(u"overlays-dev"_s).at(0).sources.at(0).type, ArgoCDSource::Type::Kustomize);
    QCOMPARE(read.named(u"plain"_s).at(0).sources.at(0).type, ArgoCDSource::Type::Directory);
    QCOMPARE(read.named(u"both"_s).at(0).sources.at(0).type, ArgoCDSource::Type::Kustomize);
    const ArgoCDSource images = read.named(u"images"_s).at(0).sources.at(0);
    QCOMPARE(images.type, ArgoCDSource::Type::Kustomize);
    QCOMPARE(images.kustomizeImages, QStringList{u"web=ghcr.io/o/web:1.2"_s});
    QCOMPARE(names(read.applicationsReading(u"overlays/dev/kustomization.yaml"_s)),
             QStringList{u"overlays-dev"_s});
    QCOMPARE(names(read.applicationsReading(u"overlays"_s, u"env/x"_s)),
             QStringList{u"overlays-dev"_s});
}

QTEST_GUILESS_MAIN(TestArgoCDApps)
#include "tst_argocdapps.moc"

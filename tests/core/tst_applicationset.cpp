#include "applicationsettemplate.h"
#include "argocdapps.h"
#include "manifestscan.h"
#include "memoryfiles.h"
#include "repositorypath.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;

using fd::core::ApplicationSetTemplate;
using fd::core::ArgoCDApplication;
using fd::core::ArgoCDApps;
using fd::core::Finding;
using fd::core::ManifestScan;
using fd::core::RepositoryPath;
using fd::core::TemplateParameters;
using fd::test::MemoryFiles;

namespace {

const QString repo = u"https://example.com/org/gitops"_s;

ArgoCDApps readApps(const MemoryFiles& files) {
    return ArgoCDApps::read(ManifestScan::read(files), files, {repo});
}

QStringList summary(const ArgoCDApps& apps) {
    QStringList result;
    for (const Finding& finding : apps.findings())
        result.append(finding.severityName() + u' ' + finding.code + u' ' + finding.location);
    return result;
}

/** "name revision namespace" per app. */
QStringList rows(const ArgoCDApps& apps) {
    QStringList result;
    for (const ArgoCDApplication& app : apps.applications())
        result.append(app.name + u' ' + app.sources.value(0).targetRevision + u' ' +
                      app.destinationNamespace);
    return result;
}

MemoryFiles folders() {
    MemoryFiles files;
    for (const char* path :
         {"env/dev/kustomization.yaml", "env/prod_EU/kustomization.yaml",
          "env/prod-us/kustomization.yaml", "env/old/kustomization.yaml",
          "env/.hidden/kustomization.yaml", "env/dev/patch/p.yaml", "base/kustomization.yaml"})
        files.insert(QString::fromUtf8(path), "resources: []\n");
    return files;
}

QByteArray appSet(const QByteArray& specHead, const QByteArray& generators,
                  const QByteArray& templateMetadata, const QByteArray& templateSpec) {
    return "apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata:\n  name: set\n"
           "  namespace: ops\nspec:\n" +
           specHead + "  generators:\n" + generators + "  template:\n    metadata:\n" +
           templateMetadata + "    spec:\n      project: p\n" + templateSpec;
}

} // namespace

class TestApplicationSet final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void resolvePaths_data();
    void resolvePaths();
    void globs_data();
    void globs();
    void fastTemplate();
    void goTemplate();
    void sanitizeName();
    void gitDirectoriesWithExclude();
    void gitDirectoriesGoTemplate();
    void listGenerator();
    void unsupportedGenerators();
    void unknownParameter();
    void missingKeyErrorGeneratesNothing();
    void foreignGeneratorRepository();
};

void TestApplicationSet::resolvePaths_data() {
    QTest::addColumn<QString>("folder");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("expected"); // "!" for an error
    QTest::newRow("root") << u"charts/web"_s << u"/env/dev/v.yaml"_s << u"env/dev/v.yaml"_s;
    QTest::newRow("relative") << u"charts/web"_s << u"v.yaml"_s << u"charts/web/v.yaml"_s;
    QTest::newRow("up") << u"charts/web"_s << u"../../env/v.yaml"_s << u"env/v.yaml"_s;
    QTest::newRow("dots and slashes") << QString() << u".//a/./b//c/"_s << u"a/b/c"_s;
    QTest::newRow("dot is root") << QString() << u"./"_s << QString();
    QTest::newRow("escape") << u"charts/web"_s << u"../../../v.yaml"_s << u"!"_s;
    QTest::newRow("escape from root") << u"a"_s << u"/../a/v.yaml"_s << u"!"_s;
    QTest::newRow("escape and back") << QString() << u"../a"_s << u"!"_s;
}

void TestApplicationSet::resolvePaths() {
    QFETCH(QString, folder);
    QFETCH(QString, path);
    QFETCH(QString, expected);
    const auto resolved = RepositoryPath::resolve(folder, path);
    if (expected == u"!") {
        QVERIFY(!resolved);
        QCOMPARE(resolved.error().kind, fd::core::Error::Kind::InvalidInput);
    } else {
        QVERIFY(resolved);
        QCOMPARE(*resolved, expected);
    }
}

void TestApplicationSet::globs_data() {
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("matches");
    QTest::newRow("star") << u"env/*"_s << u"env/dev"_s << true;
    QTest::newRow("star stops at /") << u"env/*"_s << u"env/dev/patch"_s << false;
    QTest::newRow("star not parent") << u"env/*"_s << u"env"_s << false;
    QTest::newRow("two levels") << u"*/*"_s << u"env/dev"_s << true;
    QTest::newRow("question") << u"env/de?"_s << u"env/dev"_s << true;
    QTest::newRow("class") << u"env/prod-[a-z][a-z]"_s << u"env/prod-us"_s << true;
    QTest::newRow("negated class") << u"env/[^d]*"_s << u"env/dev"_s << false;
    QTest::newRow("escape") << u"a\\*"_s << u"a*"_s << true;
    QTest::newRow("literal") << u"base"_s << u"base"_s << true;
    QTest::newRow("stage glob") << u"*"_s << u"prod-east"_s << true;
}

void TestApplicationSet::globs() {
    QFETCH(QString, pattern);
    QFETCH(QString, text);
    QFETCH(bool, matches);
    QCOMPARE(RepositoryPath::matchesGlob(pattern, text), matches);
}

void TestApplicationSet::fastTemplate() {
    TemplateParameters parameters;
    parameters.values = {
        {u"path"_s, u"env/dev"_s}, {u"path.basename"_s, u"dev"_s}, {u"path[0]"_s, u"env"_s}};
    auto rendered =
        ApplicationSetTemplate::render(u"app-{{path.basename}}-{{ path[0] }}"_s, parameters, false);
    QCOMPARE(rendered.text, u"app-dev-env"_s);
    QVERIFY(rendered.unknown.isEmpty());
    rendered = ApplicationSetTemplate::render(u"{{path.nope}}/{{ }}"_s, parameters, false);
    QCOMPARE(rendered.text, u"{{path.nope}}/{{ }}"_s);
    QCOMPARE(rendered.unknown, QStringList{u"path.nope"_s});
    rendered = ApplicationSetTemplate::render(u"a-{{path"_s, parameters, false);
    QVERIFY(!rendered.unsupported.isEmpty());
}

void TestApplicationSet::goTemplate() {
    TemplateParameters parameters;
    parameters.values = {{u"path.path"_s, u"env/dev"_s}, {u"path.basename"_s, u"dev"_s}};
    parameters.lists = {{u"path.segments"_s, {u"env"_s, u"dev"_s}}};
    auto rendered = ApplicationSetTemplate::render(
        u"{{.path.basename}}:{{ .path.path }}:{{index .path.segments 0}}:{{- .path.basename -}} x"_s,
        parameters, true);
    QCOMPARE(rendered.text, u"dev:env/dev:env:devx"_s);
    rendered = ApplicationSetTemplate::render(u"{{ .path.nope }}"_s, parameters, true);
    QCOMPARE(rendered.text, u"<no value>"_s);
    QCOMPARE(rendered.unknown, QStringList{u"path.nope"_s});
    rendered = ApplicationSetTemplate::render(u"{{ .path.basename | upper }}"_s, parameters, true);
    QCOMPARE(rendered.unsupported, u"{{ .path.basename | upper }}"_s);
    rendered = ApplicationSetTemplate::render(u"{{ index .path.segments 5 }}"_s, parameters, true);
    QVERIFY(rendered.unsupported.contains(u"out of range"));
}

void TestApplicationSet::sanitizeName() {
    QCOMPARE(ApplicationSetTemplate::sanitizeName(u"Prod_EU"_s), u"prod-eu"_s);
    QCOMPARE(ApplicationSetTemplate::sanitizeName(u"-.a b.-"_s), u"a-b"_s);
    QCOMPARE(ApplicationSetTemplate::sanitizeName(QString(300, u'a')).size(), 253);
}

void TestApplicationSet::gitDirectoriesWithExclude() {
    MemoryFiles files = folders();
    files.insert(u"argocd/set.yaml"_s,
                 appSet("",
                        "  - git:\n      repoURL: git@example.com:org/gitops.git\n"
                        "      revision: HEAD\n      directories:\n"
                        "      - path: env/old\n        exclude: true\n"
                        "      - path: env/*\n",
                        "      name: 'web-{{path.basenameNormalized}}'\n"
                        "      labels: {env: '{{path[1]}}'}\n"
                        "      annotations:\n"
                        "        kargo.akuity.io/authorized-stage: 'shop:{{path.basename}}'\n",
                        "      destination: {namespace: '{{path.basename}}'}\n"
                        "      source:\n        repoURL: https://example.com/org/gitops\n"
                        "        path: '{{path}}'\n        targetRevision: main\n"));
    const ArgoCDApps apps = readApps(files);
    QVERIFY2(apps.findings().isEmpty(), qPrintable(summary(apps).join(u'\n')));
    // Sorted as a walk visits folders; .hidden skipped; the exclude wins although listed first.
    QCOMPARE(rows(apps), (QStringList{u"web-dev main dev"_s, u"web-prod-us main prod-us"_s,
                                      u"web-prod-eu main prod_EU"_s}));
    const ArgoCDApplication app = apps.applications().at(1);
    QCOMPARE(app.namespaceName, u"ops"_s);
    QCOMPARE(app.label(u"env"_s), u"prod-us"_s);
    QCOMPARE(app.authorizedStages, QStringList{u"shop:prod-us"_s});
    QCOMPARE(app.sources.at(0).folder, u"env/prod-us"_s);
    QCOMPARE(app.sources.at(0).type, fd::core::ArgoCDSource::Type::Kustomize);
    QCOMPARE(apps.applicationsReading(u"env/dev/patch/p.yaml"_s).at(0).name, u"web-dev"_s);
}

void TestApplicationSet::gitDirectoriesGoTemplate() {
    MemoryFiles files = folders();
    files.insert(u"set.yaml"_s,
                 appSet("  goTemplate: true\n",
                        "  - git:\n      repoURL: https://example.com/org/gitops\n"
                        "      pathParamPrefix: dir\n"
                        "      values: {branch: 'env/{{ .dir.path.basename }}'}\n"
                        "      directories:\n      - path: 'env/d*'\n",
                        "      name: '{{.dir.path.basename}}-{{ index .dir.path.segments 0 }}'\n",
                        "      destination: {namespace: '{{ .dir.path.path }}'}\n"
                        "      source:\n        repoURL: https://example.com/org/gitops\n"
                        "        path: '{{ .dir.path.path }}'\n"
                        "        targetRevision: '{{ .values.branch }}'\n"));
    const ArgoCDApps apps = readApps(files);
    QVERIFY2(apps.findings().isEmpty(), qPrintable(summary(apps).join(u'\n')));
    QCOMPARE(rows(apps), QStringList{u"dev-env env/dev env/dev"_s});
}

void TestApplicationSet::listGenerator() {
    MemoryFiles files = folders();
    files.insert(
        u"set.yaml"_s,
        appSet("",
               "  - list:\n      elements:\n"
               "      - {env: dev, values: {branch: main}}\n"
               "      - {env: prod, values: {branch: release}}\n"
               "      elementsYaml: |\n        - env: qa\n          values: {branch: qa}\n",
               "      name: 'web-{{env}}'\n",
               "      destination: {namespace: '{{env}}'}\n"
               "      source:\n        repoURL: https://example.com/org/gitops\n"
               "        path: base\n        targetRevision: '{{values.branch}}'\n"));
    const ArgoCDApps apps = readApps(files);
    QVERIFY2(apps.findings().isEmpty(), qPrintable(summary(apps).join(u'\n')));
    QCOMPARE(rows(apps),
             (QStringList{u"web-dev main dev"_s, u"web-prod release prod"_s, u"web-qa qa qa"_s}));
    QCOMPARE(apps.applicationsReading(u"base"_s, u"release"_s).at(0).name, u"web-prod"_s);
}

void TestApplicationSet::unsupportedGenerators() {
    MemoryFiles files = folders();
    files.insert(u"set.yaml"_s,
                 appSet("",
                        "  - clusters: {}\n  - matrix:\n      generators: []\n"
                        "  - git:\n      repoURL: https://example.com/org/gitops\n"
                        "      files:\n      - path: config.json\n"
                        "  - list:\n      elements:\n      - {env: dev}\n"
                        "      elementsYaml: '{{ .x }}'\n",
                        "      name: 'web-{{env}}'\n",
                        "      source: {repoURL: https://example.com/org/gitops, path: base}\n"));
    files.insert(u"z-broken.yaml"_s, "apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\n"
                                     "metadata: {name: broken}\nspec:\n  generators: {list: {}}\n");
    const ArgoCDApps apps = readApps(files);
    QCOMPARE(summary(apps), (QStringList{u"warning unsupported-generator set.yaml:8:15"_s,
                                         u"warning unsupported-generator set.yaml:10:7"_s,
                                         u"warning unsupported-generator set.yaml:12:7"_s,
                                         u"warning unsupported-generator set.yaml:18:21"_s,
                                         u"error malformed-applicationset z-broken.yaml:5:15"_s}));
    QVERIFY(apps.findings().at(0).message.contains(u"clusters generator"));
    QVERIFY(apps.findings().at(1).message.contains(u"matrix generator"));
    QVERIFY(apps.findings().at(2).message.contains(u"Git files generator"));
    QCOMPARE(rows(apps), QStringList{u"web-dev  "_s});
}

void TestApplicationSet::unknownParameter() {
    MemoryFiles files = folders();
    files.insert(u"set.yaml"_s,
                 appSet("", "  - list:\n      elements:\n      - {env: dev}\n      - {env: qa}\n",
                        "      name: 'web-{{env}}'\n",
                        "      source:\n        repoURL: https://example.com/org/gitops\n"
                        "        path: base\n        targetRevision: '{{branch}}'\n"));
    const ArgoCDApps apps = readApps(files);
    // One finding for the template line, however many Applications it generates.
    QCOMPARE(summary(apps), QStringList{u"warning template-parameter set.yaml:20:25"_s});
    QVERIFY(apps.findings().at(0).message.contains(u"'branch'"));
    QCOMPARE(rows(apps), (QStringList{u"web-dev {{branch}} "_s, u"web-qa {{branch}} "_s}));
}

void TestApplicationSet::missingKeyErrorGeneratesNothing() {
    MemoryFiles files = folders();
    files.insert(u"set.yaml"_s,
                 appSet("  goTemplate: true\n  goTemplateOptions: [missingkey=error]\n",
                        "  - list:\n      elements:\n      - {env: dev}\n",
                        "      name: 'web-{{ .environment }}'\n",
                        "      source: {repoURL: https://example.com/org/gitops, path: base}\n"));
    const ArgoCDApps apps = readApps(files);
    QCOMPARE(summary(apps), QStringList{u"error template-parameter set.yaml:15:13"_s});
    QVERIFY(apps.applications().isEmpty());
}

void TestApplicationSet::foreignGeneratorRepository() {
    MemoryFiles files = folders();
    files.insert(
        u"set.yaml"_s,
        appSet("",
               "  - git:\n      repoURL: https://example.com/org/other\n"
               "      directories: [{path: '*'}]\n",
               "      name: '{{path.basename}}'\n",
               "      source: {repoURL: https://example.com/org/other, path: '{{path}}'}\n"));
    const ArgoCDApps apps = readApps(files);
    QCOMPARE(summary(apps), QStringList{u"warning foreign-repository set.yaml:9:16"_s});
    QVERIFY(apps.applications().isEmpty());
}

QTEST_GUILESS_MAIN(TestApplicationSet)
#include "tst_applicationset.moc"

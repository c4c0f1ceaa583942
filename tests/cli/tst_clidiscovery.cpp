#include "clirun.h"
#include "fixturehistory.h"
#include "testrepos.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace fd::testsupport;

namespace {

const QByteArray Config = R"(version: 1
environments:
  - name: dev
    autoPromotion: true
  - name: prod
    upstream: [dev]
    requiredApprovals: 1
services:
  - name: api
    image: registry.example.com/shop/api
    file: deploy/{environment}/api.yaml
    key: image.tag
    argocdApp: api-{environment}
)";

const QByteArray ApiValues = "image:\n  repository: registry.example.com/shop/api\n  tag: 2.3.0\n";

} // namespace

class TestCliDiscovery final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void pipelineFromFreightdeskYaml();
    void statusSaysWhoSetEachVersion();
    void lintExitsWithOneOnErrors();
    void brokenConfigIsAnErrorNamingTheLine();
    void statusOfReplayedFixture();
    void kargoFixturesAsRepositories_data();
    void kargoFixturesAsRepositories();
    void usageAndFailures_data();
    void usageAndFailures();

private:
    QString url(const QString& name) const { return u"file://"_s + m_root.filePath(name); }

    QTemporaryDir m_root;
};

void TestCliDiscovery::initTestCase() {
    QVERIFY(m_root.isValid());
    TestRepos::isolateEnvironment(m_root.path());
    auto created = TestRepos::createBare(m_root.filePath(u"shop.git"_s),
                                         {{u"freightdesk.yaml"_s, Config},
                                          {u"deploy/dev/api.yaml"_s, ApiValues},
                                          {u"deploy/prod/api.yaml"_s, ApiValues}});
    QVERIFY2(created, qPrintable(created ? QString() : created.error().toString()));
    QByteArray promoted = ApiValues;
    promoted.replace("2.3.0", "2.4.0");
    auto committed =
        TestRepos::commit(m_root.filePath(u"shop.git"_s), u"main"_s,
                          {{u"deploy/dev/api.yaml"_s, promoted}}, u"Promote api 2.4.0 to dev"_s);
    QVERIFY(committed);

    auto replayed = FixtureHistory::replay(u"microservice-helmcharts"_s, m_root.filePath(u"msh"_s));
    QVERIFY2(replayed, qPrintable(replayed ? QString() : replayed.error().toString()));
    QVERIFY(TestRepos::git({u"clone"_s, u"-q"_s, u"--bare"_s, m_root.filePath(u"msh"_s),
                            m_root.filePath(u"msh.git"_s)})
                .ok());
    for (const QString& name : {u"kargo-simple"_s, u"kargo-advanced"_s}) {
        QVERIFY(FixtureHistory::replay(name, m_root.filePath(name)));
        QVERIFY(TestRepos::git({u"clone"_s, u"-q"_s, u"--bare"_s, m_root.filePath(name),
                                m_root.filePath(name + u".git"_s)})
                    .ok());
    }
}

void TestCliDiscovery::pipelineFromFreightdeskYaml() {
    const Run run = cli({u"pipeline"_s, u"--repo"_s, url(u"shop.git"_s), u"--json"_s});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonObject pipeline = run.json().object();
    QCOMPARE(pipeline.value(u"source"_s).toString(), u"freightdesk.yaml"_s);
    QCOMPARE(pipeline.value(u"project"_s).toString(), u"shop"_s);
    const QJsonArray services = pipeline.value(u"services"_s).toArray();
    QCOMPARE(services.size(), 1);
    QCOMPARE(services.at(0)[u"imageRepository"_s].toString(), u"registry.example.com/shop/api"_s);
    const QJsonArray stages = pipeline.value(u"stages"_s).toArray();
    QCOMPARE(stages.size(), 2);
    const QJsonObject prod = stages.at(1).toObject();
    QCOMPARE(prod[u"name"_s].toString(), u"api-prod"_s);
    QCOMPARE(prod[u"environment"_s].toString(), u"prod"_s);
    QCOMPARE(prod[u"service"_s].toString(), u"api"_s);
    QCOMPARE(prod[u"upstream"_s].toArray(), QJsonArray{u"api-dev"_s});
    QCOMPARE(prod[u"autoPromotion"_s].toBool(true), false);
    QCOMPARE(prod[u"requiredApprovals"_s].toInt(), 1);
    const QJsonObject target = prod[u"targets"_s].toArray().at(0).toObject();
    QCOMPARE(target[u"file"_s].toString(), u"deploy/prod/api.yaml"_s);
    QCOMPARE(target[u"key"_s].toString(), u"image.tag"_s);
    QCOMPARE(target[u"argocdApps"_s].toArray(), QJsonArray{u"api-prod"_s});
    QVERIFY(stages.at(0)[u"autoPromotion"_s].toBool());

    const Run text = cli({u"pipeline"_s, u"--repo"_s, url(u"shop.git"_s)});
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(text.out.contains("api-prod  [prod; after api-dev; 1 approval(s)]"), text.out);
    QVERIFY2(text.out.contains("deploy/prod/api.yaml  image.tag"), text.out);
}

void TestCliDiscovery::statusSaysWhoSetEachVersion() {
    const Run run = cli({u"status"_s, u"--repo"_s, url(u"shop.git"_s), u"--json"_s});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonArray rows = run.json().array();
    QCOMPARE(rows.size(), 2);
    const QJsonObject dev = rows.at(0).toObject();
    QCOMPARE(dev[u"service"_s].toString(), u"api"_s);
    QCOMPARE(dev[u"stage"_s].toString(), u"api-dev"_s);
    QCOMPARE(dev[u"environment"_s].toString(), u"dev"_s);
    QCOMPARE(dev[u"version"_s].toString(), u"2.4.0"_s);
    QCOMPARE(dev[u"author"_s].toString(), QString::fromLatin1(TestRepos::identityName));
    QCOMPARE(dev[u"commit"_s].toString(),
             TestRepos::revParse(m_root.filePath(u"shop.git"_s), u"main"_s));
    QVERIFY(QDateTime::fromString(dev[u"date"_s].toString(), Qt::ISODate).isValid());
    const QJsonObject prod = rows.at(1).toObject();
    QCOMPARE(prod[u"version"_s].toString(), u"2.3.0"_s);
    QCOMPARE(prod[u"commit"_s].toString(),
             TestRepos::revParse(m_root.filePath(u"shop.git"_s), u"main~1"_s));

    const Run text = cli({u"status"_s, u"--repo"_s, url(u"shop.git"_s), u"--offline"_s});
    QVERIFY2(text.exitCode == 0, text.err.constData());
    QVERIFY2(text.out.startsWith("SERVICE  STAGE     ENVIRONMENT  VERSION"), text.out);
    QVERIFY2(text.out.contains("api      api-dev   dev          2.4.0"), text.out);
}

void TestCliDiscovery::lintExitsWithOneOnErrors() {
    const Run clean = cli({u"lint"_s, u"--repo"_s, url(u"shop.git"_s)});
    QCOMPARE(clean.exitCode, 0);
    QVERIFY2(clean.out.contains("No findings."), clean.out);

    const QString broken = m_root.filePath(u"broken.git"_s);
    QVERIFY(TestRepos::createBare(
        broken, {{u"freightdesk.yaml"_s, Config},
                 {u"deploy/dev/api.yaml"_s, ApiValues},
                 {u"apps/api.yaml"_s, "apiVersion: argoproj.io/v1alpha1\nkind: Application\n"
                                      "metadata: {name: api-dev\nspec: {}\n"}}));
    const Run run = cli({u"lint"_s, u"--repo"_s, url(u"broken.git"_s), u"--json"_s});
    QCOMPARE(run.exitCode, 1);
    const QJsonArray findings = run.json().object().value(u"findings"_s).toArray();
    QVERIFY(!findings.isEmpty());
    QCOMPARE(findings.at(0)[u"severity"_s].toString(), u"error"_s);
    QCOMPARE(findings.at(0)[u"code"_s].toString(), u"invalid-yaml"_s);
    QVERIFY2(findings.at(0)[u"location"_s].toString().startsWith(u"apps/api.yaml:"_s),
             run.out.constData());
}

void TestCliDiscovery::brokenConfigIsAnErrorNamingTheLine() {
    QVERIFY(TestRepos::createBare(
        m_root.filePath(u"cycle.git"_s),
        {{u"freightdesk.yaml"_s, "environments:\n  - name: a\n    upstream: [b]\n"
                                 "  - name: b\n    upstream: [a]\n"}}));
    const Run run = cli({u"pipeline"_s, u"--repo"_s, url(u"cycle.git"_s)});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("freightdesk.yaml:2:3: the stages form a cycle"), run.err);
    QVERIFY(run.out.isEmpty());
}

void TestCliDiscovery::statusOfReplayedFixture() {
    const Run pipeline = cli({u"pipeline"_s, u"--repo"_s, url(u"msh.git"_s), u"--json"_s});
    QVERIFY2(pipeline.exitCode == 0, pipeline.err.constData());
    QCOMPARE(pipeline.json().object().value(u"source"_s).toString(), u"kargo"_s);
    QCOMPARE(pipeline.json().object().value(u"stages"_s).toArray().size(), 12);

    const Run run = cli({u"status"_s, u"--repo"_s, url(u"msh.git"_s), u"--json"_s});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonArray rows = run.json().array();
    QCOMPARE(rows.size(), 12);
    auto events = FixtureHistory::tagEvents(u"microservice-helmcharts"_s);
    QVERIFY(events);
    for (const auto& value : rows) {
        const QJsonObject row = value.toObject();
        const QString service = row[u"service"_s].toString().section(u'-', 0, 0);
        const QString environment = row[u"environment"_s].toString();
        // The event that last changed this stage's tag: who set the current version, when.
        const TagEvent* setter = nullptr;
        QString tag;
        for (const TagEvent& event : *events) {
            if (event.service == service && event.environment == environment && event.tag != tag) {
                tag = event.tag;
                setter = &event;
            }
        }
        QVERIFY2(setter, qPrintable(row[u"stage"_s].toString()));
        QCOMPARE(row[u"stage"_s].toString(), u"%1-%2-stage"_s.arg(service, environment));
        QCOMPARE(row[u"version"_s].toString(), setter->tag);
        QCOMPARE(row[u"author"_s].toString(), setter->author);
        QCOMPARE(QDateTime::fromString(row[u"date"_s].toString(), Qt::ISODate), setter->date);
        QCOMPARE(row[u"commit"_s].toString().size(), 40);
    }
}

void TestCliDiscovery::kargoFixturesAsRepositories_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QStringList>("stages"); // name:environment:upstream,...
    QTest::addColumn<int>("lintExit");
    QTest::addColumn<QStringList>("versions"); // stage=version from status

    QTest::newRow("kargo-simple") << u"kargo-simple"_s
                                  << QStringList{u"dev:dev:"_s, u"staging:staging:dev"_s,
                                                 u"prod:prod:staging"_s}
                                  << 0
                                  << QStringList{u"dev=v0.0.1"_s, u"staging=v0.0.1"_s,
                                                 u"prod=v0.0.1"_s};
    // Stages that render with kustomize-build are read-only: lint says so as errors.
    QTest::newRow("kargo-advanced") << u"kargo-advanced"_s
                                    << QStringList{u"dev:dev:"_s,
                                                   u"staging:staging:dev"_s,
                                                   u"ab-test-a:ab-test-a:staging"_s,
                                                   u"ab-test-b:ab-test-b:staging"_s,
                                                   u"prod:prod:ab-test-a,ab-test-b"_s,
                                                   u"prod-west:prod-west:prod"_s,
                                                   u"prod-central:prod-central:prod"_s,
                                                   u"prod-east:prod-east:prod"_s}
                                    << 1 << QStringList{u"dev="_s, u"prod="_s};
}

void TestCliDiscovery::kargoFixturesAsRepositories() {
    QFETCH(QString, name);
    QFETCH(QStringList, stages);
    QFETCH(int, lintExit);
    QFETCH(QStringList, versions);
    const QString repo = url(name + u".git"_s);

    const Run pipeline = cli({u"pipeline"_s, u"--repo"_s, repo, u"--json"_s});
    QVERIFY2(pipeline.exitCode == 0, pipeline.err.constData());
    QCOMPARE(pipeline.json().object().value(u"source"_s).toString(), u"kargo"_s);
    QStringList actual;
    for (const auto& value : pipeline.json().object().value(u"stages"_s).toArray()) {
        const QJsonObject stage = value.toObject();
        QStringList upstream;
        for (const auto& entry : stage[u"upstream"_s].toArray())
            upstream.append(entry.toString());
        actual.append(u"%1:%2:%3"_s.arg(stage[u"name"_s].toString(),
                                        stage[u"environment"_s].toString(), upstream.join(u',')));
    }
    QCOMPARE(actual, stages);

    QCOMPARE(cli({u"lint"_s, u"--repo"_s, repo, u"--offline"_s}).exitCode, lintExit);

    const Run status = cli({u"status"_s, u"--repo"_s, repo, u"--json"_s, u"--offline"_s});
    QVERIFY2(status.exitCode == 0, status.err.constData());
    QStringList found;
    for (const auto& value : status.json().array())
        found.append(value[u"stage"_s].toString() + u'=' + value[u"version"_s].toString());
    for (const QString& expected : versions)
        QVERIFY2(found.contains(expected), qPrintable(found.join(u' ')));
}

void TestCliDiscovery::usageAndFailures_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    QTest::newRow("pipeline without repo")
        << QStringList{u"pipeline"_s} << 2 << u"--repo is required"_s;
    QTest::newRow("status with a stray argument")
        << QStringList{u"status"_s, u"--repo"_s, u"x"_s, u"extra"_s} << 2
        << u"unexpected argument extra"_s;
    QTest::newRow("lint of nothing")
        << QStringList{u"lint"_s, u"--repo"_s, u"/nonexistent/gitops"_s} << 1
        << u"/nonexistent/gitops"_s;
    QTest::newRow("missing branch")
        << QStringList{u"status"_s, u"--repo"_s, u"SHOP"_s, u"--branch"_s, u"nope"_s} << 1
        << u"nope"_s;
}

void TestCliDiscovery::usageAndFailures() {
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    arguments.replaceInStrings(u"SHOP"_s, url(u"shop.git"_s));
    const Run run = cli(arguments);
    QCOMPARE(run.exitCode, exitCode);
    QVERIFY2(QString::fromUtf8(run.err).contains(message), run.err.constData());
}

QTEST_GUILESS_MAIN(TestCliDiscovery)
#include "tst_clidiscovery.moc"

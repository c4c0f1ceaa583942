#include "argocdsimulator.h"
#include "cliprocess.h"
#include "dockerregistry.h"
#include "githttpserver.h"
#include "imagemanifest.h"
#include "ocilayout.h"
#include "simtesting.h"
#include "testrepos.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace fd::testsupport;
using fd::argocdsim::ArgoCDSimulator;

namespace {

const QString Fixture = QStringLiteral(FREIGHTDESK_FIXTURES_DIR "/microservice-helmcharts");
const QStringList Services{u"catalogue"_s, u"frontend"_s, u"recommendation"_s, u"voting"_s};
const QString Upstream = u"https://github.com/nitheeshp-irl/microservice-helmcharts"_s;

// What Kargo has no field for: a person's approval before prod.
const QByteArray Approvals = "version: 1\n"
                             "environments:\n"
                             "  - name: prod\n"
                             "    requiredApprovals: 1\n";

QString tagOf(const QByteArray& values) {
    const auto match = QRegularExpression(u"\\n  tag: (\\S+)"_s).match(QString::fromUtf8(values));
    return match.captured(1);
}

} // namespace

/**
 * The seed-style repository from ../shared/fixtures (microservice-helmcharts: Helm values per
 * environment, Argo CD Applications, Kargo Warehouses, Stages and PromotionTasks, a ProjectConfig
 * that auto-promotes every stage) served as it is, but from this machine: its own URL written
 * where it names its GitHub home, its images in a local registry that stands in for Docker Hub
 * (--registry-mirror), its apps in the Argo CD simulator. `watch` runs the whole promotion
 * through its Kargo manifests, with prod waiting for an approval freightdesk.yaml asks for.
 */
class TestCliKargoWatch final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void firstLookVerifiesEveryStage();
    void newFrontendImageReachesStagingThenWaits();
    void approvalLetsProdTakeIt();

private:
    void pushImage(const QString& service, const QString& tag);
    Run runWatch();
    QString tagIn(const QString& environment, const QString& service) const;
    QStringList history() const;
    int commitCount() const;

    QTemporaryDir m_root;
    GitHttpServer m_server;
    DockerRegistry m_registry;
    std::unique_ptr<ArgoCDSimulator> m_simulator;
    QString m_bare;
    QString m_token;
};

void TestCliKargoWatch::initTestCase() {
    QVERIFY(m_root.isValid());
    if (!QFileInfo::exists(Fixture))
        QSKIP("fixture microservice-helmcharts not present");
    if (DockerRegistry::program().isEmpty())
        QSKIP("docker-registry is not installed (apt-get install docker-registry)");
    TestRepos::isolateEnvironment(m_root.filePath(u"home"_s));
    const auto started = m_server.start();
    QVERIFY2(started, started ? "" : qPrintable(started.error().toString()));
    QVERIFY2(m_registry.start(), qPrintable(m_registry.log()));

    QMap<QString, QByteArray> files;
    QDirIterator it(Fixture, {u"*.yaml"_s, u"*.yml"_s}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QByteArray bytes = file.readAll();
        bytes.replace(Upstream.toUtf8(), m_server.url(u"microservice-helmcharts.git"_s).toUtf8());
        files.insert(QDir(Fixture).relativeFilePath(file.fileName()), bytes);
    }
    files.insert(u"freightdesk.yaml"_s, Approvals);
    m_bare = m_server.projectRoot() + u"/microservice-helmcharts.git"_s;
    const auto created = TestRepos::createBare(m_bare, files);
    QVERIFY2(created, qPrintable(created ? QString() : created.error().toString()));
    for (const QString& service : Services)
        pushImage(service, tagIn(u"dev"_s, service));

    const auto account = m_server.accounts().constFirst();
    const QString store = m_root.filePath(u"credentials"_s);
    QFile credentials(store);
    QVERIFY(credentials.open(QIODevice::WriteOnly));
    credentials.write(
        m_server.urlWithCredentials({}, account.user, account.password).toUtf8().chopped(1) + '\n');
    credentials.close();
    QVERIFY(
        TestRepos::writeGlobalConfig(u"[user]\n\tname = Rita Release\n\temail = rita@example.com\n"
                                     "[credential]\n\thelper = store --file=%1\n"_s.arg(store)));

    m_simulator = std::make_unique<ArgoCDSimulator>(fd::argocdsim::testing::testConfig(m_bare));
    const auto simStarted = m_simulator->start();
    QVERIFY2(simStarted, simStarted ? "" : qPrintable(simStarted.error().toString()));
    m_token = m_simulator->issueToken();
}

void TestCliKargoWatch::pushImage(const QString& service, const QString& tag) {
    QVERIFY(!tag.isEmpty());
    OciLayout layout(m_root.filePath(u"layout-%1-%2"_s.arg(service, tag)));
    QVERIFY(QDir().mkpath(layout.directory()));
    const auto digest = layout.add(tag, {{*fd::core::ImagePlatform::parse(u"linux/amd64"_s),
                                          QDateTime(QDate(2026, 11, 1), QTime(8, 0), Qt::UTC),
                                          (service + u' ' + tag).toUtf8()}});
    QVERIFY(digest);
    const auto pushed = m_registry.push(layout.directory(), tag,
                                        u"nitheesh86/microservice-%1:%2"_s.arg(service, tag));
    QVERIFY2(pushed, qPrintable(pushed ? QString() : pushed.error().toString()));
}

Run TestCliKargoWatch::runWatch() {
    return finishCli(
        launchCli(this, {u"watch"_s, u"--repo"_s, m_server.url(u"microservice-helmcharts.git"_s),
                         u"--until-idle"_s, u"--json"_s, u"--registry-mirror"_s,
                         u"docker.io=http://"_s + m_registry.host(), u"--argocd-server"_s,
                         m_simulator->url().toString(), u"--argocd-token"_s, m_token,
                         u"--timeout"_s, u"60"_s}),
        240000);
}

QString TestCliKargoWatch::tagIn(const QString& environment, const QString& service) const {
    return tagOf(
        TestRepos::git({u"show"_s, u"main:env/%1/%2/%2-values.yaml"_s.arg(environment, service)},
                       m_bare)
            .output);
}

QStringList TestCliKargoWatch::history() const {
    const Run run = cli(
        {u"history"_s, u"--repo"_s, m_server.url(u"microservice-helmcharts.git"_s), u"--json"_s});
    QStringList events;
    for (const QJsonValue& each : run.json().array())
        events.append(each[u"event"_s].toString() + u':' + each[u"stage"_s].toString());
    return events;
}

int TestCliKargoWatch::commitCount() const {
    return TestRepos::git({u"rev-list"_s, u"--count"_s, u"main"_s}, m_bare).text().toInt();
}

// Twelve stages (four services in dev, staging and prod), none verified yet.
void TestCliKargoWatch::firstLookVerifiesEveryStage() {
    const int before = commitCount();
    const Run run = runWatch();
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QStringList events = history();
    events.sort();
    QCOMPARE(events.size(), 12);
    for (const QString& service : Services) {
        for (const QString& environment : {u"dev"_s, u"staging"_s, u"prod"_s})
            QVERIFY2(events.contains(u"verified:%1-%2-stage"_s.arg(service, environment)),
                     qPrintable(events.join(u", "_s)));
    }
    QCOMPARE(commitCount(), before);
}

// Kargo's steps for the frontend: yaml-update of env/<env>/frontend/frontend-values.yaml, one
// commit per stage, argocd-update's app followed to healthy; prod needs Ada's approval first.
void TestCliKargoWatch::newFrontendImageReachesStagingThenWaits() {
    pushImage(u"frontend"_s, u"1.0.12"_s);
    const int before = commitCount();
    const Run run = runWatch();
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(tagIn(u"dev"_s, u"frontend"_s), u"1.0.12"_s);
    QCOMPARE(tagIn(u"staging"_s, u"frontend"_s), u"1.0.12"_s);
    QCOMPARE(tagIn(u"prod"_s, u"frontend"_s), u"1.0.11"_s);
    QCOMPARE(commitCount(), before + 2);
    const QStringList events = history();
    for (const QString& expected :
         {u"promoted:frontend-dev-stage"_s, u"verified:frontend-staging-stage"_s})
        QVERIFY2(events.contains(expected), qPrintable(events.join(u", "_s)));
    QVERIFY2(run.out.contains("needs 1 more approval"), run.out.constData());
    QVERIFY2(run.out.contains(R"("name":"argocd/frontend-staging")"), run.out.constData());
}

void TestCliKargoWatch::approvalLetsProdTakeIt() {
    const Run approved =
        cli({u"approve"_s, u"--repo"_s, m_server.url(u"microservice-helmcharts.git"_s),
             u"--service"_s, u"frontend-warehouse"_s, u"--stage"_s, u"frontend-prod-stage"_s,
             u"--freight"_s, u"1.0.12"_s});
    QVERIFY2(approved.exitCode == 0, approved.err.constData());
    const Run run = runWatch();
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(tagIn(u"prod"_s, u"frontend"_s), u"1.0.12"_s);
    const QStringList events = history();
    QVERIFY2(events.contains(u"approved:frontend-prod-stage"_s) &&
                 events.contains(u"verified:frontend-prod-stage"_s),
             qPrintable(events.join(u", "_s)));
    const QString message =
        TestRepos::git({u"log"_s, u"-1"_s, u"--format=%B"_s, u"main"_s}, m_bare).text();
    QVERIFY2(message.contains(u"Freightdesk-Approved-By:"_s), qPrintable(message));
}

QTEST_GUILESS_MAIN(TestCliKargoWatch)
#include "tst_clikargowatch.moc"

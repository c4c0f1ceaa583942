#include "clirun.h"
#include "dockerregistry.h"
#include "imagemanifest.h"
#include "ocilayout.h"
#include "testrepos.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace fd::testsupport;

namespace {

QByteArray config(const QString& registry) {
    return uR"(version: 1
environments:
  - name: dev
  - name: prod
    upstream: [dev]
services:
  - name: api
    image: %1/team/api
    file: env/{environment}/api.yaml
    key: image.tag
  - name: web
    image: %1/team/web
    file: env/{environment}/web.yaml
    key: image.tag
    tags:
      strategy: Lexical
      ignore: [latest]
)"_s.arg(registry)
        .toUtf8();
}

QByteArray values(const QByteArray& tag) {
    return "image:\n  tag: " + tag + "\nreplicaCount: 2\n";
}

QStringList tagsOf(const QJsonArray& freight, const QString& service) {
    QStringList tags;
    for (const QJsonValue& each : freight) {
        if (each[u"service"_s].toString() == service)
            tags.append(each[u"artifacts"_s][0][u"tag"_s].toString());
    }
    return tags;
}

} // namespace

/** `freightdesk-cli freight` against docker-registry with images pushed by skopeo. */
class TestCliFreight final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void freightWithTheStagesItIsCurrentIn();
    void oneService();
    void plainHttpIsOptIn();
    void mirrorStandsInForTheRegistry();
    void usageErrors_data();
    void usageErrors();
    void decisionsAreRecordedInTheLog();
    void promoteFollowsTheRules();
    void offlineShowsWhatWasFound();

private:
    QString url(const QString& name) const { return u"file://"_s + m_root.filePath(name); }
    QStringList freightArguments(const QString& repository) const {
        return {
            u"freight"_s,     u"--repo"_s, url(repository), u"--json"_s, u"--insecure-registry"_s,
            m_registry.host()};
    }

    QTemporaryDir m_root;
    DockerRegistry m_registry;
    QHash<QString, QString> m_digests;
};

void TestCliFreight::initTestCase() {
    QVERIFY(m_root.isValid());
    TestRepos::isolateEnvironment(m_root.path());
    QVERIFY(TestRepos::writeGlobalConfig(u"[user]\n\tname = Rita Release\n"
                                         "\temail = rita@example.com\n"_s));
    if (DockerRegistry::program().isEmpty())
        QSKIP("docker-registry is not installed (apt-get install docker-registry)");
    QVERIFY2(m_registry.start(), qPrintable(m_registry.log()));
    OciLayout layout(m_root.filePath(u"layout"_s));
    QVERIFY(QDir().mkpath(layout.directory()));
    const QList<std::pair<QString, QString>> images{
        {u"team/api"_s, u"1.0.0"_s},      {u"team/api"_s, u"1.1.0"_s},
        {u"team/api"_s, u"1.2.0"_s},      {u"team/api"_s, u"nightly"_s},
        {u"team/web"_s, u"2026.05.01"_s}, {u"team/web"_s, u"2026.06.12"_s},
        {u"team/web"_s, u"latest"_s}};
    for (const auto& [name, tag] : images) {
        const QString ref = name.section(u'/', 1) + u'-' + tag;
        const auto digest = layout.add(
            ref, {{*fd::core::ImagePlatform::parse(u"linux/amd64"_s),
                   QDateTime(QDate(2026, 5, 1), QTime(8, 0), Qt::UTC), (name + tag).toUtf8()}});
        QVERIFY(digest);
        m_digests.insert(name + u':' + tag, *digest);
        const auto pushed = m_registry.push(layout.directory(), ref, name + u':' + tag);
        QVERIFY2(pushed, qPrintable(pushed ? QString() : pushed.error().toString()));
    }

    auto created = TestRepos::createBare(m_root.filePath(u"shop.git"_s),
                                         {{u"freightdesk.yaml"_s, config(m_registry.host())},
                                          {u"env/dev/api.yaml"_s, values("1.1.0")},
                                          {u"env/prod/api.yaml"_s, values("1.0.0")},
                                          {u"env/dev/web.yaml"_s, values("2026.06.12")},
                                          {u"env/prod/web.yaml"_s, values("2026.05.01")}});
    QVERIFY2(created, qPrintable(created ? QString() : created.error().toString()));
    QVERIFY(TestRepos::commit(m_root.filePath(u"shop.git"_s), u"main"_s,
                              {{u"env/dev/api.yaml"_s, values("1.2.0")}},
                              u"Promote api 1.2.0 to dev"_s));
    // The same services, their images named by a registry that exists only as a mirror.
    QVERIFY(TestRepos::createBare(m_root.filePath(u"mirrored.git"_s),
                                  {{u"freightdesk.yaml"_s, config(u"registry.example.test"_s)},
                                   {u"env/dev/api.yaml"_s, values("1.2.0")},
                                   {u"env/dev/web.yaml"_s, values("2026.06.12")}}));
}

void TestCliFreight::freightWithTheStagesItIsCurrentIn() {
    const Run run = cli(freightArguments(u"shop.git"_s));
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonArray freight = run.json().array();
    QCOMPARE(tagsOf(freight, u"api"_s), (QStringList{u"1.2.0"_s, u"1.1.0"_s, u"1.0.0"_s}));
    QCOMPARE(tagsOf(freight, u"web"_s), (QStringList{u"2026.06.12"_s, u"2026.05.01"_s}));

    const QJsonObject newest = freight.at(0).toObject();
    QCOMPARE(newest[u"id"_s].toString().size(), 40);
    QVERIFY(newest[u"alias"_s].toString().contains(u'-'));
    QCOMPARE(newest[u"service"_s].toString(), u"api"_s);
    QCOMPARE(newest[u"origin"_s][u"kind"_s].toString(), u"Warehouse"_s);
    QCOMPARE(newest[u"origin"_s][u"name"_s].toString(), u"api"_s);
    const QJsonObject artifact = newest[u"artifacts"_s][0].toObject();
    QCOMPARE(artifact[u"kind"_s].toString(), u"image"_s);
    QCOMPARE(artifact[u"repoURL"_s].toString(), m_registry.host() + u"/team/api"_s);
    QCOMPARE(artifact[u"digest"_s].toString(), m_digests.value(u"team/api:1.2.0"_s));
    QVERIFY(
        QDateTime::fromString(newest[u"discoveredAt"_s].toString(), Qt::ISODateWithMs).isValid());
    QVERIFY(newest[u"stages"_s][u"api-dev"_s][u"current"_s].toBool());
    QVERIFY(!newest[u"stages"_s].toObject().contains(u"api-prod"_s));

    const auto stagesOf = [&](const QString& tag) {
        for (const QJsonValue& each : freight) {
            if (each[u"artifacts"_s][0][u"tag"_s].toString() == tag)
                return each[u"stages"_s].toObject();
        }
        return QJsonObject();
    };
    QVERIFY(stagesOf(u"1.0.0"_s)[u"api-prod"_s][u"current"_s].toBool());
    QVERIFY(stagesOf(u"1.1.0"_s).isEmpty()); // dev moved on to 1.2.0
    QVERIFY(stagesOf(u"2026.05.01"_s)[u"web-prod"_s][u"current"_s].toBool());

    // The same as a table.
    QStringList arguments = freightArguments(u"shop.git"_s);
    arguments.removeAll(u"--json"_s);
    const Run text = cli(arguments);
    QCOMPARE(text.exitCode, 0);
    const QString table = QString::fromUtf8(text.out);
    QVERIFY2(table.startsWith(u"ALIAS"_s), qPrintable(table));
    QVERIFY(table.contains(newest[u"alias"_s].toString()));
    QVERIFY(table.contains(m_registry.host() + u"/team/api:1.2.0"_s));
    QVERIFY(table.contains(u"api-dev"_s));
}

void TestCliFreight::oneService() {
    QStringList arguments = freightArguments(u"shop.git"_s);
    arguments << u"--service"_s << u"web"_s;
    const Run run = cli(arguments);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(tagsOf(run.json().array(), u"api"_s), QStringList());
    QCOMPARE(tagsOf(run.json().array(), u"web"_s).size(), 2);
}

void TestCliFreight::plainHttpIsOptIn() {
    // Without --insecure-registry the registry is spoken to over TLS, which it does not speak.
    const Run run =
        cli({u"freight"_s, u"--repo"_s, url(u"shop.git"_s), u"--json"_s, u"--service"_s, u"api"_s});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(m_registry.host().toUtf8()), run.err.constData());
    QVERIFY2(run.err.contains("api:"), run.err.constData());
    QVERIFY(run.out.trimmed().startsWith('[')); // what it knows is still printed
}

void TestCliFreight::mirrorStandsInForTheRegistry() {
    const Run run =
        cli({u"freight"_s, u"--repo"_s, url(u"mirrored.git"_s), u"--json"_s, u"--registry-mirror"_s,
             u"registry.example.test=http://"_s + m_registry.host()});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY2(run.err.contains("note: registry.example.test is read from http://" +
                              m_registry.host().toUtf8() + " over plain HTTP"),
             run.err.constData());
    const QJsonArray freight = run.json().array();
    QCOMPARE(tagsOf(freight, u"api"_s), (QStringList{u"1.2.0"_s, u"1.1.0"_s, u"1.0.0"_s}));
    // Freight names the image as the repository does, wherever it was read from.
    QCOMPARE(freight.at(0)[u"artifacts"_s][0][u"repoURL"_s].toString(),
             u"registry.example.test/team/api"_s);
    QCOMPARE(freight.at(0)[u"artifacts"_s][0][u"digest"_s].toString(),
             m_digests.value(u"team/api:1.2.0"_s));
}

void TestCliFreight::usageErrors_data() {
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("unknown service")
        << QStringList{u"--service"_s, u"nope"_s} << u"no service \"nope\""_s;
    QTest::newRow("bad mirror") << QStringList{u"--registry-mirror"_s, u"nonsense"_s}
                                << u"HOST=URL"_s;
}

void TestCliFreight::usageErrors() {
    QFETCH(QStringList, extra);
    QFETCH(QString, mentions);
    const Run run = cli(freightArguments(u"shop.git"_s) + extra);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(QString::fromUtf8(run.err + run.out).contains(mentions), run.err.constData());
}

void TestCliFreight::decisionsAreRecordedInTheLog() {
    const QString repo = url(u"shop.git"_s);
    const QString mainBefore = TestRepos::revParse(m_root.filePath(u"shop.git"_s), u"main"_s);
    const auto record = [&](const QStringList& arguments) {
        return cli(QStringList{arguments.constFirst(), u"--repo"_s, repo, u"--json"_s} +
                   arguments.mid(1));
    };
    const Run approved = record({u"approve"_s, u"--service"_s, u"api"_s, u"--stage"_s, u"prod"_s,
                                 u"--freight"_s, u"1.1.0"_s, u"--reason"_s, u"CHG-42"_s});
    QVERIFY2(approved.exitCode == 0, approved.err.constData());
    const QJsonObject event = approved.json().object()[u"event"_s].toObject();
    QCOMPARE(event[u"event"_s].toString(), u"approved"_s);
    QCOMPARE(event[u"stage"_s].toString(), u"api-prod"_s);
    QCOMPARE(event[u"reason"_s].toString(), u"CHG-42"_s);
    QCOMPARE(event[u"by"_s][u"name"_s].toString(), u"Rita Release"_s);
    const QString alias = event[u"freight"_s][u"alias"_s].toString();
    QVERIFY(!alias.isEmpty());

    // A hold without --freight pins what the stage runs (api-dev runs 1.2.0).
    const Run held = record({u"hold"_s, u"--service"_s, u"api"_s, u"--stage"_s, u"api-dev"_s});
    QVERIFY2(held.exitCode == 0, held.err.constData());
    const Run verified = record({u"verify"_s, u"--service"_s, u"api"_s, u"--stage"_s, u"dev"_s,
                                 u"--freight"_s, alias, u"--failed"_s});
    QVERIFY2(verified.exitCode == 0, verified.err.constData());
    QVERIFY(record({u"release"_s, u"--service"_s, u"api"_s, u"--stage"_s, u"dev"_s}).exitCode == 0);

    const Run history = cli({u"history"_s, u"--repo"_s, repo, u"--json"_s});
    QVERIFY2(history.exitCode == 0, history.err.constData());
    QStringList events;
    for (const QJsonValue& each : history.json().array())
        events.append(each[u"event"_s].toString() + u':' + each[u"stage"_s].toString());
    QCOMPARE(events, (QStringList{u"approved:api-prod"_s, u"held:api-dev"_s,
                                  u"verification-failed:api-dev"_s, u"released:api-dev"_s}));
    QCOMPARE(history.json().array().at(1)[u"freight"_s][u"id"_s].toString().size(), 40);
    const Run prodOnly =
        cli({u"history"_s, u"--repo"_s, repo, u"--json"_s, u"--stage"_s, u"prod"_s});
    QCOMPARE(prodOnly.json().array().size(), 1);
    // The deployed branch never moved.
    QCOMPARE(TestRepos::revParse(m_root.filePath(u"shop.git"_s), u"main"_s), mainBefore);

    // Freight shows what the log says: approved for prod.
    const Run freight = cli({u"freight"_s, u"--repo"_s, repo, u"--json"_s, u"--offline"_s});
    QVERIFY2(freight.exitCode == 0, freight.err.constData());
    bool seen = false;
    for (const QJsonValue& each : freight.json().array()) {
        if (each[u"alias"_s].toString() != alias)
            continue;
        seen = true;
        QVERIFY(each[u"stages"_s][u"api-prod"_s][u"approved"_s].toBool());
        QVERIFY(!each[u"stages"_s][u"api-prod"_s][u"verified"_s].toBool());
    }
    QVERIFY(seen);

    // Wrong names are usage errors; a freight that is not known is a failure.
    QCOMPARE(record({u"approve"_s, u"--service"_s, u"api"_s, u"--stage"_s, u"qa"_s, u"--freight"_s,
                     u"1.1.0"_s})
                 .exitCode,
             2);
    const Run unknown = record({u"approve"_s, u"--service"_s, u"api"_s, u"--stage"_s, u"prod"_s,
                                u"--freight"_s, u"9.9.9"_s});
    QCOMPARE(unknown.exitCode, 1);
    QVERIFY2(unknown.err.contains("9.9.9") || unknown.out.contains("9.9.9"),
             unknown.err.constData());
}

void TestCliFreight::promoteFollowsTheRules() {
    const QString repo = url(u"shop.git"_s);
    const QString bare = m_root.filePath(u"shop.git"_s);
    const auto promote = [&](const QString& stage, const QString& freight,
                             const QStringList& more = {}) {
        return cli(QStringList{u"promote"_s, u"--repo"_s, repo, u"--json"_s, u"--service"_s,
                               u"api"_s, u"--stage"_s, stage, u"--freight"_s, freight} +
                   more);
    };
    const auto tagOn = [&](const QString& file) {
        return TestRepos::git({u"show"_s, u"main:"_s + file}, bare).text();
    };

    // 1.2.0 has not been verified in dev: prod does not take it.
    const Run refused = promote(u"prod"_s, u"1.2.0"_s);
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains("not verified in api-dev yet") ||
                 refused.out.contains("not verified in api-dev yet"),
             refused.err.constData());

    // Dev takes anything from the warehouse; the dry run shows the change and pushes nothing.
    const QString before = TestRepos::revParse(bare, u"main"_s);
    const Run dry = promote(u"dev"_s, u"1.1.0"_s, {u"--dry-run"_s});
    QVERIFY2(dry.exitCode == 0, dry.err.constData());
    QVERIFY(dry.out.contains("-  tag: 1.2.0") && dry.out.contains("+  tag: 1.1.0"));
    QCOMPARE(TestRepos::revParse(bare, u"main"_s), before);
    const Run pushed = promote(u"dev"_s, u"1.1.0"_s);
    QVERIFY2(pushed.exitCode == 0, pushed.err.constData());
    const QString commit = pushed.json().object()[u"commit"_s].toString();
    QCOMPARE(TestRepos::revParse(bare, u"main"_s), commit);
    QVERIFY(tagOn(u"env/dev/api.yaml"_s).contains(u"tag: 1.1.0"_s));
    QVERIFY(tagOn(u"env/dev/api.yaml"_s).contains(u"replicaCount: 2"_s));
    const QString message =
        TestRepos::git({u"log"_s, u"-1"_s, u"--format=%B"_s, commit}, bare).text();
    QVERIFY2(message.startsWith(u"Promote api 1.1.0 to api-dev"_s), qPrintable(message));
    QVERIFY(message.contains(u"Freightdesk-Stage: api-dev"_s));
    QVERIFY(message.contains(u"Freightdesk-Freight: "_s));

    // Verified in dev, 1.2.0 may go to prod.
    QCOMPARE(cli({u"verify"_s, u"--repo"_s, repo, u"--service"_s, u"api"_s, u"--stage"_s, u"dev"_s,
                  u"--freight"_s, u"1.2.0"_s})
                 .exitCode,
             0);
    const Run prod = promote(u"api-prod"_s, u"1.2.0"_s);
    QVERIFY2(prod.exitCode == 0, prod.err.constData());
    QVERIFY(tagOn(u"env/prod/api.yaml"_s).contains(u"tag: 1.2.0"_s));

    // A held stage takes nothing.
    QCOMPARE(cli({u"hold"_s, u"--repo"_s, repo, u"--service"_s, u"api"_s, u"--stage"_s, u"dev"_s,
                  u"--reason"_s, u"incident"_s})
                 .exitCode,
             0);
    const Run held = promote(u"dev"_s, u"1.0.0"_s);
    QCOMPARE(held.exitCode, 1);
    QVERIFY2(held.err.contains("held by Rita Release: incident") ||
                 held.out.contains("held by Rita Release: incident"),
             held.err.constData());
}

void TestCliFreight::offlineShowsWhatWasFound() {
    const Run online = cli(freightArguments(u"shop.git"_s));
    QCOMPARE(online.exitCode, 0);
    m_registry.stop();
    QStringList arguments = freightArguments(u"shop.git"_s);
    arguments << u"--offline"_s;
    const Run offline = cli(arguments);
    QVERIFY2(offline.exitCode == 0, offline.err.constData());
    QCOMPARE(offline.json().array(), online.json().array());
    // Online again with the registry gone: a failure, and still what is known.
    const Run down = cli(freightArguments(u"shop.git"_s));
    QCOMPARE(down.exitCode, 1);
    QCOMPARE(tagsOf(down.json().array(), u"api"_s), tagsOf(online.json().array(), u"api"_s));
}

QTEST_GUILESS_MAIN(TestCliFreight)
#include "tst_clifreight.moc"

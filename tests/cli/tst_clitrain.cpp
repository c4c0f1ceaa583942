#include "clirun.h"
#include "freightstore.h"
#include "testrepos.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace fd::testsupport;

namespace {

const QStringList services{u"api"_s, u"web"_s, u"cart"_s, u"auth"_s, u"search"_s};

QByteArray config() {
    QString text = uR"(version: 1
environments:
  - name: dev
  - name: staging
    upstream: [dev]
  - name: prod
    upstream: [staging]
services:
)"_s;
    for (const QString& service : services)
        text += u"  - name: %1\n    image: registry.example.test/team/%1\n"
                "    file: env/{environment}/%1.yaml\n    key: image.tag\n"_s.arg(service);
    return text.toUtf8();
}

QByteArray values(const QByteArray& tag) {
    return "image:\n  tag: " + tag + "\nreplicaCount: 2\n";
}

fd::core::Freight freight(const QString& service, const QString& tag, int day) {
    const QString image = u"registry.example.test/team/"_s + service;
    const QByteArray digest =
        QCryptographicHash::hash((image + tag).toUtf8(), QCryptographicHash::Sha256).toHex();
    return fd::core::Freight::make(
        service, service,
        {fd::core::FreightArtifact::image(image, tag, u"sha256:"_s + QString::fromLatin1(digest))},
        QDateTime(QDate(2026, 11, day), QTime(8, 0), Qt::UTC));
}

QString said(const Run& run) {
    return QString::fromUtf8(run.err + run.out);
}

} // namespace

/**
 * promote-train, rollback and revert against a repository on disk, with freight written into the
 * store as `freight` would have found it. The slots run in order, each starting where the last
 * one left the repository: refused train, dry run, train, rollback, revert.
 */
class TestCliTrain final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void aRefusedTrainPushesNothing();
    void dryRunShowsEveryServicesDiff();
    void fourServicesInOneCommit();
    void rollbackToThePreviousFreight();
    void revertTheTrain();

private:
    QString bare() const { return m_root.filePath(u"shop.git"_s); }
    QString url() const { return u"file://"_s + bare(); }
    Run run(const QString& command, const QStringList& arguments) const {
        return cli(QStringList{command, u"--repo"_s, url()} + arguments);
    }
    QString tagOf(const QString& environment, const QString& service) const {
        return TestRepos::git({u"show"_s, u"main:env/%1/%2.yaml"_s.arg(environment, service)},
                              bare())
            .text()
            .section(u'\n', 1, 1)
            .trimmed();
    }
    QString messageOf(const QString& revision) const {
        return TestRepos::git({u"log"_s, u"-1"_s, u"--format=%B"_s, revision}, bare()).text();
    }

    QTemporaryDir m_root;
    QString m_train;
};

void TestCliTrain::initTestCase() {
    QVERIFY(m_root.isValid());
    TestRepos::isolateEnvironment(m_root.path());
    QVERIFY(TestRepos::writeGlobalConfig(u"[user]\n\tname = Rita Release\n"
                                         "\temail = rita@example.com\n"_s));
    QMap<QString, QByteArray> files{{u"freightdesk.yaml"_s, config()}};
    for (const QString& service : services) {
        files.insert(u"env/dev/%1.yaml"_s.arg(service), values("1.1.0"));
        files.insert(u"env/staging/%1.yaml"_s.arg(service), values("1.1.0"));
        // search is in prod already; the others run 1.0.0 there.
        files.insert(u"env/prod/%1.yaml"_s.arg(service),
                     values(service == u"search"_s ? "1.1.0" : "1.0.0"));
    }
    const auto created = TestRepos::createBare(bare(), files);
    QVERIFY2(created, qPrintable(created ? QString() : created.error().toString()));

    // The store the CLI reads: "<cache>/Freightdesk/freight/<hash>.json", as `freight` leaves it.
    QCoreApplication::setApplicationName(u"Freightdesk"_s);
    fd::core::FreightStore store =
        fd::core::FreightStore::open(fd::core::FreightStore::pathFor(url(), u"main"_s));
    QList<fd::core::ServiceFreight> found;
    for (const QString& service : services)
        found.append(
            {service, {freight(service, u"1.1.0"_s, 2), freight(service, u"1.0.0"_s, 1)}, {}, {}});
    store.merge(found, QDateTime(QDate(2026, 11, 3), QTime(8, 0), Qt::UTC));
    QVERIFY(store.save());
    QCOMPARE(cli({u"status"_s, u"--repo"_s, url()}).exitCode, 0); // fetched, so --offline reads
    const Run known = cli({u"freight"_s, u"--repo"_s, url(), u"--offline"_s, u"--json"_s});
    QVERIFY2(known.exitCode == 0, known.err.constData());
    QCOMPARE(known.json().array().size(), 10);
}

void TestCliTrain::aRefusedTrainPushesNothing() {
    const QString before = TestRepos::revParse(bare(), u"main"_s);
    // Nothing is verified in staging yet, and web-prod is held.
    QCOMPARE(run(u"hold"_s,
                 {u"--service"_s, u"web"_s, u"--stage"_s, u"prod"_s, u"--reason"_s, u"incident"_s})
                 .exitCode,
             0);
    const Run refused = run(u"promote-train"_s, {u"--to"_s, u"prod"_s, u"--json"_s});
    QCOMPARE(refused.exitCode, 1);
    const QJsonObject result = refused.json().object();
    QCOMPARE(result[u"error"_s][u"kind"_s].toString(), u"refused"_s);
    const QString message = result[u"error"_s][u"message"_s].toString();
    QVERIFY2(message.contains(u"nothing was pushed"_s), qPrintable(message));
    QVERIFY2(message.contains(u"api (api-prod): "_s) &&
                 message.contains(u"not verified in api-staging yet"_s),
             qPrintable(message));
    QVERIFY(message.contains(u"cart (cart-prod): "_s));
    QVERIFY(!message.contains(u"search"_s));
    QStringList actions;
    for (const QJsonValue& car : result[u"train"_s].toArray())
        actions.append(car[u"stage"_s].toString() + u':' + car[u"action"_s].toString());
    QCOMPARE(actions,
             (QStringList{u"api-prod:refuse"_s, u"web-prod:refuse"_s, u"cart-prod:refuse"_s,
                          u"auth-prod:refuse"_s, u"search-prod:skip"_s}));
    QCOMPARE(TestRepos::revParse(bare(), u"main"_s), before);

    // Verified everywhere, the hold on web-prod alone still stops the whole train.
    for (const QString& service : services) {
        const Run verified = run(u"verify"_s, {u"--service"_s, service, u"--stage"_s, u"staging"_s,
                                               u"--freight"_s, u"1.1.0"_s});
        QVERIFY2(verified.exitCode == 0, verified.err.constData());
    }
    const Run held = run(u"promote-train"_s, {u"--to"_s, u"prod"_s});
    QCOMPARE(held.exitCode, 1);
    QVERIFY2(said(held).contains(u"web (web-prod): "_s) &&
                 said(held).contains(u"web-prod is held by Rita Release: incident"_s),
             qPrintable(said(held)));
    QVERIFY(!said(held).contains(u"api (api-prod): "_s));
    QCOMPARE(TestRepos::revParse(bare(), u"main"_s), before);
    QCOMPARE(run(u"release"_s, {u"--service"_s, u"web"_s, u"--stage"_s, u"prod"_s}).exitCode, 0);
}

void TestCliTrain::dryRunShowsEveryServicesDiff() {
    const QString before = TestRepos::revParse(bare(), u"main"_s);
    const Run dry = run(u"promote-train"_s, {u"--to"_s, u"prod"_s, u"--dry-run"_s});
    QVERIFY2(dry.exitCode == 0, dry.err.constData());
    const QString diff = QString::fromUtf8(dry.out);
    for (const QString& service : {u"api"_s, u"web"_s, u"cart"_s, u"auth"_s})
        QVERIFY2(diff.contains(u"+++ b/env/prod/%1.yaml"_s.arg(service)), qPrintable(diff));
    QVERIFY(!diff.contains(u"search"_s));
    QCOMPARE(diff.count(u"-  tag: 1.0.0"_s), 4);
    QCOMPARE(diff.count(u"+  tag: 1.1.0"_s), 4);
    QVERIFY2(said(dry).contains(u"skip     search-prod: already runs 1.1.0"_s),
             qPrintable(said(dry)));
    QCOMPARE(TestRepos::revParse(bare(), u"main"_s), before);

    // --services narrows the train; a service without a stage there is a usage error.
    const Run two = run(u"promote-train"_s, {u"--to"_s, u"prod"_s, u"--services"_s, u"api,cart"_s,
                                             u"--dry-run"_s, u"--json"_s});
    QVERIFY2(two.exitCode == 0, two.err.constData());
    QCOMPARE(two.json().object()[u"files"_s].toArray().size(), 2);
    QCOMPARE(run(u"promote-train"_s, {u"--to"_s, u"prod"_s, u"--services"_s, u"nope"_s}).exitCode,
             2);
}

void TestCliTrain::fourServicesInOneCommit() {
    const QString before = TestRepos::revParse(bare(), u"main"_s);
    const Run train = run(u"promote-train"_s, {u"--to"_s, u"prod"_s, u"--json"_s});
    QVERIFY2(train.exitCode == 0, train.err.constData());
    m_train = train.json().object()[u"commit"_s].toString();
    QCOMPARE(TestRepos::revParse(bare(), u"main"_s), m_train);
    QCOMPARE(TestRepos::revParse(bare(), u"main^"_s), before); // one commit, one push
    for (const QString& service : {u"api"_s, u"web"_s, u"cart"_s, u"auth"_s})
        QCOMPARE(tagOf(u"prod"_s, service), u"tag: 1.1.0"_s);
    const QString message = messageOf(m_train);
    QVERIFY2(
        message.startsWith(u"Promote to prod: api 1.1.0, web 1.1.0, cart 1.1.0, auth 1.1.0\n"_s),
        qPrintable(message));
    QCOMPARE(message.count(u"Freightdesk-Stage: "_s), 4);
    QCOMPARE(message.count(u"Freightdesk-Freight: "_s), 4);
    QVERIFY(message.contains(u"Freightdesk-Train: prod"_s));
    QVERIFY(message.contains(u"Freightdesk-Stage: cart-prod"_s));
    QVERIFY(!message.contains(u"search"_s));
    const QString stat =
        TestRepos::git({u"show"_s, u"--stat"_s, u"--format="_s, m_train}, bare()).text();
    QCOMPARE(stat.count(u"env/prod/"_s), 4);

    // Again: everyone is there already, nothing to push.
    const Run again = run(u"promote-train"_s, {u"--to"_s, u"prod"_s});
    QVERIFY2(again.exitCode == 0, again.err.constData());
    QVERIFY(said(again).contains(u"Nothing to promote"_s));
    QCOMPARE(TestRepos::revParse(bare(), u"main"_s), m_train);
}

void TestCliTrain::rollbackToThePreviousFreight() {
    QCOMPARE(run(u"hold"_s, {u"--service"_s, u"api"_s, u"--stage"_s, u"prod"_s, u"--reason"_s,
                             u"bad deploy"_s})
                 .exitCode,
             0);
    const Run held = run(u"rollback"_s, {u"--service"_s, u"api"_s, u"--stage"_s, u"prod"_s});
    QCOMPARE(held.exitCode, 1);
    QVERIFY2(said(held).contains(u"api-prod is held by Rita Release: bad deploy"_s) &&
                 said(held).contains(u"--force-policy"_s),
             qPrintable(said(held)));
    QCOMPARE(TestRepos::revParse(bare(), u"main"_s), m_train);

    // 1.0.0 was never verified in staging in the log, yet a rollback may return to it.
    const Run rolled = run(u"rollback"_s, {u"--service"_s, u"api"_s, u"--stage"_s, u"prod"_s,
                                           u"--force-policy"_s, u"--json"_s});
    QVERIFY2(rolled.exitCode == 0, rolled.err.constData());
    const QString commit = rolled.json().object()[u"commit"_s].toString();
    QCOMPARE(rolled.json().object()[u"rollback"_s][u"from"_s].toString(), u"1.1.0"_s);
    QCOMPARE(TestRepos::revParse(bare(), u"main"_s), commit);
    QCOMPARE(tagOf(u"prod"_s, u"api"_s), u"tag: 1.0.0"_s);
    QCOMPARE(tagOf(u"prod"_s, u"web"_s), u"tag: 1.1.0"_s);
    const QString message = messageOf(commit);
    QVERIFY2(message.startsWith(u"Roll back api-prod to 1.0.0 (from 1.1.0)"_s),
             qPrintable(message));
    QVERIFY(message.contains(u"Freightdesk-Stage: api-prod"_s));
    QVERIFY(message.contains(
        u"Freightdesk-Policy-Overridden: api-prod is held by Rita Release: bad deploy"_s));

    // A freight the stage never ran is for promote, not rollback.
    const Run never = run(u"rollback"_s, {u"--service"_s, u"search"_s, u"--stage"_s, u"prod"_s});
    QCOMPARE(never.exitCode, 1);
    QVERIFY2(said(never).contains(u"nothing to roll back to"_s), qPrintable(said(never)));
}

void TestCliTrain::revertTheTrain() {
    // A held stage refuses a revert as it refuses a rollback (api-prod's hold does not count:
    // the revert leaves api-prod alone, it is back already).
    QCOMPARE(run(u"hold"_s, {u"--service"_s, u"cart"_s, u"--stage"_s, u"prod"_s}).exitCode, 0);
    const Run held = run(u"revert"_s, {u"--commit"_s, m_train});
    QCOMPARE(held.exitCode, 1);
    QVERIFY2(said(held).contains(u"cart-prod is held by Rita Release"_s), qPrintable(said(held)));
    QCOMPARE(run(u"release"_s, {u"--service"_s, u"cart"_s, u"--stage"_s, u"prod"_s}).exitCode, 0);

    // api-prod went back by rollback already; the revert puts back web, cart and auth.
    const Run reverted = run(u"revert"_s, {u"--commit"_s, m_train.left(10), u"--json"_s});
    QVERIFY2(reverted.exitCode == 0, reverted.err.constData());
    const QJsonObject result = reverted.json().object();
    QCOMPARE(result[u"reverts"_s].toString(), m_train);
    QCOMPARE(result[u"alreadyBack"_s].toArray().size(), 1);
    QCOMPARE(result[u"files"_s].toArray().size(), 3);
    for (const QString& service : {u"api"_s, u"web"_s, u"cart"_s, u"auth"_s})
        QCOMPARE(tagOf(u"prod"_s, service), u"tag: 1.0.0"_s);
    QCOMPARE(tagOf(u"prod"_s, u"search"_s), u"tag: 1.1.0"_s);
    const QString message = messageOf(u"main"_s);
    QVERIFY2(message.startsWith(u"Revert \"Promote to prod: "_s), qPrintable(message));
    QVERIFY(message.contains(u"Freightdesk-Reverts: "_s + m_train));
    QCOMPARE(message.count(u"Freightdesk-Stage: "_s), 3);

    // A version changed again since is a conflict naming file and key.
    const QString tip = TestRepos::revParse(bare(), u"main"_s);
    QVERIFY(TestRepos::commit(bare(), u"main"_s, {{u"env/prod/web.yaml"_s, values("1.2.0")}}));
    const Run conflict = run(u"revert"_s, {u"--commit"_s, tip});
    QCOMPARE(conflict.exitCode, 1);
    QVERIFY2(said(conflict).contains(u"env/prod/web.yaml: image.tag was changed again"_s),
             qPrintable(said(conflict)));
}

QTEST_GUILESS_MAIN(TestCliTrain)
#include "tst_clitrain.moc"

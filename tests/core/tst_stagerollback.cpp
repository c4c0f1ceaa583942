#include "githistory.h"
#include "stagerollback.h"
#include "testrepos.h"

#include <QTemporaryDir>
#include <QTest>

using namespace fd::core;
using namespace fd::testsupport;
using namespace Qt::Literals::StringLiterals;

namespace {

const QDateTime now(QDate(2026, 11, 2), QTime(9, 0), Qt::UTC);

QByteArray values(const QByteArray& tag, int replicas = 2) {
    return "image:\n  tag: " + tag + "\nreplicaCount: " + QByteArray::number(replicas) + '\n';
}

PipelineStage stage(const QString& environment, QStringList upstream) {
    PipelineStage result;
    result.name = u"api-"_s + environment;
    result.service = u"api"_s;
    result.environment = environment;
    result.direct = upstream.isEmpty();
    result.upstream = std::move(upstream);
    PipelineTarget target;
    target.file = u"env/%1/api.yaml"_s.arg(environment);
    target.key = u"image.tag"_s;
    target.value = u"imageFrom(ghcr.io/acme/api).Tag"_s;
    result.targets = {target};
    return result;
}

Freight freight(const QString& tag, int day) {
    return Freight::make(u"api"_s, u"api"_s,
                         {FreightArtifact::image(u"ghcr.io/acme/api"_s, tag, u"sha256:"_s + tag)},
                         QDateTime(QDate(2026, 10, day), QTime(8, 0), Qt::UTC));
}

PromotionEvent hold(const QString& stage) {
    PromotionEvent event;
    event.kind = PromotionEvent::Kind::Held;
    event.at = now.addSecs(-60);
    event.stage = stage;
    event.byName = u"Ada"_s;
    event.reason = u"incident"_s;
    return event;
}

} // namespace

/**
 * Rollbacks over a real history: api-prod ran 1.0.0, then 1.1.0, then 1.2.0 (and was scaled
 * after that); api-staging only ever ran 1.2.0. prod wants approvals and a soak in staging,
 * neither of which a rollback asks for.
 */
class TestStageRollback final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_root;
    Pipeline m_pipeline;
    std::optional<VersionHistory> m_history;
    QList<Freight> m_freight{freight(u"1.3.0"_s, 4), freight(u"1.2.0"_s, 3), freight(u"1.1.0"_s, 2),
                             freight(u"1.0.0"_s, 1)};

    Result<RollbackPlan> plan(const QString& stage, const QString& ref = {},
                              const QList<PromotionEvent>& events = {}) const {
        const PromotionRules rules(m_pipeline, events);
        return StageRollback(m_pipeline, *m_history, m_freight, rules).plan(stage, ref, now);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_root.isValid());
        TestRepos::isolateEnvironment(m_root.path());
        m_pipeline.services = {{u"api"_s, u"ghcr.io/acme/api"_s, {}, {}, {}}};
        m_pipeline.stages = {stage(u"staging"_s, {}), stage(u"prod"_s, {u"api-staging"_s})};
        m_pipeline.stages[1].policy.requiredApprovals = 2;
        m_pipeline.stages[1].policy.soakTime = std::chrono::hours(24);
        const QString repo = m_root.filePath(u"repo.git"_s);
        QVERIFY(TestRepos::createBare(repo, {{u"env/staging/api.yaml"_s, values("1.2.0")},
                                             {u"env/prod/api.yaml"_s, values("1.0.0")}}));
        for (const QByteArray& tag : {QByteArray("1.1.0"), QByteArray("1.2.0")})
            QVERIFY(TestRepos::commit(repo, u"main"_s, {{u"env/prod/api.yaml"_s, values(tag)}},
                                      u"Promote api "_s + QString::fromLatin1(tag)));
        QVERIFY(TestRepos::commit(repo, u"main"_s, {{u"env/prod/api.yaml"_s, values("1.2.0", 4)}}));
        auto git = GitHistory::open(repo);
        QVERIFY(git);
        auto history =
            VersionHistory::load(**git, TestRepos::revParse(repo, u"main"_s), m_pipeline);
        QVERIFY2(history, qPrintable(history ? QString() : history.error().toString()));
        m_history = *history;
    }

    void backToThePreviousFreight() {
        const auto rollback = plan(u"api-prod"_s);
        QVERIFY2(rollback, qPrintable(rollback ? QString() : rollback.error().toString()));
        QCOMPARE(rollback->fromVersion, u"1.2.0"_s);
        QCOMPARE(rollback->freight.id, m_freight[2].id);
        QCOMPARE(rollback->edits.size(), 1);
        QCOMPARE(rollback->edits[0].value, u"1.1.0"_s);
        QVERIFY(rollback->blocker.isEmpty());

        const PushRequest request = rollback->request(u"main"_s, false);
        QCOMPARE(request.message, u"Roll back api-prod to 1.1.0 (from 1.2.0)"_s);
        QVERIFY(request.trailers.contains(std::pair(u"Freightdesk-Stage"_s, u"api-prod"_s)));
        QVERIFY(request.trailers.contains(std::pair(u"Freightdesk-Rollback-From"_s, u"1.2.0"_s)));
    }

    void toAFreightItRanOnce_data() {
        QTest::addColumn<QString>("ref");
        QTest::addColumn<QString>("mentions"); // empty: planned
        QTest::newRow("ran before") << u"1.0.0"_s << QString();
        QTest::newRow("never ran") << u"1.3.0"_s << u"api-prod never ran 1.3.0"_s;
        QTest::newRow("runs now") << u"1.2.0"_s << u"api-prod already runs 1.2.0"_s;
        QTest::newRow("unknown") << u"9.9.9"_s << u"9.9.9"_s;
    }

    void toAFreightItRanOnce() {
        QFETCH(QString, ref);
        QFETCH(QString, mentions);
        const auto rollback = plan(u"api-prod"_s, ref);
        if (mentions.isEmpty()) {
            QVERIFY(rollback);
            QCOMPARE(rollback->edits[0].value, ref);
            return;
        }
        QVERIFY(!rollback);
        QVERIFY2(rollback.error().message.contains(mentions), qPrintable(rollback.error().message));
    }

    void holdsAndFreezesAreBlockers() {
        auto rollback = plan(u"api-prod"_s, {}, {hold(u"api-prod"_s)});
        QVERIFY(rollback);
        QCOMPARE(rollback->blocker, u"api-prod is held by Ada: incident"_s);
        QVERIFY(rollback->request(u"main"_s, true)
                    .trailers.contains(std::pair(u"Freightdesk-Policy-Overridden"_s,
                                                 u"api-prod is held by Ada: incident"_s)));
        QVERIFY(!rollback->request(u"main"_s, false)
                     .trailers.contains(std::pair(u"Freightdesk-Policy-Overridden"_s,
                                                  u"api-prod is held by Ada: incident"_s)));

        FreezeWindow freeze;
        freeze.from = now.addSecs(-3600);
        freeze.until = now.addSecs(3600);
        freeze.reason = u"Black Friday"_s;
        m_pipeline.stages[1].policy.freezes = {freeze};
        rollback = plan(u"api-prod"_s);
        m_pipeline.stages[1].policy.freezes.clear();
        QVERIFY(rollback);
        QVERIFY2(rollback->blocker.startsWith(u"api-prod is frozen until "_s) &&
                     rollback->blocker.endsWith(u": Black Friday"_s),
                 qPrintable(rollback->blocker));
    }

    void nothingToGoBackTo() {
        const auto rollback = plan(u"api-staging"_s);
        QVERIFY(!rollback);
        QCOMPARE(rollback.error().kind, Error::Kind::NotFound);
        QCOMPARE(rollback.error().message,
                 u"api-staging has run nothing but 1.2.0: there is nothing to roll back to"_s);
    }

    void thePreviousVersionIsNoKnownFreight() {
        const QList<Freight> all = m_freight;
        m_freight.removeAt(2); // 1.1.0
        const auto rollback = plan(u"api-prod"_s);
        m_freight = all;
        QVERIFY(!rollback);
        QVERIFY2(rollback.error().message.contains(u"api-prod ran 1.1.0 before 1.2.0 (set in "_s) &&
                     rollback.error().message.contains(u"freightdesk-cli freight"_s),
                 qPrintable(rollback.error().message));
    }
};

QTEST_GUILESS_MAIN(TestStageRollback)
#include "tst_stagerollback.moc"

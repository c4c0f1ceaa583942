#include "autopromotion.h"
#include "freightstages.h"
#include "promotionrules.h"

#include <QTest>

using namespace fd::core;
using namespace Qt::Literals::StringLiterals;
using Action = StageDecision::Action;
using Kind = PromotionEvent::Kind;

namespace {

const QDateTime start(QDate(2026, 11, 2), QTime(9, 0), Qt::UTC);

PipelineStage stage(const QString& name, QStringList upstream, bool autoPromotion,
                    int approvals = 0) {
    PipelineStage result;
    result.name = name;
    result.service = u"web"_s;
    result.environment = name;
    result.direct = upstream.isEmpty();
    result.upstream = std::move(upstream);
    result.policy.autoPromotion = autoPromotion;
    result.policy.requiredApprovals = approvals;
    result.argocdApps = {u"web-"_s + name};
    return result;
}

Pipeline pipeline() {
    Pipeline result;
    result.services = {{u"web"_s, u"ghcr.io/acme/web"_s, {}, {}, {}}};
    result.stages = {stage(u"dev"_s, {}, true), stage(u"staging"_s, {u"dev"_s}, true),
                     stage(u"prod"_s, {u"staging"_s}, true, 1)};
    result.stages[1].policy.soakTime = std::chrono::hours(1);
    return result;
}

Freight web(const QString& tag) {
    return Freight::make(u"web"_s, u"web"_s,
                         {FreightArtifact::image(u"ghcr.io/acme/web"_s, tag, u"sha256:"_s + tag)},
                         start);
}

VersionRecord record(const QString& stage, const QString& version, const QString& commit) {
    return {stage,
            u"web"_s,
            stage,
            version,
            u"env/%1/values.yaml"_s.arg(stage),
            commit,
            u"Ada"_s,
            u"ada@example.com"_s,
            start,
            u"a change"_s};
}

PromotionEvent logged(Kind kind, const QString& tag, const QString& stage, int minutes) {
    PromotionEvent result;
    result.kind = kind;
    result.service = u"web"_s;
    result.stage = stage;
    result.freightId = web(tag).id;
    result.freightAlias = web(tag).alias;
    result.at = start.addSecs(minutes * 60);
    result.byName = u"ada"_s;
    result.byEmail = u"ada@example.com"_s;
    result.reason = u"it said so"_s;
    return result;
}

/** The repository's state: what each stage runs (and ran), the freight known, the log. */
struct Scene final {
    Pipeline pipeline = ::pipeline();
    QList<Freight> freight{web(u"1.2.0"_s), web(u"1.1.0"_s), web(u"1.0.0"_s)};
    QList<VersionRecord> changes; // newest first
    QList<PromotionEvent> events;

    void runs(const QString& stage, const QString& tag) {
        changes.prepend(record(stage, tag, u"c%1-%2"_s.arg(changes.size()).arg(tag)));
    }

    QHash<QString, StageDecision> decide(int minutes) const {
        QList<VersionRecord> current;
        for (const PipelineStage& each : pipeline.stages) {
            const auto it =
                std::find_if(changes.cbegin(), changes.cend(),
                             [&](const VersionRecord& r) { return r.stage == each.name; });
            current.append(it == changes.cend() ? record(each.name, {}, {}) : *it);
        }
        QList<Freight> marked = freight;
        markCurrentStages(marked, current);
        PromotionRules(pipeline, events).applyTo(marked);
        QHash<QString, StageDecision> byStage;
        const QList<StageDecision> decisions = AutoPromotion(pipeline, current, changes, events)
                                                   .decide(marked, start.addSecs(minutes * 60));
        for (const StageDecision& decision : decisions)
            byStage.insert(decision.stage, decision);
        return byStage;
    }
};

/** Every stage on 1.0.0, verified everywhere. */
Scene settled() {
    Scene scene;
    for (const QString& name : {u"dev"_s, u"staging"_s, u"prod"_s}) {
        scene.runs(name, u"1.0.0"_s);
        scene.events.append(logged(Kind::Verified, u"1.0.0"_s, name, -600));
    }
    return scene;
}

} // namespace

class TestAutoPromotion final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void newestFreightEntersTheDirectStage() {
        const auto decided = settled().decide(0);
        QCOMPARE(decided[u"dev"_s].action, Action::Promote);
        QCOMPARE(decided[u"dev"_s].freight.alias, web(u"1.2.0"_s).alias);
        QCOMPARE(decided[u"staging"_s].action, Action::None);
        QVERIFY2(decided[u"staging"_s].reason.contains(u"not verified in dev"_s),
                 qPrintable(decided[u"staging"_s].reason));
        QCOMPARE(decided[u"prod"_s].action, Action::None);
    }

    void downstreamWaitsForVerificationAndSoak() {
        Scene scene = settled();
        scene.runs(u"dev"_s, u"1.2.0"_s);
        scene.events.append(logged(Kind::Promoted, u"1.2.0"_s, u"dev"_s, 0));
        scene.events.append(logged(Kind::Verified, u"1.2.0"_s, u"dev"_s, 0));
        auto decided = scene.decide(30);
        QCOMPARE(decided[u"dev"_s].action, Action::None);
        QCOMPARE(decided[u"staging"_s].action, Action::None);
        QVERIFY2(decided[u"staging"_s].reason.contains(u"soaking"_s),
                 qPrintable(decided[u"staging"_s].reason));
        decided = scene.decide(61);
        QCOMPARE(decided[u"staging"_s].action, Action::Promote);
        QCOMPARE(decided[u"staging"_s].freight.alias, web(u"1.2.0"_s).alias);
    }

    void approvalGatesTheProtectedStage() {
        Scene scene = settled();
        for (const QString& name : {u"dev"_s, u"staging"_s}) {
            scene.runs(name, u"1.1.0"_s);
            scene.events.append(logged(Kind::Verified, u"1.1.0"_s, name, 0));
        }
        scene.freight.removeFirst(); // 1.2.0 not discovered yet
        auto decided = scene.decide(120);
        QCOMPARE(decided[u"prod"_s].action, Action::None);
        QVERIFY2(decided[u"prod"_s].reason.contains(u"approval"_s),
                 qPrintable(decided[u"prod"_s].reason));
        scene.events.append(logged(Kind::Approved, u"1.1.0"_s, u"prod"_s, 121));
        decided = scene.decide(122);
        QCOMPARE(decided[u"prod"_s].action, Action::Promote);
    }

    void neverBackwardsNorBackToWhatWasLeft() {
        Scene scene = settled();
        // dev ran 1.2.0, then a person rolled it back to 1.0.0.
        scene.runs(u"dev"_s, u"1.2.0"_s);
        scene.runs(u"dev"_s, u"1.0.0"_s);
        auto decided = scene.decide(0);
        QCOMPARE(decided[u"dev"_s].action, Action::Promote); // 1.1.0 still moves
        QCOMPARE(decided[u"dev"_s].freight.alias, web(u"1.1.0"_s).alias);
        QVERIFY2(decided[u"dev"_s].reason.contains(u"ran here before"_s),
                 qPrintable(decided[u"dev"_s].reason));
        scene.freight.removeAt(1);
        decided = scene.decide(0);
        QCOMPARE(decided[u"dev"_s].action, Action::None);
        QVERIFY2(decided[u"dev"_s].reason.contains(u"ran here before"_s),
                 qPrintable(decided[u"dev"_s].reason));

        Scene newer = settled();
        newer.runs(u"staging"_s, u"1.2.0"_s); // a person put staging ahead
        newer.events.append(logged(Kind::Verified, u"1.2.0"_s, u"staging"_s, 0));
        newer.events.append(logged(Kind::Verified, u"1.1.0"_s, u"dev"_s, -120));
        decided = newer.decide(0);
        QCOMPARE(decided[u"staging"_s].action, Action::None);
    }

    void whatFailedIsNotTriedAgain_data() {
        QTest::addColumn<Kind>("kind");
        QTest::newRow("promotion-failed") << Kind::PromotionFailed;
        QTest::newRow("verification-failed") << Kind::VerificationFailed;
        QTest::newRow("aborted") << Kind::Aborted;
    }

    void whatFailedIsNotTriedAgain() {
        QFETCH(Kind, kind);
        Scene scene = settled();
        scene.events.append(logged(kind, u"1.2.0"_s, u"dev"_s, 0));
        auto decided = scene.decide(5);
        QCOMPARE(decided[u"dev"_s].action, Action::Promote);
        QCOMPARE(decided[u"dev"_s].freight.alias, web(u"1.1.0"_s).alias);
        QVERIFY2(decided[u"dev"_s].reason.contains(PromotionEvent::kindName(kind)),
                 qPrintable(decided[u"dev"_s].reason));
        scene.freight.removeAt(1); // nothing newer than what runs but the failed one
        decided = scene.decide(5);
        QCOMPARE(decided[u"dev"_s].action, Action::None);
        QVERIFY2(decided[u"dev"_s].reason.contains(PromotionEvent::kindName(kind)),
                 qPrintable(decided[u"dev"_s].reason));
    }

    void heldOrAutoOffStagesStay() {
        Scene scene = settled();
        scene.events.append(logged(Kind::Held, u"1.0.0"_s, u"dev"_s, 0));
        auto decided = scene.decide(1);
        QCOMPARE(decided[u"dev"_s].action, Action::None);
        QVERIFY2(decided[u"dev"_s].reason.contains(u"held"_s),
                 qPrintable(decided[u"dev"_s].reason));

        Scene manual = settled();
        manual.pipeline.stages[0].policy.autoPromotion = false;
        decided = manual.decide(0);
        QCOMPARE(decided[u"dev"_s].action, Action::None);
        QCOMPARE(decided[u"dev"_s].reason, u"auto-promotion is off"_s);

        Scene readOnly = settled();
        readOnly.pipeline.stages[0].readOnly = true;
        readOnly.pipeline.stages[0].readOnlyReason = u"its step is not supported"_s;
        QCOMPARE(readOnly.decide(0)[u"dev"_s].action, Action::None);
    }

    void unverifiedFreightIsVerified() {
        Scene scene = settled();
        scene.pipeline.stages[0].policy.autoPromotion = false;
        scene.runs(u"dev"_s, u"1.2.0"_s); // a person promoted without following it
        auto decided = scene.decide(0);
        QCOMPARE(decided[u"dev"_s].action, Action::Verify);
        QCOMPARE(decided[u"dev"_s].freight.alias, web(u"1.2.0"_s).alias);
        QCOMPARE(decided[u"dev"_s].commit, scene.changes.first().commit);

        scene.events.append(logged(Kind::VerificationFailed, u"1.2.0"_s, u"dev"_s, 1));
        QCOMPARE(scene.decide(2)[u"dev"_s].action, Action::None);

        Scene manual = settled();
        manual.pipeline.stages[0].policy.verification.manual = true;
        manual.runs(u"dev"_s, u"1.2.0"_s);
        decided = manual.decide(0);
        QCOMPARE(decided[u"dev"_s].action, Action::None);
        QVERIFY2(decided[u"dev"_s].reason.contains(u"a person"_s),
                 qPrintable(decided[u"dev"_s].reason));
    }

    void stageWithoutFreightSaysSo() {
        Scene scene = settled();
        scene.freight.clear();
        const auto decided = scene.decide(0);
        QCOMPARE(decided[u"dev"_s].action, Action::None);
        QVERIFY(decided[u"dev"_s].reason.contains(u"no freight"_s));
    }
};

QTEST_GUILESS_MAIN(TestAutoPromotion)
#include "tst_autopromotion.moc"

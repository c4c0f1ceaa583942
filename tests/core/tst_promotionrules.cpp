#include "promotionrules.h"

#include <QTest>

using namespace fd::core;
using namespace Qt::Literals::StringLiterals;

namespace {

const QDateTime start(QDate(2026, 11, 2), QTime(9, 0), Qt::UTC);

PipelineStage stage(const QString& name, QStringList upstream, int approvals = 0,
                    std::chrono::seconds soak = std::chrono::seconds(0),
                    const QString& availability = {}) {
    PipelineStage result;
    result.name = name;
    result.service = u"web"_s;
    result.environment = name.section(u'-', 1);
    result.direct = upstream.isEmpty();
    result.upstream = std::move(upstream);
    result.availability = availability;
    result.policy.requiredApprovals = approvals;
    result.policy.soakTime = soak;
    return result;
}

Pipeline pipeline() {
    Pipeline result;
    result.services = {{u"web"_s, u"ghcr.io/acme/web"_s, {}, {}, {}}};
    result.stages = {stage(u"web-dev"_s, {}),
                     stage(u"web-qa"_s, {}),
                     stage(u"web-staging"_s, {u"web-dev"_s}, 0, std::chrono::hours(1)),
                     stage(u"web-prod"_s, {u"web-staging"_s}, 2),
                     stage(u"web-all"_s, {u"web-dev"_s, u"web-qa"_s}, 0, {}, u"All"_s),
                     stage(u"web-any"_s, {u"web-dev"_s, u"web-qa"_s}, 0, {}, u"OneOf"_s)};
    return result;
}

Freight web(const QString& tag) {
    return Freight::make(u"web"_s, u"web"_s,
                         {FreightArtifact::image(u"ghcr.io/acme/web"_s, tag, u"sha256:"_s + tag)},
                         start);
}

PromotionEvent logged(PromotionEvent::Kind kind, const Freight& freight, const QString& stage,
                      int minutes, const QString& who = u"ada@example.com"_s) {
    PromotionEvent result;
    result.kind = kind;
    result.service = u"web"_s;
    result.stage = stage;
    result.freightId = freight.id;
    result.freightAlias = freight.alias;
    result.at = start.addSecs(minutes * 60);
    result.byName = who.section(u'@', 0, 0);
    result.byEmail = who;
    return result;
}

QDateTime minutes(int count) {
    return start.addSecs(count * 60);
}

using Kind = PromotionEvent::Kind;

} // namespace

class TestPromotionRules final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void directStagesTakeAnyFreight() {
        const Pipeline model = pipeline();
        const PromotionRules rules(model, {});
        const FreightStanding standing = rules.standing(web(u"1.0.0"_s), u"web-dev"_s, start);
        QVERIFY(standing.available);
        QVERIFY(standing.promotable);
        QVERIFY(standing.reason.isEmpty());
    }

    void upstreamVerificationAndSoak() {
        const Pipeline model = pipeline();
        const Freight freight = web(u"1.0.0"_s);
        PromotionRules none(model, {});
        FreightStanding standing = none.standing(freight, u"web-staging"_s, minutes(10));
        QVERIFY(!standing.available);
        QCOMPARE(standing.reason, u"not verified in web-dev yet"_s);

        const PromotionRules verified(model, {logged(Kind::Verified, freight, u"web-dev"_s, 10)});
        standing = verified.standing(freight, u"web-staging"_s, minutes(30));
        QVERIFY(!standing.available);
        QCOMPARE(standing.availableFrom, minutes(70));
        QVERIFY(standing.reason.startsWith(u"soaking upstream until 2026-11-02T10:10:00Z"_s));
        standing = verified.standing(freight, u"web-staging"_s, minutes(70));
        QVERIFY(standing.available);
        QVERIFY(standing.promotable);

        // A later failed verification takes it back.
        const PromotionRules failed(model,
                                    {logged(Kind::Verified, freight, u"web-dev"_s, 10),
                                     logged(Kind::VerificationFailed, freight, u"web-dev"_s, 20)});
        QVERIFY(!failed.standing(freight, u"web-staging"_s, minutes(200)).available);
        QVERIFY(failed.standing(freight, u"web-dev"_s, minutes(200)).verificationFailed);
        // Another freight's verification says nothing about this one.
        const PromotionRules other(model,
                                   {logged(Kind::Verified, web(u"2.0.0"_s), u"web-dev"_s, 10)});
        QVERIFY(!other.standing(freight, u"web-staging"_s, minutes(200)).available);
    }

    void approvalMakesAvailableAndCountsPeople() {
        const Pipeline model = pipeline();
        const Freight freight = web(u"1.0.0"_s);
        // Approved for prod without being verified in staging: available (Kargo's manual
        // approval), but prod wants two distinct people.
        PromotionRules one(model, {logged(Kind::Approved, freight, u"web-prod"_s, 5),
                                   logged(Kind::Approved, freight, u"web-prod"_s, 6)});
        FreightStanding standing = one.standing(freight, u"web-prod"_s, minutes(10));
        QVERIFY(standing.available);
        QCOMPARE(standing.approvers, QStringList{u"ada@example.com"_s});
        QCOMPARE(standing.approvalsMissing, 1);
        QVERIFY(!standing.promotable);
        QVERIFY(standing.reason.contains(u"1 more approval"_s));

        PromotionRules two(
            model, {logged(Kind::Approved, freight, u"web-prod"_s, 5),
                    logged(Kind::Approved, freight, u"web-prod"_s, 6, u"Bob@Example.com"_s)});
        QVERIFY(two.standing(freight, u"web-prod"_s, minutes(10)).promotable);
        // The promoter's own approval does not count towards their promotion.
        standing = two.standing(freight, u"web-prod"_s, minutes(10), u"bob@example.com"_s);
        QCOMPARE(standing.approvalsMissing, 1);
        QVERIFY(standing.reason.contains(u"someone other than the promoter"_s));
    }

    void fanInAllOrOneOf() {
        const Pipeline model = pipeline();
        const Freight freight = web(u"1.0.0"_s);
        const PromotionRules devOnly(model, {logged(Kind::Verified, freight, u"web-dev"_s, 1)});
        QVERIFY(!devOnly.standing(freight, u"web-all"_s, minutes(5)).available);
        QCOMPARE(devOnly.standing(freight, u"web-all"_s, minutes(5)).reason,
                 u"not verified in web-qa yet"_s);
        QVERIFY(devOnly.standing(freight, u"web-any"_s, minutes(5)).available);
        const PromotionRules both(model, {logged(Kind::Verified, freight, u"web-dev"_s, 1),
                                          logged(Kind::Verified, freight, u"web-qa"_s, 2)});
        QVERIFY(both.standing(freight, u"web-all"_s, minutes(5)).available);
        const PromotionRules neither(model, {});
        QCOMPARE(neither.standing(freight, u"web-any"_s, minutes(5)).reason,
                 u"not verified in web-dev or web-qa yet"_s);
    }

    void holdsStopPromotionUntilReleased() {
        const Pipeline model = pipeline();
        const Freight freight = web(u"1.0.0"_s);
        PromotionEvent held = logged(Kind::Held, freight, u"web-dev"_s, 1);
        held.reason = u"incident 77"_s;
        const PromotionRules holding(model, {held});
        FreightStanding standing = holding.standing(web(u"2.0.0"_s), u"web-dev"_s, minutes(5));
        QVERIFY(standing.available);
        QVERIFY(!standing.promotable);
        QCOMPARE(standing.reason, u"web-dev is held by ada: incident 77"_s);
        QVERIFY(holding.hold(u"web-dev"_s));
        QVERIFY(!holding.hold(u"web-prod"_s));

        const PromotionRules released(model,
                                      {held, logged(Kind::Released, freight, u"web-dev"_s, 3),
                                       logged(Kind::Held, freight, u"web-prod"_s, 4)});
        QVERIFY(released.standing(web(u"2.0.0"_s), u"web-dev"_s, minutes(5)).promotable);
        QVERIFY(!released.hold(u"web-dev"_s));
        // Events are taken in time order, whatever order the log gave them in.
        const PromotionRules shuffled(model,
                                      {logged(Kind::Released, freight, u"web-dev"_s, 3), held});
        QVERIFY(!shuffled.hold(u"web-dev"_s));
    }

    void freightStatesFromTheLog() {
        const Pipeline model = pipeline();
        QList<Freight> freight{web(u"2.0.0"_s), web(u"1.0.0"_s)};
        freight[1].stages[u"web-dev"_s].current = true;
        const PromotionRules rules(model, {logged(Kind::Verified, freight[1], u"web-dev"_s, 1),
                                           logged(Kind::Approved, freight[0], u"web-prod"_s, 2)});
        rules.applyTo(freight);
        QVERIFY(freight[1].stages.value(u"web-dev"_s).verified);
        QVERIFY(freight[1].stages.value(u"web-dev"_s).current);
        QVERIFY(freight[0].stages.value(u"web-prod"_s).approved);
        QVERIFY(!freight[0].stages.value(u"web-prod"_s).verified);
        QVERIFY(!freight[0].stages.contains(u"web-dev"_s));
    }

    void freezeWindows() {
        Pipeline model = pipeline();
        FreezeWindow holidays;
        holidays.from = QDateTime(QDate(2026, 12, 20), QTime(0, 0), Qt::UTC);
        holidays.until = QDateTime(QDate(2027, 1, 4), QTime(8, 0), Qt::UTC);
        holidays.reason = u"Holiday freeze"_s;
        auto weekend = FreezeWindow::parseWeekly(u"Fri 16:00 - Mon 08:00"_s, u"Europe/Berlin"_s);
        QVERIFY(weekend);
        model.stages[0].policy.freezes = {holidays, *weekend};
        const PromotionRules rules(model, {});
        const Freight freight = web(u"1.0.0"_s);
        const auto at = [](int month, int day, int hour) {
            return QDateTime(QDate(2026, month, day), QTime(hour, 0), Qt::UTC);
        };
        FreightStanding standing = rules.standing(freight, u"web-dev"_s, at(12, 24, 10));
        QVERIFY(!standing.promotable);
        QCOMPARE(standing.reason,
                 u"web-dev is frozen until 2027-01-04T08:00:00Z: Holiday freeze"_s);
        // Wednesday 2 December: open. Saturday 5 December: frozen until Monday 08:00 in Berlin
        // (07:00 UTC in winter). Friday 4 December 14:59 UTC is 15:59 in Berlin: still open.
        QVERIFY(rules.standing(freight, u"web-dev"_s, at(12, 2, 12)).promotable);
        standing = rules.standing(freight, u"web-dev"_s, at(12, 5, 12));
        QCOMPARE(standing.reason, u"web-dev is frozen until 2026-12-07T07:00:00Z"_s);
        QVERIFY(rules.standing(freight, u"web-dev"_s, at(12, 4, 14)).promotable);
        QVERIFY(!rules.standing(freight, u"web-dev"_s, at(12, 4, 15)).promotable);
        QVERIFY(rules.standing(freight, u"web-dev"_s, at(12, 7, 7)).promotable);
        // Summer time: Monday 08:00 in Berlin is 06:00 UTC.
        QCOMPARE(weekend->endOf(at(7, 4, 12)), at(7, 6, 6));
        // A window inside one week (no wrap) and the words it refuses.
        const auto lunch = FreezeWindow::parseWeekly(u"wednesday 12:00 - Wed 13:30"_s, {});
        QVERIFY(lunch);
        QVERIFY(lunch->contains(at(12, 2, 12)));
        QVERIFY(!lunch->contains(at(12, 2, 14)));
        QVERIFY(!FreezeWindow::parseWeekly(u"weekends"_s, {}));
        QVERIFY(!FreezeWindow::parseWeekly(u"Fri 16:00 - Mon 08:00"_s, u"Mars/Olympus"_s));
    }

    void unknownStage() {
        const Pipeline model = pipeline();
        const PromotionRules rules(model, {});
        const FreightStanding standing = rules.standing(web(u"1.0.0"_s), u"web-nope"_s, start);
        QVERIFY(!standing.promotable);
        QVERIFY(standing.reason.contains(u"web-nope"_s));
    }
};

QTEST_GUILESS_MAIN(TestPromotionRules)
#include "tst_promotionrules.moc"

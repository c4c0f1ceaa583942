#include "releasetrain.h"

#include <QTest>

using namespace fd::core;
using namespace Qt::Literals::StringLiterals;

namespace {

const QDateTime now(QDate(2026, 11, 2), QTime(9, 0), Qt::UTC);

PipelineStage stage(const QString& service, const QString& environment, QStringList upstream,
                    const QString& name = {}) {
    PipelineStage result;
    result.name = name.isEmpty() ? service + u'-' + environment : name;
    result.service = service;
    result.environment = environment;
    result.direct = upstream.isEmpty();
    result.upstream = std::move(upstream);
    PipelineTarget target;
    target.file = u"env/%1/%2.yaml"_s.arg(result.name.section(u'-', 1), service);
    target.key = u"image.tag"_s;
    target.value = u"imageFrom(ghcr.io/acme/%1).Tag"_s.arg(service);
    result.targets = {target};
    return result;
}

Freight freight(const QString& service, const QString& tag) {
    return Freight::make(
        service, service,
        {FreightArtifact::image(u"ghcr.io/acme/"_s + service, tag, u"sha256:"_s + service + tag)},
        now.addDays(-1));
}

VersionRecord running(const QString& stage, const QString& version) {
    VersionRecord record;
    record.stage = stage;
    record.service = stage.section(u'-', 0, 0);
    record.version = version;
    return record;
}

PromotionEvent verified(const Freight& freight, const QString& stage) {
    PromotionEvent event;
    event.kind = PromotionEvent::Kind::Verified;
    event.at = now.addSecs(-3600);
    event.service = freight.service;
    event.stage = stage;
    event.freightId = freight.id;
    event.byName = u"Ada"_s;
    event.byEmail = u"ada@example.com"_s;
    return event;
}

/** What each car does, "stage:action:version or reason fragment", for one comparison. */
QStringList summary(const TrainPlan& plan) {
    QStringList lines;
    for (const TrainCar& car : plan.cars)
        lines.append(u"%1:%2:%3"_s.arg(car.stage, car.actionName(),
                                       car.freight ? car.freight->artifacts[0].tag : u"-"_s));
    return lines;
}

/** The services, their stages, versions, freight and log of one test. */
struct Setup final {
    Pipeline pipeline;
    QList<VersionRecord> current;
    QList<Freight> freight;
    QList<PromotionEvent> events;

    Result<TrainPlan> plan(const TrainRequest& request) const {
        const PromotionRules rules(pipeline, events);
        return ReleaseTrain(pipeline, current, freight, rules)
            .plan(request, now, u"rita@example.com"_s);
    }
};

/** api, web, db and auth through dev → staging → prod; db goes from dev to prod directly. */
Setup linear() {
    Setup setup;
    for (const QString& service : {u"api"_s, u"web"_s, u"db"_s, u"auth"_s}) {
        setup.pipeline.services.append({service, u"ghcr.io/acme/"_s + service, {}, {}, {}});
        setup.pipeline.stages.append(stage(service, u"dev"_s, {}));
        const QString upstream = service + (service == u"db"_s ? u"-dev"_s : u"-staging"_s);
        if (service != u"db"_s)
            setup.pipeline.stages.append(stage(service, u"staging"_s, {service + u"-dev"_s}));
        setup.pipeline.stages.append(stage(service, u"prod"_s, {upstream}));
        const Freight older = freight(service, u"1.0.0"_s);
        const Freight newer = freight(service, u"1.1.0"_s);
        setup.freight << newer << older;
        setup.current << running(service + u"-dev"_s, u"1.1.0"_s)
                      << running(service + u"-prod"_s, u"1.0.0"_s);
        if (service != u"db"_s)
            setup.current << running(service + u"-staging"_s, u"1.1.0"_s);
        setup.events << verified(newer, upstream);
    }
    return setup;
}

} // namespace

class TestReleaseTrain final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyServiceTakesWhatItsUpstreamRuns() {
        const Setup setup = linear();
        const auto plan = setup.plan({u"prod"_s, {}, {}});
        QVERIFY2(plan, qPrintable(plan ? QString() : plan.error().message));
        QCOMPARE(summary(*plan),
                 (QStringList{u"api-prod:promote:1.1.0"_s, u"web-prod:promote:1.1.0"_s,
                              u"db-prod:promote:1.1.0"_s, u"auth-prod:promote:1.1.0"_s}));
        QVERIFY(!plan->refused());
        QCOMPARE(plan->cars[0].from, QStringList{u"api-staging"_s});
        QCOMPARE(plan->cars[2].from, QStringList{u"db-dev"_s});
        QCOMPARE(plan->cars[0].currentVersion, u"1.0.0"_s);
        QCOMPARE(plan->edits().size(), 4);
        QCOMPARE(plan->edits()[1].path, u"env/prod/web.yaml"_s);
        QCOMPARE(plan->edits()[1].value, u"1.1.0"_s);
    }

    void theCommitNamesEachServiceAndFreight() {
        Setup setup = linear();
        setup.pipeline.stages[2].policy.requiredApprovals = 1; // api-prod
        PromotionEvent approval = verified(setup.freight[0], u"api-prod"_s);
        approval.kind = PromotionEvent::Kind::Approved;
        setup.events.append(approval);
        const auto plan = setup.plan({u"prod"_s, {u"api"_s, u"web"_s}, {}});
        QVERIFY(plan);
        const PushRequest request = plan->request(u"main"_s);
        QCOMPARE(request.branch, u"main"_s);
        QVERIFY2(request.message.startsWith(u"Promote to prod: api 1.1.0, web 1.1.0\n"_s),
                 qPrintable(request.message));
        QVERIFY(request.message.contains(
            u"- web 1.1.0 (%1) into web-prod, from web-staging"_s.arg(setup.freight[2].alias)));
        QStringList keys;
        for (const auto& [key, value] : request.trailers)
            keys.append(key + u'=' + (key.endsWith(u"Alias"_s) ? u"*"_s : value));
        QCOMPARE(keys,
                 (QStringList{u"Freightdesk-Train=prod"_s,
                              u"Freightdesk-Freight="_s + setup.freight[0].id,
                              u"Freightdesk-Freight-Alias=*"_s, u"Freightdesk-Stage=api-prod"_s,
                              u"Freightdesk-Approved-By=ada@example.com"_s,
                              u"Freightdesk-Freight="_s + setup.freight[2].id,
                              u"Freightdesk-Freight-Alias=*"_s, u"Freightdesk-Stage=web-prod"_s}));
    }

    void servicesAlreadyThereAreSkipped() {
        Setup setup = linear();
        setup.current[1].version = u"1.1.0"_s; // api-prod
        const auto plan = setup.plan({u"prod"_s, {}, {}});
        QVERIFY(plan);
        QCOMPARE(plan->cars[0].action, TrainCar::Action::Skip);
        QVERIFY2(plan->cars[0].reason.startsWith(u"already runs 1.1.0"_s),
                 qPrintable(plan->cars[0].reason));
        QVERIFY(!plan->refused());
        QCOMPARE(plan->moving().size(), 3);
        QVERIFY(!plan->request(u"main"_s).message.contains(u"api"_s));
    }

    void oneRefusedServiceRefusesTheTrain() {
        Setup setup = linear();
        setup.events.removeFirst(); // api 1.1.0 no longer verified in api-staging
        PromotionEvent hold = verified(setup.freight[2], u"web-prod"_s);
        hold.kind = PromotionEvent::Kind::Held;
        hold.reason = u"incident"_s;
        setup.events.append(hold);
        const auto plan = setup.plan({u"prod"_s, {}, {}});
        QVERIFY(plan);
        QVERIFY(plan->refused());
        QCOMPARE(summary(*plan),
                 (QStringList{u"api-prod:refuse:1.1.0"_s, u"web-prod:refuse:1.1.0"_s,
                              u"db-prod:promote:1.1.0"_s, u"auth-prod:promote:1.1.0"_s}));
        const QString refusals = plan->refusals();
        QVERIFY2(refusals.contains(u"api (api-prod): "_s) &&
                     refusals.contains(u"not verified in api-staging yet"_s),
                 qPrintable(refusals));
        QVERIFY2(refusals.contains(u"web (web-prod): "_s) &&
                     refusals.contains(u"web-prod is held by Ada: incident"_s),
                 qPrintable(refusals));
        QVERIFY(!refusals.contains(u"db"_s));
    }

    void upstreamWithoutKnownFreightIsRefused() {
        Setup setup = linear();
        setup.current[2].version = u"9.9.9"_s; // api-staging runs something never discovered
        const auto plan = setup.plan({u"prod"_s, {u"api"_s}, {}});
        QVERIFY(plan);
        QCOMPARE(plan->cars.size(), 1);
        QCOMPARE(plan->cars[0].action, TrainCar::Action::Refuse);
        QVERIFY2(
            plan->cars[0].reason.contains(u"api-staging runs 9.9.9, which is no known freight"_s),
            qPrintable(plan->cars[0].reason));
    }

    void fromAnotherEnvironment() {
        Setup setup = linear();
        setup.events.append(verified(setup.freight[1], u"api-dev"_s)); // 1.0.0 went through dev
        const auto plan = setup.plan({u"staging"_s, {u"api"_s}, {u"prod"_s}});
        QVERIFY(plan);
        QCOMPARE(plan->cars[0].from, QStringList{u"api-prod"_s});
        // api-staging runs 1.1.0 and prod 1.0.0: a train from prod moves staging back.
        QCOMPARE(summary(*plan), QStringList{u"api-staging:promote:1.0.0"_s});
        // db has no staging: from staging, db-prod has nothing to take.
        const auto db = setup.plan({u"prod"_s, {u"db"_s}, {u"staging"_s}});
        QVERIFY(db);
        QCOMPARE(db->cars[0].reason, u"db has no stage in staging"_s);
    }

    void warehouseStagesHaveNoUpstream() {
        const auto plan = linear().plan({u"dev"_s, {u"api"_s}, {}});
        QVERIFY(plan);
        QCOMPARE(plan->cars[0].action, TrainCar::Action::Refuse);
        QVERIFY(plan->cars[0].reason.contains(u"straight from the warehouse"_s));
    }

    void fanOutMovesEveryStageOfTheEnvironment() {
        Setup setup;
        setup.pipeline.services = {{u"api"_s, u"ghcr.io/acme/api"_s, {}, {}, {}}};
        setup.pipeline.stages = {stage(u"api"_s, u"dev"_s, {}),
                                 stage(u"api"_s, u"prod"_s, {u"api-dev"_s}, u"api-prodeu"_s),
                                 stage(u"api"_s, u"prod"_s, {u"api-dev"_s}, u"api-produs"_s)};
        setup.freight = {freight(u"api"_s, u"2.0.0"_s), freight(u"api"_s, u"1.0.0"_s)};
        setup.current = {running(u"api-dev"_s, u"2.0.0"_s), running(u"api-prodeu"_s, u"1.0.0"_s),
                         running(u"api-produs"_s, u"2.0.0"_s)};
        setup.events = {verified(setup.freight[0], u"api-dev"_s)};
        const auto plan = setup.plan({u"prod"_s, {}, {}});
        QVERIFY(plan);
        QCOMPARE(summary(*plan),
                 (QStringList{u"api-prodeu:promote:2.0.0"_s, u"api-produs:skip:2.0.0"_s}));
        QCOMPARE(plan->edits()[0].path, u"env/prodeu/api.yaml"_s);
    }

    void fanInWantsOneFreightUpstream() {
        Setup setup;
        setup.pipeline.services = {{u"api"_s, u"ghcr.io/acme/api"_s, {}, {}, {}}};
        setup.pipeline.stages = {stage(u"api"_s, u"test"_s, {}, u"api-testa"_s),
                                 stage(u"api"_s, u"test"_s, {}, u"api-testb"_s),
                                 stage(u"api"_s, u"prod"_s, {u"api-testa"_s, u"api-testb"_s})};
        setup.pipeline.stages[2].availability = u"All"_s;
        setup.freight = {freight(u"api"_s, u"2.0.0"_s), freight(u"api"_s, u"1.0.0"_s)};
        setup.current = {running(u"api-testa"_s, u"2.0.0"_s), running(u"api-testb"_s, u"1.0.0"_s),
                         running(u"api-prod"_s, u"1.0.0"_s)};
        setup.events = {verified(setup.freight[0], u"api-testa"_s),
                        verified(setup.freight[0], u"api-testb"_s)};
        auto plan = setup.plan({u"prod"_s, {}, {}});
        QVERIFY(plan);
        QCOMPARE(plan->cars[0].action, TrainCar::Action::Refuse);
        QCOMPARE(plan->cars[0].from, (QStringList{u"api-testa"_s, u"api-testb"_s}));
        const QString reason = plan->cars[0].reason;
        QVERIFY2(reason.contains(u"api-testa runs 2.0.0 (%1), api-testb runs 1.0.0 (%2)"_s.arg(
                     setup.freight[0].alias, setup.freight[1].alias)),
                 qPrintable(reason));
        QVERIFY(!plan->cars[0].freight);

        setup.current[1].version = u"2.0.0"_s; // both agree now
        plan = setup.plan({u"prod"_s, {}, {}});
        QVERIFY(plan);
        QCOMPARE(summary(*plan), QStringList{u"api-prod:promote:2.0.0"_s});
    }

    void requestErrors_data() {
        QTest::addColumn<QString>("environment");
        QTest::addColumn<QStringList>("services");
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("message");
        QTest::newRow("no environment")
            << QString() << QStringList() << QString() << u"name the environment"_s;
        QTest::newRow("unknown environment")
            << u"qa"_s << QStringList() << QString()
            << u"no stage is in environment \"qa\" (there are: dev, staging, prod)"_s;
        QTest::newRow("unknown from")
            << u"prod"_s << QStringList() << u"qa"_s << u"environment \"qa\""_s;
        QTest::newRow("from itself")
            << u"prod"_s << QStringList() << u"prod"_s << u"it cannot come from there too"_s;
        QTest::newRow("unknown service")
            << u"prod"_s << QStringList{u"cart"_s} << QString()
            << u"no service \"cart\" (there are: api, web, db, auth)"_s;
        QTest::newRow("service not there") << u"staging"_s << QStringList{u"db"_s} << QString()
                                           << u"service db has no stage in staging"_s;
    }

    void requestErrors() {
        QFETCH(QString, environment);
        QFETCH(QStringList, services);
        QFETCH(QString, from);
        QFETCH(QString, message);
        const auto plan = linear().plan({environment, services, from});
        QVERIFY(!plan);
        QCOMPARE(plan.error().kind, Error::Kind::InvalidInput);
        QVERIFY2(plan.error().message.contains(message), qPrintable(plan.error().message));
    }

    void oneCommitGoesToOneBranch() {
        Setup setup = linear();
        setup.pipeline.stages[2].targets[0].branch = u"release"_s; // api-prod
        auto plan = setup.plan({u"prod"_s, {u"api"_s}, {}});
        QVERIFY(plan);
        QCOMPARE(plan->request(u"main"_s).branch, u"release"_s);
        plan = setup.plan({u"prod"_s, {}, {}});
        QVERIFY(!plan);
        QCOMPARE(plan.error().kind, Error::Kind::Unsupported);
        QVERIFY2(
            plan.error().message.contains(u"api-prod on release, web-prod on the default branch"_s),
            qPrintable(plan.error().message));
    }
};

QTEST_GUILESS_MAIN(TestReleaseTrain)
#include "tst_releasetrain.moc"

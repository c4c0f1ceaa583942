#include "promotetraincommand.h"

#include "clireporter.h"
#include "promotioninputs.h"
#include "promotionrules.h"
#include "pushvaluescommand.h"
#include "releasetrain.h"
#include "repositoryarguments.h"

#include <QCommandLineParser>
#include <QJsonArray>

namespace fd::app {

namespace {

const char* const Description =
    R"(Promote several services into one environment as one commit (a release train): each
service's stage in the environment takes the freight its upstream stage runs now (or the
stage in --from's environment runs), in one commit pushed once, never forced.

All or nothing: every service must pass the rules a single promotion passes (verified and
soaked upstream or approved, enough approvals by people other than you, not held, not
frozen); if one does not, nothing is pushed and each refused service is listed with why.
A service whose upstream stages run different freight is refused: name --from. Services
already running that freight are skipped and said so. The commit lists each service and
version and carries, per service, the Freightdesk-Freight, -Freight-Alias, -Stage and
-Approved-By trailers a single promotion writes, after one Freightdesk-Train trailer, so
`revert --commit` can undo the whole train.)";

QJsonObject carJson(const core::TrainCar& car) {
    QJsonObject json{{QStringLiteral("service"), car.service},
                     {QStringLiteral("stage"), car.stage},
                     {QStringLiteral("action"), car.actionName()},
                     {QStringLiteral("from"), QJsonArray::fromStringList(car.from)},
                     {QStringLiteral("current"), car.currentVersion},
                     {QStringLiteral("versions"), QJsonArray::fromStringList(car.versions())},
                     {QStringLiteral("reason"), car.reason}};
    json.insert(QStringLiteral("freight"),
                car.freight ? QJsonObject{{QStringLiteral("id"), car.freight->id},
                                          {QStringLiteral("alias"), car.freight->alias}}
                            : QJsonValue());
    return json;
}

QString carText(const core::TrainCar& car) {
    const QString freight = car.freight ? car.freight->alias : QStringLiteral("-");
    switch (car.action) {
    case core::TrainCar::Action::Promote:
        return QStringLiteral("promote  %1: %2 -> %3 (%4) from %5")
            .arg(car.stage,
                 car.currentVersion.isEmpty() ? QStringLiteral("(none)") : car.currentVersion,
                 car.versions().join(QStringLiteral(", ")), freight,
                 car.from.join(QStringLiteral(", ")));
    case core::TrainCar::Action::Skip:
        return QStringLiteral("skip     %1: %2").arg(car.stage, car.reason);
    case core::TrainCar::Action::Refuse:
        break;
    }
    return QStringLiteral("refuse   %1: %2").arg(car.stage, car.reason);
}

QStringList serviceList(const QStringList& values) {
    QStringList services;
    for (const QString& value : values)
        services.append(value.split(QLatin1Char(','), Qt::SkipEmptyParts));
    for (QString& service : services)
        service = service.trimmed();
    return services;
}

} // namespace

int PromoteTrainCommand::run(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.addOptions({
        {QStringLiteral("to"), QStringLiteral("The environment the train goes to (prod)."),
         QStringLiteral("ENV")},
        {QStringLiteral("services"),
         QStringLiteral("Only these services (a,b; default: every service with a stage in "
                        "the environment)."),
         QStringLiteral("LIST")},
        {QStringLiteral("from"),
         QStringLiteral("Take each service's freight from its stage in this environment "
                        "(default: the stage's upstream stages)."),
         QStringLiteral("ENV")},
        {QStringLiteral("dry-run"), QStringLiteral("Print the diff instead of pushing.")},
    });
    const QString command = QStringLiteral("promote-train");
    if (const auto done = RepositoryArguments::parse(
            parser, QString::fromUtf8(Description),
            QStringLiteral("Print the outcome (commit, files, and per service the action, "
                           "freight and reason under \"train\") as one JSON object."),
            arguments, command))
        return *done;
    const CliReporter reporter(parser.isSet(QStringLiteral("json")));
    if (parser.value(QStringLiteral("to")).isEmpty())
        return reporter.usageError(QStringLiteral("--to is required"), command);
    auto inputs = PromotionInputs::load(parser);
    if (!inputs)
        return reporter.failure(inputs.error());

    const core::PromotionRules rules(inputs->pipeline(), inputs->events());
    const core::TrainRequest request{parser.value(QStringLiteral("to")),
                                     serviceList(parser.values(QStringLiteral("services"))),
                                     parser.value(QStringLiteral("from"))};
    auto plan = core::ReleaseTrain(inputs->pipeline(), inputs->current(), inputs->freight(), rules)
                    .plan(request, QDateTime::currentDateTimeUtc(), inputs->identity().email);
    if (!plan && plan.error().kind == core::Error::Kind::InvalidInput)
        return reporter.usageError(plan.error().message, command);
    if (!plan)
        return reporter.failure(plan.error());

    QJsonArray cars;
    QStringList lines;
    for (const core::TrainCar& car : plan->cars) {
        cars.append(carJson(car));
        lines.append(carText(car));
    }
    const CliReporter trainReporter(reporter.json(), {{QStringLiteral("train"), cars}});
    if (!reporter.json())
        CliReporter::printErr(lines.join(QLatin1Char('\n')));
    if (plan->refused())
        return trainReporter.failure({core::Error::Kind::Refused,
                                      QStringLiteral("the train to %1 is refused, nothing was "
                                                     "pushed:\n%2")
                                          .arg(plan->environment, plan->refusals()),
                                      inputs->snapshot().source()});
    if (plan->moving().isEmpty()) {
        if (!reporter.json())
            CliReporter::printErr(QStringLiteral("Nothing to promote: every service in %1 "
                                                 "already runs its upstream's freight.")
                                      .arg(plan->environment));
        return trainReporter.success({{QStringLiteral("pushed"), false}}, {});
    }
    core::PushRequest push = plan->request(parser.value(QStringLiteral("branch")));
    if (push.branch == parser.value(QStringLiteral("branch")))
        push.reviewedCommit = inputs->snapshot().tip(); // the tip the plan was made on
    return PushValuesCommand::execute(trainReporter, inputs->repository(), push,
                                      parser.isSet(QStringLiteral("dry-run")));
}

} // namespace fd::app

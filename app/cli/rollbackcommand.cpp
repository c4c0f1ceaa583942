#include "rollbackcommand.h"

#include "clireporter.h"
#include "promotioninputs.h"
#include "promotionrules.h"
#include "pushvaluescommand.h"
#include "repositoryarguments.h"
#include "stagearguments.h"
#include "stagerollback.h"

#include <QCommandLineParser>
#include <QJsonObject>

namespace fd::app {

namespace {

const char* const Description =
    R"(Roll a stage back: promote the freight it ran before its current one (from Git history),
or with --to a freight it ran at some point, as one commit on the stage's branch.

What a rollback checks: it does not ask for verification upstream, soak time or approvals,
because the freight already ran in this stage and passed them when it was promoted there,
and an emergency must not wait for a soak. A hold or a freeze still refuses it: they are
somebody's explicit "no changes here". --force-policy rolls back anyway and records what
was set aside in the commit (Freightdesk-Policy-Overridden). Freight the stage never ran
is refused: promote it instead. --dry-run prints the diff.)";

} // namespace

int RollbackCommand::run(const QStringList& arguments) {
    QCommandLineParser parser;
    const QList<QCommandLineOption> stageOptions = StageArguments::options();
    parser.addOptions({stageOptions.at(0), stageOptions.at(1)});
    parser.addOptions({
        {QStringLiteral("to"),
         QStringLiteral("A freight the stage ran before (ID, alias, tag or version; default: the "
                        "one before the current one)."),
         QStringLiteral("REF")},
        {QStringLiteral("force-policy"),
         QStringLiteral("Roll back even though the stage is held or frozen (recorded in the "
                        "commit).")},
        {QStringLiteral("dry-run"), QStringLiteral("Print the diff instead of pushing.")},
    });
    const QString command = QStringLiteral("rollback");
    if (const auto done = RepositoryArguments::parse(
            parser, QString::fromUtf8(Description),
            QStringLiteral("Print the outcome (commit, files, and under \"rollback\" the "
                           "stage, the version it leaves and the freight it returns to) as one "
                           "JSON object."),
            arguments, command))
        return *done;
    const CliReporter reporter(parser.isSet(QStringLiteral("json")));
    if (const auto missing =
            reporter.require(parser, {QStringLiteral("service"), QStringLiteral("stage")}, command))
        return *missing;
    auto inputs = PromotionInputs::load(parser);
    if (!inputs)
        return reporter.failure(inputs.error());
    auto stage = StageArguments::resolve(inputs->pipeline(), parser);
    if (!stage)
        return reporter.usageError(stage.error().message, command);

    const core::PromotionRules rules(inputs->pipeline(), inputs->events());
    auto plan = core::StageRollback(inputs->pipeline(), inputs->history(), inputs->freight(), rules)
                    .plan((*stage)->name, parser.value(QStringLiteral("to")),
                          QDateTime::currentDateTimeUtc());
    if (!plan)
        return reporter.failure(plan.error());
    const bool force = parser.isSet(QStringLiteral("force-policy"));
    if (!plan->blocker.isEmpty() && !force)
        return reporter.failure({core::Error::Kind::Refused,
                                 QStringLiteral("%1 cannot be rolled back: %2; release the hold "
                                                "or wait for the freeze to end, or pass "
                                                "--force-policy to roll back anyway (recorded "
                                                "in the commit)")
                                     .arg((*stage)->name, plan->blocker),
                                 inputs->snapshot().source()});
    if (!plan->blocker.isEmpty() && !reporter.json())
        CliReporter::printErr(QStringLiteral("note: set aside with --force-policy: ") +
                              plan->blocker);
    const QJsonObject rollback{
        {QStringLiteral("stage"), plan->stage},
        {QStringLiteral("from"), plan->fromVersion},
        {QStringLiteral("freight"), QJsonObject{{QStringLiteral("id"), plan->freight.id},
                                                {QStringLiteral("alias"), plan->freight.alias}}},
        {QStringLiteral("policyOverridden"), plan->blocker}};
    core::PushRequest request = plan->request(parser.value(QStringLiteral("branch")), force);
    if (request.branch == parser.value(QStringLiteral("branch")))
        request.reviewedCommit = inputs->snapshot().tip(); // the tip the plan was made on
    return PushValuesCommand::execute(
        CliReporter(reporter.json(), {{QStringLiteral("rollback"), rollback}}),
        inputs->repository(), request, parser.isSet(QStringLiteral("dry-run")));
}

} // namespace fd::app

#include "revertcommand.h"

#include "clireporter.h"
#include "githistory.h"
#include "gitrepository.h"
#include "promotionlog.h"
#include "promotionrevert.h"
#include "promotionrules.h"
#include "pushvaluescommand.h"
#include "repositoryarguments.h"

#include <QCommandLineParser>
#include <QJsonArray>

namespace fd::app {

namespace {

const char* const Description =
    R"(Revert a promotion commit (one service's, a train's or a rollback's): every stage version
it changed goes back to its value before it, as a new commit on the branch's tip, so that
everything changed since (other keys, other files) stays. Refused with the file and key when
a version it changed was changed again later (promote the version you want instead), and
when the commit changed more than stage versions (use git revert). The commit carries
Freightdesk-Reverts: <commit> and a Freightdesk-Stage trailer per stage it moves back.
As with rollback, no verification, soak or approval is asked for (the stages return to
what they ran), but a held or frozen stage refuses it unless --force-policy, which is
recorded in the commit (Freightdesk-Policy-Overridden).)";

} // namespace

int RevertCommand::run(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.addOptions({
        {QStringLiteral("commit"), QStringLiteral("The promotion commit to revert (id or prefix)."),
         QStringLiteral("COMMIT")},
        {QStringLiteral("force-policy"),
         QStringLiteral("Revert even though a stage it moves is held or frozen (recorded in the "
                        "commit).")},
        {QStringLiteral("dry-run"), QStringLiteral("Print the diff instead of pushing.")},
    });
    const QString command = QStringLiteral("revert");
    if (const auto done = RepositoryArguments::parse(
            parser, QString::fromUtf8(Description),
            QStringLiteral(
                "Print the outcome (commit, files, reverts, stages) as one JSON object."),
            arguments, command))
        return *done;
    const CliReporter reporter(parser.isSet(QStringLiteral("json")));
    if (parser.value(QStringLiteral("commit")).isEmpty())
        return reporter.usageError(QStringLiteral("--commit is required"), command);
    auto snapshot = RepositoryArguments::load(parser, false);
    if (!snapshot)
        return reporter.failure(snapshot.error());
    auto repository = core::GitRepository::open(RepositoryArguments::repository(parser));
    if (!repository)
        return reporter.failure(repository.error());
    auto history = core::GitHistory::open((*repository)->gitDirectory());
    if (!history)
        return reporter.failure(history.error());
    auto plan = core::PromotionRevert(**history, snapshot->pipeline())
                    .plan(parser.value(QStringLiteral("commit")), snapshot->tip());
    if (!plan)
        return reporter.failure(plan.error());

    const CliReporter revertReporter(
        reporter.json(),
        {{QStringLiteral("reverts"), plan->commit},
         {QStringLiteral("stages"), QJsonArray::fromStringList(plan->stages)},
         {QStringLiteral("alreadyBack"), QJsonArray::fromStringList(plan->alreadyBack)}});
    if (plan->edits.isEmpty()) {
        if (!reporter.json())
            CliReporter::printErr(QStringLiteral("Nothing to revert: every version %1 changed is "
                                                 "back at its value before it.")
                                      .arg(plan->commit.left(12)));
        return revertReporter.success({{QStringLiteral("pushed"), false}}, {});
    }
    auto log = core::PromotionLog(**repository).read(!parser.isSet(QStringLiteral("offline")));
    if (!log)
        return reporter.failure(log.error());
    const core::PromotionRules rules(snapshot->pipeline(), log->events);
    const bool force = parser.isSet(QStringLiteral("force-policy"));
    core::PushRequest request = plan->request(parser.value(QStringLiteral("branch")));
    if (request.branch == parser.value(QStringLiteral("branch")))
        request.reviewedCommit = snapshot->tip(); // the tip the plan was made on
    for (const QString& name : std::as_const(plan->stages)) {
        const core::PipelineStage* stage = snapshot->pipeline().stage(name);
        const QString blocked = rules.blocked(*stage, QDateTime::currentDateTimeUtc());
        if (!blocked.isEmpty() && !force)
            return reporter.failure({core::Error::Kind::Refused,
                                     QStringLiteral("%1 cannot be reverted: %2; release the hold "
                                                    "or wait for the freeze to end, or pass "
                                                    "--force-policy to revert anyway (recorded in "
                                                    "the commit)")
                                         .arg(plan->commit.left(12), blocked),
                                     snapshot->source()});
        if (!blocked.isEmpty())
            request.trailers.append({QStringLiteral("Freightdesk-Policy-Overridden"), blocked});
    }
    return PushValuesCommand::execute(revertReporter, **repository, request,
                                      parser.isSet(QStringLiteral("dry-run")));
}

} // namespace fd::app

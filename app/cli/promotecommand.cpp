#include "promotecommand.h"

#include "clireporter.h"
#include "freightref.h"
#include "freightstore.h"
#include "gitrepository.h"
#include "promotewait.h"
#include "promotionlog.h"
#include "promotionrequest.h"
#include "promotionrules.h"
#include "pushvaluescommand.h"
#include "repositoryarguments.h"
#include "stagearguments.h"
#include "valuespush.h"

#include <QCommandLineParser>

namespace fd::app {

namespace {

const char* const Description =
    R"(Promote a freight into a stage: one commit on the stage's branch that writes the
freight's version into every file and key the stage keeps it in, pushed without a working
tree and never forced. Only when Kargo's rules allow it: verified (and soaked) upstream or
approved for the stage, approved by enough people other than you where the stage wants
approvals, and not held. --dry-run prints the diff instead.

With --wait the promotion is followed to its outcome: Argo CD is asked to refresh the stage's
applications and watched until they run the commit synced and healthy (exit 0), or one is
degraded, fails to sync or the --timeout passes (exit 3). Each state goes to stderr as it
changes; the outcome is recorded in the promotion log (Promoted or PromotionFailed). A stage
still waiting for approvals ends in awaiting-approval without a commit (exit 1). Ctrl-C aborts:
before the push nothing is pushed; after it the commit stays and the abort is recorded.)";

} // namespace

int PromoteCommand::run(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.addOptions(StageArguments::options());
    parser.addOption(
        {QStringLiteral("dry-run"), QStringLiteral("Print the diff instead of pushing.")});
    parser.addOptions(PromoteWait::options());
    const QString command = QStringLiteral("promote");
    if (const auto done = RepositoryArguments::parse(
            parser, QString::fromUtf8(Description),
            QStringLiteral("Print the outcome (commit, files) as one JSON object."), arguments,
            command))
        return *done;
    const CliReporter reporter(parser.isSet(QStringLiteral("json")));
    for (const char* required : {"service", "stage", "freight"}) {
        if (!parser.isSet(QString::fromLatin1(required)))
            return reporter.usageError(
                QStringLiteral("--%1 is required").arg(QLatin1String(required)), command);
    }
    const bool wait = parser.isSet(QStringLiteral("wait"));
    for (const char* option : {"timeout", "argocd-server", "argocd-token", "argocd-insecure"}) {
        if (!wait && parser.isSet(QString::fromLatin1(option)))
            return reporter.usageError(
                QStringLiteral("--%1 goes with --wait").arg(QLatin1String(option)), command);
    }
    if (wait && parser.isSet(QStringLiteral("dry-run")))
        return reporter.usageError(QStringLiteral("--dry-run and --wait do not go together"),
                                   command);
    const auto timeout = PromoteWait::timeout(parser);
    if (!timeout)
        return reporter.usageError(timeout.error().message, command);
    auto snapshot = RepositoryArguments::load(parser, false);
    if (!snapshot)
        return reporter.failure(snapshot.error());
    const QString service = parser.value(QStringLiteral("service"));
    auto stage = StageArguments::resolve(snapshot->pipeline(), parser);
    if (!stage)
        return reporter.usageError(stage.error().message, command);
    const core::FreightStore store = core::FreightStore::open(
        core::FreightStore::pathFor(snapshot->source(), parser.value(QStringLiteral("branch"))));
    auto freight =
        core::resolveFreight(store.freight(service), parser.value(QStringLiteral("freight")));
    if (!freight)
        return reporter.failure(freight.error());
    auto repository = core::GitRepository::open(RepositoryArguments::repository(parser));
    if (!repository)
        return reporter.failure(repository.error());
    auto identity = (*repository)->identity();
    if (!identity)
        return reporter.failure(identity.error());
    auto log = core::PromotionLog(**repository).read();
    if (!log)
        return reporter.failure(log.error());
    const core::FreightStanding standing =
        core::PromotionRules(snapshot->pipeline(), log->events)
            .standing(*freight, (*stage)->name, QDateTime::currentDateTimeUtc(), identity->email);
    if (!standing.promotable && !(wait && standing.awaitingApproval))
        return reporter.failure({core::Error::Kind::Refused,
                                 QStringLiteral("%1 cannot be promoted into %2: %3")
                                     .arg(freight->alias, (*stage)->name, standing.reason),
                                 snapshot->source()});

    auto run = core::promotionRequest(**stage, *freight, standing,
                                      parser.value(QStringLiteral("branch")), snapshot->tip());
    if (!run)
        return reporter.failure(run.error());
    if (!wait)
        return PushValuesCommand::execute(reporter, **repository, run->push,
                                          parser.isSet(QStringLiteral("dry-run")));
    run->timeout = *timeout;
    return PromoteWait::execute(reporter, **repository, std::move(*run),
                                PromoteWait::connection(parser), (*stage)->policy.verification);
}

} // namespace fd::app

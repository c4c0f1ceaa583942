#include "clireporter.h"
#include "freightcommand.h"
#include "historycommand.h"
#include "lintcommand.h"
#include "pipelinecommand.h"
#include "promotecommand.h"
#include "promotetraincommand.h"
#include "pushvaluescommand.h"
#include "recordcommand.h"
#include "revertcommand.h"
#include "rollbackcommand.h"
#include "setvaluecommand.h"
#include "statuscommand.h"
#include "watchcommand.h"

#include <QCoreApplication>

namespace {

const char* const Overview =
    R"(Freightdesk %1 — promote software through GitOps stages from your desk.

Freightdesk moves a new version (an image tag, a chart version, a commit) from one stage to the
next by committing to your GitOps repository, the way Argo CD and Kargo expect it. It edits YAML
without disturbing its formatting, commits without a working tree, and pushes without ever
forcing or losing someone else's change.

Commands:
  pipeline      What Freightdesk understands of a GitOps repository: services, stages and
                their order, the file and key holding each stage's version, the Argo CD apps
                and the policies; from Kargo manifests, freightdesk.yaml or the layout.
  status        Every stage's current version, and who set it when, from Git history.
  lint          Inconsistencies in the repository, each with its file and line.
  freight       Every service's versions (image tags, chart versions, commits) from its
                registries and repositories, selected as Kargo selects them, as freight with
                the stages each is current in.
  promote       Promote a freight into a stage: one commit writing the stage's files and keys,
                when the rules allow it (verified upstream, approvals, holds); `--dry-run`
                prints the diff; `--wait` follows it through Argo CD until it is healthy.
  promote-train Promote several services into one environment as one commit, each taking
                what its upstream stage runs; all or nothing.
  rollback      Put a stage back on the freight it ran before (no soak or approvals asked;
                a hold or freeze refuses it unless --force-policy).
  revert        Undo a promotion commit (a train too) with edits on the branch's tip;
                refused when a version it changed was changed again since.
  approve       Approve a freight for a stage (recorded in the repository's promotion log,
                the freightdesk-log branch, with your Git identity); likewise `verify`
                (or --failed), `hold` (pin a stage to its freight) and `release`.
  watch         Run unattended: discover freight, auto-promote where a stage's policy allows,
                verify what runs unverified, record every outcome; `--until-idle` stops when
                nothing is left to do.
  history       The promotion log: approvals, verifications, holds and outcomes, oldest first.
  set-value     Set values in a YAML file in place (Helm values, kustomization.yaml images),
                changing only those values' bytes; `--file -` filters stdin to stdout.
  push-values   Make one commit with a set of edits on the remote tip of a branch and push it;
                retries when the branch moved, stops on a conflicting change; `--dry-run`
                prints the diff instead.

Every command takes --help and --json. Exit codes: 0 success, 1 the operation failed (the reason
is on stderr), 2 the command line was wrong, 3 a promotion followed with --wait failed (an
application unhealthy or the timeout).

Try it:
  freightdesk-cli pipeline --repo https://git.example.com/acme/gitops.git
  freightdesk-cli status --repo ~/src/gitops
  freightdesk-cli freight --repo ~/src/gitops --service frontend
  freightdesk-cli set-value --file env/prod/frontend/frontend-values.yaml --key image.tag --value 1.0.12
  freightdesk-cli push-values --repo https://git.example.com/acme/gitops.git \
      --set env/staging/frontend/frontend-values.yaml:image.tag=1.0.12 --dry-run

The desktop app (freightdesk REPO) shows every service's versions by environment and its freight
by stage; diffs, approvals and promotion from the window come next.
)";

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("Freightdesk"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FREIGHTDESK_VERSION));

    const QStringList arguments = QCoreApplication::arguments();
    const QString command = arguments.value(1);
    // Each command parses "<program> <its own arguments>".
    QStringList commandArguments = arguments.mid(2);
    commandArguments.prepend(arguments.value(0) + QLatin1Char(' ') + command);

    if (command.isEmpty() || command == QStringLiteral("help") ||
        command == QStringLiteral("--help") || command == QStringLiteral("-h")) {
        fd::app::CliReporter::printOut(
            QString::fromUtf8(Overview).arg(QCoreApplication::applicationVersion()));
        return fd::app::ExitSuccess;
    }
    if (command == QStringLiteral("--version") || command == QStringLiteral("version")) {
        fd::app::CliReporter::printOut(QStringLiteral("freightdesk-cli ") +
                                       QCoreApplication::applicationVersion());
        return fd::app::ExitSuccess;
    }
    if (command == QStringLiteral("set-value"))
        return fd::app::SetValueCommand::run(commandArguments);
    if (command == QStringLiteral("push-values"))
        return fd::app::PushValuesCommand::run(commandArguments);
    if (command == QStringLiteral("pipeline"))
        return fd::app::PipelineCommand::run(commandArguments);
    if (command == QStringLiteral("status"))
        return fd::app::StatusCommand::run(commandArguments);
    if (command == QStringLiteral("freight"))
        return fd::app::FreightCommand::run(commandArguments);
    if (command == QStringLiteral("promote"))
        return fd::app::PromoteCommand::run(commandArguments);
    if (command == QStringLiteral("promote-train"))
        return fd::app::PromoteTrainCommand::run(commandArguments);
    if (command == QStringLiteral("rollback"))
        return fd::app::RollbackCommand::run(commandArguments);
    if (command == QStringLiteral("revert"))
        return fd::app::RevertCommand::run(commandArguments);
    if (command == QStringLiteral("watch"))
        return fd::app::WatchCommand::run(commandArguments);
    if (command == QStringLiteral("history"))
        return fd::app::HistoryCommand::run(commandArguments);
    using Kind = fd::core::PromotionEvent::Kind;
    const std::pair<const char*, Kind> records[] = {{"approve", Kind::Approved},
                                                    {"verify", Kind::Verified},
                                                    {"hold", Kind::Held},
                                                    {"release", Kind::Released}};
    for (const auto& [name, kind] : records) {
        if (command == QLatin1String(name))
            return fd::app::RecordCommand::run(kind, commandArguments);
    }
    if (command == QStringLiteral("lint"))
        return fd::app::LintCommand::run(commandArguments);
    return fd::app::CliReporter(arguments.contains(QStringLiteral("--json")))
        .usageError(QStringLiteral("unknown command \"%1\"").arg(command), QStringLiteral("help"));
}

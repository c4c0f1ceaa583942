#include "watchcommand.h"

#include "clireporter.h"
#include "interruption.h"
#include "promotewait.h"
#include "registryarguments.h"
#include "repositoryarguments.h"

#include "argocdclient.h"
#include "freightdiscovery.h"
#include "gitrepository.h"
#include "helmrepositoryclient.h"
#include "promotionwatch.h"
#include "registryclient.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QHash>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QThreadPool>

namespace fd::app {

using core::PromotionRun;
using core::StageDecision;

namespace {

const char* const Description =
    R"(Freightdesk unattended, for a team that wants promotion to run by itself. Every
--interval (and right after each promotion it started ends) it fetches the branch, discovers
every service's freight, and then, stage by stage:
  - a stage with auto-promotion takes the newest freight the rules let it take (verified and
    soaked upstream, approved where it must be, not held or frozen), as `promote --wait`
    would: one commit, followed through Argo CD, verified, recorded;
  - a stage running freight nobody has verified is verified: its apps followed until they run
    that commit synced and healthy, then its checks; the outcome is recorded.
It never goes back to freight a stage ran before, and never tries again what failed in a
stage: that is a person's decision. Decisions go to stdout, each promotion's states to stderr.
Ctrl-C or SIGTERM stops it (a promotion already pushed is recorded as aborted).

With --until-idle it stops once nothing is left to do now: exit 0 when every promotion and
verification it ran succeeded, 3 when one failed, 1 on an error.)";

const char* const JsonHelp =
    "Print JSON lines: {event: decision|state|outcome|problem|idle, ...}; an outcome is what "
    "`promote --wait --json` prints.";

QString actionName(StageDecision::Action action) {
    switch (action) {
    case StageDecision::Action::Promote:
        return QStringLiteral("promote");
    case StageDecision::Action::Verify:
        return QStringLiteral("verify");
    case StageDecision::Action::None:
        break;
    }
    return QStringLiteral("none");
}

QJsonObject decisionJson(const StageDecision& decision) {
    return {{QStringLiteral("event"), QStringLiteral("decision")},
            {QStringLiteral("action"), actionName(decision.action)},
            {QStringLiteral("service"), decision.service},
            {QStringLiteral("stage"), decision.stage},
            {QStringLiteral("freight"),
             decision.freight.id.isEmpty()
                 ? QJsonValue()
                 : QJsonObject{{QStringLiteral("id"), decision.freight.id},
                               {QStringLiteral("alias"), decision.freight.alias}}},
            {QStringLiteral("reason"), decision.reason}};
}

/** What the command prints as the watch goes, and what its exit code will be. */
class WatchReport final {
public:
    explicit WatchReport(bool json)
        : m_json(json) {}

    void decisions(const QList<StageDecision>& decisions) {
        for (const StageDecision& decision : decisions) {
            // Standing reasons are told once, not every interval.
            if (decision.action == StageDecision::Action::None &&
                m_told.value(decision.stage) == decision.reason)
                continue;
            m_told.insert(decision.stage, decision.reason);
            if (m_json)
                line(decisionJson(decision));
            else if (decision.action == StageDecision::Action::None)
                CliReporter::printErr(
                    QStringLiteral("%1: nothing to do: %2").arg(decision.stage, decision.reason));
            else
                CliReporter::printOut(QStringLiteral("%1: %2 %3: %4")
                                          .arg(decision.stage, actionName(decision.action),
                                               decision.freight.alias, decision.reason));
        }
    }

    void state(const PromotionRun& run, PromotionRun::State state, const QString& detail) {
        if (m_json)
            return line({{QStringLiteral("event"), QStringLiteral("state")},
                         {QStringLiteral("stage"), run.request().stage},
                         {QStringLiteral("state"), PromotionRun::stateName(state)},
                         {QStringLiteral("detail"), detail}});
        CliReporter::printErr(
            QStringLiteral("%1: %2: %3")
                .arg(run.request().stage, PromotionRun::stateName(state), detail));
    }

    void outcome(const PromotionRun& run) {
        const int code = PromoteWait::exitCodeOf(run);
        if (code != ExitSuccess && run.state() != PromotionRun::State::Aborted)
            m_code = m_code == ExitFailed ? ExitFailed : code;
        if (m_json) {
            QJsonObject outcome = PromoteWait::outcomeJson(run);
            outcome.insert(QStringLiteral("event"), QStringLiteral("outcome"));
            return line(outcome);
        }
        CliReporter::printOut(
            QStringLiteral("%1: %2: %3")
                .arg(run.request().stage, PromotionRun::stateName(run.state()), run.detail()));
    }

    void problem(const core::Error& error) {
        m_code = ExitFailed;
        if (m_json)
            return line({{QStringLiteral("event"), QStringLiteral("problem")},
                         {QStringLiteral("kind"), error.kindName()},
                         {QStringLiteral("message"), error.message},
                         {QStringLiteral("location"), error.location}});
        CliReporter::printErr(QStringLiteral("problem: ") + error.toString());
    }

    void idle() {
        if (m_json)
            line({{QStringLiteral("event"), QStringLiteral("idle")}});
    }

    int exitCode() const { return m_code; }

private:
    static void line(const QJsonObject& object) {
        CliReporter::writeOut(QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n');
    }

    bool m_json;
    int m_code = ExitSuccess;
    QHash<QString, QString> m_told;
};

core::Result<std::chrono::milliseconds> interval(const QCommandLineParser& parser) {
    if (!parser.isSet(QStringLiteral("interval")))
        return std::chrono::milliseconds(std::chrono::minutes(5));
    bool numeric = false;
    const int seconds = parser.value(QStringLiteral("interval")).toInt(&numeric);
    if (!numeric || seconds < 10 || seconds > 24 * 3600)
        return core::Error{core::Error::Kind::InvalidInput,
                           QStringLiteral("--interval takes seconds from 10 to 86400"),
                           {}};
    return std::chrono::milliseconds(std::chrono::seconds(seconds));
}

} // namespace

int WatchCommand::run(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.addOptions({
        {QStringLiteral("interval"),
         QStringLiteral("How often to look again, in seconds (default 300)."),
         QStringLiteral("SEC")},
        {QStringLiteral("until-idle"),
         QStringLiteral("Stop once nothing is left to do now (for cron jobs and pipelines).")},
    });
    parser.addOptions(RegistryArguments::options());
    for (const QCommandLineOption& option : PromoteWait::options()) {
        if (!option.names().contains(QStringLiteral("wait")))
            parser.addOption(option);
    }
    const QString command = QStringLiteral("watch");
    if (const auto done =
            RepositoryArguments::parse(parser, QString::fromUtf8(Description),
                                       QString::fromUtf8(JsonHelp), arguments, command))
        return *done;
    const CliReporter reporter(parser.isSet(QStringLiteral("json")));
    if (parser.isSet(QStringLiteral("offline")))
        return reporter.usageError(QStringLiteral("watch cannot run --offline"), command);
    const auto every = interval(parser);
    if (!every)
        return reporter.usageError(every.error().message, command);
    const auto timeout = PromoteWait::timeout(parser);
    if (!timeout)
        return reporter.usageError(timeout.error().message, command);
    auto overrides = RegistryArguments::overrides(parser);
    if (!overrides)
        return reporter.usageError(overrides.error().message, command);
    auto repository = core::GitRepository::open(RepositoryArguments::repository(parser));
    if (!repository)
        return reporter.failure(repository.error());

    QNetworkAccessManager network;
    std::unique_ptr<core::ArgoCdClient> argocd;
    if (auto connection = core::ArgoCdConnection::resolve(PromoteWait::connection(parser)))
        argocd = std::make_unique<core::ArgoCdClient>(&network, *connection);
    else
        CliReporter::printErr(QStringLiteral("note: %1; stages deployed by Argo CD cannot be "
                                             "promoted or verified")
                                  .arg(connection.error().toString()));
    core::RegistryClientOptions registryOptions;
    registryOptions.overrides = std::move(*overrides);
    core::RegistryClient registry(&network, std::move(registryOptions));
    core::HelmRepositoryClient helm(&network, core::HelmIndexCache());
    core::FreightDiscovery discovery(&registry, &helm, {});

    // The repository's serial worker: the watch's loads, every push and log entry, in turn.
    QThreadPool gitPool;
    gitPool.setMaxThreadCount(1);
    core::PromotionWatchOptions options;
    options.source = RepositoryArguments::repository(parser);
    options.snapshot.branch = parser.value(QStringLiteral("branch"));
    options.interval = *every;
    options.timeout = *timeout;
    options.run.gitPool = &gitPool;
    core::PromotionWatch watch(**repository, &discovery, argocd.get(), &network, options);

    WatchReport report(reporter.json());
    const bool untilIdle = parser.isSet(QStringLiteral("until-idle"));
    QEventLoop loop;
    bool stopping = false;
    QObject::connect(
        &watch, &core::PromotionWatch::cycleFinished, &watch,
        [&report](const QList<StageDecision>& decisions) { report.decisions(decisions); });
    QObject::connect(&watch, &core::PromotionWatch::problem, &watch,
                     [&report](const core::Error& error) { report.problem(error); });
    QObject::connect(
        &watch, &core::PromotionWatch::runStarted, &watch,
        [&report](PromotionRun* run, const StageDecision&) {
            QObject::connect(run, &PromotionRun::stateChanged, run,
                             [&report, run](PromotionRun::State state, const QString& detail) {
                                 report.state(*run, state, detail);
                             });
            QObject::connect(run, &PromotionRun::note, run, [run](const QString& text) {
                CliReporter::printErr(
                    QStringLiteral("%1: note: %2").arg(run->request().stage, text));
            });
        });
    QObject::connect(&watch, &core::PromotionWatch::runEnded, &watch, [&](PromotionRun* run) {
        report.outcome(*run);
        if (stopping && watch.isIdle())
            loop.quit();
    });
    QObject::connect(&watch, &core::PromotionWatch::idle, &watch, [&] {
        report.idle();
        if (untilIdle || stopping)
            loop.quit();
    });
    const Interruption interruption([&] {
        stopping = true;
        watch.stop();
        watch.abortRuns(QStringLiteral("interrupted"));
        if (watch.isIdle())
            loop.quit();
    });
    watch.start();
    loop.exec();
    watch.stop();
    gitPool.waitForDone();
    return stopping ? ExitSuccess : report.exitCode();
}

} // namespace fd::app

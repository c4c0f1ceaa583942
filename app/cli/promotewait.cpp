#include "promotewait.h"

#include "interruption.h"

#include "argocdclient.h"
#include "clireporter.h"
#include "gitrepository.h"
#include "verificationsteps.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QThreadPool>

#include <memory>

namespace fd::app {

using core::PromotionRun;

namespace {

QJsonArray appsJson(const QList<core::ArgoCdAppStatus>& apps) {
    QJsonArray array;
    for (const core::ArgoCdAppStatus& app : apps)
        array.append(QJsonObject{{QStringLiteral("name"), app.qualifiedName()},
                                 {QStringLiteral("sync"), app.syncStatus},
                                 {QStringLiteral("health"), app.healthStatus},
                                 {QStringLiteral("revision"), app.syncRevision}});
    return array;
}

QString appsText(const QList<core::ArgoCdAppStatus>& apps) {
    QList<QStringList> rows{{QStringLiteral("APP"), QStringLiteral("SYNC"),
                             QStringLiteral("HEALTH"), QStringLiteral("REVISION")}};
    for (const core::ArgoCdAppStatus& app : apps)
        rows.append(
            {app.qualifiedName(), app.syncStatus, app.healthStatus, app.syncRevision.left(12)});
    return apps.isEmpty() ? QString() : CliReporter::table(rows);
}

} // namespace

int PromoteWait::exitCodeOf(const PromotionRun& run) {
    if (run.state() == PromotionRun::State::Succeeded)
        return ExitSuccess;
    if (run.state() == PromotionRun::State::Failed && !run.error())
        return ExitPromotionFailed;
    return ExitFailed;
}

QJsonObject PromoteWait::outcomeJson(const PromotionRun& run) {
    const core::PromotionRunRequest& request = run.request();
    QJsonObject outcome{
        {QStringLiteral("ok"), run.state() == PromotionRun::State::Succeeded},
        {QStringLiteral("state"), PromotionRun::stateName(run.state())},
        {QStringLiteral("detail"), run.detail()},
        {QStringLiteral("stage"), request.stage},
        {QStringLiteral("freight"), QJsonObject{{QStringLiteral("id"), request.freightId},
                                                {QStringLiteral("alias"), request.freightAlias}}},
        {QStringLiteral("branch"), request.push.branch},
        {QStringLiteral("commit"), run.commit().isEmpty() ? QJsonValue() : run.commit()},
        {QStringLiteral("apps"), appsJson(run.applications())},
        {QStringLiteral("logCommit"), run.logCommit().isEmpty() ? QJsonValue() : run.logCommit()},
    };
    if (run.state() == PromotionRun::State::Failed && !run.error())
        outcome.insert(QStringLiteral("failure"),
                       QJsonObject{{QStringLiteral("app"), run.verdict().app},
                                   {QStringLiteral("message"), run.verdict().message}});
    if (const auto& error = run.error())
        outcome.insert(QStringLiteral("error"),
                       QJsonObject{{QStringLiteral("kind"), error->kindName()},
                                   {QStringLiteral("message"), error->message},
                                   {QStringLiteral("location"), error->location}});
    return outcome;
}

QList<QCommandLineOption> PromoteWait::options() {
    return {
        {QStringLiteral("wait"),
         QStringLiteral("Follow the promotion through Argo CD until its apps are synced and "
                        "healthy (exit 0), or unhealthy or timed out (exit 3); the outcome is "
                        "recorded in the promotion log.")},
        {QStringLiteral("timeout"),
         QStringLiteral("With --wait: how long Argo CD may take, in seconds (default 600)."),
         QStringLiteral("SEC")},
        {QStringLiteral("argocd-server"),
         QStringLiteral("The Argo CD API server (host[:port] or URL); default: ARGOCD_SERVER, "
                        "then the argocd CLI's current context."),
         QStringLiteral("URL")},
        {QStringLiteral("argocd-token"),
         QStringLiteral("An Argo CD token; default: ARGOCD_AUTH_TOKEN, the argocd CLI's config, "
                        "the keychain."),
         QStringLiteral("TOKEN")},
        {QStringLiteral("argocd-insecure"),
         QStringLiteral("Accept the Argo CD server's self-signed certificate.")},
    };
}

core::Result<std::chrono::seconds> PromoteWait::timeout(const QCommandLineParser& parser) {
    if (!parser.isSet(QStringLiteral("timeout")))
        return core::PromotionHealth::defaultTimeout;
    bool numeric = false;
    const int seconds = parser.value(QStringLiteral("timeout")).toInt(&numeric);
    if (!numeric || seconds < 1 || seconds > 24 * 3600)
        return core::Error{core::Error::Kind::InvalidInput,
                           QStringLiteral("--timeout takes seconds from 1 to 86400"),
                           {}};
    return std::chrono::seconds(seconds);
}

core::ArgoCdConnectionOptions PromoteWait::connection(const QCommandLineParser& parser) {
    core::ArgoCdConnectionOptions options;
    options.server = parser.value(QStringLiteral("argocd-server"));
    options.authToken = parser.value(QStringLiteral("argocd-token"));
    if (parser.isSet(QStringLiteral("argocd-insecure")))
        options.insecure = true;
    return options;
}

int PromoteWait::execute(const CliReporter& reporter, core::GitRepository& repository,
                         core::PromotionRunRequest request,
                         const core::ArgoCdConnectionOptions& argocd,
                         const core::StageVerification& verification) {
    QNetworkAccessManager network;
    std::unique_ptr<core::ArgoCdClient> client;
    if (!request.argocdApps.isEmpty()) {
        auto connection = core::ArgoCdConnection::resolve(argocd);
        if (!connection)
            return reporter.failure(connection.error());
        client = std::make_unique<core::ArgoCdClient>(&network, *connection);
    }
    // The repository's serial worker: its threads end (and libgit2's per-thread state with them)
    // before this returns, not in a race with the library's shutdown at exit.
    request.checks = core::verificationSteps(verification, &network, client.get());
    request.manualVerification = verification.manual;
    QThreadPool gitPool;
    gitPool.setMaxThreadCount(1);
    core::PromotionRunOptions options;
    options.gitPool = &gitPool;
    PromotionRun run(repository, client.get(), std::move(request), options);
    QObject::connect(&run, &PromotionRun::stateChanged, &run,
                     [](PromotionRun::State state, const QString& detail) {
                         CliReporter::printErr(PromotionRun::stateName(state) +
                                               QStringLiteral(": ") + detail);
                     });
    QObject::connect(&run, &PromotionRun::note, &run, [](const QString& text) {
        CliReporter::printErr(QStringLiteral("note: ") + text);
    });
    QEventLoop loop;
    QObject::connect(&run, &PromotionRun::finished, &loop, &QEventLoop::quit);
    // Ctrl-C (or SIGTERM) aborts: before the push nothing lands; after it the run records what
    // is true.
    const Interruption interruption([&run] { run.abort(QStringLiteral("interrupted")); });
    run.start();
    if (!run.isFinished())
        loop.exec();

    const int code = exitCodeOf(run);
    if (reporter.json())
        CliReporter::writeOut(QJsonDocument(outcomeJson(run)).toJson(QJsonDocument::Compact) +
                              '\n');
    else
        CliReporter::printOut(appsText(run.applications()) + PromotionRun::stateName(run.state()) +
                              QStringLiteral(": ") + run.detail());
    if (const auto& error = run.error())
        CliReporter::printErr(QStringLiteral("freightdesk-cli: ") + error->toString());
    return code;
}

} // namespace fd::app

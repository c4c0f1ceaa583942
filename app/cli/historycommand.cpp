#include "historycommand.h"

#include "clireporter.h"
#include "gitrepository.h"
#include "promotionlog.h"
#include "repositoryarguments.h"
#include "stagearguments.h"

#include <QCommandLineParser>
#include <QJsonArray>

namespace fd::app {

namespace {

const char* const Description =
    R"(Show the promotion log: every approval, verification, hold and promotion outcome
recorded in the repository (on its freightdesk-log branch), oldest first, with who, when,
which freight, which stage and why. Lines that cannot be read are named on stderr.)";

const char* const JsonHelp = "Print a JSON array of events: event, at, by {name, email}, "
                             "service, stage, freight {id, alias}, commit, reason.";

} // namespace

int HistoryCommand::run(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.addOptions({
        {QStringLiteral("service"), QStringLiteral("Only this service's events."),
         QStringLiteral("NAME")},
        {QStringLiteral("stage"),
         QStringLiteral("Only this stage's events (a stage name, or an environment)."),
         QStringLiteral("STAGE")},
    });
    if (const auto done = RepositoryArguments::parse(parser, QString::fromUtf8(Description),
                                                     QString::fromUtf8(JsonHelp), arguments,
                                                     QStringLiteral("history")))
        return *done;
    const CliReporter reporter(parser.isSet(QStringLiteral("json")));
    const QString stage = parser.value(QStringLiteral("stage"));
    // An environment name needs the pipeline to know which stages are in it.
    std::optional<core::Pipeline> pipeline;
    if (!stage.isEmpty()) {
        auto snapshot = RepositoryArguments::load(parser, false);
        if (!snapshot)
            return reporter.failure(snapshot.error());
        pipeline = snapshot->pipeline();
    }
    auto repository = core::GitRepository::open(RepositoryArguments::repository(parser));
    if (!repository)
        return reporter.failure(repository.error());
    auto contents = core::PromotionLog(**repository).read(!parser.isSet(QStringLiteral("offline")));
    if (!contents)
        return reporter.failure(contents.error());
    for (const core::Error& problem : contents->problems)
        CliReporter::printErr(problem.toString());

    const QString service = parser.value(QStringLiteral("service"));
    QJsonArray json;
    QList<QStringList> rows{{QStringLiteral("WHEN"), QStringLiteral("EVENT"),
                             QStringLiteral("SERVICE"), QStringLiteral("STAGE"),
                             QStringLiteral("FREIGHT"), QStringLiteral("BY"),
                             QStringLiteral("REASON")}};
    for (const core::PromotionEvent& event : contents->events) {
        if (!service.isEmpty() && event.service != service)
            continue;
        if (!stage.isEmpty()) {
            const core::PipelineStage* known = pipeline->stage(event.stage);
            if (event.stage != stage && !(known && StageArguments::matches(*known, stage)))
                continue;
        }
        json.append(event.toJson());
        rows.append({event.at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                     core::PromotionEvent::kindName(event.kind), event.service, event.stage,
                     event.freightAlias.isEmpty() ? QStringLiteral("-") : event.freightAlias,
                     event.byName, event.reason.isEmpty() ? QStringLiteral("-") : event.reason});
    }
    return reporter.successDocument(QJsonDocument(json), CliReporter::table(rows));
}

} // namespace fd::app

#include "statuscommand.h"

#include "clireporter.h"
#include "repositoryarguments.h"

#include <QCommandLineParser>
#include <QJsonArray>

namespace fd::app {

namespace {

const char* const Description =
    R"(Show the version every stage of every service is set to at the branch tip, and who
set it, when, in which commit: read from Git history in one walk, and remembered so
that the next run reads only new commits.)";

const char* const JsonHelp =
    "Print a JSON array: service, stage, environment, version, commit, author, date per stage.";

} // namespace

int StatusCommand::run(const QStringList& arguments) {
    QCommandLineParser parser;
    if (const auto done = RepositoryArguments::parse(parser, QString::fromUtf8(Description),
                                                     QString::fromUtf8(JsonHelp), arguments,
                                                     QStringLiteral("status")))
        return *done;
    const CliReporter reporter(parser.isSet(QStringLiteral("json")));
    auto snapshot = RepositoryArguments::load(parser, true);
    if (!snapshot)
        return reporter.failure(snapshot.error());
    if (!snapshot->history())
        return reporter.failure({core::Error::Kind::Unsupported,
                                 QStringLiteral("a plain folder has no history: give a Git "
                                                "repository's URL or a clone"),
                                 snapshot->source()});

    QJsonArray json;
    QList<QStringList> rows{{QStringLiteral("SERVICE"), QStringLiteral("STAGE"),
                             QStringLiteral("ENVIRONMENT"), QStringLiteral("VERSION"),
                             QStringLiteral("SET"), QStringLiteral("BY"),
                             QStringLiteral("COMMIT")}};
    for (const core::VersionRecord& record : snapshot->history()->current()) {
        json.append(core::versionRecordToJson(record));
        rows.append({record.service, record.stage, record.environment,
                     record.version.isEmpty() ? QStringLiteral("-") : record.version,
                     record.date.isValid()
                         ? record.date.toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                         : QStringLiteral("-"),
                     record.author.isEmpty() ? QStringLiteral("-") : record.author,
                     record.commit.left(12)});
    }
    return reporter.successDocument(QJsonDocument(json), CliReporter::table(rows));
}

} // namespace fd::app

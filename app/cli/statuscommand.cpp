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

/** Columns padded to their widest cell, so the table reads in a terminal. */
QString table(const QList<QStringList>& rows) {
    QList<qsizetype> widths;
    for (const QStringList& row : rows) {
        for (qsizetype i = 0; i < row.size(); ++i) {
            if (widths.size() <= i)
                widths.append(0);
            widths[i] = std::max(widths.at(i), row.at(i).size());
        }
    }
    QString text;
    for (const QStringList& row : rows) {
        QString line;
        for (qsizetype i = 0; i < row.size(); ++i)
            line += i + 1 < row.size() ? row.at(i).leftJustified(widths.at(i) + 2) : row.at(i);
        text += line.trimmed() + QLatin1Char('\n');
    }
    return text;
}

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
    return reporter.successDocument(QJsonDocument(json), table(rows));
}

} // namespace fd::app

#include "lintcommand.h"

#include "clireporter.h"
#include "repositoryarguments.h"

#include <QCommandLineParser>
#include <QJsonArray>

namespace fd::app {

namespace {

const char* const Description =
    R"(Check a GitOps repository the way Freightdesk reads it: manifests that do not parse,
stages, apps and files that do not match up, deprecated Kargo fields, unsupported
promotion steps, and what was inferred rather than read. Each finding names its file
and line. Exits with 1 when a finding is an error.)";

const char* const JsonHelp = "Print the findings as JSON.";

} // namespace

int LintCommand::run(const QStringList& arguments) {
    QCommandLineParser parser;
    if (const auto done = RepositoryArguments::parse(parser, QString::fromUtf8(Description),
                                                     QString::fromUtf8(JsonHelp), arguments,
                                                     QStringLiteral("lint")))
        return *done;
    const CliReporter reporter(parser.isSet(QStringLiteral("json")));
    auto snapshot = RepositoryArguments::load(parser, false);
    if (!snapshot)
        return reporter.failure(snapshot.error());

    const core::Findings& findings = snapshot->pipeline().findings;
    QJsonArray json;
    QString text;
    for (const core::Finding& finding : findings) {
        json.append(QJsonObject{{QStringLiteral("severity"), finding.severityName()},
                                {QStringLiteral("code"), finding.code},
                                {QStringLiteral("message"), finding.message},
                                {QStringLiteral("location"), finding.location}});
        text += finding.toString() + QLatin1Char('\n');
    }
    const bool failed = core::hasErrors(findings);
    text += findings.isEmpty() ? QStringLiteral("No findings.\n")
                               : QStringLiteral("%1 finding(s)%2\n")
                                     .arg(findings.size())
                                     .arg(failed ? QStringLiteral(", with errors") : QString());
    const int code = reporter.success(
        QJsonObject{{QStringLiteral("findings"), json}, {QStringLiteral("errors"), failed}}, text);
    return failed ? int(ExitFailed) : code;
}

} // namespace fd::app

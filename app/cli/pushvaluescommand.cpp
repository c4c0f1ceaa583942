#include "pushvaluescommand.h"

#include "clireporter.h"
#include "gitrepository.h"
#include "unifieddiff.h"
#include "valuespush.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QRegularExpression>

namespace fd::app {

using core::Error;
using core::Result;
using core::ValueEdit;

namespace {

Result<core::GitIdentity> parseAuthor(const QString& text) {
    static const QRegularExpression pattern(QStringLiteral(R"(^\s*(.+?)\s*<([^<>]+)>\s*$)"));
    const auto match = pattern.match(text);
    if (!match.hasMatch())
        return Error{
            Error::Kind::InvalidInput,
            QStringLiteral("--author must look like \"Name <email>\", not \"%1\"").arg(text),
            {}};
    return core::GitIdentity{match.captured(1), match.captured(2)};
}

Result<QList<std::pair<QString, QString>>> parseTrailers(const QStringList& specs) {
    QList<std::pair<QString, QString>> trailers;
    static const QRegularExpression key(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9-]*$"));
    for (const QString& spec : specs) {
        const qsizetype equals = spec.indexOf(QLatin1Char('='));
        if (equals <= 0 || !key.match(spec.left(equals)).hasMatch() ||
            spec.contains(QLatin1Char('\n')))
            return Error{Error::Kind::InvalidInput,
                         QStringLiteral("--trailer must look like Key=value (e.g. "
                                        "Freightdesk-Stage=prod), not \"%1\"")
                             .arg(spec),
                         {}};
        trailers.append({spec.left(equals), spec.mid(equals + 1)});
    }
    return trailers;
}

QJsonArray filesJson(const QList<core::FileChange>& changes, bool withDiff) {
    QJsonArray files;
    for (const core::FileChange& change : changes) {
        QJsonObject file{{QStringLiteral("path"), change.path}};
        if (withDiff) {
            auto diff = core::UnifiedDiff::between(change.path, change.before, change.after);
            file.insert(QStringLiteral("diff"), diff ? *diff : QString());
        }
        files.append(file);
    }
    return files;
}

} // namespace

int PushValuesCommand::run(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Make one commit with all edits on the freshly fetched tip of a branch and push it.\n"
        "No working tree is used: a remote URL is kept as a bare mirror in the cache folder; a\n"
        "local clone's origin is the target and its files and branches are left alone. A push\n"
        "rejected because the branch moved is made again on the new tip; if someone changed the\n"
        "same key to another value meanwhile, nothing is pushed and the conflict is reported.\n"
        "Never force-pushes.\n\n"
        "Example:\n"
        "  freightdesk-cli push-values --repo https://git.example.com/acme/gitops.git \\\n"
        "      --set env/prod/frontend/frontend-values.yaml:image.tag=1.0.12 \\\n"
        "      --message \"Promote frontend 1.0.12 to prod\" --trailer Freightdesk-Stage=prod"));
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("repo"),
         QStringLiteral("Remote URL (https, ssh, file) or local clone path."),
         QStringLiteral("URL|PATH")},
        {QStringLiteral("branch"), QStringLiteral("Target branch (default: main)."),
         QStringLiteral("BRANCH"), QStringLiteral("main")},
        {QStringLiteral("set"), QStringLiteral("An edit PATH:KEY=VALUE; repeat for more."),
         QStringLiteral("PATH:KEY=VALUE")},
        {QStringLiteral("set-image"),
         QStringLiteral("A Kustomize image edit PATH:IMAGE (IMAGE as for "
                        "`kustomize edit set image`; PATH may be the overlay folder)."),
         QStringLiteral("PATH:IMAGE")},
        {QStringLiteral("message"),
         QStringLiteral("Commit message (default: one describing the edits)."),
         QStringLiteral("MSG")},
        {QStringLiteral("trailer"),
         QStringLiteral("A commit trailer Key=value, e.g. Freightdesk-Stage=prod; repeatable."),
         QStringLiteral("KEY=VALUE")},
        {QStringLiteral("author"), QStringLiteral("\"Name <email>\" instead of your Git identity."),
         QStringLiteral("AUTHOR")},
        {QStringLiteral("attempts"),
         QStringLiteral("Pushes to try when the branch keeps moving (default 10)."),
         QStringLiteral("N"), QStringLiteral("10")},
        {QStringLiteral("dry-run"),
         QStringLiteral("Print the unified diff instead of committing.")},
        {QStringLiteral("json"), QStringLiteral("Print the result as one JSON object.")},
    });
    const CliReporter reporter(arguments.contains(QStringLiteral("--json")));
    const QString command = QStringLiteral("push-values");
    if (const auto done = reporter.parse(parser, arguments, command))
        return *done;
    const QString repo = parser.value(QStringLiteral("repo"));
    if (repo.isEmpty())
        return reporter.usageError(QStringLiteral("--repo is required"), command);

    core::PushRequest request;
    request.branch = parser.value(QStringLiteral("branch"));
    for (const QString& spec : parser.values(QStringLiteral("set"))) {
        auto edit = ValueEdit::fromSpec(spec);
        if (!edit)
            return reporter.usageError(edit.error().toString(), command);
        request.edits.append(*edit);
    }
    for (const QString& spec : parser.values(QStringLiteral("set-image"))) {
        auto edits = ValueEdit::fromImageSpec(spec);
        if (!edits)
            return reporter.usageError(edits.error().toString(), command);
        request.edits.append(*edits);
    }
    if (request.edits.isEmpty())
        return reporter.usageError(QStringLiteral("nothing to change: give --set or --set-image"),
                                   command);
    bool numeric = false;
    request.maxAttempts = parser.value(QStringLiteral("attempts")).toInt(&numeric);
    if (!numeric || request.maxAttempts < 1 || request.maxAttempts > 100)
        return reporter.usageError(QStringLiteral("--attempts takes a number from 1 to 100"),
                                   command);
    auto trailers = parseTrailers(parser.values(QStringLiteral("trailer")));
    if (!trailers)
        return reporter.usageError(trailers.error().message, command);
    request.trailers = *trailers;
    request.message = parser.value(QStringLiteral("message"));
    if (parser.isSet(QStringLiteral("message")) && request.message.trimmed().isEmpty())
        return reporter.usageError(QStringLiteral("the commit message is empty"), command);

    core::GitRepositoryOptions options;
    if (parser.isSet(QStringLiteral("author"))) {
        auto author = parseAuthor(parser.value(QStringLiteral("author")));
        if (!author)
            return reporter.usageError(author.error().message, command);
        options.identity = *author;
    }
    auto repository = core::GitRepository::open(repo, options);
    if (!repository)
        return reporter.failure(repository.error());
    return execute(reporter, **repository, request, parser.isSet(QStringLiteral("dry-run")));
}

int PushValuesCommand::execute(const CliReporter& reporter, core::GitRepository& repository,
                               const core::PushRequest& request, bool dryRun) {
    core::ValuesPush push(repository);

    if (dryRun) {
        auto preview = push.preview(request);
        if (!preview)
            return reporter.failure(preview.error());
        QString text;
        for (const core::FileChange& change : std::as_const(preview->changes)) {
            auto diff = core::UnifiedDiff::between(change.path, change.before, change.after);
            if (!diff)
                return reporter.failure(diff.error());
            text += *diff;
        }
        if (preview->changes.isEmpty() && !reporter.json())
            CliReporter::printErr(
                QStringLiteral("Nothing to change: every value is already set on %1 (%2).")
                    .arg(request.branch, preview->baseCommit.left(12)));
        return reporter.success(
            {{QStringLiteral("dryRun"), true},
             {QStringLiteral("base"), preview->baseCommit},
             {QStringLiteral("message"), core::ValuesPush::composeMessage(request)},
             {QStringLiteral("files"), filesJson(preview->changes, true)}},
            text);
    }

    auto outcome = push.run(request);
    if (!outcome)
        return reporter.failure(outcome.error());
    if (outcome->commitId.isEmpty() && !reporter.json())
        CliReporter::printErr(
            QStringLiteral("Nothing to push: every value is already set on %1 (%2).")
                .arg(request.branch, outcome->baseCommit.left(12)));
    return reporter.success(
        {{QStringLiteral("commit"),
          outcome->commitId.isEmpty() ? QJsonValue() : QJsonValue(outcome->commitId)},
         {QStringLiteral("pushed"), !outcome->commitId.isEmpty()},
         {QStringLiteral("base"), outcome->baseCommit},
         {QStringLiteral("attempts"), outcome->attempts},
         {QStringLiteral("branch"), request.branch},
         {QStringLiteral("remote"), repository.remoteUrl()},
         {QStringLiteral("files"), filesJson(outcome->changes, false)}},
        outcome->commitId);
}

} // namespace fd::app

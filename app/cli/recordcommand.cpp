#include "recordcommand.h"

#include "clireporter.h"
#include "freightref.h"
#include "freightstages.h"
#include "freightstore.h"
#include "gitrepository.h"
#include "promotionlog.h"
#include "repositoryarguments.h"
#include "stagearguments.h"

#include <QCommandLineParser>

namespace fd::app {

namespace {

using Kind = core::PromotionEvent::Kind;

struct Verb final {
    const char* command;
    const char* description;
    bool needsFreight;
};

Verb verbOf(Kind kind) {
    switch (kind) {
    case Kind::Approved:
        return {"approve",
                "Approve a freight for a stage: a promotion into a stage that requires approvals "
                "may go ahead once enough people have approved. Recorded, with your Git identity, "
                "in the repository's promotion log (the freightdesk-log branch).",
                true};
    case Kind::Verified:
    case Kind::VerificationFailed:
        return {"verify",
                "Mark a freight verified in a stage by hand (or --failed), as a stage that asks "
                "for a person's verification needs. Recorded in the repository's promotion log.",
                true};
    case Kind::Held:
        return {"hold",
                "Pin a stage to a freight (by default the one it runs): nothing is promoted into "
                "it until `release`. Recorded in the repository's promotion log.",
                false};
    case Kind::Released:
    case Kind::Promoted:
    case Kind::PromotionFailed:
    case Kind::Aborted:
        break;
    }
    return {"release", "Lift a stage's hold. Recorded in the repository's promotion log.", false};
}

} // namespace

int RecordCommand::run(Kind kind, const QStringList& arguments) {
    const Verb verb = verbOf(kind);
    const QString command = QString::fromLatin1(verb.command);
    QCommandLineParser parser;
    parser.addOptions(StageArguments::options());
    parser.addOption({QStringLiteral("reason"), QStringLiteral("Why, for the audit trail."),
                      QStringLiteral("TEXT")});
    if (kind == Kind::Verified)
        parser.addOption(
            {QStringLiteral("failed"), QStringLiteral("Record that verification failed instead.")});
    if (const auto done = RepositoryArguments::parse(
            parser, QString::fromUtf8(verb.description),
            QStringLiteral("Print the recorded event and the log commit as JSON."), arguments,
            command))
        return *done;
    const CliReporter reporter(parser.isSet(QStringLiteral("json")));
    for (const char* required : {"service", "stage"}) {
        if (!parser.isSet(QString::fromLatin1(required)))
            return reporter.usageError(
                QStringLiteral("--%1 is required").arg(QLatin1String(required)), command);
    }
    if (verb.needsFreight && !parser.isSet(QStringLiteral("freight")))
        return reporter.usageError(QStringLiteral("--freight is required"), command);
    if (kind == Kind::Verified && parser.isSet(QStringLiteral("failed")))
        kind = Kind::VerificationFailed;

    auto snapshot = RepositoryArguments::load(parser, kind == Kind::Held);
    if (!snapshot)
        return reporter.failure(snapshot.error());
    const QString service = parser.value(QStringLiteral("service"));
    auto stage = StageArguments::resolve(snapshot->pipeline(), parser);
    if (!stage)
        return reporter.usageError(stage.error().message, command);

    core::PromotionEvent event;
    event.kind = kind;
    event.service = service;
    event.stage = (*stage)->name;
    event.reason = parser.value(QStringLiteral("reason"));
    const core::FreightStore store = core::FreightStore::open(
        core::FreightStore::pathFor(snapshot->source(), parser.value(QStringLiteral("branch"))));
    const QList<core::Freight> known = store.freight(service);
    if (parser.isSet(QStringLiteral("freight"))) {
        if (known.isEmpty())
            return reporter.failure({core::Error::Kind::NotFound,
                                     QStringLiteral("no freight of %1 is known yet: run "
                                                    "`freightdesk-cli freight` first")
                                         .arg(service),
                                     snapshot->source()});
        auto freight = core::resolveFreight(known, parser.value(QStringLiteral("freight")));
        if (!freight)
            return reporter.failure(freight.error());
        event.freightId = freight->id;
        event.freightAlias = freight->alias;
    } else if (kind == Kind::Held && snapshot->history()) {
        // A hold pins what the stage runs: name it when a known freight is that version.
        for (const core::VersionRecord& current : snapshot->history()->current()) {
            if (current.stage != event.stage)
                continue;
            for (const core::Freight& each : known) {
                if (core::freightMatchesVersion(each, current.version)) {
                    event.freightId = each.id;
                    event.freightAlias = each.alias;
                    break;
                }
            }
        }
    }

    core::GitRepositoryOptions options;
    auto repository = core::GitRepository::open(RepositoryArguments::repository(parser), options);
    if (!repository)
        return reporter.failure(repository.error());
    auto identity = (*repository)->identity();
    if (!identity)
        return reporter.failure(identity.error());
    event.byName = identity->name;
    event.byEmail = identity->email;
    event.at = QDateTime::currentDateTimeUtc();
    core::PromotionLog log(**repository);
    auto commit = log.append({event});
    if (!commit)
        return reporter.failure(commit.error());
    QString text =
        QStringLiteral("%1 %2 in %3")
            .arg(core::PromotionEvent::kindName(kind),
                 event.freightAlias.isEmpty() ? service : event.freightAlias, event.stage);
    text[0] = text.at(0).toUpper();
    return reporter.success(
        {{QStringLiteral("event"), event.toJson()}, {QStringLiteral("logCommit"), *commit}},
        text + QStringLiteral(": recorded on %1 (%2)\n")
                   .arg(core::PromotionLog::defaultBranch(), commit->left(12)));
}

} // namespace fd::app

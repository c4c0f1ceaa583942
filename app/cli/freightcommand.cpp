#include "freightcommand.h"

#include "awaitresult.h"
#include "clireporter.h"
#include "freightdiscovery.h"
#include "freightstages.h"
#include "freightstore.h"
#include "gitrepository.h"
#include "helmrepositoryclient.h"
#include "promotionlog.h"
#include "promotionrules.h"
#include "registryarguments.h"
#include "registryclient.h"
#include "repositoryarguments.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QNetworkAccessManager>

namespace fd::app {

namespace {

const char* const Description =
    R"(Discover every version each service's Warehouse subscribes to: image tags from OCI
registries, chart versions from Helm repositories, commits from Git, selected as Kargo
selects them; and show them as freight, newest first, with the stages each is current in.
Freight found is remembered (in the user's cache), so that a version that drops out of the
registry's window stays known; --offline shows what is remembered without any network.)";

const char* const JsonHelp = "Print a JSON array of freight: id, alias, service, origin, artifacts "
                             "(kind, repoURL, tag/version/id, digest), discoveredAt, stages.";

QString artifactText(const core::FreightArtifact& artifact) {
    switch (artifact.kind) {
    case core::FreightArtifact::Kind::Image:
        return artifact.repoURL + QLatin1Char(':') + artifact.tag;
    case core::FreightArtifact::Kind::Chart:
        return (artifact.name.isEmpty() ? artifact.repoURL : artifact.name) + QLatin1Char(' ') +
               artifact.version;
    case core::FreightArtifact::Kind::Commit:
        break;
    }
    return artifact.repoURL + QLatin1Char('@') +
           (artifact.tag.isEmpty() ? artifact.id.left(12) : artifact.tag);
}

QString currentText(const core::Freight& freight) {
    QStringList stages;
    for (auto it = freight.stages.cbegin(); it != freight.stages.cend(); ++it) {
        if (it->current)
            stages.append(it.key());
    }
    return stages.isEmpty() ? QStringLiteral("-") : stages.join(QLatin1Char(','));
}

QString problemText(const QString& service, const core::Error& error) {
    return QStringLiteral("%1: %2").arg(service, error.toString());
}

core::Result<core::PromotionLogContents> readLog(const QCommandLineParser& parser) {
    auto repository = core::GitRepository::open(RepositoryArguments::repository(parser));
    if (!repository)
        return std::move(repository).error();
    return core::PromotionLog(**repository).read(!parser.isSet(QStringLiteral("offline")));
}

QList<core::ServiceFreight> discover(const QList<core::PipelineService>& services,
                                     core::RegistryOverrides overrides) {
    QNetworkAccessManager network;
    core::RegistryClientOptions options;
    options.overrides = std::move(overrides);
    core::RegistryClient registry(&network, std::move(options));
    core::HelmRepositoryClient helm(&network, core::HelmIndexCache());
    core::FreightDiscovery discovery(&registry, &helm, {});
    auto found = core::awaitResult<QList<core::ServiceFreight>>(
        [&](std::function<void(core::Result<QList<core::ServiceFreight>>)> done) {
            discovery.discover(services, nullptr,
                               [done](QList<core::ServiceFreight> result) { done(result); });
        },
        std::chrono::minutes(15));
    if (found)
        return *found;
    QList<core::ServiceFreight> failed;
    for (const core::PipelineService& service : services)
        failed.append({service.name, {}, {found.error()}, {}});
    return failed;
}

} // namespace

int FreightCommand::run(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.addOptions({
        {QStringLiteral("service"), QStringLiteral("Only this service (repeatable)."),
         QStringLiteral("NAME")},
    });
    parser.addOptions(RegistryArguments::options());
    if (const auto done = RepositoryArguments::parse(parser, QString::fromUtf8(Description),
                                                     QString::fromUtf8(JsonHelp), arguments,
                                                     QStringLiteral("freight")))
        return *done;
    const CliReporter reporter(parser.isSet(QStringLiteral("json")));
    auto overrides = RegistryArguments::overrides(parser);
    if (!overrides)
        return reporter.usageError(overrides.error().message, QStringLiteral("freight"));
    auto snapshot = RepositoryArguments::load(parser, true);
    if (!snapshot)
        return reporter.failure(snapshot.error());

    QList<core::PipelineService> services = snapshot->pipeline().services;
    if (const QStringList wanted = parser.values(QStringLiteral("service")); !wanted.isEmpty()) {
        QStringList known;
        for (const auto& service : services)
            known.append(service.name);
        for (const QString& name : wanted) {
            if (!known.contains(name))
                return reporter.usageError(
                    QStringLiteral("no service \"%1\" in %2 (it has: %3)")
                        .arg(name, snapshot->source(), known.join(QStringLiteral(", "))),
                    QStringLiteral("freight"));
        }
        services.removeIf(
            [&](const core::PipelineService& service) { return !wanted.contains(service.name); });
    }

    core::FreightStore store = core::FreightStore::open(
        core::FreightStore::pathFor(snapshot->source(), parser.value(QStringLiteral("branch"))));
    bool failed = false;
    if (!parser.isSet(QStringLiteral("offline"))) {
        RegistryArguments::noteEndpoints(services, *overrides);
        const QList<core::ServiceFreight> found = discover(services, *overrides);
        for (const core::ServiceFreight& service : found) {
            for (const core::Error& note : service.notes)
                CliReporter::printErr(problemText(service.service, note));
            for (const core::Error& problem : service.problems)
                CliReporter::printErr(problemText(service.service, problem));
            failed = failed || !service.problems.isEmpty();
        }
        store.merge(found, QDateTime::currentDateTimeUtc());
        if (auto saved = store.save(); !saved)
            CliReporter::printErr(saved.error().toString());
    }

    QList<core::Freight> freight;
    for (const core::PipelineService& service : services)
        freight.append(store.freight(service.name));
    if (snapshot->history())
        core::markCurrentStages(freight, snapshot->history()->current());
    if (!snapshot->tip().isEmpty()) {
        // Verified and approved come from the promotion log; without it they stay unknown.
        auto log = readLog(parser);
        if (log)
            core::PromotionRules(snapshot->pipeline(), log->events).applyTo(freight);
        else
            CliReporter::printErr(QStringLiteral("note: the promotion log could not be read "
                                                 "(verified and approved states are missing): ") +
                                  log.error().toString());
    }

    QJsonArray json;
    QList<QStringList> rows{{QStringLiteral("ALIAS"), QStringLiteral("SERVICE"),
                             QStringLiteral("VERSION"), QStringLiteral("DISCOVERED"),
                             QStringLiteral("CURRENT IN")}};
    for (const core::Freight& each : freight) {
        json.append(each.toJson());
        QStringList artifacts;
        for (const core::FreightArtifact& artifact : each.artifacts)
            artifacts.append(artifactText(artifact));
        rows.append({each.alias, each.service, artifacts.join(QStringLiteral(" + ")),
                     each.discoveredAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                     currentText(each)});
    }
    const int code = reporter.successDocument(QJsonDocument(json), CliReporter::table(rows));
    return failed ? ExitFailed : code;
}

} // namespace fd::app

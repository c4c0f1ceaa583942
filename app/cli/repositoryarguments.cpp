#include "repositoryarguments.h"

#include "clireporter.h"

namespace fd::app {

QList<QCommandLineOption> RepositoryArguments::options() {
    return {
        {QStringLiteral("repo"),
         QStringLiteral("The GitOps repository: a remote URL (https, ssh, file), a local clone, "
                        "or a plain folder (its pipeline only)."),
         QStringLiteral("URL|PATH")},
        {QStringLiteral("branch"), QStringLiteral("The branch to read (default: main)."),
         QStringLiteral("BRANCH"), QStringLiteral("main")},
        {QStringLiteral("offline"),
         QStringLiteral("Do not fetch: read what the last fetch brought.")},
    };
}

std::optional<int> RepositoryArguments::parse(QCommandLineParser& parser,
                                              const QString& description, const QString& jsonHelp,
                                              const QStringList& arguments,
                                              const QString& command) {
    parser.setApplicationDescription(description);
    parser.addHelpOption();
    parser.addOptions(options());
    parser.addOption({QStringLiteral("json"), jsonHelp});
    const CliReporter reporter(arguments.contains(QStringLiteral("--json")));
    if (const auto done = reporter.parse(parser, arguments, command))
        return done;
    if (repository(parser).isEmpty())
        return reporter.usageError(QStringLiteral("--repo is required"), command);
    return std::nullopt;
}

QString RepositoryArguments::repository(const QCommandLineParser& parser) {
    return parser.value(QStringLiteral("repo"));
}

core::Result<core::RepositorySnapshot> RepositoryArguments::load(const QCommandLineParser& parser,
                                                                 bool withHistory) {
    core::SnapshotOptions options;
    options.branch = parser.value(QStringLiteral("branch"));
    options.fetch = !parser.isSet(QStringLiteral("offline"));
    options.withHistory = withHistory;
    return core::RepositorySnapshot::load(repository(parser), options);
}

} // namespace fd::app

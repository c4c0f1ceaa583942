#include "repositoryarguments.h"

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

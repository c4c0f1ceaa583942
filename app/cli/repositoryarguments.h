#pragma once

#include "repositorysnapshot.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>

#include <optional>

namespace fd::app {

/** The options every repository-reading command takes: --repo, --branch, --offline. */
class RepositoryArguments final {
public:
    static QList<QCommandLineOption> options();
    /**
     * Sets up @p parser with @p description, --help, the repository options and --json
     * (@p jsonHelp), parses @p arguments and checks --repo; returns the exit code when the
     * command is done already (usage error or --help), nullopt to go on.
     */
    static std::optional<int> parse(QCommandLineParser& parser, const QString& description,
                                    const QString& jsonHelp, const QStringList& arguments,
                                    const QString& command);
    /** The --repo value, or empty when it is missing (a usage error for the caller). */
    static QString repository(const QCommandLineParser& parser);
    static core::Result<core::RepositorySnapshot> load(const QCommandLineParser& parser,
                                                       bool withHistory);
};

} // namespace fd::app

#pragma once

#include "repositorysnapshot.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>

namespace fd::app {

/** The options every repository-reading command takes: --repo, --branch, --offline. */
class RepositoryArguments final {
public:
    static QList<QCommandLineOption> options();
    /** The --repo value, or empty when it is missing (a usage error for the caller). */
    static QString repository(const QCommandLineParser& parser);
    static core::Result<core::RepositorySnapshot> load(const QCommandLineParser& parser,
                                                       bool withHistory);
};

} // namespace fd::app

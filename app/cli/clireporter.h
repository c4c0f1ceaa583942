#pragma once

#include "error.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace fd::app {

/** Exit codes of freightdesk-cli. */
enum ExitCode { ExitSuccess = 0, ExitFailed = 1, ExitUsage = 2, ExitPromotionFailed = 3 };

/** Prints results and errors as text or as one JSON object on stdout (`--json`). */
class CliReporter final {
public:
    /**
     * @p context: fields every JSON result and failure of this reporter carries besides its own
     * (a train's plan, whether it went or was refused).
     */
    explicit CliReporter(bool json, QJsonObject context = {});

    bool json() const { return m_json; }

    int usageError(const QString& message, const QString& command) const;
    /**
     * Parses @p arguments (which take no positional ones); returns the exit code when the
     * command is done already (usage error, or --help printed), nullopt to go on.
     */
    std::optional<int> parse(QCommandLineParser& parser, const QStringList& arguments,
                             const QString& command) const;
    /** A usage error naming the first of @p names not given; nullopt when all are. */
    std::optional<int> require(const QCommandLineParser& parser, const QStringList& names,
                               const QString& command) const;
    int failure(const core::Error& error) const;
    int success(QJsonObject result, const QString& text) const;
    /** Success with @p json printed as it is (e.g. a bare array) in JSON mode. */
    int successDocument(const QJsonDocument& json, const QString& text) const;

    /** Columns padded to their widest cell, so the table reads in a terminal. */
    static QString table(const QList<QStringList>& rows);
    static void printOut(const QString& text);
    static void printErr(const QString& text);
    static void writeOut(const QByteArray& bytes);

private:
    QJsonObject withContext(QJsonObject result) const;

    bool m_json;
    QJsonObject m_context;
};

} // namespace fd::app

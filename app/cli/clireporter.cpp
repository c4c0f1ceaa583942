#include "clireporter.h"

#include <QJsonDocument>

#include <cstdio>

namespace fd::app {

CliReporter::CliReporter(bool json, QJsonObject context)
    : m_json(json)
    , m_context(std::move(context)) {}

QJsonObject CliReporter::withContext(QJsonObject result) const {
    for (auto it = m_context.begin(); it != m_context.end(); ++it) {
        if (!result.contains(it.key()))
            result.insert(it.key(), it.value());
    }
    return result;
}

void CliReporter::writeOut(const QByteArray& bytes) {
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

void CliReporter::printOut(const QString& text) {
    writeOut(text.endsWith(QLatin1Char('\n')) ? text.toUtf8()
                                              : (text + QLatin1Char('\n')).toUtf8());
}

void CliReporter::printErr(const QString& text) {
    const QByteArray bytes =
        (text.endsWith(QLatin1Char('\n')) ? text : text + QLatin1Char('\n')).toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

int CliReporter::usageError(const QString& message, const QString& command) const {
    if (m_json) {
        writeOut(QJsonDocument(
                     QJsonObject{{QStringLiteral("ok"), false},
                                 {QStringLiteral("error"),
                                  QJsonObject{{QStringLiteral("kind"), QStringLiteral("usage")},
                                              {QStringLiteral("message"), message}}}})
                     .toJson(QJsonDocument::Compact) +
                 '\n');
    }
    const QString hint = command == QStringLiteral("help")
                             ? QStringLiteral("freightdesk-cli help")
                             : QStringLiteral("freightdesk-cli %1 --help").arg(command);
    printErr(QStringLiteral("freightdesk-cli: %1\nRun '%2' for usage.").arg(message, hint));
    return ExitUsage;
}

std::optional<int> CliReporter::parse(QCommandLineParser& parser, const QStringList& arguments,
                                      const QString& command) const {
    if (!parser.parse(arguments))
        return usageError(parser.errorText(), command);
    if (parser.isSet(QStringLiteral("help"))) {
        printOut(parser.helpText());
        return ExitSuccess;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(QStringLiteral("unexpected argument ") +
                              parser.positionalArguments().constFirst(),
                          command);
    return std::nullopt;
}

std::optional<int> CliReporter::require(const QCommandLineParser& parser, const QStringList& names,
                                        const QString& command) const {
    for (const QString& name : names) {
        if (!parser.isSet(name))
            return usageError(QStringLiteral("--%1 is required").arg(name), command);
    }
    return std::nullopt;
}

int CliReporter::failure(const core::Error& error) const {
    if (m_json) {
        QJsonObject details{{QStringLiteral("kind"), error.kindName()},
                            {QStringLiteral("message"), error.message}};
        if (!error.location.isEmpty())
            details.insert(QStringLiteral("location"), error.location);
        writeOut(QJsonDocument(withContext({{QStringLiteral("ok"), false},
                                            {QStringLiteral("error"), details}}))
                     .toJson(QJsonDocument::Compact) +
                 '\n');
    }
    printErr(QStringLiteral("freightdesk-cli: ") + error.toString());
    return ExitFailed;
}

int CliReporter::success(QJsonObject result, const QString& text) const {
    if (m_json) {
        result.insert(QStringLiteral("ok"), true);
        writeOut(QJsonDocument(withContext(result)).toJson(QJsonDocument::Compact) + '\n');
    } else if (!text.isEmpty()) {
        printOut(text);
    }
    return ExitSuccess;
}

int CliReporter::successDocument(const QJsonDocument& json, const QString& text) const {
    if (m_json)
        writeOut(json.toJson(QJsonDocument::Compact) + '\n');
    else if (!text.isEmpty())
        printOut(text);
    return ExitSuccess;
}

QString CliReporter::table(const QList<QStringList>& rows) {
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

} // namespace fd::app

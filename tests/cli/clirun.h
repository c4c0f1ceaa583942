#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QProcess>
#include <QStringList>

namespace fd::testsupport {

/** What one run of freightdesk-cli did. */
struct Run final {
    int exitCode = -1; // -1: it crashed or never started
    QByteArray out;
    QByteArray err;
    qint64 elapsedMs = 0;

    QJsonDocument json() const { return QJsonDocument::fromJson(out); }
};

/** Runs the freightdesk-cli built with the tests, with @p input on its stdin. */
inline Run cli(const QStringList& arguments, const QByteArray& input = {}) {
    QElapsedTimer timer;
    timer.start();
    QProcess process;
    process.start(QStringLiteral(FREIGHTDESK_CLI_PATH), arguments);
    if (!process.waitForStarted(10000))
        return {};
    process.write(input);
    process.closeWriteChannel();
    process.waitForFinished(120000);
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            process.readAllStandardOutput(), process.readAllStandardError(), timer.elapsed()};
}

} // namespace fd::testsupport

#pragma once

#include "benchsystem.h"

#include <QApplication>

#include <functional>

namespace fd::bench {

/**
 * main() of a benchmark that shows widgets, called @p name: without a display it paints
 * offscreen, as the tests do; a Failure becomes exit code 1.
 */
inline int guiBenchmarkMain(int argc, char** argv, const char* name,
                            const std::function<int(const QApplication&)>& run) {
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setApplicationName(QString::fromLatin1(name));
    return runReportingFailure(name, [&] { return run(app); });
}

} // namespace fd::bench

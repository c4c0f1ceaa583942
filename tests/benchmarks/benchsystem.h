#pragma once

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace fd::bench {

/** A field of /proc/self/status in KiB ("VmHWM:" the peak, "VmRSS:" now); -1 if unknown. */
long ownMemoryKiB(const char* field);

/** Resets VmHWM to the current RSS (Linux >= 4.0), so that a peak belongs to what follows. */
void resetPeak();

/** The 1, 5 and 15 minute load averages: other work on the machine skews wall-clock times. */
QString loadAverage();

/** The median; the mean of the middle two for an even count; 0 for none. */
double median(QList<double> values);

/** One line to stdout, flushed at once so that progress shows while the benchmark runs. */
void say(const QString& text);

/** Thrown to unwind to main(), so that servers are stopped and temporary folders removed. */
struct Failure final {
    QString what;
};

[[noreturn]] void fail(const QString& what);
/** fail() with "check failed: <what>" unless @p condition holds. */
void require(bool condition, const QString& what);

/**
 * Everything the benchmark's child processes see: a home of their own, so that the user's Git
 * configuration, credential helpers and Freightdesk cache play no part; XDG_CACHE_HOME too when
 * @p cacheHome is given.
 */
QStringList childEnvironment(const QString& home, const QString& cacheHome = {});

/** The value of @p option as a number of at least 1, else fail() naming the option. */
int positiveValue(const QCommandLineParser& parser, const QCommandLineOption& option);

/** Runs @p run; a Failure is printed as "<name>: <what>" and becomes exit code 1. */
int runReportingFailure(const char* name, const std::function<int()>& run);

/** main() of a benchmark called @p name: runs @p run and turns a Failure into exit code 1. */
int benchmarkMain(int argc, char** argv, const char* name,
                  const std::function<int(const QCoreApplication&)>& run);

} // namespace fd::bench

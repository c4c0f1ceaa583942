#include "benchsystem.h"

#include <QByteArray>
#include <QFile>

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace fd::bench {

long ownMemoryKiB(const char* field) {
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(qsizetype(std::strlen(field))).trimmed().split(' ').value(0).toLong();
    }
    return -1;
}

void resetPeak() {
    QFile clearRefs(QStringLiteral("/proc/self/clear_refs"));
    if (clearRefs.open(QIODevice::WriteOnly))
        clearRefs.write("5");
}

QString loadAverage() {
    QFile file(QStringLiteral("/proc/loadavg"));
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("unknown");
    return QString::fromLatin1(file.readAll()).section(QLatin1Char(' '), 0, 2);
}

double median(QList<double> values) {
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

void say(const QString& text) {
    std::fprintf(stdout, "%s\n", qPrintable(text));
    std::fflush(stdout);
}

void fail(const QString& what) {
    throw Failure{what};
}

void require(bool condition, const QString& what) {
    if (!condition)
        fail(QStringLiteral("check failed: ") + what);
}

int positiveValue(const QCommandLineParser& parser, const QCommandLineOption& option) {
    bool ok = false;
    const int value = parser.value(option).toInt(&ok);
    if (!ok || value < 1)
        fail(QStringLiteral("--%1 needs a positive number").arg(option.names().constFirst()));
    return value;
}

QStringList childEnvironment(const QString& home, const QString& cacheHome) {
    QStringList environment{QStringLiteral("PATH=") + qEnvironmentVariable("PATH"),
                            QStringLiteral("HOME=") + home,
                            QStringLiteral("XDG_CONFIG_HOME=") + home + QStringLiteral("/.config"),
                            QStringLiteral("LANG=C.UTF-8"),
                            QStringLiteral("GIT_CONFIG_NOSYSTEM=1"),
                            QStringLiteral("GIT_TERMINAL_PROMPT=0")};
    if (!cacheHome.isEmpty())
        environment.insert(3, QStringLiteral("XDG_CACHE_HOME=") + cacheHome);
    return environment;
}

int runReportingFailure(const char* name, const std::function<int()>& run) {
    try {
        return run();
    } catch (const Failure& failure) {
        std::fprintf(stderr, "\n%s: %s\n", name, qPrintable(failure.what));
        return 1;
    }
}

int benchmarkMain(int argc, char** argv, const char* name,
                  const std::function<int(const QCoreApplication&)>& run) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QString::fromLatin1(name));
    return runReportingFailure(name, [&] { return run(app); });
}

} // namespace fd::bench

#pragma once

#include "pushmethods.h"

#include <QList>
#include <QString>

#include <map>

namespace fd::bench {

/** All samples of one repository over one transport. */
struct ScenarioResult final {
    int commits = 0;
    int files = 0;
    qint64 packBytes = 0;
    QString transport; // "file://" or "http://"
    Sample firstCli;   // the CLI's first call, which creates its mirror
    std::map<Method, QList<Sample>> samples;
    int pushesVerified = 0;
};

/** What the reader needs to trust the figures. */
struct RunConditions final {
    int iterations = 0;
    long rssFloorKiB = 0; // ru_maxrss reported for `true`: the measurement's floor
    QString loadBefore;   // /proc/loadavg, as other work on the machine skews wall-clock times
    QString loadAfter;
};

/** The tables, the ratios against the goals, and the memory comparison between repositories. */
void printReport(const QList<ScenarioResult>& results, const RunConditions& conditions);

} // namespace fd::bench

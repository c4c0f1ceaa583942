#pragma once

#include <QList>
#include <QString>

namespace fd::bench {

/** A field of /proc/self/status in KiB ("VmHWM:" the peak, "VmRSS:" now); -1 if unknown. */
long ownMemoryKiB(const char* field);

/** Resets VmHWM to the current RSS (Linux >= 4.0), so that a peak belongs to what follows. */
void resetPeak();

/** The 1, 5 and 15 minute load averages: other work on the machine skews wall-clock times. */
QString loadAverage();

double median(QList<double> values);

/** One line to stdout, flushed at once so that progress shows while the benchmark runs. */
void say(const QString& text);

} // namespace fd::bench

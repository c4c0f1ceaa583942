#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace fd::bench {

/** How one child process (and every descendant it waited for) ended. */
struct ProcessRun final {
    QStringList command;
    int exitCode = -1;   // the exit status, or -1 when killed by a signal or not started
    int signal = 0;      // the terminating signal, 0 if none
    double wallMs = 0;   // fork to reap, monotonic clock
    long peakRssKiB = 0; // ru_maxrss of the reaped child: max over its waited-for process tree
    QByteArray standardOutput;
    QByteArray standardError;

    bool ok() const { return exitCode == 0 && signal == 0; }
    /** The command, its exit status and its stderr, for a person reading a failure. */
    QString describeFailure() const;
};

/**
 * Runs children with a fixed environment and measures them, through bench_pushvalues_spawn
 * (spawnrss.cpp), which times the command and reports wait4()'s rusage for it.
 *
 * On Linux ru_maxrss of a reaped child is the maximum of its own peak and of every descendant it
 * reaped in turn, so `git push` includes its pack-objects and, over file://, the receive-pack it
 * starts. RUSAGE_CHILDREN on the benchmark would not do: it is a maximum over the whole run, not
 * per command. The helper exists because a child forked straight from the benchmark would carry
 * the benchmark's own memory into its ru_maxrss.
 */
class ProcessRunner final {
public:
    /** @p environment is complete (KEY=VALUE), the parent's is not inherited. */
    ProcessRunner(QString spawnHelper, QStringList environment);

    ProcessRun run(const QStringList& command, const QString& workingDirectory = {},
                   const QString& standardInputFile = {}) const;

private:
    QString m_spawnHelper;
    QStringList m_environment;
};

} // namespace fd::bench

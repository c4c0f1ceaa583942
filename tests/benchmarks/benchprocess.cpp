#include "benchprocess.h"

#include <QFile>
#include <QTemporaryFile>

#include <vector>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fd::bench {

namespace {

// argv/envp arrays that own their strings for the duration of one spawn.
class CStringArray final {
public:
    explicit CStringArray(const QStringList& strings) {
        for (const QString& s : strings)
            m_storage.push_back(s.toLocal8Bit());
        for (QByteArray& s : m_storage)
            m_pointers.push_back(s.data());
        m_pointers.push_back(nullptr);
    }
    char** data() { return m_pointers.data(); }

private:
    std::vector<QByteArray> m_storage;
    std::vector<char*> m_pointers;
};

QByteArray readAll(QTemporaryFile& file) {
    file.seek(0);
    return file.readAll();
}

} // namespace

QString ProcessRun::describeFailure() const {
    QString status = signal != 0 ? QStringLiteral("killed by signal %1").arg(signal)
                                 : QStringLiteral("exit code %1").arg(exitCode);
    return QStringLiteral("command failed (%1): %2\n--- stderr ---\n%3\n--- stdout ---\n%4")
        .arg(status, command.join(QLatin1Char(' ')), QString::fromLocal8Bit(standardError),
             QString::fromLocal8Bit(standardOutput.left(4000)));
}

ProcessRunner::ProcessRunner(QString spawnHelper, QStringList environment)
    : m_spawnHelper(std::move(spawnHelper))
    , m_environment(std::move(environment)) {}

ProcessRun ProcessRunner::run(const QStringList& command, const QString& workingDirectory,
                              const QString& standardInputFile) const {
    ProcessRun result;
    result.command = command;

    // Output goes to unlinked temporary files rather than pipes: nothing to drain while the
    // child runs, so the parent does no work that could skew the wall-clock time.
    QTemporaryFile out, err, report;
    if (!out.open() || !err.open() || !report.open()) {
        result.standardError = "cannot create temporary files for the child's output";
        return result;
    }

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const QByteArray inPath = standardInputFile.isEmpty() ? QByteArray("/dev/null")
                                                          : QFile::encodeName(standardInputFile);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, inPath.constData(), O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out.handle(), STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, err.handle(), STDERR_FILENO);
    const QByteArray cwd = QFile::encodeName(workingDirectory);
    if (!workingDirectory.isEmpty())
        posix_spawn_file_actions_addchdir_np(&actions, cwd.constData());

    CStringArray argv(QStringList{m_spawnHelper, report.fileName()} + command);
    CStringArray envp(m_environment);
    pid_t pid = 0;
    const int spawnError =
        posix_spawnp(&pid, argv.data()[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (spawnError != 0) {
        result.standardError = QByteArray("cannot start: ") + std::strerror(spawnError);
        return result;
    }

    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    result.standardOutput = readAll(out);
    result.standardError = readAll(err);

    // "<exit code> <signal> <wall ns> <peak RSS KiB>"; nothing when the helper itself failed.
    const QList<QByteArray> fields = readAll(report).simplified().split(' ');
    if (fields.size() != 4) {
        result.standardError +=
            "\n(bench_pushvalues_spawn wrote no report, status " + QByteArray::number(status) + ")";
        return result;
    }
    result.exitCode = fields[0].toInt();
    result.signal = fields[1].toInt();
    result.wallMs = double(fields[2].toLongLong()) / 1e6;
    result.peakRssKiB = fields[3].toLong();
    return result;
}

} // namespace fd::bench

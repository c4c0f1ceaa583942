#include "testrepos.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>

namespace fd::testsupport {

using fd::core::Error;
using fd::core::Result;

namespace {

Error gitFailed(const QStringList& arguments, const GitRun& run) {
    return Error{Error::Kind::Git,
                 QStringLiteral("git %1 failed (%2): %3")
                     .arg(arguments.join(u' '))
                     .arg(run.exitCode)
                     .arg(QString::fromLocal8Bit(run.errors + run.output).trimmed()),
                 {}};
}

Result<GitRun> checkedGit(const QStringList& arguments, const QString& workingDirectory = {}) {
    GitRun run = TestRepos::git(arguments, workingDirectory);
    if (!run.ok())
        return gitFailed(arguments, run);
    return run;
}

} // namespace

QString GitRun::text() const {
    return QString::fromUtf8(output).trimmed();
}

void TestRepos::isolateEnvironment(const QString& root) {
    const QString home = root + QStringLiteral("/home");
    const QString config = root + QStringLiteral("/config");
    const QString cache = root + QStringLiteral("/cache");
    for (const QString& folder : {home, config, cache})
        QDir().mkpath(folder);
    qputenv("HOME", QFile::encodeName(home));
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(config));
    qputenv("XDG_CACHE_HOME", QFile::encodeName(cache));
    qputenv("GIT_CONFIG_NOSYSTEM", "1");
    qputenv("GIT_TERMINAL_PROMPT", "0");
    qputenv("GIT_AUTHOR_NAME", identityName);
    qputenv("GIT_AUTHOR_EMAIL", identityEmail);
    qputenv("GIT_COMMITTER_NAME", identityName);
    qputenv("GIT_COMMITTER_EMAIL", identityEmail);
    qputenv("DBUS_SESSION_BUS_ADDRESS",
            QFile::encodeName(QStringLiteral("unix:path=%1/no-session-bus").arg(root)));
    for (const char* name :
         {"http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY",
          "SSH_AUTH_SOCK", "GIT_ASKPASS", "SSH_ASKPASS", "DISPLAY", "GIT_DIR", "GIT_WORK_TREE"})
        qunsetenv(name);
    writeGlobalConfig({});
}

bool TestRepos::writeGlobalConfig(const QString& text) {
    QFile file(QDir::homePath() + QStringLiteral("/.gitconfig"));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    const QByteArray bytes = text.toUtf8();
    return file.write(bytes) == bytes.size();
}

GitRun TestRepos::git(const QStringList& arguments, const QString& workingDirectory,
                      const QByteArray& input) {
    QProcess process;
    if (!workingDirectory.isEmpty())
        process.setWorkingDirectory(workingDirectory);
    process.start(QStringLiteral("git"), arguments);
    GitRun run;
    if (!process.waitForStarted(10000)) {
        run.errors = process.errorString().toUtf8();
        return run;
    }
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        run.errors = "git timed out";
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.output = process.readAllStandardOutput();
    run.errors = process.readAllStandardError();
    return run;
}

Result<void> TestRepos::writeFiles(const QString& workTree, const QMap<QString, QByteArray>& files,
                                   const QStringList& executables) {
    for (auto it = files.cbegin(); it != files.cend(); ++it) {
        const QString filePath = workTree + u'/' + it.key();
        QDir().mkpath(QFileInfo(filePath).path());
        QFile file(filePath);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
            file.write(it.value()) != it.value().size())
            return Error{Error::Kind::Io, QStringLiteral("could not write %1").arg(filePath), {}};
        file.close();
        if (executables.contains(it.key()))
            file.setPermissions(file.permissions() | QFileDevice::ExeOwner | QFileDevice::ExeGroup |
                                QFileDevice::ExeOther);
    }
    return {};
}

Result<QString> TestRepos::commitAndPush(const QString& workTree, const QString& branch,
                                         const QString& message) {
    for (const QStringList& arguments :
         {QStringList{QStringLiteral("add"), QStringLiteral("--all")},
          QStringList{QStringLiteral("commit"), QStringLiteral("--quiet"), QStringLiteral("-m"),
                      message},
          QStringList{QStringLiteral("push"), QStringLiteral("--quiet"), QStringLiteral("origin"),
                      QStringLiteral("HEAD:refs/heads/") + branch}}) {
        if (auto run = checkedGit(arguments, workTree); !run)
            return std::move(run).error();
    }
    return revParse(workTree, QStringLiteral("HEAD"));
}

Result<QString> TestRepos::createBare(const QString& path, const QMap<QString, QByteArray>& files,
                                      const QStringList& executables, const QString& branch) {
    if (auto run =
            checkedGit({QStringLiteral("init"), QStringLiteral("--quiet"), QStringLiteral("--bare"),
                        QStringLiteral("--initial-branch=") + branch, path});
        !run)
        return std::move(run).error();
    QTemporaryDir scratch;
    const QString workTree = scratch.filePath(QStringLiteral("work"));
    if (auto run = checkedGit({QStringLiteral("init"), QStringLiteral("--quiet"),
                               QStringLiteral("--initial-branch=") + branch, workTree});
        !run)
        return std::move(run).error();
    if (auto run = checkedGit(
            {QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("origin"), path},
            workTree);
        !run)
        return std::move(run).error();
    if (auto written = writeFiles(workTree, files, executables); !written)
        return std::move(written).error();
    return commitAndPush(workTree, branch, QStringLiteral("Initial content"));
}

Result<QString> TestRepos::commit(const QString& repository, const QString& branch,
                                  const QMap<QString, QByteArray>& files, const QString& message) {
    QTemporaryDir scratch;
    const QString workTree = scratch.filePath(QStringLiteral("work"));
    if (auto run = checkedGit({QStringLiteral("clone"), QStringLiteral("--quiet"),
                               QStringLiteral("--branch"), branch, repository, workTree});
        !run)
        return std::move(run).error();
    if (auto written = writeFiles(workTree, files, {}); !written)
        return std::move(written).error();
    return commitAndPush(workTree, branch, message);
}

Result<QString> TestRepos::clone(const QString& source, const QString& destination) {
    if (auto run =
            checkedGit({QStringLiteral("clone"), QStringLiteral("--quiet"), source, destination});
        !run)
        return std::move(run).error();
    return destination;
}

QString TestRepos::revParse(const QString& repository, const QString& revision) {
    const GitRun run = git({QStringLiteral("rev-parse"), QStringLiteral("--verify"),
                            QStringLiteral("--quiet"), revision + QStringLiteral("^{commit}")},
                           repository);
    return run.ok() ? run.text() : QString();
}

} // namespace fd::testsupport

#include "simrepository.h"

#include "githistory.h"

#include <QDir>
#include <QProcess>
#include <QUrl>

namespace fd::argocdsim {

using fd::core::Error;

namespace {

fd::core::Result<void> runGit(const QStringList& arguments, const QString& location) {
    QProcess git;
    git.start(QStringLiteral("git"), arguments);
    if (!git.waitForFinished(60000) || git.exitStatus() != QProcess::NormalExit ||
        git.exitCode() != 0) {
        git.kill();
        git.waitForFinished(1000);
        return Error{Error::Kind::Git,
                     QStringLiteral("git %1 failed: %2")
                         .arg(arguments.value(0), QString::fromUtf8(git.readAllStandardError())),
                     location};
    }
    return {};
}

} // namespace

SimRepository::~SimRepository() = default;

fd::core::Result<std::unique_ptr<SimRepository>> SimRepository::open(const QString& location) {
    std::unique_ptr<SimRepository> repository(new SimRepository);
    repository->m_location = location;
    QString gitDirectory = location;
    const QUrl url(location);
    if (url.isLocalFile()) {
        gitDirectory = url.toLocalFile();
    } else if (!QDir(location).exists()) {
        repository->m_mirror = std::make_unique<QTemporaryDir>();
        gitDirectory = repository->m_mirror->filePath(QStringLiteral("mirror.git"));
        if (auto cloned = runGit({QStringLiteral("clone"), QStringLiteral("--mirror"),
                                  QStringLiteral("--quiet"), location, gitDirectory},
                                 location);
            !cloned)
            return std::move(cloned).error();
    }
    auto history = fd::core::GitHistory::open(gitDirectory);
    if (!history)
        return std::move(history).error();
    repository->m_history = std::move(*history);
    return repository;
}

fd::core::Result<void> SimRepository::refresh() {
    if (!m_mirror)
        return {};
    return runGit({QStringLiteral("--git-dir"), m_history->gitDirectory(), QStringLiteral("remote"),
                   QStringLiteral("update"), QStringLiteral("--prune")},
                  m_location);
}

fd::core::Result<QString> SimRepository::resolve(const QString& revision) const {
    if (revision.isEmpty() || revision == u"HEAD")
        return m_history->resolve(QStringLiteral("HEAD"));
    for (const QString& candidate : {QStringLiteral("refs/heads/") + revision,
                                     QStringLiteral("refs/tags/") + revision, revision}) {
        auto commit = m_history->resolve(candidate);
        if (commit)
            return commit;
    }
    return Error{Error::Kind::NotFound,
                 QStringLiteral("unable to resolve '%1' to a commit SHA").arg(revision),
                 m_location};
}

} // namespace fd::argocdsim

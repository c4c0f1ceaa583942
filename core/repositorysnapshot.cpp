#include "repositorysnapshot.h"

#include "directoryfiles.h"
#include "discoverycache.h"
#include "githistory.h"
#include "gittreefiles.h"
#include "pipelinediscovery.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

namespace fd::core {

namespace {

/** The cache file of @p suffix (".history", ".pipeline") for the repository and branch. */
QString cacheFile(const SnapshotOptions& options, const QString& gitDirectory,
                  const QString& suffix) {
    const QString folder = options.historyCacheDirectory.isEmpty()
                               ? QStandardPaths::writableLocation(QStandardPaths::CacheLocation) +
                                     QStringLiteral("/history")
                               : options.historyCacheDirectory;
    const QByteArray key =
        (QDir(gitDirectory).canonicalPath() + QLatin1Char('\n') + options.branch).toUtf8();
    return folder + QLatin1Char('/') +
           QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha1).toHex()) +
           suffix;
}

/** A cache Freightdesk wrote (VersionHistory, DiscoveryCache); none when missing or damaged. */
template <typename T> std::optional<T> readCache(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    auto value = T::deserialize(file.readAll());
    return value ? std::optional<T>(std::move(*value)) : std::nullopt;
}

/** Best effort: a cache that cannot be written only makes the next load slower. */
void writeCache(const QString& path, const QByteArray& bytes) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly)) {
        file.write(bytes);
        file.commit();
    }
}

/**
 * Discovery from the cache of the last load when what it read is unchanged (a promotion
 * commit changes only values files), else in full; the cache is rewritten when it moved.
 */
Result<Pipeline> discoverCached(const GitTreeFiles& files, const DiscoveryOptions& options,
                                const QString& path) {
    const std::optional<DiscoveryCache> cached = readCache<DiscoveryCache>(path);
    auto discovery = DiscoveryCache::load(files, options, cached ? &*cached : nullptr);
    if (!discovery)
        return std::move(discovery).error();
    if (!discovery->reused() || discovery->filesReread() > 0 ||
        cached->commitId() != discovery->commitId())
        writeCache(path, discovery->serialize());
    return discovery->pipeline();
}

/** "gitops" for "https://host/acme/gitops.git", "git@host:acme/gitops" or "/srv/gitops/.git". */
QString repositoryName(QString url) {
    while (url.endsWith(QLatin1Char('/')))
        url.chop(1);
    if (url.endsWith(QLatin1String("/.git")))
        url.chop(5);
    if (url.endsWith(QLatin1String(".git")))
        url.chop(4);
    const qsizetype cut =
        std::max(url.lastIndexOf(QLatin1Char('/')), url.lastIndexOf(QLatin1Char(':')));
    return url.mid(cut + 1);
}

bool isPlainFolder(const QString& path) {
    const QFileInfo info(path);
    return info.isDir() && !QFileInfo::exists(path + QStringLiteral("/.git")) &&
           !QFileInfo::exists(path + QStringLiteral("/HEAD"));
}

} // namespace

Result<RepositorySnapshot> RepositorySnapshot::load(const QString& urlOrPath,
                                                    const SnapshotOptions& options) {
    RepositorySnapshot snapshot;
    DiscoveryOptions discovery;
    discovery.branch = options.branch;
    if (isPlainFolder(urlOrPath)) {
        auto files = DirectoryFiles::open(urlOrPath);
        if (!files)
            return std::move(files).error();
        discovery.project = QFileInfo(urlOrPath).absoluteFilePath().section(QLatin1Char('/'), -1);
        auto pipeline = PipelineDiscovery::discover(**files, discovery);
        if (!pipeline)
            return std::move(pipeline).error();
        snapshot.m_pipeline = std::move(*pipeline);
        snapshot.m_source = QDir(urlOrPath).absolutePath();
        return snapshot;
    }

    auto repository = GitRepository::open(urlOrPath, options.git);
    if (!repository)
        return std::move(repository).error();
    snapshot.m_source = (*repository)->remoteUrl();
    QString revision = GitRepository::trackingRef(options.branch);
    if (options.fetch) {
        auto tip = (*repository)->fetch(options.branch);
        if (!tip)
            return std::move(tip).error();
        revision = *tip;
    }
    auto opened = GitHistory::open((*repository)->gitDirectory());
    if (!opened)
        return std::move(opened).error();
    std::shared_ptr<const GitHistory> git = std::move(*opened);
    auto files = GitTreeFiles::open(git, revision);
    if (!files)
        return std::move(files).error();
    snapshot.m_tip = (*files)->commitId();
    discovery.project = repositoryName(snapshot.m_source);
    discovery.repositoryUrls = {snapshot.m_source};
    auto pipeline = discoverCached(
        **files, discovery, cacheFile(options, git->gitDirectory(), QStringLiteral(".pipeline")));
    if (!pipeline)
        return std::move(pipeline).error();
    snapshot.m_pipeline = std::move(*pipeline);

    if (options.withHistory) {
        const QString historyFile =
            cacheFile(options, git->gitDirectory(), QStringLiteral(".history"));
        const std::optional<VersionHistory> cached = readCache<VersionHistory>(historyFile);
        auto history = VersionHistory::load(*git, snapshot.m_tip, snapshot.m_pipeline,
                                            cached ? &*cached : nullptr);
        if (!history)
            return std::move(history).error();
        // The same tip with nothing read means the cache already says all of it.
        if (!cached || cached->tip() != history->tip() || history->commitsVisited() > 0 ||
            cached->changes().size() != history->changes().size())
            writeCache(historyFile, history->serialize());
        snapshot.m_history = std::move(*history);
    }
    return snapshot;
}

} // namespace fd::core

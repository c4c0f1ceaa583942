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

/** Appended parts of the history cache before it is written anew in one piece. */
constexpr int maximumJournal = 32;

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

/** Appends @p bytes; false when it could not (then the caller writes the cache anew). */
bool appendCache(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Append) &&
           file.write(bytes) == bytes.size() && file.flush();
}

/**
 * Discovery from the cache of the last load when what it read is unchanged (a promotion
 * commit changes only values files), else in full. A reused cache is not rewritten for each
 * new commit: the next load compares trees from its commit again, which costs a few folders,
 * until the files read again since add up.
 */
Result<Pipeline> discoverCached(const GitTreeFiles& files, const DiscoveryOptions& options,
                                const QString& path) {
    constexpr int rewriteAfterRereads = 16;
    const std::optional<DiscoveryCache> cached = readCache<DiscoveryCache>(path);
    auto discovery = DiscoveryCache::load(files, options, cached ? &*cached : nullptr);
    if (!discovery)
        return std::move(discovery).error();
    if (!discovery->reused() || !discovery->comparedTrees() ||
        discovery->filesReread() > rewriteAfterRereads)
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
        // The same tip with nothing read means the cache already says all of it; a few new
        // commits are appended to it, and every so many appends it is written anew, compactly.
        if (!cached || cached->tip() != history->tip() || history->commitsVisited() > 0 ||
            cached->changes().size() != history->changes().size()) {
            std::optional<QByteArray> journal;
            if (cached && cached->journalIntact() && cached->journalLength() < maximumJournal)
                journal = history->serializeAfter(*cached);
            if (!journal || !appendCache(historyFile, *journal))
                writeCache(historyFile, history->serialize());
        }
        snapshot.m_history = std::move(*history);
    }
    return snapshot;
}

} // namespace fd::core

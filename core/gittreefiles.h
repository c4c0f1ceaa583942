#pragma once

#include "githistory.h"
#include "repositoryfiles.h"

#include <QHash>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>

namespace fd::core {

/**
 * The regular and executable files of one commit of a GitHistory, read from the object database
 * (no checkout). Symbolic links and submodules are not files here. Shares the history, which
 * must not be used by another thread while this reads.
 *
 * The listing (every path with its blob id: thousands of folders in a large repository) is made
 * on first use, so that a caller which compares with an earlier commit (changesSince) and reads
 * a file or two never pays for it.
 */
class GitTreeFiles final : public RepositoryFiles {
public:
    /** The files at @p revision (a ref name or commit id), resolved once, now. */
    static Result<std::unique_ptr<GitTreeFiles>> open(std::shared_ptr<const GitHistory> history,
                                                      const QString& revision);

    QStringList paths() const override;
    bool contains(const QString& path) const override;
    Result<QByteArray> read(const QString& path) const override;
    /** "<repository name>@<short commit id>". */
    QString description() const override;

    QString commitId() const { return m_commitId; }
    /** The blob id of @p path; empty when it is not one of paths(). */
    QString blobId(const QString& path) const;
    /** Lists the files now, if not yet: the listing's error, which paths() cannot return. */
    Result<void> list() const;
    /** The files that differ from commit @p commitId to this one, in path order. */
    Result<QList<GitPathChange>> changesSince(const QString& commitId) const;

private:
    GitTreeFiles(std::shared_ptr<const GitHistory> history, QString commitId);
    Error notAFile(const QString& path) const;
    std::shared_ptr<const GitHistory> m_history;
    QString m_commitId;
    mutable std::once_flag m_listed;
    mutable std::atomic<bool> m_isListed = false;
    mutable QStringList m_paths;
    mutable QHash<QString, QString> m_blobIds; // path -> blob id
    mutable std::optional<Error> m_listingError;
};

} // namespace fd::core

#pragma once

#include "repositoryfiles.h"

#include <QHash>

#include <memory>

namespace fd::core {

class GitHistory;

/**
 * The regular and executable files of one commit of a GitHistory, read from the object database
 * (no checkout). Symbolic links and submodules are not files here. Shares the history, which
 * must not be used by another thread while this reads.
 */
class GitTreeFiles final : public RepositoryFiles {
public:
    /** The files at @p revision (a ref name or commit id), resolved once, now. */
    static Result<std::unique_ptr<GitTreeFiles>> open(std::shared_ptr<const GitHistory> history,
                                                      const QString& revision);

    QStringList paths() const override;
    bool contains(const QString& path) const override { return m_blobIds.contains(path); }
    Result<QByteArray> read(const QString& path) const override;
    /** "<repository name>@<short commit id>". */
    QString description() const override;

    QString commitId() const { return m_commitId; }
    /** The blob id of @p path; empty when it is not one of paths(). */
    QString blobId(const QString& path) const { return m_blobIds.value(path); }

private:
    GitTreeFiles(std::shared_ptr<const GitHistory> history, QString commitId, QStringList paths,
                 QHash<QString, QString> blobIds);

    std::shared_ptr<const GitHistory> m_history;
    QString m_commitId;
    QStringList m_paths;
    QHash<QString, QString> m_blobIds; // path -> blob id
};

} // namespace fd::core

#pragma once

#include "result.h"

#include <QByteArray>
#include <QHash>
#include <QString>

#include <memory>
#include <optional>

namespace fd::core {

struct GitIdentity final {
    QString name;
    QString email;
};

struct GitRepositoryOptions final {
    /** Where bare mirrors of remote URLs are kept; empty: the user's cache directory. */
    QString cacheDirectory;
    /** Author and committer; empty: the user's Git identity (user.name / user.email). */
    std::optional<GitIdentity> identity;
    /** Look up HTTPS passwords/tokens in the OS keychain (QtKeychain). */
    bool useKeychain = true;
    /** Ask Git's credential helpers (`git credential fill`) for HTTPS credentials. */
    bool useCredentialHelpers = true;
};

/**
 * A GitOps repository Freightdesk reads and commits to without a working tree.
 *
 * Opened from a remote URL (https, ssh, file), it is kept as a bare mirror in the cache directory.
 * Opened from a local clone, its `origin` is the target: objects are written into the clone's
 * object database and fetched into its remote-tracking refs, but its working tree, index and
 * local branches are never touched.
 *
 * All calls block; run them off the GUI thread. One instance is used by one thread at a time.
 */
class GitRepository final {
public:
    ~GitRepository();
    GitRepository(const GitRepository&) = delete;
    GitRepository& operator=(const GitRepository&) = delete;

    static Result<std::unique_ptr<GitRepository>> open(const QString& urlOrPath,
                                                        const GitRepositoryOptions& options = {});

    /** The target remote's URL with any password or token removed. */
    QString remoteUrl() const;
    /** Local path of the object database (the mirror, or the clone's .git). */
    QString gitDirectory() const;

    /** Fetches @p branch from the remote; returns the id of its tip commit. */
    Result<QString> fetch(const QString& branch);
    /** The bytes of @p path at @p revision (a commit id or ref), from the object database. */
    Result<QByteArray> readFile(const QString& revision, const QString& path) const;
    /**
     * Writes a commit on top of @p parentId that replaces the given files' contents (paths are
     * repository-relative and must stay inside it); returns its id. No ref is moved.
     */
    Result<QString> createCommit(const QString& parentId, const QHash<QString, QByteArray>& files,
                                 const QString& message);
    /**
     * Pushes @p commitId to refs/heads/@p branch, never forced. A branch that moved on is an
     * Error of kind Rejected; then fetch and try again.
     */
    Result<void> push(const QString& commitId, const QString& branch);

    /** The identity commits will carry. */
    Result<GitIdentity> identity() const;

private:
    struct Private;
    explicit GitRepository(std::unique_ptr<Private> d);
    std::unique_ptr<Private> d;
};

} // namespace fd::core

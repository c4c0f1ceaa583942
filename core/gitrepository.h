#pragma once

#include "result.h"

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

namespace fd::core {

struct GitIdentity final {
    QString name;
    QString email;
};

/** A user name and password (or token) for HTTP(S), as a credential prompt returns it. */
struct GitCredential final {
    QString userName;
    QString password;
};

/** What a credential prompt is asked about. The URL never carries a secret. */
struct GitCredentialRequest final {
    QString url;
    /** From the URL, or empty. */
    QString userName;
    /** Why the earlier sources did not do (e.g. "authentication failed as 'alice'"), or empty. */
    QString reason;
};

using GitCredentialPrompt =
    std::function<std::optional<GitCredential>(const GitCredentialRequest&)>;

struct GitRepositoryOptions final {
    /**
     * Where bare mirrors of remote URLs are kept; empty: QStandardPaths::CacheLocation +
     * "/mirrors". A mirror is "<repository-name>-<hash of the normalised URL>.git".
     */
    QString cacheDirectory;
    /** Author and committer; empty: the user's Git identity (user.name / user.email). */
    std::optional<GitIdentity> identity;
    /** Look up HTTPS passwords/tokens in the OS keychain (QtKeychain). */
    bool useKeychain = true;
    /** Ask Git's credential helpers (`git credential fill`) for HTTPS credentials. */
    bool useCredentialHelpers = true;
    /** Offer the keys held by ssh-agent (SSH_AUTH_SOCK) for ssh remotes. */
    bool useSshAgent = true;
    /**
     * Private key files to offer for ssh remotes, in order, each with "<file>.pub" when present;
     * empty: ~/.ssh/id_ed25519, ~/.ssh/id_ecdsa, ~/.ssh/id_rsa. Passphrase-protected keys are
     * skipped: load them into ssh-agent.
     */
    QStringList sshKeyFiles;
    /**
     * Asked for HTTP(S) credentials after every other source, at most once per fetch or push, on
     * the thread running it (a GUI must hop to its own thread and wait). Empty: no prompt.
     */
    GitCredentialPrompt credentialPrompt;
    /**
     * How long a fetch or push waits for the server's TCP connection (all of its addresses
     * together) before it fails with a Network error. Name resolution is not included; not
     * applied on Windows.
     */
    std::chrono::milliseconds connectTimeout{30000};
    /**
     * How long a fetch or push over http, https or git:// waits for a connected server to send or
     * accept data, per read or write, so a slow transfer that keeps moving is never cut off.
     * Not for ssh (libssh2 reads the socket itself); not applied on Windows.
     */
    std::chrono::milliseconds ioTimeout{30000};
};

/**
 * A GitOps repository Freightdesk reads and commits to without a working tree.
 *
 * Opened from a remote URL (https, http, ssh incl. scp-like `git@host:org/repo.git`, git, file),
 * it is kept as a bare mirror in the cache directory, created on first open and reused after.
 * Opened from a local clone (a folder with .git, or a bare repository), its `origin` is the
 * target: objects are written into the clone's object database and fetched into its
 * remote-tracking refs, but its working tree, index, HEAD and local branches are never touched.
 *
 * Refs: in both cases the engine records a remote branch's tip in exactly one place,
 * `refs/remotes/origin/<branch>` (trackingRef()): fetch() sets it to the remote tip, a successful
 * push() to the pushed commit. Nothing else is written: no local branch, no tags, no FETCH_HEAD
 * (a clone's is kept as it was). While a push runs, `refs/freightdesk-push-<commit>` names the
 * commit (libgit2 1.5 pushes only from refs) and is deleted afterwards; one left by a crash is
 * harmless. A mirror's config names its remote `origin` with the URL stripped of credentials,
 * and `url.<base>.insteadOf` / `pushInsteadOf` from the user's config apply as in git.
 *
 * Credentials, tried in this order, each source once per fetch or push (a source the server
 * refused is not offered again, so a wrong password fails at once instead of looping):
 * HTTP(S): user:password in the URL, the OS keychain (service "Freightdesk", key
 * "git:<scheme>://<host[:port]>", value "user:token" or just "token"), Git's credential helpers,
 * then options.credentialPrompt. SSH: the URL's password, ssh-agent, then the key files.
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
    /** True for a mirror in the cache, false for a local clone. */
    bool isMirror() const;
    /** "refs/remotes/origin/<branch>": where fetch and push record the remote branch's tip. */
    static QString trackingRef(const QString& branch);

    /**
     * Fetches @p branch from the remote into trackingRef(@p branch); returns the id of its tip
     * commit. A branch the remote does not have is NotFound.
     */
    Result<QString> fetch(const QString& branch);
    /**
     * Fetches the remote's tags into tagNamespace(), which then lists exactly the remote's tags
     * (GitHistory::tags() reads them); returns how many there are.
     */
    Result<int> fetchTags();
    /** The branch the remote's HEAD names, as `git clone` would check out ("main"). */
    Result<QString> defaultBranch();
    /** "refs/freightdesk/tags/": never refs/tags, which in a clone are its owner's. */
    static QString tagNamespace();
    /** The bytes of @p path at @p revision (a commit id or ref), from the object database. */
    Result<QByteArray> readFile(const QString& revision, const QString& path) const;
    /**
     * Writes a commit on top of @p parentId that replaces the given files' contents (paths are
     * repository-relative and must stay inside it); returns its id. No ref is moved. An empty
     * @p parentId makes a branch's first commit, holding just these files.
     * New folders are created; existing files keep their mode (e.g. executable). The message
     * gets a final newline if it lacks one; trailers are the caller's part of it.
     */
    Result<QString> createCommit(const QString& parentId, const QHash<QString, QByteArray>& files,
                                 const QString& message);
    /**
     * Pushes @p commitId to refs/heads/@p branch, never forced. A branch that moved on is an
     * Error of kind Rejected; then fetch and try again. On success trackingRef(@p branch) points
     * at @p commitId.
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

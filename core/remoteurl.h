#pragma once

#include "result.h"

#include <QString>
#include <QUrl>

namespace fd::core {

/**
 * A Git remote address as Git accepts it: a URL (http, https, ssh, git, file), the scp-like
 * `[user@]host:path`, or a local path (only as a clone's `origin`).
 *
 * It keeps any user name and password from the URL in memory so they can be offered as
 * credentials; everything meant for people or files (redacted(), normalised(), mirror names) is
 * built without them.
 */
class RemoteUrl final {
public:
    /** True for text Git would read as a URL or scp-like address rather than a local path. */
    static bool looksLikeUrl(const QString& text);
    /** Parses any remote form; a local path is kept as is. */
    static Result<RemoteUrl> parse(const QString& text);

    /** "https", "http", "ssh", "git" or "file" ("ssh" for scp-like, "file" for local paths). */
    QString scheme() const { return m_scheme; }
    QString userName() const { return m_userName; }
    QString password() const { return m_password; }
    QString host() const { return m_host; }
    /** -1 when the URL names none. */
    int port() const { return m_port; }
    /** Path on the server, decoded, without the leading '/' of URLs. */
    QString path() const;

    bool isHttp() const;
    bool isSsh() const;
    /** A plain local path, not a file:// URL. */
    bool isLocalPath() const { return m_localPath; }
    /** The repository's path on this machine for a file:// URL or a local path, else empty. */
    QString localFile() const;

    /** For libgit2: the address with the password removed (the user name stays). */
    QString withoutPassword() const;
    /** The address with neither user name nor password (URLs only; others as withoutPassword). */
    QString withoutUserInfo() const;
    /** For people, logs and config files: no user name, password, query or fragment. */
    QString redacted() const;
    /**
     * One spelling per repository: lower-case scheme and host, no user info, no default port,
     * no trailing '/' or ".git". scp-like `host:org/repo` and `ssh://host/org/repo` compare equal
     * (hosting services treat them the same).
     */
    QString normalised() const;
    /**
     * The repository whatever the transport: "host/path", lower-case, without scheme, user,
     * port, trailing '/' or ".git", so `https://github.com/Org/Repo` and
     * `git@github.com:org/repo.git` name the same repository. Local paths and file URLs give
     * normalised().
     */
    QString repositoryIdentity() const;
    /** "<readable-name>-<12 hex of SHA-256(normalised())>.git": the mirror's folder name. */
    QString mirrorDirectoryName() const;
    /** "host" or "host:port", as `git credential` expects it. */
    QString hostAndPort() const;

private:
    QString m_original;
    QString m_scheme;
    QString m_userName;
    QString m_password;
    QString m_host;
    int m_port = -1;
    QString m_path; // URL: as QUrl keeps it (leading '/'); scp-like: as written; local: the path
    bool m_scpLike = false;
    bool m_localPath = false;
    QUrl m_url; // only for URLs
};

} // namespace fd::core

#pragma once

#include "result.h"

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QStringList>

namespace fd::testsupport {

/** What a `git` run printed and how it ended. */
struct GitRun final {
    int exitCode = -1;
    QByteArray output;
    QByteArray errors;
    bool ok() const { return exitCode == 0; }
    /** Standard output without the trailing newline, as text. */
    QString text() const;
};

/**
 * Git repositories for tests, made with the real `git` command line.
 *
 * Call isolateEnvironment() first, in initTestCase() and before anything touches libgit2
 * (libgit2 reads HOME once, when it starts): after it neither git nor Freightdesk sees the
 * user's configuration, credentials, keychain or SSH agent.
 */
class TestRepos final {
public:
    static constexpr auto identityName = "Freightdesk Test";
    static constexpr auto identityEmail = "test@freightdesk.invalid";

    /**
     * Points HOME, XDG_CONFIG_HOME and XDG_CACHE_HOME into @p root, sets a fixed committer
     * identity for the git CLI (GIT_AUTHOR_* / GIT_COMMITTER_*; libgit2 ignores these), disables
     * system config and prompts, and clears proxies, SSH_AUTH_SOCK and askpass programs.
     * DBUS_SESSION_BUS_ADDRESS points at a socket that does not exist, so the OS keychain is
     * "unavailable" rather than the developer's real one.
     */
    static void isolateEnvironment(const QString& root);
    /** Replaces $HOME/.gitconfig with @p text (e.g. a [user] or [credential] section). */
    static bool writeGlobalConfig(const QString& text);

    static GitRun git(const QStringList& arguments, const QString& workingDirectory = {},
                      const QByteArray& input = {});

    /**
     * A bare repository at @p path whose @p branch holds one commit with @p files (paths with
     * '/', created folders as needed); the paths in @p executables get mode 100755. Returns the
     * commit id.
     */
    static fd::core::Result<QString> createBare(const QString& path,
                                                const QMap<QString, QByteArray>& files,
                                                const QStringList& executables = {},
                                                const QString& branch = QStringLiteral("main"));
    /** Commits @p files on top of @p branch of @p repository (through a scratch clone) and pushes. */
    static fd::core::Result<QString> commit(const QString& repository, const QString& branch,
                                            const QMap<QString, QByteArray>& files,
                                            const QString& message = QStringLiteral("Change"));
    /** `git clone` into @p destination; returns @p destination. */
    static fd::core::Result<QString> clone(const QString& source, const QString& destination);
    /** `git rev-parse --verify`; empty when it does not resolve. */
    static QString revParse(const QString& repository, const QString& revision);

private:
    static fd::core::Result<void> writeFiles(const QString& workTree,
                                             const QMap<QString, QByteArray>& files,
                                             const QStringList& executables);
    static fd::core::Result<QString> commitAndPush(const QString& workTree, const QString& branch,
                                                   const QString& message);
};

} // namespace fd::testsupport

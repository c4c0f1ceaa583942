#pragma once

#include "result.h"

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace fd::testsupport {

/**
 * A real OpenSSH server for tests: `/usr/sbin/sshd -D -e` (Debian's openssh-server) on 127.0.0.1
 * with a free port, that lets the current user in with public keys only.
 *
 * Everything lives in a temporary folder: a fresh ed25519 host key, the config, the pid file,
 * the authorized_keys file (addAuthorizedKey()) and sshd's log (log()). Git runs
 * `git-upload-pack` / `git-receive-pack` through the user's shell with PATH set to the folder of
 * the `git` the test sees, so any absolute repository path on this machine can be served.
 *
 * sshd gets its own process group and dies with the test process (PR_SET_PDEATHSIG); stop(),
 * also run by the destructor, kills the group. Connections sshd forked for a client end with
 * that client.
 */
class SshServer final {
public:
    SshServer();
    ~SshServer();
    SshServer(const SshServer&) = delete;
    SshServer& operator=(const SshServer&) = delete;

    /** sshd and ssh-keygen are installed, or why not (for QSKIP). */
    static fd::core::Result<void> checkAvailable();
    /**
     * A new ed25519 key pair at @p privateKeyFile (and "<file>.pub"), protected by @p passphrase
     * when not empty; returns the public key line.
     */
    static fd::core::Result<QString> generateKey(const QString& privateKeyFile,
                                                 const QString& passphrase = {});

    /**
     * Generates the host key, writes the config and starts sshd; waits (at most 15 s) until the
     * port answers with an SSH banner.
     */
    fd::core::Result<void> start();
    /** Kills sshd; the port then refuses connections. Safe to call more than once. */
    void stop();
    bool isRunning() const;

    /** Lets the holder of @p publicKeyText ("ssh-ed25519 AAAA... comment") log in. */
    fd::core::Result<void> addAuthorizedKey(const QString& publicKeyText);

    quint16 port() const { return m_port; }
    /** The user sshd lets in: whoever runs the test. */
    QString user() const { return m_user; }
    /** The known_hosts line for this server: "[127.0.0.1]:<port> ssh-ed25519 AAAA...". */
    QString knownHostsLine() const;
    /** "ssh://<user>@127.0.0.1:<port><absolutePath>". */
    QString url(const QString& absolutePath) const;
    /** sshd's log so far, for failure messages. */
    QString log() const;

private:
    fd::core::Result<void> writeConfig();
    fd::core::Result<void> startSshd();
    QString path(const QString& name) const;

    QTemporaryDir m_directory;
    std::unique_ptr<QProcess> m_sshd;
    QString m_user;
    QString m_hostKey; // "ssh-ed25519 AAAA..." without the comment
    quint16 m_port = 0;
};

/**
 * A private ssh-agent (`ssh-agent -D -a <socket>`) in a temporary folder, in its own process
 * group and dying with the test process. It does not touch SSH_AUTH_SOCK: set it to
 * socketPath() where the code under test should see the agent.
 */
class SshAgent final {
public:
    SshAgent();
    ~SshAgent();
    SshAgent(const SshAgent&) = delete;
    SshAgent& operator=(const SshAgent&) = delete;

    /** Starts the agent and waits (at most 15 s) until its socket exists. */
    fd::core::Result<void> start();
    void stop();

    /** `ssh-add` @p privateKeyFile (which must have no passphrase). */
    fd::core::Result<void> addKey(const QString& privateKeyFile);
    QString socketPath() const;

private:
    QTemporaryDir m_directory;
    std::unique_ptr<QProcess> m_agent;
};

} // namespace fd::testsupport

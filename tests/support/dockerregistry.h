#pragma once

#include "result.h"

#include <QList>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <memory>
#include <optional>

namespace fd::testsupport {

/**
 * The real registry for tests: Debian's `docker-registry` (distribution 2.x) serving a temporary
 * folder on 127.0.0.1 with a free port, anonymous or with htpasswd Basic authentication (bcrypt
 * hashes from `htpasswd -B`, the only kind it takes). Images get in with `skopeo copy` from an
 * OciLayout. The process has its own group and dies with the test; stop() (also run by the
 * destructor) kills it.
 */
class DockerRegistry final {
public:
    struct Account final {
        QString user;
        QString password;
    };

    /** Docker's token authentication: the token service and the certificate it signs with. */
    struct TokenAuth final {
        QString realm;
        QString service;
        QString issuer;
        QString certificateFile;
    };

    /** No accounts: anonymous pull and push. */
    explicit DockerRegistry(QList<Account> accounts = {});
    /** Bearer tokens from @p auth's realm; pushes authenticate there as "pusher". */
    explicit DockerRegistry(TokenAuth auth);
    ~DockerRegistry();
    DockerRegistry(const DockerRegistry&) = delete;
    DockerRegistry& operator=(const DockerRegistry&) = delete;

    /** The registry binary; empty when the docker-registry package is not installed. */
    static QString program();

    /** Starts it and waits (at most 15 s) until /v2/ answers. */
    fd::core::Result<void> start();
    void stop();

    quint16 port() const { return m_port; }
    /** "127.0.0.1:<port>", the registry part of image names. */
    QString host() const;

    /**
     * `skopeo copy --all --preserve-digests oci:<layout>:<refName> docker://<host>/<name>`
     * with the first account's credentials, if any.
     */
    fd::core::Result<void> push(const QString& layout, const QString& refName,
                                const QString& imageName) const;
    /**
     * Writes @p path as `docker login` and `podman login` do: one `auths` entry, @p key (a host,
     * or a URL as older Docker wrote it) with base64 "user:secret". Aborts the test on failure.
     */
    static void writeAuthFile(const QString& path, const QString& key, const QString& user,
                              const QString& secret);
    /** The registry's own log, for failure messages. */
    QString log() const;

private:
    fd::core::Result<void> writeHtpasswd();
    fd::core::Result<void> startOnce();
    QString path(const QString& name) const;

    QList<Account> m_accounts;
    std::optional<TokenAuth> m_tokenAuth;
    QTemporaryDir m_directory;
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
};

} // namespace fd::testsupport

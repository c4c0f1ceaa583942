#pragma once

#include "result.h"

#include <QObject>
#include <QProcess>
#include <QString>
#include <QTimer>

#include <chrono>
#include <functional>
#include <optional>

namespace fd::core {

/** A user name and secret for a registry, and where it came from (never the secret itself). */
struct RegistryCredential final {
    QString userName;
    QString secret;
    QString source; // "~/.docker/config.json", "docker-credential-pass", "the keychain"
};

/**
 * `docker-credential-<name> get`, the protocol of Docker's credential helpers (credsStore,
 * credHelpers): the server URL on stdin, `{"Username", "Secret"}` on stdout. Runs without a
 * shell and without blocking; a helper that does not answer in time is killed.
 */
class DockerCredentialHelper final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DockerCredentialHelper)

public:
    /** Ok(nullopt): the helper knows no credential for the server (or is not installed). */
    using Done = std::function<void(Result<std::optional<RegistryCredential>>)>;

    static void get(const QString& name, const QString& serverUrl,
                    std::chrono::milliseconds timeout, QObject* parent, Done done);
    ~DockerCredentialHelper() override;

private:
    DockerCredentialHelper(const QString& name, QObject* parent, Done done);
    void onFinished();
    void finish(Result<std::optional<RegistryCredential>> result);

    QString m_program;
    QProcess m_process;
    QTimer m_timer;
    Done m_done;
};

} // namespace fd::core

#pragma once

#include "dockercredentialhelper.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <chrono>
#include <functional>
#include <optional>

namespace fd::core {

/** Where registry credentials are looked for; system() is what a user's machine has. */
struct RegistryCredentialSources final {
    /** Docker/Podman auth files, first match wins: auths, credHelpers and credsStore. */
    QStringList authFiles;
    /** Freightdesk's own entries, "registry:<host>" = "user:secret"; empty: not consulted. */
    std::function<std::optional<QString>(const QString& key)> readKeychain;
    std::chrono::milliseconds helperTimeout{10000};

    /**
     * The keychain, then Podman's order of files (containers-auth.json(5)): $REGISTRY_AUTH_FILE,
     * $XDG_RUNTIME_DIR/containers/auth.json, ~/.config/containers/auth.json, ~/.docker/config.json
     * ($DOCKER_CONFIG/config.json when set).
     */
    static RegistryCredentialSources system();
};

/** What a search found, and what it tried without luck (for the error message). */
struct RegistryCredentialLookup final {
    std::optional<RegistryCredential> credential;
    QStringList notes; // "nothing for 127.0.0.1:5000 in ~/.docker/config.json" (never a secret)
};

/**
 * One search for the credential of a registry host, asynchronous because credential helpers are
 * programs. Files are read when the search starts; helpers run one after another.
 */
class RegistryCredentials final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RegistryCredentials)

public:
    using Done = std::function<void(RegistryCredentialLookup)>;

    /**
     * @p host is "host[:port]" as the client contacts it, or "docker.io" for Docker Hub;
     * @p repository lets auth.json entries for "host/namespace" apply. @p done runs later.
     */
    static void lookup(const RegistryCredentialSources& sources, const QString& host,
                       const QString& repository, QObject* parent, Done done);

    /** "registry:<host>", the keychain key Freightdesk reads for @p host. */
    static QString keychainKey(const QString& host);

private:
    struct Step final {
        std::optional<RegistryCredential> credential; // found in a file or the keychain
        QString helper;                               // or a helper to ask
    };

    RegistryCredentials(const RegistryCredentialSources& sources, QObject* parent, Done done);
    void collect(const QString& host, const QString& repository);
    void readFile(const QString& file, const QString& host, const QString& repository);
    void next();

    RegistryCredentialSources m_sources;
    QString m_serverUrl; // what helpers are asked about
    QList<Step> m_steps;
    RegistryCredentialLookup m_result;
    Done m_done;
};

} // namespace fd::core

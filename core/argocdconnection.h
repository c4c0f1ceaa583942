#pragma once

#include "result.h"

#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

#include <functional>
#include <optional>

namespace fd::core {

/** Settings given explicitly (command line, the app's server settings); empty means not given. */
struct ArgoCdConnectionOptions final {
    QString server; // "host[:port]" as the argocd CLI takes it, or a URL with a root path
    QString authToken;
    QString username;
    QString password;
    std::optional<bool> insecure;
    bool plainText = false;
    QString rootPath;
};

/**
 * Where an Argo CD API server is and how to authenticate, resolved from, in this order: explicit
 * options, the environment (`ARGOCD_SERVER`, `ARGOCD_AUTH_TOKEN`), the argocd CLI's config (so a
 * user who ran `argocd login` is connected), and Freightdesk's keychain entry
 * `argocd:<host[:port][/root path]>` (a token, or `{"token","username","password"}`).
 * `ARGOCD_OPTS` is not read: its `--grpc-web` does not apply to the REST API and `--insecure`
 * must be opted into explicitly or in the CLI config. Secrets are never logged.
 */
struct ArgoCdConnection final {
    using KeychainLookup = std::function<std::optional<QString>(const QString& key)>;

    QUrl server; // https://host[:port][/root path], without a trailing slash
    QString authToken;
    QString username; // with the password: a new session when the token expires
    QString password;
    bool insecure = false; // accept a self-signed certificate from this server only
    QString origin;        // where the server setting came from, for messages

    /** "host[:port][/root path]": how messages name the server, and the keychain key's suffix. */
    QString displayName() const;
    static QString keychainKey(const QUrl& server);

    /** "host[:port]" or "https://host/root" → the API base URL; @p rootPath is appended. */
    static Result<QUrl> serverUrl(const QString& address, bool plainText, const QString& rootPath);

    static Result<ArgoCdConnection> resolve(const ArgoCdConnectionOptions& options,
                                            const QProcessEnvironment& environment,
                                            const KeychainLookup& keychain);
    /** resolve() with the process environment and the OS keychain. */
    static Result<ArgoCdConnection> resolve(const ArgoCdConnectionOptions& options = {});
};

} // namespace fd::core

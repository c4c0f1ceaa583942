#pragma once

#include "result.h"

#include <QProcessEnvironment>
#include <QString>

#include <optional>

namespace fd::core {

/** The current context of the argocd CLI's own config file, as `argocd login` wrote it. */
struct ArgoCdLocalContext final {
    QString contextName;
    QString server; // "host[:port]", no scheme
    QString authToken;
    bool insecure = false;  // accept any TLS certificate
    bool plainText = false; // http://
    bool grpcWeb = false;   // irrelevant for the REST API
    QString rootPath;       // grpc-web-root-path: the server behind a path prefix
};

/**
 * Reads the argocd CLI's config (`$ARGOCD_CONFIG_DIR/config`, else `~/.argocd/config` when that
 * folder exists, else `$XDG_CONFIG_HOME/argocd/config`): current-context → context → server and
 * user. Nothing but that file is read; the token is never logged.
 */
class ArgoCdLocalConfig final {
public:
    /** Where the argocd CLI looks for its config in @p environment. */
    static QString defaultPath(const QProcessEnvironment& environment);
    /**
     * The current context; with @p server, the entry of the server that address names (as
     * `argocd --server` uses it) and a context's user for it. nullopt when the file does not
     * exist, has no current context, or has no entry for @p server.
     */
    static Result<std::optional<ArgoCdLocalContext>> read(const QString& path,
                                                          const QString& server = {});
    /** Whether @p address ("host:port", "https://host/root") is that server entry's. */
    static bool namesServer(const QString& address, const QString& server, const QString& rootPath);
};

} // namespace fd::core

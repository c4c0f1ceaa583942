#pragma once

#include "result.h"

#include <QHash>
#include <QSet>
#include <QString>
#include <QUrl>

namespace fd::core {

/** Where the requests for one registry go, and how safely. */
struct RegistryEndpoint final {
    QString registry; // as named in the image: "docker.io", "ghcr.io"
    QUrl base;        // "https://registry-1.docker.io", or the mirror's URL
    bool mirrored = false;
    bool plainHttp = false; // no TLS: shown in the UI whenever true

    /** "host[:port]" of base: the key for credentials and tokens. */
    QString host() const;
};

/**
 * What the user changed about registries: mirrors (`docker.io` → `http://127.0.0.1:5000`) and
 * registries allowed over plain HTTP. Both are opt-in; by default every registry is HTTPS with
 * verified certificates.
 */
class RegistryOverrides final {
public:
    /** "HOST=URL", as given to --registry-mirror. */
    Result<void> addMirror(const QString& assignment);
    void setMirror(const QString& registry, const QUrl& url);
    void setInsecure(const QString& registry, bool insecure = true);

    bool isInsecure(const QString& registry) const;
    bool hasMirror(const QString& registry) const;
    /** @p registry is the image's ("docker.io"); @p apiHost the host its API answers on. */
    RegistryEndpoint endpoint(const QString& registry, const QString& apiHost) const;

private:
    QHash<QString, QUrl> m_mirrors;
    QSet<QString> m_insecure;
};

} // namespace fd::core

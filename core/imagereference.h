#pragma once

#include "result.h"

#include <QString>

namespace fd::core {

/** An image reference without its tag and digest: "ghcr.io/a/b:1.0@sha256:..." → "ghcr.io/a/b". */
QString imageWithoutTag(const QString& image);

/**
 * An image reference without its registry host, tag and digest, and without Docker Hub's
 * `library/`: "docker.io/nitheesh86/app:1.0" and "nitheesh86/app" are both "nitheesh86/app".
 */
QString imagePathWithoutRegistry(const QString& image);

/**
 * A parsed image reference, `[registry/]path[:tag][@digest]`, named as Docker names it: no
 * registry means Docker Hub ("docker.io"), whose one-part names live under `library/`;
 * "index.docker.io" and "registry-1.docker.io" are Docker Hub too.
 */
struct ImageReference final {
    QString registry;   // "docker.io", "ghcr.io", "localhost:5000"
    QString repository; // "library/nginx", "org/app"
    QString tag;        // empty when not given
    QString digest;     // "sha256:<hex>", empty when not given

    static Result<ImageReference> parse(const QString& text);

    bool isDockerHub() const { return registry == dockerHub(); }
    /** The host the Distribution API answers on: "registry-1.docker.io" for Docker Hub. */
    QString apiHost() const;
    /** "registry/repository". */
    QString name() const;
    /** The digest when there is one, else the tag, else "latest". */
    QString manifestReference() const;
    /** "registry/repository[:tag][@digest]". */
    QString toString() const;

    static QString dockerHub() { return QStringLiteral("docker.io"); }
};

} // namespace fd::core

#pragma once

#include <QString>

namespace fd::core {

/** An image reference without its tag and digest: "ghcr.io/a/b:1.0@sha256:..." → "ghcr.io/a/b". */
QString imageWithoutTag(const QString& image);

/**
 * An image reference without its registry host, tag and digest, and without Docker Hub's
 * `library/`: "docker.io/nitheesh86/app:1.0" and "nitheesh86/app" are both "nitheesh86/app".
 */
QString imagePathWithoutRegistry(const QString& image);

} // namespace fd::core

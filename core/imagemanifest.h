#pragma once

#include "result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace fd::core {

/** os/architecture[/variant], as in OCI image indexes; linux/amd64 unless told otherwise. */
struct ImagePlatform final {
    QString os = QStringLiteral("linux");
    QString architecture = QStringLiteral("amd64");
    QString variant;

    /** "linux/arm64/v8", "linux/amd64". */
    static Result<ImagePlatform> parse(const QString& text);
    QString toString() const;
    /** Whether an index entry for @p other serves this platform (arm64 means arm64/v8). */
    bool matches(const ImagePlatform& other) const;
    bool operator==(const ImagePlatform&) const = default;
};

/** What Freightdesk reads from an image's config blob. */
struct ImageConfig final {
    /** When it was built; invalid when the config does not say. */
    QDateTime created;
    /** Its os/architecture[/variant]; absent when the config does not say. */
    std::optional<ImagePlatform> platform;
};

/**
 * A manifest as the registry served it: an image manifest (Docker v2 schema 2 or OCI) with its
 * config blob, or an index (OCI index, Docker manifest list) of per-platform manifests.
 */
struct ImageManifest final {
    struct Entry final {
        QString digest;
        QString mediaType;
        ImagePlatform platform;
        bool hasPlatform = false;
    };

    QString mediaType;
    QString digest;         // from Docker-Content-Digest, or the sha256 of the body
    QString configDigest;   // image manifests only
    QList<Entry> manifests; // indexes only

    bool isIndex() const;

    /** The media types Freightdesk reads, for the Accept header. */
    static QByteArray acceptHeader();
    static QString sha256Digest(const QByteArray& body);
    /** @p contentType and @p digest as the registry sent them (either may be empty). */
    static Result<ImageManifest> parse(const QByteArray& body, const QByteArray& contentType,
                                       const QString& digest);
    /** An image config blob's `created` time; invalid when it has none. */
    static Result<QDateTime> parseCreated(const QByteArray& configBody);
    /** An image config blob's `created` time and platform (`os`, `architecture`, `variant`). */
    static Result<ImageConfig> parseConfig(const QByteArray& configBody);

    /** The index entry for @p platform; nullopt when the index has none. */
    std::optional<Entry> entryFor(const ImagePlatform& platform) const;
    /** The platforms the index offers, for an error message. */
    QStringList platforms() const;
};

} // namespace fd::core

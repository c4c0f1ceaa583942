#pragma once

#include "imagemanifest.h"
#include "result.h"

#include <QDateTime>
#include <QJsonArray>
#include <QList>
#include <QString>

namespace fd::testsupport {

/**
 * A tiny OCI image layout on disk (oci-layout, index.json, blobs/sha256/...), for skopeo to push
 * to a test registry without the internet: each image is one uncompressed tar layer with a
 * single file, a config with its platform and `created` time, and an OCI manifest; several
 * images under one name become an OCI index.
 */
class OciLayout final {
public:
    struct Image final {
        fd::core::ImagePlatform platform;
        QDateTime created;
        QByteArray content; // the layer's one file: makes the digest differ
    };

    /** Creates the layout in @p directory (which must exist). */
    explicit OciLayout(QString directory);

    /** Adds @p images under the name @p refName; returns the manifest's (or index's) digest. */
    fd::core::Result<QString> add(const QString& refName, const QList<Image>& images);
    QString directory() const { return m_directory; }

private:
    struct Blob final {
        QString digest;
        qint64 size = 0;
    };
    fd::core::Result<Blob> writeBlob(const QByteArray& bytes);
    fd::core::Result<Blob> writeImage(const Image& image);
    fd::core::Result<void> writeIndex();

    QString m_directory;
    QJsonArray m_entries;
};

} // namespace fd::testsupport

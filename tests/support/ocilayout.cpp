#include "ocilayout.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstring>

namespace fd::testsupport {

using fd::core::Error;
using fd::core::ImageManifest;
using fd::core::Result;

namespace {

Error layoutError(const QString& message) {
    return Error{Error::Kind::Io, message, QStringLiteral("OciLayout")};
}

void writeOctal(char* field, std::size_t width, qint64 value) {
    const QByteArray digits =
        QByteArray::number(value, 8).rightJustified(qsizetype(width - 1), '0');
    std::memcpy(field, digits.constData(), width - 1);
}

// A one-file POSIX ustar archive: a header block, the data padded to 512 bytes, two zero blocks.
QByteArray tarWithOneFile(const QByteArray& name, const QByteArray& content) {
    QByteArray header(512, '\0');
    char* block = header.data();
    std::memcpy(block, name.constData(), std::size_t(qMin<qsizetype>(name.size(), 99)));
    writeOctal(block + 100, 8, 0644);
    writeOctal(block + 108, 8, 0);
    writeOctal(block + 116, 8, 0);
    writeOctal(block + 124, 12, content.size());
    writeOctal(block + 136, 12, 1700000000);
    block[156] = '0';
    std::memcpy(block + 257, "ustar", 6);
    std::memcpy(block + 263, "00", 2);
    std::memset(block + 148, ' ', 8);
    unsigned checksum = 0;
    for (char c : header)
        checksum += static_cast<unsigned char>(c);
    writeOctal(block + 148, 7, checksum); // six digits, then NUL and the space already there
    block[154] = '\0';
    QByteArray data = content;
    data.append(QByteArray((512 - content.size() % 512) % 512, '\0'));
    return header + data + QByteArray(1024, '\0');
}

QByteArray compactJson(const QJsonObject& object) {
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject descriptor(const QString& mediaType, const QString& digest, qint64 size) {
    return {{QStringLiteral("mediaType"), mediaType},
            {QStringLiteral("digest"), digest},
            {QStringLiteral("size"), size}};
}

} // namespace

OciLayout::OciLayout(QString directory)
    : m_directory(std::move(directory)) {}

Result<OciLayout::Blob> OciLayout::writeBlob(const QByteArray& bytes) {
    const QString digest = ImageManifest::sha256Digest(bytes);
    const QString folder = m_directory + QStringLiteral("/blobs/sha256");
    if (!QDir().mkpath(folder))
        return layoutError(QStringLiteral("could not create %1").arg(folder));
    QFile file(folder + QLatin1Char('/') + digest.mid(7));
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        return layoutError(QStringLiteral("could not write %1").arg(file.fileName()));
    return Blob{digest, bytes.size()};
}

Result<OciLayout::Blob> OciLayout::writeImage(const Image& image) {
    const QByteArray tar = tarWithOneFile("content.txt", image.content);
    const auto layer = writeBlob(tar);
    if (!layer)
        return layer.error();
    QJsonObject platform{{QStringLiteral("os"), image.platform.os},
                         {QStringLiteral("architecture"), image.platform.architecture}};
    QJsonObject config = platform;
    if (!image.platform.variant.isEmpty())
        config.insert(QStringLiteral("variant"), image.platform.variant);
    config.insert(QStringLiteral("created"), image.created.toUTC().toString(Qt::ISODateWithMs));
    config.insert(QStringLiteral("config"), QJsonObject());
    config.insert(QStringLiteral("rootfs"),
                  QJsonObject{{QStringLiteral("type"), QStringLiteral("layers")},
                              {QStringLiteral("diff_ids"), QJsonArray{layer->digest}}});
    const auto configBlob = writeBlob(compactJson(config));
    if (!configBlob)
        return configBlob.error();
    const QJsonObject manifest{
        {QStringLiteral("schemaVersion"), 2},
        {QStringLiteral("mediaType"), QStringLiteral("application/vnd.oci.image.manifest.v1+json")},
        {QStringLiteral("config"),
         descriptor(QStringLiteral("application/vnd.oci.image.config.v1+json"), configBlob->digest,
                    configBlob->size)},
        {QStringLiteral("layers"),
         QJsonArray{descriptor(QStringLiteral("application/vnd.oci.image.layer.v1.tar"),
                               layer->digest, layer->size)}}};
    return writeBlob(compactJson(manifest));
}

Result<QString> OciLayout::add(const QString& refName, const QList<Image>& images) {
    if (images.isEmpty())
        return layoutError(QStringLiteral("no image for %1").arg(refName));
    QJsonObject entry;
    if (images.size() == 1) {
        const auto manifest = writeImage(images.first());
        if (!manifest)
            return manifest.error();
        entry = descriptor(QStringLiteral("application/vnd.oci.image.manifest.v1+json"),
                           manifest->digest, manifest->size);
    } else {
        QJsonArray manifests;
        for (const Image& image : images) {
            const auto manifest = writeImage(image);
            if (!manifest)
                return manifest.error();
            QJsonObject platform{{QStringLiteral("os"), image.platform.os},
                                 {QStringLiteral("architecture"), image.platform.architecture}};
            if (!image.platform.variant.isEmpty())
                platform.insert(QStringLiteral("variant"), image.platform.variant);
            QJsonObject child =
                descriptor(QStringLiteral("application/vnd.oci.image.manifest.v1+json"),
                           manifest->digest, manifest->size);
            child.insert(QStringLiteral("platform"), platform);
            manifests.append(child);
        }
        const auto index =
            writeBlob(compactJson({{QStringLiteral("schemaVersion"), 2},
                                   {QStringLiteral("mediaType"),
                                    QStringLiteral("application/vnd.oci.image.index.v1+json")},
                                   {QStringLiteral("manifests"), manifests}}));
        if (!index)
            return index.error();
        entry = descriptor(QStringLiteral("application/vnd.oci.image.index.v1+json"), index->digest,
                           index->size);
    }
    entry.insert(QStringLiteral("annotations"),
                 QJsonObject{{QStringLiteral("org.opencontainers.image.ref.name"), refName}});
    m_entries.append(entry);
    if (auto written = writeIndex(); !written)
        return written.error();
    return entry.value(QStringLiteral("digest")).toString();
}

Result<void> OciLayout::writeIndex() {
    const QByteArray layout = R"({"imageLayoutVersion":"1.0.0"})";
    const QByteArray index = compactJson(
        {{QStringLiteral("schemaVersion"), 2}, {QStringLiteral("manifests"), m_entries}});
    for (const auto& [name, bytes] : {std::pair{QStringLiteral("oci-layout"), layout},
                                      std::pair{QStringLiteral("index.json"), index}}) {
        QFile file(m_directory + QLatin1Char('/') + name);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
            return layoutError(QStringLiteral("could not write %1").arg(file.fileName()));
    }
    return {};
}

} // namespace fd::testsupport

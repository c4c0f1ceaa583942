#include "imagemanifest.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace fd::core {

namespace {

const QString ociIndex = QStringLiteral("application/vnd.oci.image.index.v1+json");
const QString ociManifest = QStringLiteral("application/vnd.oci.image.manifest.v1+json");
const QString dockerList =
    QStringLiteral("application/vnd.docker.distribution.manifest.list.v2+json");
const QString dockerManifest =
    QStringLiteral("application/vnd.docker.distribution.manifest.v2+json");

// The variant an index may leave out because it is the architecture's only one in practice.
QString defaultVariant(const QString& architecture) {
    return architecture == u"arm64" ? QStringLiteral("v8") : QString();
}

Error parseError(const QString& what) {
    return Error{Error::Kind::Parse, what, {}};
}

} // namespace

Result<ImagePlatform> ImagePlatform::parse(const QString& text) {
    const QStringList parts = text.trimmed().split(QLatin1Char('/'));
    if (parts.size() < 2 || parts.size() > 3 || parts.contains(QString()))
        return Error{Error::Kind::InvalidInput,
                     QStringLiteral("a platform is os/architecture[/variant], e.g. linux/arm64; "
                                    "got \"%1\"")
                         .arg(text),
                     {}};
    ImagePlatform platform{parts.at(0), parts.at(1), parts.value(2)};
    return platform;
}

QString ImagePlatform::toString() const {
    QString text = os + QLatin1Char('/') + architecture;
    if (!variant.isEmpty())
        text += QLatin1Char('/') + variant;
    return text;
}

bool ImagePlatform::matches(const ImagePlatform& other) const {
    if (os != other.os || architecture != other.architecture)
        return false;
    if (variant.isEmpty())
        return true;
    const QString offered = other.variant.isEmpty() ? defaultVariant(architecture) : other.variant;
    return offered == variant;
}

bool ImageManifest::isIndex() const {
    return mediaType == ociIndex || mediaType == dockerList;
}

QByteArray ImageManifest::acceptHeader() {
    return QStringList{ociIndex, dockerList, ociManifest, dockerManifest}
        .join(QStringLiteral(", "))
        .toLatin1();
}

QString ImageManifest::sha256Digest(const QByteArray& body) {
    return QStringLiteral("sha256:") +
           QString::fromLatin1(QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex());
}

Result<ImageManifest> ImageManifest::parse(const QByteArray& body, const QByteArray& contentType,
                                           const QString& digest) {
    QJsonParseError jsonError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &jsonError);
    if (!document.isObject())
        return parseError(
            QStringLiteral("the manifest is not JSON (%1)").arg(jsonError.errorString()));
    const QJsonObject object = document.object();

    ImageManifest manifest;
    manifest.digest = digest.isEmpty() ? sha256Digest(body) : digest;
    // Content-Type may carry parameters; OCI manifests may leave mediaType out of the body.
    manifest.mediaType = QString::fromLatin1(contentType).section(QLatin1Char(';'), 0, 0).trimmed();
    if (manifest.mediaType.isEmpty() || manifest.mediaType == u"application/json")
        manifest.mediaType = object.value(QStringLiteral("mediaType")).toString();
    if (manifest.mediaType.isEmpty())
        manifest.mediaType = object.contains(QStringLiteral("manifests")) ? ociIndex : ociManifest;

    if (manifest.isIndex()) {
        for (const QJsonValue& value : object.value(QStringLiteral("manifests")).toArray()) {
            const QJsonObject entry = value.toObject();
            const QJsonObject platform = entry.value(QStringLiteral("platform")).toObject();
            manifest.manifests.append({entry.value(QStringLiteral("digest")).toString(),
                                       entry.value(QStringLiteral("mediaType")).toString(),
                                       {platform.value(QStringLiteral("os")).toString(),
                                        platform.value(QStringLiteral("architecture")).toString(),
                                        platform.value(QStringLiteral("variant")).toString()},
                                       !platform.isEmpty()});
        }
        return manifest;
    }
    if (manifest.mediaType != ociManifest && manifest.mediaType != dockerManifest)
        return Error{Error::Kind::Unsupported,
                     QStringLiteral("the manifest's media type %1 is not one Freightdesk reads "
                                    "(Docker v2 schema 2 and OCI manifests and indexes)")
                         .arg(manifest.mediaType),
                     {}};
    manifest.configDigest = object.value(QStringLiteral("config"))
                                .toObject()
                                .value(QStringLiteral("digest"))
                                .toString();
    if (manifest.configDigest.isEmpty())
        return parseError(QStringLiteral("the image manifest names no config blob"));
    return manifest;
}

Result<QDateTime> ImageManifest::parseCreated(const QByteArray& configBody) {
    auto config = parseConfig(configBody);
    if (!config)
        return std::move(config).error();
    return config->created;
}

Result<ImageConfig> ImageManifest::parseConfig(const QByteArray& configBody) {
    QJsonParseError jsonError;
    const QJsonDocument document = QJsonDocument::fromJson(configBody, &jsonError);
    if (!document.isObject())
        return parseError(
            QStringLiteral("the image config is not JSON (%1)").arg(jsonError.errorString()));
    const QJsonObject object = document.object();
    ImageConfig config;
    const QString os = object.value(QStringLiteral("os")).toString();
    const QString architecture = object.value(QStringLiteral("architecture")).toString();
    if (!os.isEmpty() && !architecture.isEmpty())
        config.platform =
            ImagePlatform{os, architecture, object.value(QStringLiteral("variant")).toString()};
    QString created = object.value(QStringLiteral("created")).toString();
    if (created.isEmpty())
        return config;
    // Go writes nanoseconds; Qt reads at most milliseconds.
    static const QRegularExpression fraction(QStringLiteral("(\\.\\d{3})\\d+"));
    created.replace(fraction, QStringLiteral("\\1"));
    config.created = QDateTime::fromString(created, Qt::ISODateWithMs);
    if (!config.created.isValid())
        return parseError(
            QStringLiteral("the image config's created time \"%1\" is not RFC 3339").arg(created));
    config.created = config.created.toUTC();
    return config;
}

std::optional<ImageManifest::Entry> ImageManifest::entryFor(const ImagePlatform& platform) const {
    for (const Entry& entry : manifests) {
        if (entry.hasPlatform && platform.matches(entry.platform))
            return entry;
    }
    return std::nullopt;
}

QStringList ImageManifest::platforms() const {
    QStringList names;
    for (const Entry& entry : manifests) {
        if (entry.hasPlatform && entry.platform.os != u"unknown")
            names.append(entry.platform.toString());
    }
    return names;
}

} // namespace fd::core

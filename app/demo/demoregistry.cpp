#include "demoregistry.h"

#include "httpconnection.h"
#include "httpserver.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace fd::demo {

using argocdsim::HttpConnection;
using argocdsim::HttpRequest;
using argocdsim::HttpResponse;

namespace {

const QByteArray ManifestType = "application/vnd.oci.image.manifest.v1+json";

HttpResponse ociError(int status, const QString& code, const QString& message) {
    const QJsonObject error{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}};
    return HttpResponse::json(
        status, QJsonDocument(QJsonObject{{QStringLiteral("errors"), QJsonArray{error}}}));
}

QJsonObject descriptor(const QString& mediaType, const QString& digest, qsizetype size) {
    return {{QStringLiteral("mediaType"), mediaType},
            {QStringLiteral("digest"), digest},
            {QStringLiteral("size"), size}};
}

} // namespace

DemoRegistry::DemoRegistry(QObject* parent)
    : QObject(parent)
    , m_server(new argocdsim::HttpServer(
          [this](HttpConnection* connection, const HttpRequest& request) {
              HttpResponse response = answer(request);
              response.headers.append(std::pair<QByteArray, QByteArray>(
                  "Docker-Distribution-API-Version", "registry/2.0"));
              response.headOnly = request.method == "HEAD";
              connection->respond(response);
          },
          this)) {}

DemoRegistry::~DemoRegistry() = default;

QString DemoRegistry::addBlob(const QByteArray& content) {
    const QString digest =
        QStringLiteral("sha256:") +
        QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex());
    m_blobs.insert(digest, content);
    return digest;
}

void DemoRegistry::addImage(const QString& repository, const QString& tag,
                            const QDateTime& created) {
    const QByteArray layer = "Freightdesk demo layer " + repository.toUtf8() + ':' + tag.toUtf8();
    const QString layerDigest = addBlob(layer);
    const QJsonObject config{
        {QStringLiteral("architecture"), QStringLiteral("amd64")},
        {QStringLiteral("os"), QStringLiteral("linux")},
        {QStringLiteral("created"), created.toUTC().toString(Qt::ISODate)},
        {QStringLiteral("config"),
         QJsonObject{{QStringLiteral("Labels"),
                      QJsonObject{{QStringLiteral("org.opencontainers.image.version"), tag}}}}},
        {QStringLiteral("rootfs"),
         QJsonObject{{QStringLiteral("type"), QStringLiteral("layers")},
                     {QStringLiteral("diff_ids"), QJsonArray{layerDigest}}}}};
    const QByteArray configBytes = QJsonDocument(config).toJson(QJsonDocument::Compact);
    const QString configDigest = addBlob(configBytes);
    const QJsonObject manifest{
        {QStringLiteral("schemaVersion"), 2},
        {QStringLiteral("mediaType"), QString::fromLatin1(ManifestType)},
        {QStringLiteral("config"),
         descriptor(QStringLiteral("application/vnd.oci.image.config.v1+json"), configDigest,
                    configBytes.size())},
        {QStringLiteral("layers"),
         QJsonArray{descriptor(QStringLiteral("application/vnd.oci.image.layer.v1.tar+gzip"),
                               layerDigest, layer.size())}}};
    m_repositories[repository].tags.insert(
        tag, addBlob(QJsonDocument(manifest).toJson(QJsonDocument::Compact)));
}

QString DemoRegistry::digest(const QString& repository, const QString& tag) const {
    return m_repositories.value(repository).tags.value(tag);
}

core::Result<void> DemoRegistry::start() {
    if (!m_server->listen())
        return core::Error{core::Error::Kind::Io,
                           QStringLiteral("the demo's registry cannot listen on 127.0.0.1: %1")
                               .arg(m_server->errorString()),
                           {}};
    return {};
}

QString DemoRegistry::host() const {
    return QStringLiteral("127.0.0.1:%1").arg(m_server->port());
}

HttpResponse DemoRegistry::answer(const HttpRequest& request) const {
    if (request.method != "GET" && request.method != "HEAD")
        return ociError(405, QStringLiteral("UNSUPPORTED"), QStringLiteral("read-only registry"));
    if (request.path == u"/v2/" || request.path == u"/v2")
        return HttpResponse::json(200, QJsonDocument(QJsonObject{}));
    if (!request.path.startsWith(u"/v2/"))
        return ociError(404, QStringLiteral("NOT_FOUND"), request.path);
    const QString rest = request.path.mid(4);
    if (rest.endsWith(u"/tags/list")) {
        const QString name = rest.chopped(10);
        if (!m_repositories.contains(name))
            return ociError(404, QStringLiteral("NAME_UNKNOWN"),
                            QStringLiteral("repository name not known to registry"));
        return HttpResponse::json(
            200, QJsonDocument(QJsonObject{
                     {QStringLiteral("name"), name},
                     {QStringLiteral("tags"),
                      QJsonArray::fromStringList(m_repositories.value(name).tags.keys())}}));
    }
    if (const qsizetype at = rest.lastIndexOf(u"/manifests/"); at > 0)
        return manifest(rest.left(at), rest.mid(at + 11));
    if (const qsizetype at = rest.lastIndexOf(u"/blobs/"); at > 0) {
        const QString digest = rest.mid(at + 7);
        if (!m_blobs.contains(digest))
            return ociError(404, QStringLiteral("BLOB_UNKNOWN"), QStringLiteral("blob unknown"));
        return {200, {{"Content-Type", "application/octet-stream"}}, m_blobs.value(digest)};
    }
    return ociError(404, QStringLiteral("NOT_FOUND"), request.path);
}

HttpResponse DemoRegistry::manifest(const QString& repository, const QString& reference) const {
    const auto found = m_repositories.constFind(repository);
    if (found == m_repositories.cend())
        return ociError(404, QStringLiteral("NAME_UNKNOWN"),
                        QStringLiteral("repository name not known to registry"));
    const QString digest =
        reference.startsWith(u"sha256:") ? reference : found->tags.value(reference);
    if (digest.isEmpty() || !m_blobs.contains(digest))
        return ociError(404, QStringLiteral("MANIFEST_UNKNOWN"),
                        QStringLiteral("manifest unknown"));
    return {200,
            {{"Content-Type", ManifestType}, {"Docker-Content-Digest", digest.toLatin1()}},
            m_blobs.value(digest)};
}

} // namespace fd::demo

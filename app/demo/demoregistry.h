#pragma once

#include "result.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QMap>
#include <QObject>
#include <QString>

namespace fd::argocdsim {
class HttpConnection;
class HttpServer;
struct HttpRequest;
struct HttpResponse;
} // namespace fd::argocdsim

namespace fd::demo {

/**
 * A read-only OCI registry on 127.0.0.1 for the demo, over plain HTTP: the Distribution API's
 * pull side (`/v2/`, tags list, manifests by tag or digest with `Docker-Content-Digest`, blobs),
 * enough for any client to discover images, digests and build times. Images are made up when
 * added: a linux/amd64 manifest whose config carries the build time.
 */
class DemoRegistry final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemoRegistry)

public:
    explicit DemoRegistry(QObject* parent = nullptr);
    ~DemoRegistry() override;

    /** Adds (or replaces) @p repository:@p tag ("demo/frontend", "1.0.3") built at @p created. */
    void addImage(const QString& repository, const QString& tag, const QDateTime& created);
    /** The digest @p repository:@p tag has now; empty when there is none. */
    QString digest(const QString& repository, const QString& tag) const;

    fd::core::Result<void> start();
    /** "127.0.0.1:<port>", as an image reference names the registry. */
    QString host() const;

private:
    struct Repository final {
        QMap<QString, QString> tags; // tag → manifest digest
    };

    argocdsim::HttpResponse answer(const argocdsim::HttpRequest& request) const;
    argocdsim::HttpResponse manifest(const QString& repository, const QString& reference) const;
    QString addBlob(const QByteArray& content);

    QHash<QString, Repository> m_repositories;
    QHash<QString, QByteArray> m_blobs; // digest → content (manifests too)
    argocdsim::HttpServer* m_server;
};

} // namespace fd::demo

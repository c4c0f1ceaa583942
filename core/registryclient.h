#pragma once

#include "imagemanifest.h"
#include "imagereference.h"
#include "registrycall.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace fd::core {

struct RegistryClientOptions final {
    RegistryOverrides overrides;
    ImagePlatform platform; // the manifest picked from an index
    RegistryTimeouts timeouts;
    RegistryCredentialSources credentials = RegistryCredentialSources::system();
    int pageSize = 100;  // tags asked for per page (`n`)
    int maxPages = 1000; // a registry that never stops paginating is an error, not a hang
    std::function<QDateTime()> clock; // token expiry; the system clock when empty
};

/**
 * An OCI Distribution client: tags, manifest digests, the platform's manifest of an index, and
 * an image's `created` time, from any registry that speaks /v2/ (Docker Hub, GHCR, Quay,
 * Harbor, GitLab, ECR, a local docker-registry). Asynchronous over one QNetworkAccessManager:
 * every call returns at once and its callback runs later on this thread, unless @p context has
 * been deleted by then. Tokens and credentials found are kept for the client's lifetime.
 */
class RegistryClient final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RegistryClient)

public:
    template <typename T> using Callback = std::function<void(Result<T>)>;

    RegistryClient(QNetworkAccessManager* network, RegistryClientOptions options,
                   QObject* parent = nullptr);
    ~RegistryClient() override;

    /** Where requests for @p image go: mirror, plain HTTP (for the UI to show). */
    RegistryEndpoint endpoint(const ImageReference& image) const;

    /** Every tag, in the registry's order, across pages (`Link: <...>; rel="next"`, `n`/`last`). */
    void listTags(const ImageReference& image, QObject* context, Callback<QStringList> done);
    /** The digest of the manifest the tag (or digest) names, by HEAD; an index's own digest. */
    void manifestDigest(const ImageReference& image, QObject* context, Callback<QString> done);
    /** The manifest as served, which may be an index. */
    void manifest(const ImageReference& image, QObject* context, Callback<ImageManifest> done);
    /** The image manifest for the client's platform: the manifest, or its index's entry. */
    void platformManifest(const ImageReference& image, QObject* context,
                          Callback<ImageManifest> done);
    /** The platform image's config `created` time; cached by manifest digest. */
    void createdTime(const ImageReference& image, QObject* context, Callback<QDateTime> done);
    /** The platform image's config (build time, platform); cached by manifest digest. */
    void imageConfig(const ImageReference& image, QObject* context, Callback<ImageConfig> done);

    /** HTTP requests sent so far, token requests and redirects included. */
    qint64 requestCount() const { return m_connection.requests; }

private:
    struct TagListing;

    RegistryCallSpec spec(const ImageReference& image, const QString& what) const;
    void fetchTagPage(std::shared_ptr<TagListing> listing, const QString& path);
    void onTagPage(std::shared_ptr<TagListing> listing, const RegistryResponse& response);
    void fetchConfig(const ImageReference& image, const ImageManifest& manifest,
                     Callback<ImageConfig> done);

    RegistryClientOptions m_options;
    RegistryConnection m_connection;
    QHash<QString, ImageConfig> m_configs; // by manifest digest and by config digest
};

} // namespace fd::core

#include "registryclient.h"

#include "guardedcallback.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QUrlQuery>

namespace fd::core {

namespace {

template <typename T>
RegistryClient::Callback<T> guarded(QObject* context, RegistryClient::Callback<T> done) {
    return guardedCallback<T>(context, std::move(done));
}

// RFC 8288: `<url>; rel="next"`, several links comma-separated. Quay has been seen leaving out
// the angle brackets.
QString nextLink(const QByteArray& header) {
    for (const QByteArray& link : header.split(',')) {
        const QList<QByteArray> parts = link.split(';');
        bool next = false;
        for (qsizetype i = 1; i < parts.size(); ++i) {
            const QByteArray parameter = parts.at(i).trimmed().toLower();
            next = next || parameter == "rel=\"next\"" || parameter == "rel=next";
        }
        if (next) {
            QByteArray target = parts.first().trimmed();
            if (target.startsWith('<') && target.endsWith('>'))
                target = target.mid(1, target.size() - 2);
            return QString::fromUtf8(target);
        }
    }
    return {};
}

// Content asked for by digest must hash to it: a mirror or proxy must not substitute another
// image. Only sha256 is checked, the algorithm every registry uses.
QString digestMismatch(const QByteArray& body, const QString& digest) {
    if (!digest.startsWith(QStringLiteral("sha256:")))
        return {};
    const QString actual = ImageManifest::sha256Digest(body);
    if (actual == digest)
        return {};
    return QStringLiteral("the registry sent content whose digest is %1, not the %2 asked for")
        .arg(actual, digest);
}

} // namespace

struct RegistryClient::TagListing final {
    ImageReference image;
    RegistryCallSpec spec;
    Callback<QStringList> done;
    QStringList tags;
    QSet<QString> seen;
    int pages = 0;
    bool pagesByLink = false; // then a page without Link is the last one
};

RegistryClient::RegistryClient(QNetworkAccessManager* network, RegistryClientOptions options,
                               QObject* parent)
    : QObject(parent)
    , m_options(std::move(options)) {
    m_connection.network = network;
    m_connection.timeouts = m_options.timeouts;
    m_connection.credentialSources = m_options.credentials;
    m_connection.clock =
        m_options.clock ? m_options.clock : [] { return QDateTime::currentDateTimeUtc(); };
}

// Calls are children: they go (and abort their requests) before the connection they point to.
RegistryClient::~RegistryClient() {
    qDeleteAll(findChildren<QObject*>(Qt::FindDirectChildrenOnly));
}

RegistryEndpoint RegistryClient::endpoint(const ImageReference& image) const {
    return m_options.overrides.endpoint(image.registry, image.apiHost());
}

RegistryCallSpec RegistryClient::spec(const ImageReference& image, const QString& what) const {
    RegistryCallSpec spec;
    spec.endpoint = endpoint(image);
    spec.repository = image.repository;
    spec.what = what;
    spec.image = image.toString();
    return spec;
}

void RegistryClient::listTags(const ImageReference& image, QObject* context,
                              Callback<QStringList> done) {
    auto listing = std::make_shared<TagListing>();
    listing->image = image;
    listing->spec = spec(image, QStringLiteral("list the tags"));
    listing->spec.image = image.name();
    listing->done = guarded(context, std::move(done));
    fetchTagPage(
        listing,
        QStringLiteral("/v2/%1/tags/list?n=%2").arg(image.repository).arg(m_options.pageSize));
}

void RegistryClient::fetchTagPage(std::shared_ptr<TagListing> listing, const QString& path) {
    if (++listing->pages > m_options.maxPages)
        return listing->done(RegistryCall::error(
            listing->spec, Error::Kind::TooLarge,
            QStringLiteral("more than %1 pages of tags").arg(m_options.maxPages)));
    RegistryCallSpec spec = listing->spec;
    spec.path = path;
    RegistryCall::start(&m_connection, std::move(spec), this,
                        [this, listing](Result<RegistryResponse> response) {
                            if (!response)
                                return listing->done(std::move(response).error());
                            onTagPage(listing, *response);
                        });
}

void RegistryClient::onTagPage(std::shared_ptr<TagListing> listing,
                               const RegistryResponse& response) {
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(response.body, &parseError);
    const QJsonValue tags = document.object().value(QStringLiteral("tags"));
    // An empty repository may say "tags": null.
    if (!document.isObject() || !(tags.isArray() || tags.isNull()))
        return listing->done(RegistryCall::error(
            listing->spec, Error::Kind::Parse,
            QStringLiteral("the tag list is not a JSON object with \"tags\" (%1)")
                .arg(document.isObject() ? QStringLiteral("no tags array")
                                         : parseError.errorString())));
    qsizetype added = 0;
    for (const QJsonValue& value : tags.toArray()) {
        const QString tag = value.toString();
        if (!tag.isEmpty() && !listing->seen.contains(tag)) {
            listing->seen.insert(tag);
            listing->tags.append(tag);
            ++added;
        }
    }

    QString next = nextLink(response.header("link"));
    if (!next.isEmpty()) {
        listing->pagesByLink = true;
        const QUrl url = response.url.resolved(QUrl(next));
        // The next page gets our Authorization header: it must stay on the registry.
        if (!RegistryExchange::sameOrigin(url, response.url))
            return listing->done(RegistryCall::error(
                listing->spec, Error::Kind::Network,
                QStringLiteral("the next page of tags is on another server (%1)")
                    .arg(url.toDisplayString(QUrl::RemoveQuery))));
        next = url.toString(QUrl::FullyEncoded);
    } else if (!listing->pagesByLink && added > 0 && tags.toArray().size() == m_options.pageSize) {
        // No Link but exactly a full page: a registry that pages by `last` only, as the spec
        // once said. More than asked for means the registry ignores `n` and sent everything.
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("n"), QString::number(m_options.pageSize));
        query.addQueryItem(QStringLiteral("last"), listing->tags.constLast());
        next = QStringLiteral("/v2/%1/tags/list?%2")
                   .arg(listing->image.repository, query.toString(QUrl::FullyEncoded));
    }
    // A page that added nothing means the registry ignores `last`: we have everything.
    if (next.isEmpty() || added == 0)
        return listing->done(std::move(listing->tags));
    fetchTagPage(listing, next);
}

void RegistryClient::manifestDigest(const ImageReference& image, QObject* context,
                                    Callback<QString> done) {
    // HEAD, not GET: Docker Hub does not count it against the pull rate limit.
    RegistryCallSpec head = spec(image, QStringLiteral("read the manifest digest"));
    head.method = "HEAD";
    head.accept = ImageManifest::acceptHeader();
    head.path =
        QStringLiteral("/v2/%1/manifests/%2").arg(image.repository, image.manifestReference());
    RegistryCall::start(
        &m_connection, head, this,
        [this, image, done = guarded(context, std::move(done))](Result<RegistryResponse> response) {
            if (!response)
                return done(std::move(response).error());
            if (const QByteArray digest = response->header("docker-content-digest");
                !digest.isEmpty())
                return done(QString::fromLatin1(digest));
            // Registries need not send the header: the digest is the hash of the body.
            manifest(image, nullptr, [done](Result<ImageManifest> manifest) {
                if (!manifest)
                    return done(std::move(manifest).error());
                done(manifest->digest);
            });
        });
}

void RegistryClient::manifest(const ImageReference& image, QObject* context,
                              Callback<ImageManifest> done) {
    RegistryCallSpec get = spec(image, QStringLiteral("read the manifest"));
    get.accept = ImageManifest::acceptHeader();
    get.path =
        QStringLiteral("/v2/%1/manifests/%2").arg(image.repository, image.manifestReference());
    RegistryCall::start(
        &m_connection, get, this,
        [get, image, done = guarded(context, std::move(done))](Result<RegistryResponse> response) {
            if (!response)
                return done(std::move(response).error());
            if (const QString wrong = digestMismatch(response->body, image.digest);
                !wrong.isEmpty())
                return done(RegistryCall::error(get, Error::Kind::Parse, wrong));
            auto manifest = ImageManifest::parse(
                response->body, response->header("content-type"),
                QString::fromLatin1(response->header("docker-content-digest")));
            if (!manifest)
                return done(
                    RegistryCall::error(get, manifest.error().kind, manifest.error().message));
            done(std::move(manifest));
        });
}

void RegistryClient::platformManifest(const ImageReference& image, QObject* context,
                                      Callback<ImageManifest> done) {
    manifest(
        image, nullptr,
        [this, image, done = guarded(context, std::move(done))](Result<ImageManifest> manifest) {
            if (!manifest || !manifest->isIndex())
                return done(std::move(manifest));
            const auto entry = manifest->entryFor(m_options.platform);
            if (!entry)
                return done(RegistryCall::error(
                    spec(image, QStringLiteral("read the manifest")), Error::Kind::NotFound,
                    QStringLiteral("the index has no image for %1 (it has %2)")
                        .arg(m_options.platform.toString(),
                             manifest->platforms().join(QStringLiteral(", ")))));
            ImageReference platformImage = image;
            platformImage.digest = entry->digest;
            this->manifest(
                platformImage, nullptr, [image, done, this](Result<ImageManifest> inner) {
                    if (inner && inner->isIndex())
                        return done(RegistryCall::error(
                            spec(image, QStringLiteral("read the manifest")),
                            Error::Kind::Unsupported, QStringLiteral("an index inside an index")));
                    done(std::move(inner));
                });
        });
}

void RegistryClient::createdTime(const ImageReference& image, QObject* context,
                                 Callback<QDateTime> done) {
    imageConfig(image, context, [done = std::move(done)](Result<ImageConfig> config) {
        if (!config)
            return done(std::move(config).error());
        done(config->created);
    });
}

void RegistryClient::imageConfig(const ImageReference& image, QObject* context,
                                 Callback<ImageConfig> done) {
    done = guarded(context, std::move(done));
    if (const auto cached = m_configs.constFind(image.digest);
        !image.digest.isEmpty() && cached != m_configs.cend()) {
        QMetaObject::invokeMethod(
            this, [done, config = *cached] { done(config); }, Qt::QueuedConnection);
        return;
    }
    platformManifest(image, nullptr, [this, image, done](Result<ImageManifest> manifest) {
        if (!manifest)
            return done(std::move(manifest).error());
        if (const auto cached = m_configs.constFind(manifest->configDigest);
            cached != m_configs.cend())
            return done(*cached);
        fetchConfig(image, *manifest, done);
    });
}

void RegistryClient::fetchConfig(const ImageReference& image, const ImageManifest& manifest,
                                 Callback<ImageConfig> done) {
    RegistryCallSpec get = spec(image, QStringLiteral("read the image config"));
    get.path = QStringLiteral("/v2/%1/blobs/%2").arg(image.repository, manifest.configDigest);
    RegistryCall::start(
        &m_connection, get, this,
        [this, get, manifest, image, done](Result<RegistryResponse> response) {
            if (!response)
                return done(std::move(response).error());
            if (const QString wrong = digestMismatch(response->body, manifest.configDigest);
                !wrong.isEmpty())
                return done(RegistryCall::error(get, Error::Kind::Parse, wrong));
            auto config = ImageManifest::parseConfig(response->body);
            if (!config)
                return done(RegistryCall::error(get, config.error().kind, config.error().message));
            m_configs.insert(manifest.configDigest, *config);
            m_configs.insert(manifest.digest, *config);
            if (!image.digest.isEmpty())
                m_configs.insert(image.digest, *config);
            done(std::move(config));
        });
}

} // namespace fd::core

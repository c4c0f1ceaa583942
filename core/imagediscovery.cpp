#include "imagediscovery.h"

#include "guardedcallback.h"
#include "tagselector.h"

#include <QHash>

#include <optional>

namespace fd::core {

struct ImageDiscovery::Job final {
    ImageReference image;
    std::optional<TagSelector> selector;
    std::optional<ImagePlatform> platform;
    Done done;
    bool finished = false;

    QStringList candidates;
    qsizetype next = 0;
    QHash<QString, QDateTime> created;
    QList<DiscoveredImage> found;
    // The candidates being read, in order; a slot stays empty for a candidate passed over.
    QList<std::optional<DiscoveredImage>> batch;
    qsizetype pending = 0;

    void finish(Result<QList<DiscoveredImage>> result) {
        if (finished)
            return;
        finished = true;
        done(std::move(result));
    }
};

ImageDiscovery::ImageDiscovery(RegistryClient* registry, QObject* parent)
    : QObject(parent)
    , m_registry(registry) {}

ImageDiscovery::~ImageDiscovery() = default;

void ImageDiscovery::discover(const WarehouseSubscription& subscription, QObject* context,
                              Done done) {
    auto job = std::make_shared<Job>();
    job->done = guardedCall(context, std::move(done));
    const auto failLater = [this, job](Error error) {
        QMetaObject::invokeMethod(
            this, [job, error = std::move(error)] { job->finish(error); }, Qt::QueuedConnection);
    };
    const QString where = subscription.position.toString();
    auto image = ImageReference::parse(subscription.repoURL);
    if (!image)
        return failLater(Error{Error::Kind::InvalidInput,
                               QStringLiteral("the image subscription's repoURL '%1' is not an "
                                              "image reference: %2")
                                   .arg(subscription.repoURL, image.error().message),
                               where});
    if (!image->tag.isEmpty() || !image->digest.isEmpty())
        return failLater(Error{Error::Kind::InvalidInput,
                               QStringLiteral("the image subscription's repoURL '%1' names a tag "
                                              "or digest: give the repository alone")
                                   .arg(subscription.repoURL),
                               where});
    job->image = *image;
    auto selector = TagSelector::forSubscription(subscription);
    if (!selector)
        return failLater(std::move(selector).error());
    job->selector = std::move(*selector);
    if (!subscription.platform.isEmpty()) {
        auto platform = ImagePlatform::parse(subscription.platform);
        if (!platform)
            return failLater(Error{platform.error().kind, platform.error().message, where});
        job->platform = *platform;
    }
    m_registry->listTags(job->image, this, [this, job](Result<QStringList> tags) {
        if (!tags)
            return job->finish(std::move(tags).error());
        onTags(job, std::move(*tags));
    });
}

void ImageDiscovery::onTags(const std::shared_ptr<Job>& job, QStringList tags) {
    if (!job->selector->needsCreationTimes()) {
        job->candidates = job->selector->select(tags);
        return readDigests(job);
    }
    // NewestBuild: a build time costs two requests per tag, so only for tags that pass the filters.
    const QStringList eligible = job->selector->eligible(tags);
    if (eligible.isEmpty())
        return job->finish(QList<DiscoveredImage>{});
    job->pending = eligible.size();
    for (const QString& tag : eligible) {
        ImageReference tagged = job->image;
        tagged.tag = tag;
        m_registry->createdTime(tagged, this, [this, job, tag, eligible](Result<QDateTime> time) {
            if (job->finished)
                return;
            if (!time)
                return job->finish(std::move(time).error());
            job->created.insert(tag, *time);
            if (--job->pending > 0)
                return;
            QList<DatedTag> dated;
            for (const QString& each : eligible)
                dated.append({each, job->created.value(each)});
            job->candidates = job->selector->select(dated);
            readDigests(job);
        });
    }
}

void ImageDiscovery::readDigests(const std::shared_ptr<Job>& job) {
    const qsizetype wanted = job->selector->discoveryLimit() - job->found.size();
    if (wanted <= 0 || job->next >= job->candidates.size())
        return job->finish(job->found);
    const qsizetype count = std::min(wanted, job->candidates.size() - job->next);
    job->batch = QList<std::optional<DiscoveredImage>>(count);
    job->pending = count;
    for (qsizetype i = 0; i < count; ++i)
        readDigest(job, i);
}

void ImageDiscovery::readDigest(const std::shared_ptr<Job>& job, qsizetype index) {
    const QString tag = job->candidates.at(job->next + index);
    ImageReference tagged = job->image;
    tagged.tag = tag;
    const auto found = [this, job, index, tag](Result<QString> digest) {
        if (job->finished)
            return;
        // A tag listed a moment ago and deleted since is passed over, as a platform miss is.
        if (!digest && digest.error().kind != Error::Kind::NotFound)
            return job->finish(std::move(digest).error());
        if (digest && !digest->isEmpty())
            job->batch[index] = DiscoveredImage{tag, *digest, job->created.value(tag)};
        if (--job->pending == 0)
            finishBatch(job);
    };
    if (!job->platform)
        return m_registry->manifestDigest(tagged, this, found);
    m_registry->manifest(tagged, this, [this, job, found, tagged](Result<ImageManifest> manifest) {
        if (!manifest)
            return found(std::move(manifest).error());
        if (manifest->isIndex()) {
            const auto entry = manifest->entryFor(*job->platform);
            return found(entry ? entry->digest : QString());
        }
        // A single image says its platform in its config only.
        ImageReference image = tagged;
        image.digest = manifest->digest;
        m_registry->imageConfig(
            image, this, [job, found, digest = manifest->digest](Result<ImageConfig> config) {
                if (!config)
                    return found(std::move(config).error());
                const bool fits = !config->platform || job->platform->matches(*config->platform);
                found(fits ? digest : QString());
            });
    });
}

void ImageDiscovery::finishBatch(const std::shared_ptr<Job>& job) {
    for (const auto& image : job->batch) {
        if (image)
            job->found.append(*image);
    }
    job->next += job->batch.size();
    job->batch.clear();
    readDigests(job);
}

} // namespace fd::core

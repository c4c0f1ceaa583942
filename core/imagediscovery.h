#pragma once

#include "kargomodel.h"
#include "registryclient.h"
#include "result.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>

namespace fd::core {

/** One image version a subscription offers: its tag, its manifest digest, when it was built. */
struct DiscoveredImage final {
    QString tag;
    /** The digest the tag names, or with a `platform`, that platform's image's digest. */
    QString digest;
    /** Known for NewestBuild only (it is what orders them); invalid otherwise. */
    QDateTime created;

    bool operator==(const DiscoveredImage&) const = default;
};

/**
 * The images a Warehouse's image subscription offers, best first, as Kargo selects them: the
 * repository's tags filtered and ordered by the subscription's strategy (build times fetched
 * only for the tags that pass the filters, for NewestBuild), then each candidate's digest read
 * until `discoveryLimit` images are found. With a `platform`, an index without an image for it
 * and a single image built for another platform (its config says) are passed over, and the
 * digest is that platform's image's.
 */
class ImageDiscovery final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImageDiscovery)

public:
    using Done = std::function<void(Result<QList<DiscoveredImage>>)>;

    explicit ImageDiscovery(RegistryClient* registry, QObject* parent = nullptr);
    ~ImageDiscovery() override;

    /** @p done runs once, later, unless @p context is deleted first. */
    void discover(const WarehouseSubscription& subscription, QObject* context, Done done);

private:
    struct Job;

    void onTags(const std::shared_ptr<Job>& job, QStringList tags);
    void readDigests(const std::shared_ptr<Job>& job);
    void readDigest(const std::shared_ptr<Job>& job, qsizetype index);
    void finishBatch(const std::shared_ptr<Job>& job);

    RegistryClient* m_registry;
};

} // namespace fd::core

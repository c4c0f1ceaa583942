#include "chartversiondiscovery.h"

#include "tagselector.h"

namespace fd::core {

namespace {

/** Reports @p error later, like every other answer, so callers see one way of being called. */
void fail(QObject* context, const ChartVersionDiscovery::Done& done, Error error) {
    QMetaObject::invokeMethod(
        context, [done, error = std::move(error)] { done(error); }, Qt::QueuedConnection);
}

} // namespace

ChartVersionDiscovery::ChartVersionDiscovery(HelmRepositoryClient* helm, RegistryClient* registry,
                                             QObject* parent)
    : QObject(parent)
    , m_helm(helm)
    , m_registry(registry) {}

Result<QStringList> ChartVersionDiscovery::select(const WarehouseSubscription& subscription,
                                                  const QStringList& versions) {
    auto selector = TagSelector::forSubscription(subscription);
    if (!selector)
        return std::move(selector).error();
    return selector->select(versions).mid(0, selector->discoveryLimit());
}

void ChartVersionDiscovery::discover(const WarehouseSubscription& subscription, QObject* context,
                                     Done done) {
    const QString ociPrefix = QStringLiteral("oci://");
    if (subscription.repoURL.startsWith(ociPrefix)) {
        QString path = subscription.repoURL.mid(ociPrefix.size());
        while (path.endsWith(u'/'))
            path.chop(1);
        if (!subscription.chartName.isEmpty()) {
            fail(context, done,
                 Error{Error::Kind::InvalidInput,
                       QStringLiteral("an OCI chart is named by its full path in repoURL "
                                      "(oci://%1/%2); leave `name` out")
                           .arg(path, subscription.chartName),
                       subscription.position.toString()});
            return;
        }
        auto image = ImageReference::parse(path);
        if (!image) {
            Error error = std::move(image).error();
            error.location = subscription.position.toString();
            fail(context, done, error);
            return;
        }
        m_registry->listTags(*image, context, [subscription, done](Result<QStringList> tags) {
            if (!tags)
                return done(std::move(tags).error());
            QStringList versions;
            for (QString tag : *tags)
                versions.append(tag.replace(u'_', u'+'));
            done(select(subscription, versions));
        });
        return;
    }
    if (subscription.chartName.isEmpty()) {
        fail(context, done,
             Error{Error::Kind::InvalidInput,
                   QStringLiteral("the chart subscription of %1 names no chart (`name`)")
                       .arg(subscription.repoURL),
                   subscription.position.toString()});
        return;
    }
    m_helm->fetchIndex(
        subscription.repoURL, context, [subscription, done](Result<HelmIndexFetch> fetched) {
            if (!fetched)
                return done(std::move(fetched).error());
            QStringList versions;
            for (const HelmChartVersion& version : fetched->index.versions(subscription.chartName))
                versions.append(version.version);
            if (versions.isEmpty())
                return done(Error{
                    Error::Kind::NotFound,
                    QStringLiteral("the repository has no chart '%1'").arg(subscription.chartName),
                    HelmRepositoryClient::indexUrl(subscription.repoURL)});
            done(select(subscription, versions));
        });
}

} // namespace fd::core

#include "freightdiscovery.h"

#include "chartversiondiscovery.h"
#include "gitsubscriptiondiscovery.h"
#include "guardedcallback.h"
#include "imagediscovery.h"
#include "offthread.h"
#include "tagselectionpolicy.h"

#include <optional>

namespace fd::core {

namespace {

QString selectionText(const WarehouseSubscription& subscription) {
    auto policy = TagSelectionPolicy::fromSubscription(subscription);
    if (!policy)
        return {};
    QString text = TagSelectionPolicy::strategyName(policy->strategy);
    if (!policy->constraint.isEmpty())
        text += QLatin1Char(' ') + policy->constraint;
    return text;
}

Error nothingFound(const WarehouseSubscription& subscription) {
    const QString what = subscription.kind == WarehouseSubscription::Kind::Git
                             ? QStringLiteral("no commit of %1")
                             : QStringLiteral("no version of %1");
    QString name = subscription.repoURL;
    if (!subscription.chartName.isEmpty())
        name += QLatin1Char(' ') + subscription.chartName;
    return Error{Error::Kind::NotFound,
                 (what + QStringLiteral(" passes the subscription's selection (%2)"))
                     .arg(name, selectionText(subscription)),
                 subscription.position.toString()};
}

} // namespace

/** One discover() call: the services, what each subscription gave, and who is still out. */
struct FreightDiscovery::Run final {
    QList<PipelineService> services;
    QList<QList<Artifacts>> found; // per service, per subscription
    qsizetype pending = 0;
    QDateTime now;
    Done done;
};

FreightDiscovery::FreightDiscovery(RegistryClient* registry, HelmRepositoryClient* helm,
                                   GitRepositoryOptions git, QObject* parent)
    : QObject(parent)
    , m_registry(registry)
    , m_git(std::move(git))
    , m_images(new ImageDiscovery(registry, this))
    , m_charts(new ChartVersionDiscovery(helm, registry, this)) {}

FreightDiscovery::~FreightDiscovery() {
    m_gitThreads.waitForDone();
}

void FreightDiscovery::discover(const QList<PipelineService>& services, QObject* context,
                                Done done) {
    auto run = std::make_shared<Run>();
    run->services = services;
    run->now = m_clock ? m_clock() : QDateTime::currentDateTimeUtc();
    run->done = guardedCall(context, std::move(done));
    const auto finish = [run] {
        QList<ServiceFreight> result;
        for (qsizetype i = 0; i < run->services.size(); ++i)
            result.append(assemble(run->services.at(i), run->found.at(i), run->now));
        run->done(std::move(result));
    };
    for (const PipelineService& service : services) {
        run->found.append(QList<Artifacts>(service.warehouseSubscriptions.size(),
                                           Artifacts(QList<FreightArtifact>{})));
        run->pending += service.warehouseSubscriptions.size();
    }
    if (run->pending == 0) {
        QMetaObject::invokeMethod(this, finish, Qt::QueuedConnection);
        return;
    }
    for (qsizetype s = 0; s < services.size(); ++s) {
        const auto& subscriptions = services.at(s).warehouseSubscriptions;
        for (qsizetype i = 0; i < subscriptions.size(); ++i) {
            discoverSubscription(subscriptions.at(i), [run, s, i, finish](Artifacts artifacts) {
                run->found[s][i] = std::move(artifacts);
                if (--run->pending == 0)
                    finish();
            });
        }
    }
}

void FreightDiscovery::discoverSubscription(const WarehouseSubscription& subscription,
                                            std::function<void(Artifacts)> done) {
    const QString repoURL = subscription.repoURL;
    switch (subscription.kind) {
    case WarehouseSubscription::Kind::Image:
        return m_images->discover(
            subscription, this, [repoURL, done](Result<QList<DiscoveredImage>> images) {
                if (!images)
                    return done(std::move(images).error());
                QList<FreightArtifact> artifacts;
                for (const DiscoveredImage& image : *images)
                    artifacts.append(FreightArtifact::image(repoURL, image.tag, image.digest));
                done(artifacts);
            });
    case WarehouseSubscription::Kind::Chart:
        return m_charts->discover(
            subscription, this,
            [repoURL, name = subscription.chartName, done](Result<QStringList> versions) {
                if (!versions)
                    return done(std::move(versions).error());
                QList<FreightArtifact> artifacts;
                for (const QString& version : *versions)
                    artifacts.append(FreightArtifact::chart(repoURL, name, version));
                done(artifacts);
            });
    case WarehouseSubscription::Kind::Git:
        break;
    }
    offThread(
        this,
        [subscription, git = m_git]() -> Artifacts {
            auto commits = GitSubscriptionDiscovery::discover(subscription, git);
            if (!commits)
                return std::move(commits).error();
            QList<FreightArtifact> artifacts;
            for (const DiscoveredCommit& commit : *commits)
                artifacts.append(
                    FreightArtifact::commit(subscription.repoURL, commit.id, commit.tag));
            return artifacts;
        },
        done, &m_gitThreads);
}

ServiceFreight FreightDiscovery::assemble(const PipelineService& service,
                                          const QList<Artifacts>& found, const QDateTime& now) {
    ServiceFreight result{service.name, {}, {}, {}};
    if (service.warehouseSubscriptions.isEmpty()) {
        result.notes.append(Error{Error::Kind::NotFound,
                                  QStringLiteral("service %1 has no image, chart or Git "
                                                 "subscription to discover versions from")
                                      .arg(service.name),
                                  service.location});
        return result;
    }
    QList<QList<FreightArtifact>> lists;
    for (qsizetype i = 0; i < found.size(); ++i) {
        if (!found.at(i))
            result.problems.append(found.at(i).error());
        else if (found.at(i)->isEmpty())
            result.notes.append(nothingFound(service.warehouseSubscriptions.at(i)));
        else
            lists.append(*found.at(i));
    }
    // A freight holds a version of every subscription: one missing, none can be made.
    if (lists.size() < found.size())
        return result;
    const QString origin = service.name;
    if (lists.size() == 1) {
        for (const FreightArtifact& artifact : lists.constFirst())
            result.freight.append(Freight::make(service.name, origin, {artifact}, now));
        return result;
    }
    QList<FreightArtifact> newest;
    for (const auto& list : lists)
        newest.append(list.constFirst());
    result.freight.append(Freight::make(service.name, origin, newest, now));
    return result;
}

} // namespace fd::core

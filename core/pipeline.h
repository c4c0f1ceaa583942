#pragma once

#include "finding.h"
#include "freezewindow.h"
#include "kargomodel.h"
#include "result.h"
#include "stageverification.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <chrono>
#include <functional>

namespace fd::core {

/** Where one stage keeps its version of a service: the file and key (or image) a promotion writes. */
struct PipelineTarget final {
    enum class Kind { YamlKey, KustomizeImage, HelmChart };

    Kind kind = Kind::YamlKey;
    /** The repository written; empty when it is the repository discovery read. */
    QString repoUrl;
    /** The branch written; empty for the repository's default branch. */
    QString branch;
    /** Repository-relative path of the file. */
    QString file;
    /** YamlKey: the key path (`image.tag`); HelmChart: the chart name. */
    QString key;
    /** KustomizeImage: the image name of the `images:` entry. */
    QString image;
    /** What a promotion writes there, e.g. `imageFrom(ghcr.io/akuity/guestbook).Tag`. */
    QString value;
    /** The Argo CD applications that deploy this file. */
    QStringList argocdApps;
    /** Where this target is defined ("file:line:column"). */
    QString location;
};

/** When freight may enter a stage without a person, and what a person must do otherwise. */
struct PipelinePolicy final {
    bool autoPromotion = false;
    /** Approvals a promotion into the stage needs; 0: none. */
    int requiredApprovals = 0;
    /** How long freight must have been verified upstream before it may enter. */
    std::chrono::seconds soakTime{0};
    /** Where the policy was decided, for the lint report and the UI. */
    QString location;
    /** When the stage takes no promotion (freightdesk.yaml `freeze:`). */
    QList<FreezeWindow> freezes;
    StageVerification verification;
};

/** How a stage's promotion reaches its branch. */
enum class PromotionMethod {
    Push,        // a commit pushed to the branch
    PullRequest, // a branch pushed and a pull request opened; promoted once it is merged
    None,        // the stage has no promotion steps (a fan-in or control-flow stage)
};

/** One stage: a place a service's freight is promoted to, belonging to one environment. */
struct PipelineStage final {
    QString name;
    QString service;
    /** dev, staging, prod...: from what the stage writes and deploys, not from its name alone. */
    QString environment;
    /** Stages freight comes from; empty when it comes straight from the service's warehouse. */
    QStringList upstream;
    /** Takes freight straight from the warehouse (may also have upstream stages). */
    bool direct = false;
    /** With several upstream stages: "All" (verified in every one) or "OneOf". */
    QString availability;
    /** A display colour name or #rrggbb (Kargo's `kargo.akuity.io/color`); empty: none. */
    QString color;
    QList<PipelineTarget> targets;
    /** Every Argo CD application the stage's promotion updates or its targets deploy. */
    QStringList argocdApps;
    PipelinePolicy policy;
    PromotionMethod promotion = PromotionMethod::Push;
    /** Freightdesk will show but not promote this stage (see readOnlyReason). */
    bool readOnly = false;
    QString readOnlyReason;
    QString location;
};

/** One service: a stream of versions (Kargo: a Warehouse) moving through its stages. */
struct PipelineService final {
    QString name;
    /** The container image the service's versions are tags of; empty when it has none. */
    QString imageRepository;
    /** Every subscription, described ("image ghcr.io/x (SemVer)", "git https://... main"). */
    QStringList subscriptions;
    QString location;
    /**
     * What freight discovery follows: the Warehouse's subscriptions, or for a service from
     * freightdesk.yaml or the layout, its image with its tag selection.
     */
    QList<WarehouseSubscription> warehouseSubscriptions;
};

/** Everything discovery learnt about a repository: services, their stages, the graph, findings. */
struct Pipeline final {
    enum class Source { Kargo, FreightdeskYaml, Inferred };

    Source source = Source::Inferred;
    /** Kargo project (namespace), or the repository's name. */
    QString project;
    QList<PipelineService> services;
    /** Upstream stages always come before their downstream ones. */
    QList<PipelineStage> stages;
    Findings findings;

    const PipelineStage* stage(const QString& name) const;
    const PipelineService* service(const QString& name) const;
    /** The stages of @p service, in pipeline order. */
    QList<const PipelineStage*> stagesOf(const QString& service) const;
    /** "kargo", "freightdesk.yaml" or "inferred". */
    QString sourceName() const;
};

} // namespace fd::core

namespace fd::core {

/**
 * Orders @p stages so that every stage comes after its upstream stages, keeping the given order
 * where the graph allows. Upstream names that are not among the stages are ignored (the lint
 * report names them). A cycle is an InvalidInput error naming the stages on it, in order.
 */
Result<void> sortStagesByGraph(QList<PipelineStage>& stages);

/**
 * The nodes of a graph, reached from @p upstream by following @p upstreamOf, that are the first
 * to satisfy @p included on each path: a service that skips staging still gets prod's versions
 * from dev, not straight from the registry.
 */
QStringList nearestIncludedUpstream(const QStringList& upstream,
                                    const std::function<QStringList(const QString&)>& upstreamOf,
                                    const std::function<bool(const QString&)>& included);

} // namespace fd::core

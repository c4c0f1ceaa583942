#pragma once

#include "finding.h"
#include "kargomodel.h"
#include "kargovalue.h"

#include <QList>
#include <QString>

namespace fd::core {

/** One working tree a `git-clone` step checks out: which branch, commit or tag, into which folder. */
struct PlanCheckout final {
    /** The folder in Kargo's working directory, normalised: "out", "src". */
    QString folder;
    QString repoURL;
    QString branch;
    /** A commit or tag, as written or deferred ("commitFrom(...).ID"). */
    QString commit;
    QString tag;
    bool create = false;
};

/** One thing a promotion writes: a YAML key, a Kustomize image field or a Helm chart version. */
struct PlanTarget final {
    enum class Kind { YamlKey, KustomizeImage, HelmChart };

    Kind kind = Kind::YamlKey;
    QString repoURL;
    /** The branch the change is committed on (the checkout's branch, or git-push targetBranch). */
    QString branch;
    /** The file, relative to the repository root: "env/dev/kustomization.yaml". */
    QString path;
    /**
     * YamlKey: the key path; KustomizeImage: the image (empty: every image of the freight);
     * HelmChart: the chart name.
     */
    QString key;
    /** KustomizeImage: "tag", "digest" or "newName"; HelmChart: the chart repository. */
    QString field;
    /** The new value, known or deferred to the freight (imageFrom(x).Tag). */
    KargoValue value;
    SourcePosition position;
};

/** An Argo CD Application an `argocd-update` step syncs, by name or by label selector. */
struct PlanArgoCDApp final {
    QString name;
    StringPairs selector;
    /** Kargo's default is "argocd". */
    QString namespaceName;
    /** repoURL with the revision the source must reach (`desiredRevision`), when given. */
    QList<std::pair<QString, KargoValue>> sources;
    SourcePosition position;
};

/** One step as Freightdesk performs it; which fields are set depends on `uses`. */
struct PlanAction final {
    QString uses;
    /** The alias Kargo gives the inflated step: "step-0::update-image". */
    QString alias;
    SourcePosition position;
    QList<PlanCheckout> checkouts; // git-clone
    /** The repository path a folder step works on (git-clear, git-commit, git-push). */
    QString repoURL;
    QString branch;
    QList<PlanTarget> targets;         // yaml-update, kustomize-set-image, helm-update-chart
    QList<PlanArgoCDApp> apps;         // argocd-update
    bool generateTargetBranch = false; // git-push
};

/**
 * What promoting freight into one Stage does, resolved from its promotion template: the steps
 * with tasks inlined, variables and expressions evaluated, steps whose `if:` is false dropped,
 * and paths in Kargo's working folders mapped back to repository paths. A Stage with a step or an
 * expression Freightdesk cannot perform is read-only: Freightdesk shows it, never promotes it.
 */
struct StagePlan final {
    enum class Delivery { None, Push, GeneratedBranch, PullRequest };

    QString project;
    QString stage;
    QList<PlanAction> actions;
    /** Every target of every action, in order. */
    QList<PlanTarget> targets;
    QList<PlanArgoCDApp> argoCDApps;
    Delivery delivery = Delivery::None;
    /** The branch pushed to (Push) or merged into (PullRequest). */
    QString deliveryBranch;
    bool readOnly = false;
    QString readOnlyReason;
    Findings findings;

    /** "none", "push", "generated-branch" or "pull-request". */
    QString deliveryName() const;
};

} // namespace fd::core

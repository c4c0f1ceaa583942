#pragma once

#include "yamlvalue.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>
#include <utility>

namespace fd::core {

/** Where something is written: a repository file with its 1-based line and column. */
struct SourcePosition final {
    QString file;
    int line = 0;
    int column = 0;

    static SourcePosition of(const YamlValue& value);
    /** "file:line:column", or the file alone when the line is unknown. */
    QString toString() const;
    bool operator==(const SourcePosition&) const = default;
};

using StringPairs = QList<std::pair<QString, QString>>;

/**
 * A Kargo variable (`vars[]` of a Stage, a promotion template, a step or a PromotionTask). Kargo
 * treats an empty value as no value: a PromotionTask variable without one must be given by the
 * step that uses the task.
 */
struct KargoVar final {
    QString name;
    std::optional<QString> value;
    SourcePosition position;

    bool hasValue() const { return value.has_value() && !value->isEmpty(); }
};

/** `task:` of a step: a PromotionTask in the Stage's project, or a ClusterPromotionTask. */
struct PromotionTaskRef final {
    QString name;
    /** "PromotionTask" (also when not written) or "ClusterPromotionTask". */
    QString kind = QStringLiteral("PromotionTask");

    bool isCluster() const { return kind == u"ClusterPromotionTask"; }
};

/** One entry of `steps[]` in a promotion template or a (Cluster)PromotionTask. */
struct PromotionStep final {
    /** The built-in step ("git-clone"); empty for a task step. */
    QString uses;
    QString as;
    /** The `if:` expression, as written; empty when there is none. */
    QString condition;
    std::optional<PromotionTaskRef> task;
    QList<KargoVar> vars;
    /** The step's configuration, unevaluated (expressions are kept as written). */
    YamlValue config;
    bool continueOnError = false;
    std::optional<std::chrono::nanoseconds> retryTimeout;
    std::optional<int> retryErrorThreshold;
    SourcePosition position;

    /** The alias Kargo gives the step at @p index: `as`, or "step-<index>". */
    QString alias(int index) const;
};

/** A `requestedFreight[]` entry: freight from one origin, and where the Stage may take it from. */
struct FreightRequest final {
    /** "Warehouse", the only origin kind Kargo has. */
    QString originKind;
    QString originName;
    /** `sources.direct`: straight from the origin. */
    bool direct = false;
    /** `sources.stages`: upstream Stages the freight must have been verified in. */
    QStringList stages;
    /** `sources.availabilityStrategy`: "OneOf" (Kargo's default when empty) or "All". */
    QString availabilityStrategy;
    std::optional<std::chrono::nanoseconds> requiredSoakTime;
    SourcePosition position;
};

struct KargoStage final {
    QString name;
    QString project; // metadata.namespace
    StringPairs labels;
    /** The `kargo.akuity.io/color` annotation. */
    QString color;
    QList<KargoVar> vars; // spec.vars
    QList<FreightRequest> requestedFreight;
    /** A Stage without a promotion template (or without steps) only passes freight on. */
    bool hasPromotionTemplate = false;
    QList<KargoVar> promotionVars; // spec.promotionTemplate.spec.vars
    QList<PromotionStep> steps;
    QStringList analysisTemplates; // spec.verification.analysisTemplates[].name
    QList<KargoVar> analysisArgs;  // spec.verification.args
    SourcePosition position;

    QString label(const QString& key) const;
    /** Every Stage named in `sources.stages`, without duplicates, in order. */
    QStringList upstreamStages() const;
    /** Every Warehouse freight is requested from, without duplicates, in order. */
    QStringList warehouses() const;
};

/** One `subscriptions[]` entry of a Warehouse. Fields that do not apply to a kind stay empty. */
struct WarehouseSubscription final {
    enum class Kind { Image, Git, Chart };

    Kind kind = Kind::Image;
    QString repoURL;
    /** Chart: `name` (classic chart repositories only). */
    QString chartName;
    /** `imageSelectionStrategy` or `commitSelectionStrategy`, as written. */
    QString selectionStrategy;
    QString constraint;
    QStringList allowTagsRegexes;
    QStringList ignoreTagsRegexes;
    // Deprecated by Kargo in favour of constraint / allowTagsRegexes / ignoreTagsRegexes.
    QString semverConstraint;
    QString allowTags;
    QStringList ignoreTags;
    std::optional<int> discoveryLimit;
    /** Kargo's default is true. */
    bool strictSemvers = true;
    /** Image: `platform` ("linux/amd64"). */
    QString platform;
    /** Git: `branch`, `includePaths`, `excludePaths`. */
    QString branch;
    QStringList includePaths;
    QStringList excludePaths;
    SourcePosition position;

    /** "image", "git" or "chart". */
    QString kindName() const;
};

struct KargoWarehouse final {
    QString name;
    QString project;
    /** "Automatic" (Kargo's default when empty) or "Manual". */
    QString freightCreationPolicy;
    std::optional<std::chrono::nanoseconds> interval;
    QList<WarehouseSubscription> subscriptions;
    SourcePosition position;
};

/** `matchExpressions[]` of a Kubernetes label selector. */
struct LabelRequirement final {
    QString key;
    /** In, NotIn, Exists, DoesNotExist. */
    QString op;
    QStringList values;
};

/**
 * Which Stages a promotion policy is for: `stage` (the older form) or `stageSelector` with a
 * `name` (exact, "regex:..." or "glob:...") ANDed with label selection.
 */
struct PromotionPolicy final {
    QString stage;
    bool hasSelector = false;
    QString selectorName;
    StringPairs matchLabels;
    QList<LabelRequirement> matchExpressions;
    bool autoPromotionEnabled = false;
    SourcePosition position;

    bool matches(const KargoStage& stage) const;
};

/** A Project (cluster-scoped; its name is the namespace of everything in it). */
struct KargoProject final {
    QString name;
    /** `spec.promotionPolicies`, the form before ProjectConfig. */
    QList<PromotionPolicy> promotionPolicies;
    SourcePosition position;
};

struct KargoProjectConfig final {
    QString name;
    QString project;
    QList<PromotionPolicy> promotionPolicies;
    SourcePosition position;
};

/** A PromotionTask (in a project) or a ClusterPromotionTask (project empty). */
struct KargoPromotionTask final {
    QString name;
    QString project;
    bool cluster = false;
    /** Inputs: a variable without a value must be given by the step that uses the task. */
    QList<KargoVar> vars;
    QList<PromotionStep> steps;
    SourcePosition position;

    QString kind() const;
};

} // namespace fd::core

#include "kargoobjectreader.h"

#include "goduration.h"
#include "manifestscan.h"

namespace fd::core {

namespace {

const QString ColorAnnotation = QStringLiteral("kargo.akuity.io/color");

QString indexed(const QString& path, int index) {
    return QStringLiteral("%1[%2]").arg(path).arg(index);
}

QString child(const QString& path, const QString& key) {
    return path.isEmpty() ? key : path + u'.' + key;
}

} // namespace

void KargoObjectReader::add(Finding::Severity severity, const QString& code, const QString& message,
                            const YamlValue& where) {
    m_findings.append(
        {severity, code, m_subject + QStringLiteral(": ") + message, where.location()});
}

void KargoObjectReader::missing(const YamlValue& where, const QString& path) {
    add(Finding::Severity::Error, QStringLiteral("missing-field"),
        QStringLiteral("%1 is required").arg(path), where);
}

void KargoObjectReader::invalid(const YamlValue& where, const QString& path, const QString& why) {
    add(Finding::Severity::Error, QStringLiteral("invalid-field"),
        QStringLiteral("%1: %2").arg(path, why), where);
}

QString KargoObjectReader::deprecated(const YamlValue& value, const QString& path,
                                      const QString& instead) {
    if (!value.isDefined())
        return {};
    add(Finding::Severity::Warning, QStringLiteral("deprecated-field"),
        QStringLiteral("%1 is deprecated; use %2").arg(path, instead), value);
    return value.scalar();
}

bool KargoObjectReader::readIdentity(const Manifest& manifest, bool namespaced) {
    m_subject = manifest.kind + u' ' + manifest.name;
    if (manifest.name.isEmpty()) {
        m_subject = manifest.kind;
        missing(manifest.object, QStringLiteral("metadata.name"));
        return false;
    }
    if (!manifest.apiVersion.endsWith(u"/v1alpha1"))
        add(Finding::Severity::Warning, QStringLiteral("unknown-version"),
            QStringLiteral("apiVersion %1 is read as v1alpha1").arg(manifest.apiVersion),
            manifest.object["apiVersion"]);
    // kubectl -n or a Kustomization's namespace may still place it; a plain apply cannot.
    if (namespaced && manifest.namespaceName.isEmpty())
        add(Finding::Severity::Warning, QStringLiteral("missing-field"),
            QStringLiteral("metadata.namespace (the project) is not set"), manifest.metadata());
    return true;
}

QStringList KargoObjectReader::strings(const YamlValue& value, const QString& path) {
    QStringList result;
    if (!value.isDefined() || value.isNull())
        return result;
    if (!value.isSequence()) {
        invalid(value, path, QStringLiteral("a list is expected"));
        return result;
    }
    for (const YamlValue& item : value.items()) {
        if (item.isScalar())
            result.append(item.scalar());
        else
            invalid(item, path, QStringLiteral("a string is expected"));
    }
    return result;
}

std::optional<std::chrono::nanoseconds> KargoObjectReader::duration(const YamlValue& value,
                                                                    const QString& path) {
    if (!value.isDefined() || value.isNull())
        return std::nullopt;
    auto parsed = parseGoDuration(value.scalar());
    if (!parsed) {
        invalid(value, path, parsed.error().message);
        return std::nullopt;
    }
    return *parsed;
}

QList<KargoVar> KargoObjectReader::vars(const YamlValue& value, const QString& path) {
    QList<KargoVar> result;
    const QList<YamlValue> items = value.items();
    for (int i = 0; i < items.size(); ++i) {
        const YamlValue& item = items.at(i);
        KargoVar var{item["name"].scalar(), std::nullopt, SourcePosition::of(item)};
        if (item["value"].isScalar())
            var.value = item["value"].scalar();
        if (var.name.isEmpty()) {
            missing(item, child(indexed(path, i), QStringLiteral("name")));
            continue;
        }
        result.append(var);
    }
    return result;
}

PromotionStep KargoObjectReader::step(const YamlValue& value, const QString& path, bool inTask) {
    PromotionStep step;
    step.uses = value["uses"].scalar();
    step.as = value["as"].scalar();
    step.condition = value["if"].scalar();
    step.config = value["config"];
    step.continueOnError = value["continueOnError"].toBool(false);
    step.position = SourcePosition::of(value);
    step.vars = vars(value["vars"], child(path, QStringLiteral("vars")));
    const YamlValue retry = value["retry"];
    step.retryTimeout = duration(retry["timeout"], child(path, QStringLiteral("retry.timeout")));
    if (retry["errorThreshold"].isScalar()) {
        bool ok = false;
        step.retryErrorThreshold = retry["errorThreshold"].scalar().toInt(&ok);
        if (!ok)
            invalid(retry["errorThreshold"], child(path, QStringLiteral("retry.errorThreshold")),
                    QStringLiteral("an integer is expected"));
    }
    const YamlValue task = value["task"];
    if (task.isDefined()) {
        PromotionTaskRef ref;
        ref.name = task["name"].scalar();
        if (task["kind"].isScalar())
            ref.kind = task["kind"].scalar();
        if (ref.name.isEmpty())
            missing(task, child(path, QStringLiteral("task.name")));
        if (ref.kind != u"PromotionTask" && ref.kind != u"ClusterPromotionTask")
            invalid(task["kind"], child(path, QStringLiteral("task.kind")),
                    QStringLiteral("\"%1\" is neither PromotionTask nor ClusterPromotionTask")
                        .arg(ref.kind));
        step.task = ref;
    }
    if (step.task && !step.uses.isEmpty())
        invalid(value, path, QStringLiteral("a step has either uses or task, not both"));
    else if (!step.task && step.uses.isEmpty())
        missing(value, child(path, QStringLiteral("uses")));
    // Kargo does not inflate tasks inside tasks, so that they cannot form cycles.
    if (inTask && step.task)
        invalid(task, child(path, QStringLiteral("task")),
                QStringLiteral("a PromotionTask step cannot use another task"));
    return step;
}

QList<PromotionStep> KargoObjectReader::steps(const YamlValue& value, const QString& path,
                                              bool inTask) {
    QList<PromotionStep> result;
    const QList<YamlValue> items = value.items();
    for (int i = 0; i < items.size(); ++i)
        result.append(step(items.at(i), indexed(path, i), inTask));
    return result;
}

FreightRequest KargoObjectReader::freightRequest(const YamlValue& value, const QString& path) {
    FreightRequest request;
    request.position = SourcePosition::of(value);
    const YamlValue origin = value["origin"];
    request.originKind = origin["kind"].scalar();
    request.originName = origin["name"].scalar();
    if (!origin.isDefined())
        missing(value, child(path, QStringLiteral("origin")));
    else if (request.originKind.isEmpty())
        missing(origin, child(path, QStringLiteral("origin.kind")));
    else if (request.originKind != u"Warehouse")
        invalid(origin["kind"], child(path, QStringLiteral("origin.kind")),
                QStringLiteral("\"%1\" is not an origin kind (Warehouse is the only one)")
                    .arg(request.originKind));
    if (origin.isDefined() && request.originName.isEmpty())
        missing(origin, child(path, QStringLiteral("origin.name")));
    const YamlValue sources = value["sources"];
    const QString sourcesPath = child(path, QStringLiteral("sources"));
    request.direct = sources["direct"].toBool(false);
    request.stages = strings(sources["stages"], child(sourcesPath, QStringLiteral("stages")));
    if (!request.direct && request.stages.isEmpty())
        missing(sources.isDefined() ? sources : value,
                child(sourcesPath, QStringLiteral("direct or stages")));
    request.availabilityStrategy = sources["availabilityStrategy"].scalar();
    if (!request.availabilityStrategy.isEmpty() && request.availabilityStrategy != u"OneOf" &&
        request.availabilityStrategy != u"All")
        invalid(
            sources["availabilityStrategy"],
            child(sourcesPath, QStringLiteral("availabilityStrategy")),
            QStringLiteral("\"%1\" is neither OneOf nor All").arg(request.availabilityStrategy));
    request.requiredSoakTime = duration(sources["requiredSoakTime"],
                                        child(sourcesPath, QStringLiteral("requiredSoakTime")));
    return request;
}

std::optional<KargoStage> KargoObjectReader::stage(const Manifest& manifest) {
    if (!readIdentity(manifest, true))
        return std::nullopt;
    KargoStage stage;
    stage.name = manifest.name;
    stage.project = manifest.namespaceName;
    stage.labels = manifest.metadata()["labels"].stringMap();
    stage.color = manifest.annotation(ColorAnnotation);
    stage.position = SourcePosition::of(manifest.object);
    const YamlValue spec = manifest.spec();
    if (!spec.isDefined()) {
        missing(manifest.object, QStringLiteral("spec"));
        return stage;
    }
    stage.vars = vars(spec["vars"], QStringLiteral("spec.vars"));
    const QList<YamlValue> requests = spec["requestedFreight"].items();
    if (requests.isEmpty())
        missing(spec, QStringLiteral("spec.requestedFreight"));
    for (int i = 0; i < requests.size(); ++i)
        stage.requestedFreight.append(
            freightRequest(requests.at(i), indexed(QStringLiteral("spec.requestedFreight"), i)));
    const YamlValue templateSpec = spec["promotionTemplate"]["spec"];
    if (spec["promotionTemplate"].isDefined()) {
        stage.hasPromotionTemplate = true;
        stage.promotionVars =
            vars(templateSpec["vars"], QStringLiteral("spec.promotionTemplate.spec.vars"));
        stage.steps = steps(templateSpec["steps"],
                            QStringLiteral("spec.promotionTemplate.spec.steps"), false);
        if (stage.steps.isEmpty())
            missing(spec["promotionTemplate"], QStringLiteral("spec.promotionTemplate.spec.steps"));
    }
    for (const YamlValue& analysis : spec["verification"]["analysisTemplates"].items()) {
        if (analysis["name"].scalar().isEmpty())
            missing(analysis, QStringLiteral("spec.verification.analysisTemplates[].name"));
        else
            stage.analysisTemplates.append(analysis["name"].scalar());
    }
    stage.analysisArgs =
        vars(spec["verification"]["args"], QStringLiteral("spec.verification.args"));
    return stage;
}

WarehouseSubscription KargoObjectReader::subscription(const YamlValue& value, const QString& path) {
    using Kind = WarehouseSubscription::Kind;
    WarehouseSubscription sub;
    const QStringList kinds{QStringLiteral("image"), QStringLiteral("git"),
                            QStringLiteral("chart")};
    QString kind;
    for (const QString& candidate : kinds) {
        if (!value[candidate].isDefined())
            continue;
        if (!kind.isEmpty())
            invalid(value[candidate], path,
                    QStringLiteral("a subscription is one of image, git or chart"));
        else
            kind = candidate;
    }
    if (kind.isEmpty()) {
        missing(value, child(path, QStringLiteral("image, git or chart")));
        kind = kinds.first();
    }
    sub.kind = kind == u"git" ? Kind::Git : kind == u"chart" ? Kind::Chart : Kind::Image;
    const YamlValue body = value[kind];
    const QString bodyPath = child(path, kind);
    auto field = [&](const char* key) { return child(bodyPath, QString::fromUtf8(key)); };
    sub.position = SourcePosition::of(body.isDefined() ? body : value);
    sub.repoURL = body["repoURL"].scalar();
    if (sub.repoURL.isEmpty())
        missing(body, field("repoURL"));
    sub.chartName = body["name"].scalar();
    sub.selectionStrategy = sub.kind == Kind::Git ? body["commitSelectionStrategy"].scalar()
                                                  : body["imageSelectionStrategy"].scalar();
    sub.constraint = body["constraint"].scalar();
    sub.allowTagsRegexes = strings(body["allowTagsRegexes"], field("allowTagsRegexes"));
    sub.ignoreTagsRegexes = strings(body["ignoreTagsRegexes"], field("ignoreTagsRegexes"));
    sub.semverConstraint = deprecated(body["semverConstraint"], field("semverConstraint"),
                                      QStringLiteral("constraint"));
    sub.allowTags =
        deprecated(body["allowTags"], field("allowTags"), QStringLiteral("allowTagsRegexes"));
    if (body["ignoreTags"].isDefined()) {
        deprecated(body["ignoreTags"], field("ignoreTags"), QStringLiteral("ignoreTagsRegexes"));
        sub.ignoreTags = strings(body["ignoreTags"], field("ignoreTags"));
    }
    if (body["discoveryLimit"].isScalar()) {
        bool ok = false;
        sub.discoveryLimit = body["discoveryLimit"].scalar().toInt(&ok);
        if (!ok || *sub.discoveryLimit < 1)
            invalid(body["discoveryLimit"], field("discoveryLimit"),
                    QStringLiteral("a positive integer is expected"));
    }
    // Kargo's CRD defaults it to true: only MAJOR.MINOR.PATCH tags unless turned off.
    sub.strictSemvers = body["strictSemvers"].toBool(true);
    sub.platform = body["platform"].scalar();
    sub.branch = body["branch"].scalar();
    sub.includePaths = strings(body["includePaths"], field("includePaths"));
    sub.excludePaths = strings(body["excludePaths"], field("excludePaths"));
    return sub;
}

std::optional<KargoWarehouse> KargoObjectReader::warehouse(const Manifest& manifest) {
    if (!readIdentity(manifest, true))
        return std::nullopt;
    KargoWarehouse warehouse;
    warehouse.name = manifest.name;
    warehouse.project = manifest.namespaceName;
    warehouse.position = SourcePosition::of(manifest.object);
    const YamlValue spec = manifest.spec();
    warehouse.freightCreationPolicy = spec["freightCreationPolicy"].scalar();
    if (!warehouse.freightCreationPolicy.isEmpty() &&
        warehouse.freightCreationPolicy != u"Automatic" &&
        warehouse.freightCreationPolicy != u"Manual")
        invalid(spec["freightCreationPolicy"], QStringLiteral("spec.freightCreationPolicy"),
                QStringLiteral("\"%1\" is neither Automatic nor Manual")
                    .arg(warehouse.freightCreationPolicy));
    warehouse.interval = duration(spec["interval"], QStringLiteral("spec.interval"));
    const QList<YamlValue> subscriptions = spec["subscriptions"].items();
    if (subscriptions.isEmpty())
        missing(spec.isDefined() ? spec : manifest.object, QStringLiteral("spec.subscriptions"));
    for (int i = 0; i < subscriptions.size(); ++i)
        warehouse.subscriptions.append(
            subscription(subscriptions.at(i), indexed(QStringLiteral("spec.subscriptions"), i)));
    return warehouse;
}

PromotionPolicy KargoObjectReader::promotionPolicy(const YamlValue& value, const QString& path) {
    PromotionPolicy policy;
    policy.position = SourcePosition::of(value);
    policy.autoPromotionEnabled = value["autoPromotionEnabled"].toBool(false);
    const YamlValue selector = value["stageSelector"];
    if (value["stage"].isDefined())
        policy.stage = deprecated(value["stage"], child(path, QStringLiteral("stage")),
                                  QStringLiteral("stageSelector.name"));
    policy.hasSelector = selector.isDefined();
    if (policy.hasSelector == !policy.stage.isEmpty())
        invalid(value, path,
                QStringLiteral("a promotion policy has exactly one of stage or "
                               "stageSelector"));
    policy.selectorName = selector["name"].scalar();
    policy.matchLabels = selector["matchLabels"].stringMap();
    for (const YamlValue& expression : selector["matchExpressions"].items()) {
        LabelRequirement requirement{
            expression["key"].scalar(), expression["operator"].scalar(), {}};
        requirement.values =
            strings(expression["values"], child(path, QStringLiteral("stageSelector.values")));
        const QStringList operators{QStringLiteral("In"), QStringLiteral("NotIn"),
                                    QStringLiteral("Exists"), QStringLiteral("DoesNotExist")};
        if (requirement.key.isEmpty() || !operators.contains(requirement.op))
            invalid(expression, child(path, QStringLiteral("stageSelector.matchExpressions")),
                    QStringLiteral("a key and an operator (In, NotIn, Exists, DoesNotExist) are "
                                   "required"));
        policy.matchExpressions.append(requirement);
    }
    return policy;
}

std::optional<KargoProject> KargoObjectReader::project(const Manifest& manifest) {
    if (!readIdentity(manifest, false))
        return std::nullopt;
    KargoProject project{manifest.name, {}, SourcePosition::of(manifest.object)};
    const YamlValue policies = manifest.spec()["promotionPolicies"];
    if (policies.isDefined())
        deprecated(policies, QStringLiteral("spec.promotionPolicies"),
                   QStringLiteral("a ProjectConfig"));
    const QList<YamlValue> items = policies.items();
    for (int i = 0; i < items.size(); ++i)
        project.promotionPolicies.append(
            promotionPolicy(items.at(i), indexed(QStringLiteral("spec.promotionPolicies"), i)));
    return project;
}

std::optional<KargoProjectConfig> KargoObjectReader::projectConfig(const Manifest& manifest) {
    if (!readIdentity(manifest, true))
        return std::nullopt;
    KargoProjectConfig config{
        manifest.name, manifest.namespaceName, {}, SourcePosition::of(manifest.object)};
    // Kargo reads only the ProjectConfig named after its project.
    if (!config.project.isEmpty() && config.name != config.project)
        add(Finding::Severity::Warning, QStringLiteral("ignored-object"),
            QStringLiteral("Kargo reads only the ProjectConfig named like its project (%1)")
                .arg(config.project),
            manifest.metadata()["name"]);
    const QList<YamlValue> items = manifest.spec()["promotionPolicies"].items();
    for (int i = 0; i < items.size(); ++i)
        config.promotionPolicies.append(
            promotionPolicy(items.at(i), indexed(QStringLiteral("spec.promotionPolicies"), i)));
    return config;
}

std::optional<KargoPromotionTask> KargoObjectReader::promotionTask(const Manifest& manifest) {
    const bool cluster = manifest.kind == u"ClusterPromotionTask";
    if (!readIdentity(manifest, !cluster))
        return std::nullopt;
    KargoPromotionTask task;
    task.name = manifest.name;
    task.cluster = cluster;
    task.project = cluster ? QString() : manifest.namespaceName;
    task.position = SourcePosition::of(manifest.object);
    const YamlValue spec = manifest.spec();
    task.vars = vars(spec["vars"], QStringLiteral("spec.vars"));
    task.steps = steps(spec["steps"], QStringLiteral("spec.steps"), true);
    if (task.steps.isEmpty())
        missing(spec.isDefined() ? spec : manifest.object, QStringLiteral("spec.steps"));
    return task;
}

} // namespace fd::core

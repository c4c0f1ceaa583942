#include "promotionsteptranslator.h"

namespace fd::core {

namespace {

Result<KargoValue> evaluateNode(const YamlValue& node, const KargoContext& context) {
    switch (node.type()) {
    case YamlValue::Type::Undefined:
    case YamlValue::Type::Null:
        return KargoValue();
    case YamlValue::Type::Sequence: {
        QList<KargoValue> list;
        for (const YamlValue& item : node.items()) {
            auto value = evaluateNode(item, context);
            if (!value)
                return value;
            list.append(*value);
        }
        return KargoValue(list);
    }
    case YamlValue::Type::Map: {
        QMap<QString, KargoValue> map;
        for (const QString& key : node.keys()) {
            auto value = evaluateNode(node[key], context);
            if (!value)
                return value;
            map.insert(key, *value);
        }
        return KargoValue(map);
    }
    case YamlValue::Type::Scalar:
        break;
    }
    // Config is JSON to Kargo: a plain true or 3 is a bool or a number, not a string.
    if (!node.isQuoted()) {
        const QString lower = node.scalar().toLower();
        if (lower == u"true" || lower == u"false")
            return KargoValue(lower == u"true");
        bool isNumber = false;
        const double number = node.scalar().toDouble(&isNumber);
        if (isNumber)
            return KargoValue(number);
    }
    auto value = evaluateKargoTemplate(node.scalar(), context);
    if (!value) {
        Error error = std::move(value).error();
        if (error.location.isEmpty())
            error.location = node.location();
        return error;
    }
    return value;
}

QString joined(const QString& folder, const QString& name) {
    return folder.isEmpty() ? name : folder + u'/' + name;
}

QString deferredNames(const KargoValue& value) {
    QStringList names;
    for (const KargoDeferred& deferred : value.deferred())
        names.append(deferred.toString());
    return names.join(QStringLiteral(", "));
}

} // namespace

std::optional<QString> normalizedWorkPath(const QString& path) {
    if (path.startsWith(u'/'))
        return std::nullopt;
    QStringList parts;
    for (const QString& part : path.split(u'/', Qt::SkipEmptyParts)) {
        if (part == u".")
            continue;
        if (part == u"..") {
            if (parts.isEmpty())
                return std::nullopt;
            parts.removeLast();
            continue;
        }
        parts.append(part);
    }
    return parts.join(u'/');
}

QString StagePlan::deliveryName() const {
    switch (delivery) {
    case Delivery::None:
        return QStringLiteral("none");
    case Delivery::Push:
        return QStringLiteral("push");
    case Delivery::GeneratedBranch:
        return QStringLiteral("generated-branch");
    case Delivery::PullRequest:
        break;
    }
    return QStringLiteral("pull-request");
}

void PromotionStepTranslator::fail(StagePlan& plan, const QString& code, const QString& message,
                                   const QString& location) {
    plan.findings.append({Finding::Severity::Error, code, message, location});
    if (!plan.readOnly) {
        plan.readOnly = true;
        plan.readOnlyReason = message;
    }
}

void PromotionStepTranslator::fail(const QString& code, const QString& message,
                                   const QString& location) {
    fail(m_plan, code, QStringLiteral("Stage %1, step %2: %3").arg(m_plan.stage, m_uses, message),
         location);
}

std::optional<KargoValue> PromotionStepTranslator::value(const YamlValue& node) {
    auto value = evaluateNode(node, *m_context);
    if (value)
        return *value;
    const Error& error = value.error();
    const QString code = error.kind == Error::Kind::NotFound
                             ? QStringLiteral("undefined-var")
                             : QStringLiteral("unsupported-expression");
    fail(code, error.message, error.location);
    return std::nullopt;
}

std::optional<QString> PromotionStepTranslator::text(const YamlValue& node, const QString& field,
                                                     bool required) {
    if (!node.isDefined() || node.isNull()) {
        if (required)
            fail(QStringLiteral("missing-field"), QStringLiteral("%1 is required").arg(field),
                 node.location());
        return required ? std::nullopt : std::optional<QString>(QString());
    }
    const auto evaluated = value(node);
    if (!evaluated)
        return std::nullopt;
    if (!evaluated->isKnown()) {
        fail(QStringLiteral("unsupported-expression"),
             QStringLiteral("%1 depends on %2, which Kargo knows only at promotion time")
                 .arg(field, deferredNames(*evaluated)),
             node.location());
        return std::nullopt;
    }
    return evaluated->isNull() ? QString() : evaluated->toString();
}

std::optional<PromotionStepTranslator::Located>
PromotionStepTranslator::locate(const YamlValue& node, const QString& field) {
    const auto path = text(node, field, true);
    if (!path)
        return std::nullopt;
    const auto normalized = normalizedWorkPath(*path);
    const PlanCheckout* best = nullptr;
    for (const PlanCheckout& checkout : m_checkouts) {
        if (!normalized)
            break;
        const bool inside = checkout.folder.isEmpty() || *normalized == checkout.folder ||
                            normalized->startsWith(checkout.folder + u'/');
        if (inside && (!best || checkout.folder.size() > best->folder.size()))
            best = &checkout;
    }
    if (!best) {
        fail(QStringLiteral("path-outside-clone"),
             QStringLiteral("%1 %2 is not inside a folder an earlier git-clone step checked out")
                 .arg(field, *path),
             node.location());
        return std::nullopt;
    }
    const QString rest =
        best->folder.isEmpty() ? *normalized : normalized->mid(best->folder.size() + 1);
    return Located{best, rest};
}

PlanTarget PromotionStepTranslator::target(PlanTarget::Kind kind, const Located& where,
                                           const QString& key, const QString& field,
                                           const KargoValue& value) const {
    return {
        kind,      where.checkout->repoURL, where.checkout->branch, where.path, key, field, value,
        m_position};
}

void PromotionStepTranslator::translate(const QString& uses, const QString& alias,
                                        const YamlValue& config, const SourcePosition& position,
                                        const KargoContext& context) {
    m_context = &context;
    m_uses = uses;
    m_position = position;
    PlanAction action;
    action.uses = uses;
    action.alias = alias;
    action.position = position;
    if (uses == u"git-clone")
        gitClone(config, action);
    else if (uses == u"yaml-update")
        yamlUpdate(config, action);
    else if (uses == u"kustomize-set-image")
        kustomizeSetImage(config, action);
    else if (uses == u"helm-update-chart")
        helmUpdateChart(config, action);
    else if (uses == u"git-clear" || uses == u"git-commit")
        folderStep(config, action);
    else if (uses == u"git-push")
        gitPush(config, action);
    else if (uses == u"git-open-pr")
        gitOpenPr(config, action);
    else if (uses == u"git-wait-for-pr")
        m_plan.delivery = StagePlan::Delivery::PullRequest;
    else if (uses == u"argocd-update")
        argoCDUpdate(config, action);
    else {
        fail(QStringLiteral("unsupported-step"),
             QStringLiteral("Freightdesk does not perform %1 steps; the Stage is read-only")
                 .arg(uses),
             position.toString());
        return;
    }
    m_plan.targets.append(action.targets);
    m_plan.argoCDApps.append(action.apps);
    m_plan.actions.append(action);
}

void PromotionStepTranslator::gitClone(const YamlValue& config, PlanAction& action) {
    const auto repoURL = text(config["repoURL"], QStringLiteral("repoURL"), true);
    if (!repoURL)
        return;
    for (const YamlValue& item : config["checkout"].items()) {
        PlanCheckout checkout;
        checkout.repoURL = *repoURL;
        const auto folder = text(item["path"], QStringLiteral("checkout.path"), true);
        const auto branch = text(item["branch"], QStringLiteral("checkout.branch"), false);
        if (!folder || !branch)
            continue;
        const auto normalized = normalizedWorkPath(*folder);
        if (!normalized) {
            fail(QStringLiteral("path-outside-clone"),
                 QStringLiteral("checkout path %1 leaves the working folder").arg(*folder),
                 item["path"].location());
            continue;
        }
        checkout.folder = *normalized;
        checkout.branch = *branch;
        // A commit or tag from the freight is only known at promotion time; kept as written.
        if (const auto commit = value(item["commit"]))
            checkout.commit = commit->isNull() ? QString() : commit->toString();
        if (const auto tag = value(item["tag"]))
            checkout.tag = tag->isNull() ? QString() : tag->toString();
        checkout.create = item["create"].toBool(false);
        m_checkouts.append(checkout);
        action.checkouts.append(checkout);
    }
    if (action.checkouts.isEmpty() && !m_plan.readOnly)
        fail(QStringLiteral("missing-field"), QStringLiteral("checkout is required"),
             config.location());
}

void PromotionStepTranslator::yamlUpdate(const YamlValue& config, PlanAction& action) {
    const auto where = locate(config["path"], QStringLiteral("path"));
    if (!where)
        return;
    for (const YamlValue& update : config["updates"].items()) {
        const auto key = text(update["key"], QStringLiteral("updates.key"), true);
        const auto newValue = value(update["value"]);
        if (key && newValue)
            action.targets.append(
                target(PlanTarget::Kind::YamlKey, *where, *key, QString(), *newValue));
    }
}

void PromotionStepTranslator::kustomizeSetImage(const YamlValue& config, PlanAction& action) {
    auto where = locate(config["path"], QStringLiteral("path"));
    if (!where)
        return;
    where->path = joined(where->path, QStringLiteral("kustomization.yaml"));
    using Kind = PlanTarget::Kind;
    const QList<YamlValue> images = config["images"].items();
    if (images.isEmpty()) {
        // Kargo then sets every image of the freight being promoted.
        action.targets.append(
            target(Kind::KustomizeImage, *where, QString(), QStringLiteral("tag"), KargoValue()));
        return;
    }
    for (const YamlValue& image : images) {
        const auto name = text(image["image"], QStringLiteral("images.image"), true);
        if (!name)
            continue;
        bool set = false;
        for (const char* field : {"tag", "digest", "newName"}) {
            const QString key = QString::fromUtf8(field);
            if (!image[key].isDefined())
                continue;
            if (const auto newValue = value(image[key]))
                action.targets.append(target(Kind::KustomizeImage, *where, *name, key, *newValue));
            set = set || key != u"newName";
        }
        if (set)
            continue;
        // Without tag or digest, Kargo takes the image's tag (or digest) from the freight.
        const bool digest = image["useDigest"].toBool(false);
        const KargoDeferred fromFreight{KargoDeferred::Source::Image, *name, QString(),
                                        digest ? QStringLiteral("Digest") : QStringLiteral("Tag"),
                                        QString()};
        action.targets.append(target(Kind::KustomizeImage, *where, *name,
                                     digest ? QStringLiteral("digest") : QStringLiteral("tag"),
                                     KargoValue(fromFreight)));
    }
}

void PromotionStepTranslator::helmUpdateChart(const YamlValue& config, PlanAction& action) {
    auto where = locate(config["path"], QStringLiteral("path"));
    if (!where)
        return;
    where->path = joined(where->path, QStringLiteral("Chart.yaml"));
    for (const YamlValue& chart : config["charts"].items()) {
        const auto repository =
            text(chart["repository"], QStringLiteral("charts.repository"), true);
        const auto name = text(chart["name"], QStringLiteral("charts.name"), true);
        if (!repository || !name)
            continue;
        std::optional<KargoValue> version = KargoValue(KargoDeferred{
            KargoDeferred::Source::Chart, *repository, *name, QStringLiteral("Version"), {}});
        if (chart["version"].isDefined())
            version = value(chart["version"]);
        if (version)
            action.targets.append(
                target(PlanTarget::Kind::HelmChart, *where, *name, *repository, *version));
    }
}

void PromotionStepTranslator::folderStep(const YamlValue& config, PlanAction& action) {
    if (const auto where = locate(config["path"], QStringLiteral("path"))) {
        action.repoURL = where->checkout->repoURL;
        action.branch = where->checkout->branch;
    }
}

void PromotionStepTranslator::gitPush(const YamlValue& config, PlanAction& action) {
    const auto where = locate(config["path"], QStringLiteral("path"));
    const auto targetBranch = text(config["targetBranch"], QStringLiteral("targetBranch"), false);
    if (!where || !targetBranch)
        return;
    action.repoURL = where->checkout->repoURL;
    action.generateTargetBranch = config["generateTargetBranch"].toBool(false);
    if (action.generateTargetBranch) {
        if (m_plan.delivery != StagePlan::Delivery::PullRequest)
            m_plan.delivery = StagePlan::Delivery::GeneratedBranch;
        return;
    }
    action.branch = targetBranch->isEmpty() ? where->checkout->branch : *targetBranch;
    if (action.branch.isEmpty()) {
        fail(QStringLiteral("missing-field"),
             QStringLiteral("targetBranch is required to push a commit or tag checkout"),
             config.location());
        return;
    }
    // The pushed branch is where the targets of that working tree end up.
    for (PlanTarget& written : m_plan.targets) {
        if (written.repoURL == where->checkout->repoURL &&
            written.branch == where->checkout->branch)
            written.branch = action.branch;
    }
    m_plan.delivery = StagePlan::Delivery::Push;
    m_plan.deliveryBranch = action.branch;
}

void PromotionStepTranslator::gitOpenPr(const YamlValue& config, PlanAction& action) {
    const auto repoURL = text(config["repoURL"], QStringLiteral("repoURL"), true);
    const auto targetBranch = text(config["targetBranch"], QStringLiteral("targetBranch"), false);
    if (!repoURL || !targetBranch)
        return;
    action.repoURL = *repoURL;
    action.branch = *targetBranch;
    m_plan.delivery = StagePlan::Delivery::PullRequest;
    m_plan.deliveryBranch = *targetBranch;
}

void PromotionStepTranslator::argoCDUpdate(const YamlValue& config, PlanAction& action) {
    for (const YamlValue& item : config["apps"].items()) {
        PlanArgoCDApp app;
        app.position = SourcePosition::of(item);
        const auto name = text(item["name"], QStringLiteral("apps.name"), false);
        const auto namespaceName = text(item["namespace"], QStringLiteral("apps.namespace"), false);
        if (!name || !namespaceName)
            continue;
        app.name = *name;
        app.namespaceName = namespaceName->isEmpty() ? QStringLiteral("argocd") : *namespaceName;
        const YamlValue labels = item["selector"]["matchLabels"];
        for (const QString& key : labels.keys()) {
            if (const auto label = text(labels[key], QStringLiteral("apps.selector"), true))
                app.selector.append({key, *label});
        }
        if (app.name.isEmpty() && app.selector.isEmpty()) {
            fail(QStringLiteral("missing-field"),
                 QStringLiteral("apps.name or apps.selector is "
                                "required"),
                 item.location());
            continue;
        }
        for (const YamlValue& source : item["sources"].items()) {
            const auto repoURL = text(source["repoURL"], QStringLiteral("sources.repoURL"), true);
            std::optional<KargoValue> revision = KargoValue();
            if (source["desiredRevision"].isDefined())
                revision = value(source["desiredRevision"]);
            if (repoURL && revision)
                app.sources.append({*repoURL, *revision});
        }
        action.apps.append(app);
    }
}

} // namespace fd::core

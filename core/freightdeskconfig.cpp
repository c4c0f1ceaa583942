#include "freightdeskconfig.h"

#include "configfindings.h"
#include "goduration.h"
#include "tagselector.h"
#include "verificationconfig.h"
#include "yamlvalue.h"

#include <QSet>

namespace fd::core {

namespace {

struct EnvironmentEntry final {
    QString name;
    QStringList upstream;
    PipelinePolicy policy;
    QString color;
    QString location;
};

QStringList stringList(const YamlValue& value) {
    if (value.isScalar())
        return {value.scalar()};
    QStringList result;
    for (const YamlValue& item : value.items()) {
        if (item.isScalar())
            result.append(item.scalar());
    }
    return result;
}

/**
 * The image subscription freight discovery follows for a service: its `image`, with the tag
 * selection `tags:` states in Kargo's terms (SemVer and Kargo's defaults when absent).
 */
WarehouseSubscription readImageSubscription(const YamlValue& item, Findings& findings) {
    WarehouseSubscription subscription;
    subscription.repoURL = item["image"].scalar();
    subscription.position = SourcePosition::of(item["image"]);
    const YamlValue tags = item["tags"];
    if (!tags.isDefined())
        return subscription;
    warnUnknownKeys(tags,
                    {QStringLiteral("strategy"), QStringLiteral("constraint"),
                     QStringLiteral("allow"), QStringLiteral("ignore"),
                     QStringLiteral("discoveryLimit"), QStringLiteral("strictSemvers"),
                     QStringLiteral("platform")},
                    findings);
    subscription.selectionStrategy = tags["strategy"].scalar();
    subscription.constraint = tags["constraint"].scalar();
    subscription.allowTagsRegexes = stringList(tags["allow"]);
    subscription.ignoreTagsRegexes = stringList(tags["ignore"]);
    subscription.strictSemvers = tags["strictSemvers"].toBool(true);
    subscription.platform = tags["platform"].scalar();
    if (tags["discoveryLimit"].isDefined()) {
        bool ok = false;
        const int limit = tags["discoveryLimit"].scalar().toInt(&ok);
        if (ok && limit > 0)
            subscription.discoveryLimit = limit;
        else
            findings.append(
                configFinding(Finding::Severity::Error, QStringLiteral("invalid-field"),
                              QStringLiteral("discoveryLimit must be a positive number"),
                              tags["discoveryLimit"]));
    }
    if (auto selector = TagSelector::forSubscription(subscription); !selector)
        findings.append(configFinding(Finding::Severity::Error, QStringLiteral("invalid-field"),
                                      selector.error().message, tags));
    return subscription;
}

/** `freeze:` entries: `from`/`until` (RFC 3339) or `weekly` with `timeZone`, and `reason`. */
QList<FreezeWindow> readFreezes(const YamlValue& list, Findings& findings) {
    QList<FreezeWindow> windows;
    for (const YamlValue& item : list.items()) {
        warnUnknownKeys(item,
                        {QStringLiteral("from"), QStringLiteral("until"), QStringLiteral("weekly"),
                         QStringLiteral("timeZone"), QStringLiteral("reason")},
                        findings);
        const auto invalid = [&](const QString& message, const YamlValue& where) {
            findings.append(configFinding(Finding::Severity::Error, QStringLiteral("invalid-value"),
                                          message, where));
        };
        FreezeWindow window;
        if (item["weekly"].isDefined()) {
            auto weekly =
                FreezeWindow::parseWeekly(item["weekly"].scalar(), item["timeZone"].scalar());
            if (!weekly) {
                invalid(weekly.error().message, item["weekly"]);
                continue;
            }
            window = *weekly;
        } else {
            window.from = QDateTime::fromString(item["from"].scalar(), Qt::ISODate).toUTC();
            window.until = QDateTime::fromString(item["until"].scalar(), Qt::ISODate).toUTC();
            if (!window.from.isValid() || !window.until.isValid() || window.until <= window.from) {
                invalid(QStringLiteral("a freeze needs `from` and a later `until` as RFC 3339 "
                                       "times (2026-12-20T00:00:00Z), or `weekly`"),
                        item);
                continue;
            }
        }
        window.reason = item["reason"].scalar();
        window.location = item.location();
        windows.append(window);
    }
    return windows;
}

/** Reads the policy fields present in @p map over @p policy. */
void readPolicy(const YamlValue& map, PipelinePolicy& policy, Findings& findings) {
    if (map["autoPromotion"].isDefined()) {
        policy.autoPromotion = map["autoPromotion"].toBool(policy.autoPromotion);
        policy.location = map["autoPromotion"].location();
    }
    if (const YamlValue approvals = map["requiredApprovals"]; approvals.isDefined()) {
        bool ok = false;
        const int count = approvals.scalar().toInt(&ok);
        if (ok && count >= 0)
            policy.requiredApprovals = count;
        else
            findings.append(configFinding(Finding::Severity::Error, QStringLiteral("invalid-value"),
                                          QStringLiteral("requiredApprovals must be a whole number "
                                                         "of people, 0 or more"),
                                          approvals));
    }
    if (map["freeze"].isDefined())
        policy.freezes = readFreezes(map["freeze"], findings);
    if (map["verification"].isDefined())
        policy.verification = readVerification(map["verification"], findings);
    if (const YamlValue soak = map["soakTime"]; soak.isDefined()) {
        if (const auto duration = parseGoDuration(soak.scalar());
            duration && duration->count() >= 0)
            policy.soakTime = std::chrono::duration_cast<std::chrono::seconds>(*duration);
        else
            findings.append(configFinding(Finding::Severity::Error, QStringLiteral("invalid-value"),
                                          QStringLiteral("soakTime '%1' is not a duration such as "
                                                         "30m, 1h or 1h30m")
                                              .arg(soak.scalar()),
                                          soak));
    }
}

QList<EnvironmentEntry> readEnvironments(const YamlValue& list, Findings& findings) {
    QList<EnvironmentEntry> environments;
    QSet<QString> names;
    for (const YamlValue& item : list.items()) {
        const QString name = item["name"].scalar();
        if (!item.isMap() || name.isEmpty()) {
            findings.append(configFinding(Finding::Severity::Error, QStringLiteral("missing-field"),
                                          QStringLiteral("an environment needs a name"), item));
            continue;
        }
        if (names.contains(name)) {
            findings.append(
                configFinding(Finding::Severity::Error, QStringLiteral("duplicate-name"),
                              QStringLiteral("environment '%1' is defined twice").arg(name), item));
            continue;
        }
        names.insert(name);
        warnUnknownKeys(item,
                        {QStringLiteral("name"), QStringLiteral("upstream"),
                         QStringLiteral("autoPromotion"), QStringLiteral("requiredApprovals"),
                         QStringLiteral("soakTime"), QStringLiteral("color"),
                         QStringLiteral("freeze"), QStringLiteral("verification")},
                        findings);
        EnvironmentEntry entry{
            name, stringList(item["upstream"]), {}, item["color"].scalar(), item.location()};
        entry.policy.location = item.location();
        readPolicy(item, entry.policy, findings);
        environments.append(entry);
    }
    for (EnvironmentEntry& entry : environments) {
        QStringList known;
        for (const QString& upstream : entry.upstream) {
            if (names.contains(upstream)) {
                known.append(upstream);
                continue;
            }
            findings.append({Finding::Severity::Error, QStringLiteral("unknown-stage"),
                             QStringLiteral("environment '%1' names upstream '%2', which is not "
                                            "an environment of this file")
                                 .arg(entry.name, upstream),
                             entry.location});
        }
        entry.upstream = known;
    }
    return environments;
}

/** Puts every environment after its upstream ones, so each service's stages come in order. */
Result<void> sortEnvironments(QList<EnvironmentEntry>& environments) {
    QList<PipelineStage> graph;
    for (const EnvironmentEntry& entry : environments) {
        PipelineStage node;
        node.name = entry.name;
        node.upstream = entry.upstream;
        graph.append(node);
    }
    if (auto sorted = sortStagesByGraph(graph); !sorted)
        return sorted;
    QList<EnvironmentEntry> ordered;
    for (const PipelineStage& node : graph) {
        ordered.append(
            *std::find_if(environments.begin(), environments.end(),
                          [&](const EnvironmentEntry& e) { return e.name == node.name; }));
    }
    environments = std::move(ordered);
    return {};
}

QString expand(QString text, const QString& service, const QString& environment) {
    text.replace(QLatin1String("{service}"), service);
    text.replace(QLatin1String("{environment}"), environment);
    return text;
}

void readService(const YamlValue& item, const QList<EnvironmentEntry>& environments,
                 const QString& branch, Pipeline& pipeline) {
    Findings& findings = pipeline.findings;
    const QString name = item["name"].scalar();
    if (!item.isMap() || name.isEmpty()) {
        findings.append(configFinding(Finding::Severity::Error, QStringLiteral("missing-field"),
                                      QStringLiteral("a service needs a name"), item));
        return;
    }
    const QStringList fields{QStringLiteral("name"),
                             QStringLiteral("image"),
                             QStringLiteral("file"),
                             QStringLiteral("key"),
                             QStringLiteral("kustomizeImage"),
                             QStringLiteral("argocdApp"),
                             QStringLiteral("environments"),
                             QStringLiteral("overrides"),
                             QStringLiteral("tags")};
    warnUnknownKeys(item, fields, findings);
    const bool hasImage = item["image"].isDefined();
    pipeline.services.append(
        {name, item["image"].scalar(),
         hasImage ? QStringList{QStringLiteral("image ") + item["image"].scalar()} : QStringList{},
         item.location(),
         hasImage ? QList<WarehouseSubscription>{readImageSubscription(item, findings)}
                  : QList<WarehouseSubscription>{}});

    QStringList wanted = stringList(item["environments"]);
    for (const QString& environment : wanted) {
        if (std::none_of(environments.begin(), environments.end(),
                         [&](const EnvironmentEntry& e) { return e.name == environment; }))
            findings.append(
                configFinding(Finding::Severity::Error, QStringLiteral("unknown-stage"),
                              QStringLiteral("service '%1' names environment '%2', which "
                                             "is not defined under environments")
                                  .arg(name, environment),
                              item["environments"]));
    }
    const YamlValue overrides = item["overrides"];
    for (const QString& environment : overrides.keys()) {
        warnUnknownKeys(overrides[environment],
                        {QStringLiteral("file"), QStringLiteral("key"),
                         QStringLiteral("kustomizeImage"), QStringLiteral("argocdApp"),
                         QStringLiteral("autoPromotion"), QStringLiteral("requiredApprovals"),
                         QStringLiteral("soakTime"), QStringLiteral("freeze"),
                         QStringLiteral("verification")},
                        findings);
    }

    for (const EnvironmentEntry& environment : environments) {
        if (!wanted.isEmpty() && !wanted.contains(environment.name))
            continue;
        const YamlValue override = overrides[environment.name];
        const auto field = [&](const char* key) {
            return override[key].isDefined() ? override[key] : item[key];
        };
        PipelineStage stage;
        stage.name = name + QLatin1Char('-') + environment.name;
        stage.service = name;
        stage.environment = environment.name;
        stage.color = environment.color;
        stage.location = item.location();
        stage.policy = environment.policy;
        readPolicy(override, stage.policy, findings);
        const auto upstreamOf = [&](const QString& name) {
            for (const EnvironmentEntry& entry : environments) {
                if (entry.name == name)
                    return entry.upstream;
            }
            return QStringList();
        };
        const auto isWanted = [&](const QString& name) {
            return wanted.isEmpty() || wanted.contains(name);
        };
        for (const QString& upstream :
             nearestIncludedUpstream(environment.upstream, upstreamOf, isWanted))
            stage.upstream.append(name + QLatin1Char('-') + upstream);
        stage.direct = stage.upstream.isEmpty();
        for (const QString& app : stringList(field("argocdApp")))
            stage.argocdApps.append(expand(app, name, environment.name));

        PipelineTarget target;
        target.branch = branch;
        target.file = expand(field("file").scalar(), name, environment.name);
        target.location = field("file").location();
        target.argocdApps = stage.argocdApps;
        const YamlValue key = field("key");
        const YamlValue image = field("kustomizeImage");
        if (target.file.isEmpty()) {
            stage.readOnly = true;
            stage.readOnlyReason = QStringLiteral("no file says where its version lives");
            findings.append(configFinding(Finding::Severity::Error, QStringLiteral("missing-field"),
                                          QStringLiteral("service '%1' has no file for environment "
                                                         "'%2'")
                                              .arg(name, environment.name),
                                          item));
        } else if (key.isDefined() == image.isDefined()) {
            stage.readOnly = true;
            stage.readOnlyReason = QStringLiteral("needs exactly one of key and kustomizeImage");
            findings.append(
                configFinding(Finding::Severity::Error, QStringLiteral("missing-field"),
                              QStringLiteral("service '%1' needs exactly one of 'key' and "
                                             "'kustomizeImage' for environment '%2'")
                                  .arg(name, environment.name),
                              item));
        } else {
            if (key.isDefined()) {
                target.kind = PipelineTarget::Kind::YamlKey;
                target.key = expand(key.scalar(), name, environment.name);
            } else {
                target.kind = PipelineTarget::Kind::KustomizeImage;
                target.image = expand(image.scalar(), name, environment.name);
            }
            const QString imageName = item["image"].scalar();
            target.value = imageName.isEmpty() ? QString()
                                               : QStringLiteral("imageFrom(%1).Tag").arg(imageName);
            stage.targets.append(target);
        }
        pipeline.stages.append(stage);
    }
}

} // namespace

QList<std::pair<QString, PipelinePolicy>>
FreightdeskConfig::environmentPolicies(const QByteArray& bytes, const QString& fileName,
                                       Findings& findings) {
    QList<std::pair<QString, PipelinePolicy>> policies;
    auto documents = YamlValue::parseAll(bytes, fileName);
    if (!documents) {
        findings.append({Finding::Severity::Error, QStringLiteral("invalid-yaml"),
                         documents.error().message, documents.error().location});
        return policies;
    }
    if (documents->isEmpty())
        return policies;
    for (const EnvironmentEntry& entry :
         readEnvironments(documents->first()["environments"], findings))
        policies.append({entry.name, entry.policy});
    return policies;
}

Result<Pipeline> FreightdeskConfig::read(const QByteArray& bytes, const QString& fileName,
                                         const QString& defaultProject) {
    auto documents = YamlValue::parseAll(bytes, fileName);
    if (!documents)
        return std::move(documents).error();
    if (documents->isEmpty() || !documents->first().isMap())
        return Error{Error::Kind::Parse,
                     QStringLiteral("expected a map with 'environments' and 'services' (see "
                                    "docs/freightdesk-yaml.md)"),
                     fileName};
    const YamlValue root = documents->first();
    Pipeline pipeline;
    pipeline.source = Pipeline::Source::FreightdeskYaml;
    pipeline.project = root["project"].scalar(defaultProject);
    warnUnknownKeys(root,
                    {QStringLiteral("version"), QStringLiteral("apiVersion"),
                     QStringLiteral("project"), QStringLiteral("branch"),
                     QStringLiteral("environments"), QStringLiteral("services")},
                    pipeline.findings);
    if (const QString version = root["version"].scalar(QStringLiteral("1")); version != u"1")
        return Error{Error::Kind::Unsupported,
                     QStringLiteral("version %1 is newer than this Freightdesk understands (1); "
                                    "update Freightdesk")
                         .arg(version),
                     root["version"].location()};

    QList<EnvironmentEntry> environments =
        readEnvironments(root["environments"], pipeline.findings);
    if (environments.isEmpty())
        return Error{Error::Kind::Parse,
                     QStringLiteral("no environments: list them under 'environments', each with a "
                                    "name and its upstream environments"),
                     root["environments"].location()};
    if (auto sorted = sortEnvironments(environments); !sorted) {
        Error error = std::move(sorted).error();
        error.location = root["environments"].location();
        return error;
    }
    for (const YamlValue& service : root["services"].items())
        readService(service, environments, root["branch"].scalar(), pipeline);
    if (pipeline.services.isEmpty())
        pipeline.findings.append(
            configFinding(Finding::Severity::Warning, QStringLiteral("no-services"),
                          QStringLiteral("no services: nothing to promote"), root));

    return pipeline;
}

} // namespace fd::core

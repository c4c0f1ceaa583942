#include "pipelinejson.h"

#include "pipeline.h"

#include <QJsonArray>

namespace fd::core {

namespace {

QJsonArray strings(const QStringList& list) {
    return QJsonArray::fromStringList(list);
}

QString promotionName(PromotionMethod method) {
    switch (method) {
    case PromotionMethod::Push:
        return QStringLiteral("push");
    case PromotionMethod::PullRequest:
        return QStringLiteral("pull-request");
    case PromotionMethod::None:
        break;
    }
    return QStringLiteral("none");
}

QJsonObject targetToJson(const PipelineTarget& target) {
    QJsonObject object{{QStringLiteral("file"), target.file},
                       {QStringLiteral("argocdApps"), strings(target.argocdApps)}};
    switch (target.kind) {
    case PipelineTarget::Kind::YamlKey:
        object.insert(QStringLiteral("key"), target.key);
        break;
    case PipelineTarget::Kind::KustomizeImage:
        object.insert(QStringLiteral("image"), target.image);
        break;
    case PipelineTarget::Kind::HelmChart:
        object.insert(QStringLiteral("chart"), target.key);
        break;
    }
    if (!target.repoUrl.isEmpty())
        object.insert(QStringLiteral("repoUrl"), target.repoUrl);
    if (!target.branch.isEmpty())
        object.insert(QStringLiteral("branch"), target.branch);
    if (!target.value.isEmpty())
        object.insert(QStringLiteral("value"), target.value);
    object.insert(QStringLiteral("location"), target.location);
    return object;
}

QJsonObject verificationToJson(const StageVerification& verification) {
    QJsonArray checks;
    for (const HttpCheckSpec& check : verification.httpChecks) {
        QJsonObject object{{QStringLiteral("url"), check.url},
                           {QStringLiteral("timeoutSeconds"), qint64(check.timeout.count())},
                           {QStringLiteral("withinSeconds"), qint64(check.within.count())}};
        if (check.expectedStatus != 0)
            object.insert(QStringLiteral("status"), check.expectedStatus);
        if (!check.jsonCondition.isEmpty())
            object.insert(QStringLiteral("json"), check.jsonCondition);
        checks.append(object);
    }
    return {{QStringLiteral("http"), checks},
            {QStringLiteral("soakSeconds"), qint64(verification.soak.count())},
            {QStringLiteral("manual"), verification.manual}};
}

QJsonObject stageToJson(const PipelineStage& stage) {
    QJsonArray targets;
    for (const PipelineTarget& target : stage.targets)
        targets.append(targetToJson(target));
    QJsonObject object{
        {QStringLiteral("name"), stage.name},
        {QStringLiteral("service"), stage.service},
        {QStringLiteral("environment"), stage.environment},
        {QStringLiteral("upstream"), strings(stage.upstream)},
        {QStringLiteral("direct"), stage.direct},
        {QStringLiteral("autoPromotion"), stage.policy.autoPromotion},
        {QStringLiteral("requiredApprovals"), stage.policy.requiredApprovals},
        {QStringLiteral("soakTimeSeconds"), static_cast<qint64>(stage.policy.soakTime.count())},
        {QStringLiteral("promotion"), promotionName(stage.promotion)},
        {QStringLiteral("readOnly"), stage.readOnly},
        {QStringLiteral("argocdApps"), strings(stage.argocdApps)},
        {QStringLiteral("targets"), targets},
        {QStringLiteral("location"), stage.location},
    };
    if (!stage.availability.isEmpty())
        object.insert(QStringLiteral("availability"), stage.availability);
    if (!stage.color.isEmpty())
        object.insert(QStringLiteral("color"), stage.color);
    if (stage.readOnly)
        object.insert(QStringLiteral("readOnlyReason"), stage.readOnlyReason);
    if (!stage.policy.verification.isEmpty())
        object.insert(QStringLiteral("verification"),
                      verificationToJson(stage.policy.verification));
    return object;
}

QJsonObject findingToJson(const Finding& finding) {
    return {{QStringLiteral("severity"), finding.severityName()},
            {QStringLiteral("code"), finding.code},
            {QStringLiteral("message"), finding.message},
            {QStringLiteral("location"), finding.location}};
}

} // namespace

QJsonObject pipelineToJson(const Pipeline& pipeline) {
    QJsonArray services;
    for (const PipelineService& service : pipeline.services) {
        services.append(
            QJsonObject{{QStringLiteral("name"), service.name},
                        {QStringLiteral("imageRepository"), service.imageRepository},
                        {QStringLiteral("subscriptions"), strings(service.subscriptions)},
                        {QStringLiteral("location"), service.location}});
    }
    QJsonArray stages;
    for (const PipelineStage& stage : pipeline.stages)
        stages.append(stageToJson(stage));
    QJsonArray findings;
    for (const Finding& finding : pipeline.findings)
        findings.append(findingToJson(finding));
    return {{QStringLiteral("source"), pipeline.sourceName()},
            {QStringLiteral("project"), pipeline.project},
            {QStringLiteral("services"), services},
            {QStringLiteral("stages"), stages},
            {QStringLiteral("findings"), findings}};
}

} // namespace fd::core

#include "simapp.h"

namespace fd::argocdsim {

using fd::core::ArgoCDSource;

namespace {

QJsonObject stringMap(const QList<std::pair<QString, QString>>& pairs) {
    QJsonObject out;
    for (const auto& [key, value] : pairs)
        out.insert(key, value);
    return out;
}

QJsonObject withoutEmpty(std::initializer_list<std::pair<QString, QJsonValue>> fields) {
    QJsonObject out;
    for (const auto& [key, value] : fields) {
        const bool empty = (value.isString() && value.toString().isEmpty()) ||
                           (value.isObject() && value.toObject().isEmpty()) ||
                           (value.isArray() && value.toArray().isEmpty()) || value.isNull();
        if (!empty)
            out.insert(key, value);
    }
    return out;
}

} // namespace

QString kubeTime(const QDateTime& time) {
    return time.toUTC().toString(Qt::ISODate);
}

QJsonObject sourceJson(const ArgoCDSource& source) {
    QJsonObject helm;
    QJsonArray valueFiles;
    for (const auto& valueFile : source.valueFiles)
        valueFiles.append(valueFile.written);
    if (!valueFiles.isEmpty())
        helm.insert(QStringLiteral("valueFiles"), valueFiles);
    if (source.ignoreMissingValueFiles)
        helm.insert(QStringLiteral("ignoreMissingValueFiles"), true);
    QJsonArray parameters;
    for (const auto& [name, value] : source.helmParameters)
        parameters.append(
            QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("value"), value}});
    if (!parameters.isEmpty())
        helm.insert(QStringLiteral("parameters"), parameters);
    QJsonObject kustomize;
    if (!source.kustomizeImages.isEmpty())
        kustomize.insert(QStringLiteral("images"),
                         QJsonArray::fromStringList(source.kustomizeImages));
    return withoutEmpty({{QStringLiteral("repoURL"), source.repoUrl},
                         {QStringLiteral("path"), source.path},
                         {QStringLiteral("targetRevision"), source.targetRevision},
                         {QStringLiteral("chart"), source.chart},
                         {QStringLiteral("ref"), source.ref},
                         {QStringLiteral("helm"), helm},
                         {QStringLiteral("kustomize"), kustomize}});
}

QJsonObject SimApp::toJson() const {
    const QJsonObject metadata =
        withoutEmpty({{QStringLiteral("name"), definition.name},
                      {QStringLiteral("namespace"), definition.namespaceName},
                      {QStringLiteral("uid"), uid},
                      {QStringLiteral("resourceVersion"), QString::number(resourceVersion)},
                      {QStringLiteral("generation"), 1},
                      {QStringLiteral("creationTimestamp"), kubeTime(createdAt)},
                      {QStringLiteral("labels"), stringMap(definition.labels)},
                      {QStringLiteral("annotations"), stringMap(definition.annotations)}});
    QJsonObject app{{QStringLiteral("metadata"), metadata},
                    {QStringLiteral("spec"), specJson()},
                    {QStringLiteral("status"), statusJson()}};
    if (operationPending)
        app.insert(QStringLiteral("operation"), syncOperationJson());
    return app;
}

QJsonObject SimApp::specJson() const {
    QJsonObject spec{
        {QStringLiteral("project"), definition.project},
        {QStringLiteral("destination"),
         withoutEmpty({{QStringLiteral("server"), definition.destinationServer},
                       {QStringLiteral("name"), definition.destinationName},
                       {QStringLiteral("namespace"), definition.destinationNamespace}})}};
    if (definition.multiSource) {
        QJsonArray sources;
        for (const ArgoCDSource& source : definition.sources)
            sources.append(sourceJson(source));
        spec.insert(QStringLiteral("sources"), sources);
    } else if (!definition.sources.isEmpty()) {
        spec.insert(QStringLiteral("source"), sourceJson(definition.sources.first()));
    }
    if (definition.automatedSync)
        spec.insert(QStringLiteral("syncPolicy"),
                    QJsonObject{{QStringLiteral("automated"), QJsonObject{}}});
    return spec;
}

QJsonObject SimApp::statusJson() const {
    QJsonObject sync{{QStringLiteral("status"), syncStatus}};
    if (definition.multiSource) {
        QJsonArray revisions;
        for (const ArgoCDSource& source : definition.sources)
            revisions.append(source.inThisRepository ? targetCommit : source.targetRevision);
        sync.insert(QStringLiteral("revisions"), revisions);
    } else if (!targetCommit.isEmpty()) {
        sync.insert(QStringLiteral("revision"), targetCommit);
    }
    QJsonObject healthJson{{QStringLiteral("status"), health}};
    if (!healthMessage.isEmpty())
        healthJson.insert(QStringLiteral("message"), healthMessage);
    QJsonObject status{
        {QStringLiteral("sync"), sync},
        {QStringLiteral("health"), healthJson},
        {QStringLiteral("summary"),
         withoutEmpty({{QStringLiteral("images"), QJsonArray::fromStringList(deployedImages)}})},
        {QStringLiteral("sourceType"),
         definition.sources.value(0).type == ArgoCDSource::Type::Kustomize
             ? QStringLiteral("Kustomize")
             : QStringLiteral("Helm")},
        {QStringLiteral("controllerNamespace"), QStringLiteral("argocd")}};
    if (reconciledAt.isValid())
        status.insert(QStringLiteral("reconciledAt"), kubeTime(reconciledAt));
    if (!history.isEmpty())
        status.insert(QStringLiteral("history"), history);
    if (!comparisonError.isEmpty())
        status.insert(QStringLiteral("conditions"),
                      QJsonArray{QJsonObject{
                          {QStringLiteral("type"), QStringLiteral("ComparisonError")},
                          {QStringLiteral("message"), comparisonError},
                          {QStringLiteral("lastTransitionTime"), kubeTime(comparisonErrorSince)}}});
    if (hasOperationState)
        status.insert(QStringLiteral("operationState"), operationStateJson());
    return status;
}

QJsonObject SimApp::syncOperationJson() const {
    QJsonObject sync{
        {QStringLiteral("syncStrategy"), QJsonObject{{QStringLiteral("hook"), QJsonObject{}}}}};
    if (!operation.requestedRevision.isEmpty())
        sync.insert(QStringLiteral("revision"), operation.requestedRevision);
    QJsonObject initiatedBy =
        operation.automated ? QJsonObject{{QStringLiteral("automated"), true}}
                            : QJsonObject{{QStringLiteral("username"), operation.initiatedBy}};
    return {{QStringLiteral("sync"), sync},
            {QStringLiteral("initiatedBy"), initiatedBy},
            {QStringLiteral("retry"), QJsonObject{}}};
}

QJsonObject SimApp::operationStateJson() const {
    QJsonObject state{{QStringLiteral("operation"), syncOperationJson()},
                      {QStringLiteral("phase"), operation.phase},
                      {QStringLiteral("message"), operation.message},
                      {QStringLiteral("startedAt"), kubeTime(operation.startedAt)}};
    if (operation.finishedAt.isValid())
        state.insert(QStringLiteral("finishedAt"), kubeTime(operation.finishedAt));
    if (operation.phase == u"Succeeded") {
        QJsonObject result{{QStringLiteral("revision"), operation.revision}};
        if (definition.multiSource) {
            QJsonArray revisions;
            for (const ArgoCDSource& source : definition.sources)
                revisions.append(source.inThisRepository ? operation.revision
                                                         : source.targetRevision);
            result.insert(QStringLiteral("revisions"), revisions);
        } else if (!definition.sources.isEmpty()) {
            result.insert(QStringLiteral("source"), sourceJson(definition.sources.first()));
        }
        state.insert(QStringLiteral("syncResult"), result);
    }
    return state;
}

} // namespace fd::argocdsim

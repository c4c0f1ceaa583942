#include "argocdappstatus.h"

#include <QJsonArray>

namespace fd::core {

namespace {

QDateTime timeOf(const QJsonValue& value) {
    return QDateTime::fromString(value.toString(), Qt::ISODate);
}

QStringList strings(const QJsonValue& value) {
    QStringList list;
    for (const QJsonValue& item : value.toArray())
        list.append(item.toString());
    return list;
}

ArgoCdAppSource sourceOf(const QJsonObject& source) {
    return ArgoCdAppSource{source.value(u"repoURL").toString(),
                           source.value(u"targetRevision").toString(),
                           source.value(u"path").toString(), source.value(u"chart").toString()};
}

ArgoCdOperationState operationStateOf(const QJsonObject& state) {
    const QJsonObject syncResult = state.value(u"syncResult").toObject();
    return ArgoCdOperationState{
        state.value(u"phase").toString(),         state.value(u"message").toString(),
        timeOf(state.value(u"startedAt")),        timeOf(state.value(u"finishedAt")),
        syncResult.value(u"revision").toString(), strings(syncResult.value(u"revisions"))};
}

} // namespace

QString ArgoCdAppStatus::qualifiedName() const {
    return namespaceName.isEmpty() ? name : namespaceName + u'/' + name;
}

QString ArgoCdAppStatus::revisionOf(qsizetype source) const {
    if (!multiSource)
        return syncRevision;
    return syncRevisions.value(source);
}

ArgoCdAppStatus ArgoCdAppStatus::fromJson(const QJsonObject& application) {
    const QJsonObject metadata = application.value(u"metadata").toObject();
    const QJsonObject spec = application.value(u"spec").toObject();
    const QJsonObject status = application.value(u"status").toObject();
    const QJsonObject sync = status.value(u"sync").toObject();
    const QJsonObject health = status.value(u"health").toObject();

    ArgoCdAppStatus app;
    app.name = metadata.value(u"name").toString();
    app.namespaceName = metadata.value(u"namespace").toString();
    app.resourceVersion = metadata.value(u"resourceVersion").toString();
    app.project = spec.value(u"project").toString();
    app.syncStatus = sync.value(u"status").toString();
    app.syncRevision = sync.value(u"revision").toString();
    app.syncRevisions = strings(sync.value(u"revisions"));
    app.healthStatus = health.value(u"status").toString();
    app.healthMessage = health.value(u"message").toString();
    app.operationPending = application.value(u"operation").isObject();
    app.hasOperationState = status.value(u"operationState").isObject();
    if (app.hasOperationState)
        app.operationState = operationStateOf(status.value(u"operationState").toObject());
    app.reconciledAt = timeOf(status.value(u"reconciledAt"));
    for (const QJsonValue& condition : status.value(u"conditions").toArray())
        app.conditions.append(
            ArgoCdCondition{condition[u"type"].toString(), condition[u"message"].toString()});
    const QJsonArray sources = spec.value(u"sources").toArray();
    app.multiSource = !sources.isEmpty();
    for (const QJsonValue& source : sources)
        app.sources.append(sourceOf(source.toObject()));
    if (!app.multiSource && spec.value(u"source").isObject())
        app.sources.append(sourceOf(spec.value(u"source").toObject()));
    app.images = strings(status.value(u"summary").toObject().value(u"images"));
    return app;
}

} // namespace fd::core

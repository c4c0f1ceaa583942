#pragma once

// Argo CD API objects as the API server sends them, for the client and watcher tests.

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

namespace fd::testsupport {

inline QJsonObject argoApplication(const QString& name, const QString& resourceVersion,
                                   const QString& health = QStringLiteral("Healthy"),
                                   const QString& appNamespace = QStringLiteral("argocd")) {
    const QJsonObject source{
        {QStringLiteral("repoURL"), QStringLiteral("https://git.example.com/org/gitops.git")},
        {QStringLiteral("targetRevision"), QStringLiteral("main")},
        {QStringLiteral("path"), QStringLiteral("env/prod/") + name}};
    const QJsonObject operationState{
        {QStringLiteral("phase"), QStringLiteral("Succeeded")},
        {QStringLiteral("message"), QStringLiteral("successfully synced")},
        {QStringLiteral("startedAt"), QStringLiteral("2026-03-01T12:00:10Z")},
        {QStringLiteral("finishedAt"), QStringLiteral("2026-03-01T12:00:20Z")},
        {QStringLiteral("syncResult"),
         QJsonObject{{QStringLiteral("revision"), QStringLiteral("abc123")}}}};
    const QJsonObject status{
        {QStringLiteral("sync"),
         QJsonObject{{QStringLiteral("status"), QStringLiteral("Synced")},
                     {QStringLiteral("revision"), QStringLiteral("abc123")}}},
        {QStringLiteral("health"), QJsonObject{{QStringLiteral("status"), health}}},
        {QStringLiteral("reconciledAt"), QStringLiteral("2026-03-01T12:00:25Z")},
        {QStringLiteral("operationState"), operationState},
        {QStringLiteral("conditions"),
         QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("SyncError")},
                                {QStringLiteral("message"), QStringLiteral("earlier")}}}},
        {QStringLiteral("summary"),
         QJsonObject{{QStringLiteral("images"), QJsonArray{QStringLiteral("nginx:1.25")}}}}};
    return QJsonObject{
        {QStringLiteral("metadata"),
         QJsonObject{{QStringLiteral("name"), name},
                     {QStringLiteral("namespace"), appNamespace},
                     {QStringLiteral("resourceVersion"), resourceVersion}}},
        {QStringLiteral("spec"), QJsonObject{{QStringLiteral("project"), QStringLiteral("default")},
                                             {QStringLiteral("source"), source}}},
        {QStringLiteral("status"), status}};
}

inline QByteArray argoJson(const QJsonObject& object) {
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

inline QByteArray argoList(const QJsonArray& items, const QString& resourceVersion) {
    return argoJson(QJsonObject{{QStringLiteral("metadata"),
                                 QJsonObject{{QStringLiteral("resourceVersion"), resourceVersion}}},
                                {QStringLiteral("items"), items}});
}

/** One server-sent event of the application stream. */
inline QByteArray argoEvent(const QString& type, const QJsonObject& application) {
    return "data: " +
           argoJson(QJsonObject{{QStringLiteral("result"),
                                 QJsonObject{{QStringLiteral("type"), type},
                                             {QStringLiteral("application"), application}}}}) +
           "\n\n";
}

inline QByteArray argoError(const QString& message, int code) {
    return argoJson(QJsonObject{{QStringLiteral("error"), message},
                                {QStringLiteral("code"), code},
                                {QStringLiteral("message"), message}});
}

} // namespace fd::testsupport

#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace fd::core {

/** One entry of an Application's `status.conditions`. */
struct ArgoCdCondition final {
    QString type; // ComparisonError, InvalidSpecError, SyncError, ...
    QString message;
};

/** One of `spec.source` / `spec.sources[]`. */
struct ArgoCdAppSource final {
    QString repoUrl;
    QString targetRevision;
    QString path;
    QString chart;
};

/** `status.operationState`: the last (or running) sync operation. */
struct ArgoCdOperationState final {
    QString phase; // Running, Terminating, Succeeded, Failed, Error
    QString message;
    QDateTime startedAt;
    QDateTime finishedAt;
    QString syncRevision;      // syncResult.revision
    QStringList syncRevisions; // syncResult.revisions (multi-source)
};

/**
 * What Argo CD reports about one Application, read from its JSON (`v1alpha1.Application`) with
 * every field optional: a projected list, an older server or a half-reconciled app leaves gaps,
 * which stay empty here rather than failing the read.
 */
struct ArgoCdAppStatus final {
    QString name;
    QString
        namespaceName; // metadata.namespace: where the Application lives (apps-in-any-namespace)
    QString project;
    QString resourceVersion;

    QString syncStatus;        // Synced, OutOfSync, Unknown
    QString syncRevision;      // status.sync.revision
    QStringList syncRevisions; // status.sync.revisions, one per source
    QString healthStatus;      // Healthy, Progressing, Degraded, Suspended, Missing, Unknown
    QString healthMessage;

    bool operationPending = false; // a top-level `operation` is waiting for the controller
    bool hasOperationState = false;
    ArgoCdOperationState operationState;
    QDateTime reconciledAt;
    QList<ArgoCdCondition> conditions;

    QList<ArgoCdAppSource> sources; // spec.source alone, or spec.sources
    bool multiSource = false;
    QStringList images; // status.summary.images

    /** "namespace/name" when the namespace is given, else the name. */
    QString qualifiedName() const;
    /** The revision Argo CD synced from @p source (multi-source: the matching `revisions` entry). */
    QString revisionOf(qsizetype source) const;

    static ArgoCdAppStatus fromJson(const QJsonObject& application);
};

} // namespace fd::core

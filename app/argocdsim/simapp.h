#pragma once

#include "argocdapplication.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace fd::argocdsim {

/** A sync operation from its request to its end. */
struct SimOperation final {
    QString phase; // Running, Succeeded, Failed
    QString message;
    QString requestedRevision; // as asked, may be empty
    QString revision;          // the commit it syncs
    QString initiatedBy;
    bool automated = false;
    QDateTime startedAt;
    QDateTime finishedAt;
};

/** One simulated Application: its definition plus what the controller has seen and done. */
struct SimApp final {
    fd::core::ArgoCDApplication definition;
    QString uid;
    QDateTime createdAt;
    qint64 resourceVersion = 0;

    QString targetCommit; // the target revision at the last reconciliation
    QString targetFingerprint;
    QString comparisonError; // non-empty: ComparisonError condition
    QString deployedCommit;
    QString deployedFingerprint;
    QStringList deployedImages;
    QString syncStatus = QStringLiteral("Unknown");
    QString health = QStringLiteral("Missing");
    QString healthMessage;
    QDateTime reconciledAt;
    QDateTime comparisonErrorSince;

    bool operationPending = false; // `operation` present
    bool hasOperationState = false;
    SimOperation operation;
    QJsonArray history;
    QString lastAutoSyncCommit; // auto-sync tries a revision once, as Argo CD does
    int healthGeneration = 0;

    QString project() const { return definition.project; }
    /** The app as Argo CD's API returns it (v1alpha1.Application). */
    QJsonObject toJson() const;

private:
    QJsonObject specJson() const;
    QJsonObject statusJson() const;
    QJsonObject operationStateJson() const;
    QJsonObject syncOperationJson() const;
};

/** RFC 3339 in UTC with seconds, as Kubernetes' metav1.Time marshals. */
QString kubeTime(const QDateTime& time);
QJsonObject sourceJson(const fd::core::ArgoCDSource& source);

} // namespace fd::argocdsim

#pragma once

#include "result.h"
#include "simapp.h"
#include "simconfig.h"

#include <QObject>
#include <QTimer>

#include <deque>

namespace fd::argocdsim {

class SimRepository;

/**
 * The application controller: reconciles every app with the repository on an interval (target
 * revision to commit, rendered values compared with what is deployed), runs sync operations
 * (manual, or automated for apps with spec.syncPolicy.automated) and health after a deployment.
 */
class SimController final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SimController)

public:
    SimController(const SimConfig& config, SimRepository& repository, QObject* parent = nullptr);

    /** Reads the apps (given, or the repository's manifests) and reconciles them once. */
    fd::core::Result<void> load();

    const std::deque<SimApp>& apps() const { return m_apps; }
    /** The app called @p name in @p appNamespace ("" is "argocd"), or nullptr. */
    SimApp* find(const QString& name, const QString& appNamespace);
    qint64 resourceVersion() const { return m_resourceVersion; }

    /** Fetches (a mirrored remote) and reconciles every app; nothing while paused unless @p evenIfPaused. */
    void reconcileAll(bool evenIfPaused = false);
    void reconcile(SimApp& app);
    /** Starts a sync of @p revision ("" the target); an error when one already runs. */
    fd::core::Result<void> startSync(SimApp& app, const QString& revision, const QString& user,
                                     bool automated);

    void setPaused(bool paused) { m_paused = paused; }
    bool isPaused() const { return m_paused; }
    void setReconcileInterval(std::chrono::milliseconds interval);
    void setSyncDelay(std::chrono::milliseconds delay) { m_syncDelay = delay; }
    void setHealthDelay(std::chrono::milliseconds delay) { m_healthDelay = delay; }
    void setBrokenTags(const QStringList& tags) { m_brokenTags = tags; }
    QStringList brokenTags() const { return m_brokenTags; }

Q_SIGNALS:
    /** @p app changed and got a new resourceVersion; @p type is ADDED or MODIFIED. */
    void applicationChanged(const fd::argocdsim::SimApp& app, const QString& type);

private:
    void finishSync(const QString& qualifiedName);
    void deployInitially(SimApp& app);
    void changed(SimApp& app, const QString& type = QStringLiteral("MODIFIED"));
    QString targetRevision(const SimApp& app) const;
    SimApp* findQualified(const QString& qualifiedName);

    SimRepository& m_repository;
    QList<fd::core::ArgoCDApplication> m_definitions;
    QString m_manifestsRevision;
    QString m_repositoryKey;
    QString m_tagKey;
    bool m_initiallySynced;
    std::deque<SimApp> m_apps; // stable addresses
    qint64 m_resourceVersion = 1000;
    QTimer m_timer;
    bool m_paused = false;
    std::chrono::milliseconds m_syncDelay;
    std::chrono::milliseconds m_healthDelay;
    QStringList m_brokenTags;
};

} // namespace fd::argocdsim

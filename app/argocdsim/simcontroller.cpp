#include "simcontroller.h"

#include "argocdapps.h"
#include "gittreefiles.h"
#include "manifestscan.h"
#include "simrenderer.h"
#include "simrepository.h"

#include <QUuid>

namespace fd::argocdsim {

using fd::core::Error;

SimController::SimController(const SimConfig& config, SimRepository& repository, QObject* parent)
    : QObject(parent)
    , m_repository(repository)
    , m_definitions(config.applications)
    , m_manifestsRevision(config.manifestsRevision)
    , m_repositoryKey(config.imageRepositoryKey)
    , m_tagKey(config.imageTagKey)
    , m_initiallySynced(config.initiallySynced)
    , m_syncDelay(config.syncDelay)
    , m_healthDelay(config.healthDelay)
    , m_brokenTags(config.brokenTags) {
    m_timer.setInterval(config.reconcileInterval);
    connect(&m_timer, &QTimer::timeout, this, [this] { reconcileAll(); });
}

fd::core::Result<void> SimController::load() {
    if (m_definitions.isEmpty()) {
        auto files = fd::core::GitTreeFiles::open(m_repository.history(), m_manifestsRevision);
        if (!files)
            return std::move(files).error();
        // No repository URLs: a source is this repository when the paths it reads exist here.
        const auto apps =
            fd::core::ArgoCDApps::read(fd::core::ManifestScan::read(**files), **files, {});
        m_definitions = apps.applications();
    }
    if (m_definitions.isEmpty())
        return Error{Error::Kind::NotFound, QStringLiteral("no Argo CD Applications to serve"),
                     m_repository.location()};
    for (const auto& definition : std::as_const(m_definitions)) {
        SimApp app;
        app.definition = definition;
        if (app.definition.namespaceName.isEmpty())
            app.definition.namespaceName = QStringLiteral("argocd");
        app.uid = QUuid::createUuid().toString(QUuid::WithoutBraces);
        app.createdAt = QDateTime::currentDateTimeUtc();
        app.resourceVersion = ++m_resourceVersion;
        m_apps.push_back(app);
        if (m_initiallySynced)
            deployInitially(m_apps.back());
        reconcile(m_apps.back());
    }
    m_timer.start();
    return {};
}

void SimController::setReconcileInterval(std::chrono::milliseconds interval) {
    m_timer.setInterval(interval);
}

SimApp* SimController::find(const QString& name, const QString& appNamespace) {
    const QString ns = appNamespace.isEmpty() ? QStringLiteral("argocd") : appNamespace;
    for (SimApp& app : m_apps) {
        if (app.definition.name == name && app.definition.namespaceName == ns)
            return &app;
    }
    return nullptr;
}

SimApp* SimController::findQualified(const QString& qualifiedName) {
    return find(qualifiedName.section(u'/', 1), qualifiedName.section(u'/', 0, 0));
}

QString SimController::targetRevision(const SimApp& app) const {
    for (const auto& source : app.definition.sources) {
        if (source.inThisRepository)
            return source.targetRevision;
    }
    return {};
}

void SimController::reconcileAll(bool evenIfPaused) {
    if (m_paused && !evenIfPaused)
        return;
    (void)m_repository.refresh(); // a failed fetch leaves the last state, as Argo CD's cache does
    for (SimApp& app : m_apps)
        reconcile(app);
}

void SimController::reconcile(SimApp& app) {
    const auto commit = m_repository.resolve(targetRevision(app));
    SimRender render;
    if (commit) {
        render = SimRenderer(*m_repository.history(), m_repositoryKey, m_tagKey)
                     .render(app.definition, *commit);
    } else {
        render.error =
            QStringLiteral("rpc error: code = Unknown desc = %1").arg(commit.error().message);
    }
    if (!render.error.isEmpty()) {
        if (app.comparisonError.isEmpty())
            app.comparisonErrorSince = QDateTime::currentDateTimeUtc();
        app.comparisonError = QStringLiteral("Failed to load target state: ") + render.error;
        app.syncStatus = QStringLiteral("Unknown");
        if (app.deployedCommit.isEmpty())
            app.health = QStringLiteral("Missing");
    } else {
        app.comparisonError.clear();
        app.targetFingerprint = render.fingerprint;
        app.syncStatus = render.fingerprint == app.deployedFingerprint
                             ? QStringLiteral("Synced")
                             : QStringLiteral("OutOfSync");
    }
    if (commit)
        app.targetCommit = *commit;
    app.reconciledAt = QDateTime::currentDateTimeUtc();
    changed(app);
    if (app.definition.automatedSync && app.syncStatus == u"OutOfSync" && !app.operationPending &&
        app.lastAutoSyncCommit != app.targetCommit) {
        app.lastAutoSyncCommit = app.targetCommit;
        (void)startSync(app, {}, {}, true);
    }
}

void SimController::deployInitially(SimApp& app) {
    const auto commit = m_repository.resolve(targetRevision(app));
    if (!commit)
        return;
    const SimRender render = SimRenderer(*m_repository.history(), m_repositoryKey, m_tagKey)
                                 .render(app.definition, *commit);
    if (!render.error.isEmpty())
        return;
    app.deployedCommit = *commit;
    app.deployedFingerprint = render.fingerprint;
    app.deployedImages = render.images;
    const bool broken =
        std::any_of(render.tags.begin(), render.tags.end(),
                    [this](const QString& tag) { return m_brokenTags.contains(tag); });
    app.health = broken ? QStringLiteral("Degraded") : QStringLiteral("Healthy");
}

fd::core::Result<void> SimController::startSync(SimApp& app, const QString& revision,
                                                const QString& user, bool automated) {
    if (app.operationPending)
        return Error{
            Error::Kind::Conflict, QStringLiteral("another operation is already in progress"), {}};
    const auto commit = m_repository.resolve(revision.isEmpty() ? targetRevision(app) : revision);
    if (!commit)
        return Error{Error::Kind::NotFound, commit.error().message, {}};
    app.operation =
        SimOperation{QStringLiteral("Running"),
                     QStringLiteral("waiting for completion of hook and other resources"),
                     revision,
                     *commit,
                     user,
                     automated,
                     QDateTime::currentDateTimeUtc(),
                     {}};
    app.operationPending = true;
    app.hasOperationState = true;
    changed(app);
    QTimer::singleShot(m_syncDelay, this,
                       [this, name = app.definition.qualifiedName()] { finishSync(name); });
    return {};
}

void SimController::finishSync(const QString& qualifiedName) {
    SimApp* app = findQualified(qualifiedName);
    if (!app || !app->operationPending)
        return;
    const SimRender render = SimRenderer(*m_repository.history(), m_repositoryKey, m_tagKey)
                                 .render(app->definition, app->operation.revision);
    app->operationPending = false;
    app->operation.finishedAt = QDateTime::currentDateTimeUtc();
    if (!render.error.isEmpty()) {
        app->operation.phase = QStringLiteral("Failed");
        app->operation.message = QStringLiteral("ComparisonError: ") + render.error;
        changed(*app);
        return;
    }
    app->operation.phase = QStringLiteral("Succeeded");
    app->operation.message = QStringLiteral("successfully synced (all tasks run)");
    app->deployedCommit = app->operation.revision;
    app->deployedFingerprint = render.fingerprint;
    app->deployedImages = render.images;
    app->syncStatus = render.fingerprint == app->targetFingerprint ? QStringLiteral("Synced")
                                                                   : QStringLiteral("OutOfSync");
    app->history.append(
        QJsonObject{{QStringLiteral("id"), app->history.size()},
                    {QStringLiteral("revision"), app->operation.revision},
                    {QStringLiteral("deployStartedAt"), kubeTime(app->operation.startedAt)},
                    {QStringLiteral("deployedAt"), kubeTime(app->operation.finishedAt)},
                    {QStringLiteral("source"), app->definition.sources.isEmpty()
                                                   ? QJsonObject{}
                                                   : sourceJson(app->definition.sources.first())}});
    app->health = QStringLiteral("Progressing");
    app->healthMessage.clear();
    const int generation = ++app->healthGeneration;
    const bool broken =
        std::any_of(render.tags.begin(), render.tags.end(),
                    [this](const QString& tag) { return m_brokenTags.contains(tag); });
    // Argo CD's controller compares an app again as its operation ends: reconciledAt follows the
    // sync rather than waiting for the next interval.
    app->reconciledAt = app->operation.finishedAt;
    changed(*app);
    QTimer::singleShot(m_healthDelay, this, [this, qualifiedName, generation, broken] {
        SimApp* settled = findQualified(qualifiedName);
        if (!settled || settled->healthGeneration != generation)
            return;
        settled->health = broken ? QStringLiteral("Degraded") : QStringLiteral("Healthy");
        settled->healthMessage =
            broken ? QStringLiteral("Deployment has exceeded its progress deadline") : QString();
        changed(*settled);
    });
}

void SimController::changed(SimApp& app, const QString& type) {
    app.resourceVersion = ++m_resourceVersion;
    Q_EMIT applicationChanged(app, type);
}

} // namespace fd::argocdsim

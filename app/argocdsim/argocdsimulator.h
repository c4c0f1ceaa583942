#pragma once

#include "result.h"
#include "simconfig.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QUrl>

#include <memory>

namespace fd::argocdsim {

class HttpConnection;
class HttpServer;
class SimApi;
class SimAuth;
class SimController;
class SimRepository;
class SimStreams;
struct HttpRequest;
struct SimApp;

/**
 * A stand-in for an Argo CD API server over a real Git repository, for tests and demos: the
 * REST API (session, version, applications list/get/sync, the watch stream) on 127.0.0.1, with
 * controls to break versions, slow things down, expire tokens and drop streams. Also answers
 * `/sim/v1/...` (see handleAdmin) so a separate process can be steered over HTTP.
 */
class ArgoCDSimulator final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ArgoCDSimulator)

public:
    explicit ArgoCDSimulator(SimConfig config, QObject* parent = nullptr);
    ~ArgoCDSimulator() override;

    /** Opens the repository, loads and reconciles the apps, and listens. */
    fd::core::Result<void> start();
    /** "http://127.0.0.1:<port>" once started. */
    QUrl url() const;

    /** The app as the API would return it to an admin; empty when there is none. */
    QJsonObject application(const QString& name, const QString& appNamespace = {}) const;
    QStringList applicationNames() const;
    /** A valid session token for @p account, without a login request. */
    QString issueToken(const QString& account = QStringLiteral("admin"));

    void setBrokenTags(const QStringList& tags);
    void addBrokenTag(const QString& tag);
    void setRefreshDelay(std::chrono::milliseconds delay);
    void setSyncDelay(std::chrono::milliseconds delay);
    void setHealthDelay(std::chrono::milliseconds delay);
    void setReconcileInterval(std::chrono::milliseconds interval);
    void setKeepAliveInterval(std::chrono::milliseconds interval);
    void setTokenLifetime(std::chrono::milliseconds lifetime);
    /** Every token issued so far (and the static one) is now refused as expired. */
    void expireTokens();
    /** Breaks every open watch connection mid-stream. */
    void dropStreams();
    int openStreamCount() const;
    /** While paused nothing is reconciled: not on the interval, not on ?refresh. */
    void setReconciliationPaused(bool paused);
    /** Reconciles every app now (even while paused). */
    void reconcileNow();

    /** Requests by "METHOD route" ("GET /api/v1/applications/{name}"), since start or reset. */
    QHash<QString, int> requestCounts() const;
    int requestCount(const QString& endpoint) const { return requestCounts().value(endpoint); }
    void resetRequestCounts();

Q_SIGNALS:
    /** An app changed (a new resourceVersion): for tests that wait for a state. */
    void applicationChanged(const QString& name);

private:
    void dispatch(HttpConnection* connection, const HttpRequest& request);
    void handleAdmin(HttpConnection* connection, const HttpRequest& request);

    SimConfig m_config;
    std::unique_ptr<SimRepository> m_repository;
    std::unique_ptr<SimAuth> m_auth;
    SimController* m_controller = nullptr;
    SimStreams* m_streams = nullptr;
    SimApi* m_api = nullptr;
    HttpServer* m_server = nullptr;
};

} // namespace fd::argocdsim

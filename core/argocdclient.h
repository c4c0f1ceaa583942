#pragma once

#include "argocdappstatus.h"
#include "argocdconnection.h"
#include "registryexchange.h"

#include <QObject>
#include <QStringList>
#include <QUrlQuery>

#include <chrono>
#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace fd::core {

struct ArgoCdClientOptions final {
    RegistryTimeouts timeouts{std::chrono::seconds(10), std::chrono::seconds(60), 64 * 1024 * 1024};
    /** A GET with refresh blocks until the app is reconciled; past this a plain GET is used. */
    std::chrono::milliseconds refreshTimeout{std::chrono::seconds(45)};
};

/** Which applications GET /api/v1/applications (and the stream) returns. */
struct ArgoCdAppQuery final {
    QString selector;     // label selector
    QStringList projects; // any of these
    QString appNamespace; // apps-in-any-namespace; empty: the server's own namespace
    QString name;         // one application
};

struct ArgoCdAppList final {
    QList<ArgoCdAppStatus> items;
    QString resourceVersion; // the list's, to resume a watch from
};

enum class ArgoCdRefresh { None, Normal, Hard };

struct ArgoCdSyncOptions final {
    QString revision; // empty: the app's target revision
    bool prune = false;
    bool dryRun = false;
};

/**
 * The Argo CD API server's REST API (the grpc-gateway under /api/v1, below the server's root
 * path), asynchronous over one QNetworkAccessManager like RegistryClient: each call returns at
 * once and its callback runs later on this thread, unless @p context is gone by then.
 *
 * Apps are named "name" or "namespace/name" (apps in other namespaces: `appNamespace`). A 401
 * starts a new session once with the stored username and password, if there are any, and
 * repeats the call; otherwise, or when that fails too, the error says to log in. Certificates
 * are checked unless the connection is `insecure`.
 */
class ArgoCdClient final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ArgoCdClient)

public:
    template <typename T> using Callback = std::function<void(Result<T>)>;

    ArgoCdClient(QNetworkAccessManager* network, ArgoCdConnection connection,
                 ArgoCdClientOptions options = {}, QObject* parent = nullptr);
    ~ArgoCdClient() override;

    /** POST /api/v1/session; the token is kept for later calls and handed to @p done. */
    void login(const QString& username, const QString& password, QObject* context,
               Callback<QString> done);
    /** GET /api/version: the server's version ("v2.10.4+f5d63a5"). */
    void version(QObject* context, Callback<QString> done);
    /**
     * GET /api/v1/applications with a `fields` projection of what ArgoCdAppStatus reads; a
     * server that refuses the projection is asked again without it (and not asked with it again).
     */
    void listApplications(const ArgoCdAppQuery& query, QObject* context,
                          Callback<ArgoCdAppList> done);
    /** GET /api/v1/applications/{name}, with `refresh` bounded by the refresh timeout. */
    void application(const QString& app, ArgoCdRefresh refresh, QObject* context,
                     Callback<ArgoCdAppStatus> done);
    /** POST /api/v1/applications/{name}/sync; the application as the server returns it. */
    void sync(const QString& app, const ArgoCdSyncOptions& options, QObject* context,
              Callback<ArgoCdAppStatus> done);

    const ArgoCdConnection& connection() const { return m_connection; }
    QNetworkAccessManager* network() const { return m_network; }
    /** The server URL with @p apiPath ("/api/v1/...") appended below the root path. */
    QUrl apiUrl(const QString& apiPath, const QUrlQuery& query = {}) const;
    /** "Bearer <token>", or empty without a token. */
    QByteArray authorization() const;
    /** Splits "namespace/name"; the namespace is empty for a plain name. */
    static std::pair<QString, QString> splitName(const QString& app);
    /** The `fields` projection asked for in lists. */
    static QStringList listFields();

private:
    struct Call;
    using Reply = std::function<void(Result<RegistryResponse>)>;

    void send(std::shared_ptr<Call> call, Reply done);
    void onResponse(std::shared_ptr<Call> call, const QByteArray& token,
                    Result<RegistryResponse> response, Reply done);
    void renewSession(Callback<QString> done);
    Result<QJsonObject> json(const Call& call, const Result<RegistryResponse>& response) const;
    void requestList(const ArgoCdAppQuery& query, bool projected, Callback<ArgoCdAppList> done);
    void getApplication(const QString& app, ArgoCdRefresh refresh, Callback<ArgoCdAppStatus> done);

    QNetworkAccessManager* m_network;
    ArgoCdConnection m_connection;
    ArgoCdClientOptions m_options;
    bool m_projectionRefused = false;
    QList<Callback<QString>> m_sessionWaiters; // calls waiting for a new session
};

} // namespace fd::core

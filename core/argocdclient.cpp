#include "argocdclient.h"

#include "argocdapierror.h"
#include "guardedcallback.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

namespace fd::core {

namespace {

template <typename T>
ArgoCdClient::Callback<T> guarded(QObject* context, ArgoCdClient::Callback<T> done) {
    return guardedCallback<T>(context, std::move(done));
}

QString seconds(std::chrono::milliseconds duration) {
    return QString::number(double(duration.count()) / 1000.0, 'g', 3);
}

// A projection the server applied wrongly (or a proxy mangled) loses the names.
bool complete(const QList<ArgoCdAppStatus>& apps) {
    return std::all_of(apps.begin(), apps.end(),
                       [](const ArgoCdAppStatus& app) { return !app.name.isEmpty(); });
}

} // namespace

struct ArgoCdClient::Call final {
    QByteArray method = "GET";
    QString path;
    QUrlQuery query;
    QByteArray body;
    QString app; // for messages
    std::chrono::milliseconds deadline{0};
    bool renewed = false;  // a 401 has been answered with a new session once
    bool timedOut = false; // the deadline passed
};

ArgoCdClient::ArgoCdClient(QNetworkAccessManager* network, ArgoCdConnection connection,
                           ArgoCdClientOptions options, QObject* parent)
    : QObject(parent)
    , m_network(network)
    , m_connection(std::move(connection))
    , m_options(options) {}

// Exchanges are children: deleting them aborts their requests before the manager goes.
ArgoCdClient::~ArgoCdClient() = default;

QUrl ArgoCdClient::apiUrl(const QString& apiPath, const QUrlQuery& query) const {
    QUrl url = m_connection.server;
    QString base = url.path();
    while (base.endsWith(u'/'))
        base.chop(1);
    url.setPath(base + apiPath);
    url.setQuery(query);
    return url;
}

QByteArray ArgoCdClient::authorization() const {
    if (m_connection.authToken.isEmpty())
        return {};
    return "Bearer " + m_connection.authToken.toUtf8();
}

std::pair<QString, QString> ArgoCdClient::splitName(const QString& app) {
    const qsizetype slash = app.indexOf(u'/');
    if (slash < 0)
        return {QString(), app};
    return {app.left(slash), app.mid(slash + 1)};
}

QStringList ArgoCdClient::listFields() {
    static const QStringList fields = [] {
        QStringList list{QStringLiteral("metadata.resourceVersion")};
        for (const char* field :
             {"metadata.name", "metadata.namespace", "metadata.resourceVersion", "spec.project",
              "spec.source", "spec.sources", "operation", "status.sync", "status.health",
              "status.operationState.phase", "status.operationState.message",
              "status.operationState.startedAt", "status.operationState.finishedAt",
              "status.operationState.syncResult.revision",
              "status.operationState.syncResult.revisions", "status.reconciledAt",
              "status.conditions", "status.summary"})
            list.append(QStringLiteral("items.") + QString::fromLatin1(field));
        return list;
    }();
    return fields;
}

void ArgoCdClient::send(std::shared_ptr<Call> call, Reply done) {
    RegistryRequest request;
    request.method = call->method;
    request.url = apiUrl(call->path, call->query);
    request.headers.emplaceBack("Accept", "application/json");
    if (call->method != "GET") {
        request.headers.emplaceBack("Content-Type", "application/json");
        request.body = call->body;
    }
    request.authorization = authorization();
    request.ignoreTlsErrors = m_connection.insecure;
    request.tlsHint = QStringLiteral("if this server's certificate is self-signed, allow it for "
                                     "this server only: insecure: true in the argocd CLI config "
                                     "or --insecure");
    const QByteArray token = m_connection.authToken.toUtf8();
    QObject* parent = this;
    if (call->deadline.count() > 0) {
        // Deleting the holder aborts the exchange, whose callback then never runs.
        auto* holder = new QObject(this);
        parent = holder;
        auto settled = std::make_shared<bool>(false);
        QTimer::singleShot(call->deadline, holder, [this, holder, settled, call, done] {
            if (std::exchange(*settled, true))
                return;
            call->timedOut = true;
            holder->deleteLater();
            done(Error{Error::Kind::Network,
                       QStringLiteral("no answer within %1 s").arg(seconds(call->deadline)),
                       m_connection.displayName()});
        });
        done = [holder, settled, done](Result<RegistryResponse> response) {
            if (std::exchange(*settled, true))
                return;
            holder->deleteLater();
            done(std::move(response));
        };
    }
    RegistryExchange::start(m_network, std::move(request), m_options.timeouts, parent,
                            [this, call, token, done](Result<RegistryResponse> response) {
                                onResponse(call, token, std::move(response), done);
                            });
}

void ArgoCdClient::onResponse(std::shared_ptr<Call> call, const QByteArray& token,
                              Result<RegistryResponse> response, Reply done) {
    if (!response || response->status != 401 || call->renewed)
        return done(std::move(response));
    call->renewed = true;
    if (m_connection.authToken.toUtf8() != token)
        return send(call, done); // another call renewed the session meanwhile
    if (m_connection.username.isEmpty() || m_connection.password.isEmpty())
        return done(std::move(response));
    renewSession([this, call, done](Result<QString> renewed) {
        if (!renewed)
            return done(std::move(renewed).error());
        send(call, done);
    });
}

void ArgoCdClient::renewSession(Callback<QString> done) {
    m_sessionWaiters.append(std::move(done));
    if (m_sessionWaiters.size() > 1)
        return; // one session request at a time; the others wait for its token
    login(m_connection.username, m_connection.password, this, [this](Result<QString> token) {
        const auto waiters = std::exchange(m_sessionWaiters, {});
        for (const auto& waiter : waiters)
            waiter(token);
    });
}

Result<QJsonObject> ArgoCdClient::json(const Call& call,
                                       const Result<RegistryResponse>& response) const {
    const QString server = m_connection.displayName();
    if (!response) {
        Error error = response.error();
        error.message =
            QStringLiteral("Argo CD at %1%2: %3")
                .arg(server,
                     call.app.isEmpty() ? QString() : QStringLiteral(", application ") + call.app,
                     error.message);
        error.location = server;
        return error;
    }
    if (response->status < 200 || response->status >= 300)
        return ArgoCdApiError::fromStatus(response->status, response->body, server, call.app);
    if (response->body.trimmed().isEmpty())
        return QJsonObject();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(response->body, &parseError);
    if (!document.isObject())
        return Error{Error::Kind::Parse,
                     QStringLiteral("Argo CD at %1 sent an answer that is not a JSON object (%2); "
                                    "is the server address right?")
                         .arg(server, parseError.errorString()),
                     server};
    return document.object();
}

void ArgoCdClient::login(const QString& username, const QString& password, QObject* context,
                         Callback<QString> done) {
    auto call = std::make_shared<Call>();
    call->method = "POST";
    call->path = QStringLiteral("/api/v1/session");
    call->body = QJsonDocument(QJsonObject{{QStringLiteral("username"), username},
                                           {QStringLiteral("password"), password}})
                     .toJson(QJsonDocument::Compact);
    call->renewed = true; // a refused password is not answered with another login
    send(call, [this, call, username,
                done = guarded(context, std::move(done))](Result<RegistryResponse> response) {
        if (response && response->status == 401)
            return done(Error{Error::Kind::Authentication,
                              QStringLiteral("Argo CD at %1 refused the username or password of "
                                             "%2 (%3)")
                                  .arg(m_connection.displayName(), username,
                                       ArgoCdApiError::serverMessage(response->body)),
                              m_connection.displayName()});
        auto object = json(*call, response);
        if (!object)
            return done(std::move(object).error());
        const QString token = object->value(u"token").toString();
        if (token.isEmpty())
            return done(Error{Error::Kind::Parse,
                              QStringLiteral("Argo CD at %1 answered the login without a token")
                                  .arg(m_connection.displayName()),
                              m_connection.displayName()});
        m_connection.authToken = token;
        done(token);
    });
}

void ArgoCdClient::version(QObject* context, Callback<QString> done) {
    auto call = std::make_shared<Call>();
    call->path = QStringLiteral("/api/version");
    send(call,
         [this, call, done = guarded(context, std::move(done))](Result<RegistryResponse> response) {
             auto object = json(*call, response);
             if (!object)
                 return done(std::move(object).error());
             done(object->value(u"Version").toString());
         });
}

void ArgoCdClient::listApplications(const ArgoCdAppQuery& query, QObject* context,
                                    Callback<ArgoCdAppList> done) {
    requestList(query, !m_projectionRefused, guarded(context, std::move(done)));
}

void ArgoCdClient::requestList(const ArgoCdAppQuery& query, bool projected,
                               Callback<ArgoCdAppList> done) {
    auto call = std::make_shared<Call>();
    call->path = QStringLiteral("/api/v1/applications");
    if (!query.name.isEmpty())
        call->query.addQueryItem(QStringLiteral("name"), query.name);
    if (!query.selector.isEmpty())
        call->query.addQueryItem(QStringLiteral("selector"), query.selector);
    for (const QString& project : query.projects)
        call->query.addQueryItem(QStringLiteral("projects"), project);
    if (!query.appNamespace.isEmpty())
        call->query.addQueryItem(QStringLiteral("appNamespace"), query.appNamespace);
    if (projected)
        call->query.addQueryItem(QStringLiteral("fields"), listFields().join(u','));
    send(call, [this, call, query, projected, done](Result<RegistryResponse> response) {
        const bool refused = response && (response->status == 400 || response->status == 422 ||
                                          response->status == 501);
        if (projected && refused) {
            m_projectionRefused = true;
            return requestList(query, false, done);
        }
        auto object = json(*call, response);
        if (!object)
            return done(std::move(object).error());
        ArgoCdAppList list;
        list.resourceVersion =
            object->value(u"metadata").toObject().value(u"resourceVersion").toString();
        for (const QJsonValue& item : object->value(u"items").toArray())
            list.items.append(ArgoCdAppStatus::fromJson(item.toObject()));
        if (projected && !complete(list.items)) {
            m_projectionRefused = true;
            return requestList(query, false, done);
        }
        done(std::move(list));
    });
}

void ArgoCdClient::application(const QString& app, ArgoCdRefresh refresh, QObject* context,
                               Callback<ArgoCdAppStatus> done) {
    getApplication(app, refresh, guarded(context, std::move(done)));
}

void ArgoCdClient::getApplication(const QString& app, ArgoCdRefresh refresh,
                                  Callback<ArgoCdAppStatus> done) {
    const auto [appNamespace, name] = splitName(app);
    auto call = std::make_shared<Call>();
    call->path = QStringLiteral("/api/v1/applications/") + name;
    call->app = app;
    if (!appNamespace.isEmpty())
        call->query.addQueryItem(QStringLiteral("appNamespace"), appNamespace);
    if (refresh != ArgoCdRefresh::None) {
        call->query.addQueryItem(QStringLiteral("refresh"), refresh == ArgoCdRefresh::Hard
                                                                ? QStringLiteral("hard")
                                                                : QStringLiteral("normal"));
        call->deadline = m_options.refreshTimeout;
    }
    send(call, [this, call, done](Result<RegistryResponse> response) {
        // The refresh was asked for; what the app reports now is still worth having.
        if (call->timedOut)
            return getApplication(call->app, ArgoCdRefresh::None, done);
        auto object = json(*call, response);
        if (!object)
            return done(std::move(object).error());
        done(ArgoCdAppStatus::fromJson(*object));
    });
}

void ArgoCdClient::sync(const QString& app, const ArgoCdSyncOptions& options, QObject* context,
                        Callback<ArgoCdAppStatus> done) {
    const auto [appNamespace, name] = splitName(app);
    QJsonObject body{{QStringLiteral("name"), name},
                     {QStringLiteral("prune"), options.prune},
                     {QStringLiteral("dryRun"), options.dryRun}};
    if (!appNamespace.isEmpty())
        body.insert(QStringLiteral("appNamespace"), appNamespace);
    if (!options.revision.isEmpty())
        body.insert(QStringLiteral("revision"), options.revision);
    auto call = std::make_shared<Call>();
    call->method = "POST";
    call->path = QStringLiteral("/api/v1/applications/%1/sync").arg(name);
    call->body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    call->app = app;
    send(call,
         [this, call, done = guarded(context, std::move(done))](Result<RegistryResponse> response) {
             auto object = json(*call, response);
             if (!object)
                 return done(std::move(object).error());
             done(ArgoCdAppStatus::fromJson(*object));
         });
}

} // namespace fd::core

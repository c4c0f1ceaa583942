#include "simapi.h"

#include "httpconnection.h"
#include "jsonfields.h"
#include "labelselector.h"
#include "simcontroller.h"
#include "simstreams.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QPointer>
#include <QRegularExpression>
#include <QTimer>

namespace fd::argocdsim {

namespace {

// gRPC status codes as grpc-gateway puts them in error bodies.
constexpr int InvalidArgument = 3;
constexpr int NotFound = 5;
constexpr int PermissionDenied = 7;
constexpr int FailedPrecondition = 9;
constexpr int Unauthenticated = 16;

QJsonObject parseBody(const QByteArray& body, QString* error) {
    if (body.trimmed().isEmpty())
        return {};
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        *error =
            QStringLiteral("invalid character in request body at offset %1").arg(parseError.offset);
    return document.object();
}

} // namespace

SimApi::SimApi(SimAuth& auth, SimController& controller, SimStreams& streams, QString version,
               QObject* parent)
    : QObject(parent)
    , m_auth(auth)
    , m_controller(controller)
    , m_streams(streams)
    , m_version(std::move(version)) {}

QByteArray SimApi::bearerToken(const HttpRequest& request) {
    const QByteArray authorization = request.header("authorization");
    if (authorization.startsWith("Bearer "))
        return authorization.mid(7).trimmed();
    return request.cookie("argocd.token");
}

bool SimApi::handle(HttpConnection* connection, const HttpRequest& request) {
    static const QRegularExpression appPath(
        QStringLiteral("^/api/v1/applications/([^/]+)(/sync)?$"));
    const QString path = request.path;
    if (!path.startsWith(u"/api/"))
        return false;
    const auto appMatch = appPath.match(path);
    const QString route = appMatch.hasMatch()
                              ? QStringLiteral("/api/v1/applications/{name}") + appMatch.captured(2)
                              : path;
    ++m_counts[QString::fromLatin1(request.method) + u' ' + route];

    if (request.method != "GET" && request.header("content-type").toLower() != "application/json") {
        // Argo CD's enforceContentTypes: plain text, before any API handler or auth.
        connection->respond(HttpResponse::text(415, "Invalid content type\n"));
        return true;
    }
    if (route == u"/api/version" && request.method == "GET") {
        connection->respond(HttpResponse::json(
            200, QJsonDocument(
                     QJsonObject{{QStringLiteral("Version"), m_version},
                                 {QStringLiteral("Platform"), QStringLiteral("linux/amd64")}})));
        return true;
    }
    if (route == u"/api/v1/session" && request.method == "POST") {
        connection->respond(login(request));
        return true;
    }
    const SimSession session = m_auth.authenticate(bearerToken(request));
    if (!session.ok()) {
        connection->respond(HttpResponse::grpcError(401, Unauthenticated, session.error));
        return true;
    }
    const QString name = appMatch.captured(1);
    if (route == u"/api/v1/applications" && request.method == "GET")
        connection->respond(list(request, session));
    else if (route == u"/api/v1/applications/{name}" && request.method == "GET")
        get(connection, request, session, name);
    else if (route == u"/api/v1/applications/{name}/sync" && request.method == "POST")
        connection->respond(sync(request, session, name));
    else if (route == u"/api/v1/stream/applications" && request.method == "GET")
        watch(connection, request, session);
    else if (route == u"/api/v1/session/userinfo" && request.method == "GET")
        connection->respond(HttpResponse::json(
            200, QJsonDocument(QJsonObject{{QStringLiteral("loggedIn"), true},
                                           {QStringLiteral("username"), session.account},
                                           {QStringLiteral("iss"), QStringLiteral("argocd")}})));
    else
        connection->respond(HttpResponse::grpcError(404, NotFound, QStringLiteral("Not Found")));
    return true;
}

HttpResponse SimApi::login(const HttpRequest& request) {
    QString parseError;
    const QJsonObject body = parseBody(request.body, &parseError);
    if (!parseError.isEmpty())
        return HttpResponse::grpcError(400, InvalidArgument, parseError);
    const auto token = m_auth.login(body.value(QStringLiteral("username")).toString(),
                                    body.value(QStringLiteral("password")).toString());
    if (!token)
        return HttpResponse::grpcError(401, Unauthenticated,
                                       QStringLiteral("Invalid username or password"));
    HttpResponse response =
        HttpResponse::json(200, QJsonDocument(QJsonObject{{QStringLiteral("token"), *token}}));
    response.headers.append(
        {"Set-Cookie", "argocd.token=" + token->toUtf8() + "; path=/; SameSite=lax; httpOnly"});
    return response;
}

HttpResponse SimApi::list(const HttpRequest& request, const SimSession& session) {
    auto selector = LabelSelector::parse(request.queryValue(QStringLiteral("selector")));
    if (!selector)
        return HttpResponse::grpcError(400, InvalidArgument, selector.error().message);
    QStringList projects = request.queryValues(QStringLiteral("projects"));
    projects += request.queryValues(QStringLiteral("project"));
    const QString name = request.queryValue(QStringLiteral("name"));
    const QString appNamespace = request.queryValue(QStringLiteral("appNamespace"));
    const QString repo = request.queryValue(QStringLiteral("repo"));
    QJsonArray items;
    for (const SimApp& app : m_controller.apps()) {
        const auto& definition = app.definition;
        if ((!name.isEmpty() && definition.name != name) ||
            (!appNamespace.isEmpty() && definition.namespaceName != appNamespace) ||
            (!projects.isEmpty() && !projects.contains(definition.project)) ||
            !selector->matches(definition.labels) || !session.mayAccess(definition.project))
            continue;
        if (!repo.isEmpty() &&
            std::none_of(definition.sources.begin(), definition.sources.end(),
                         [&repo](const auto& source) { return source.repoUrl == repo; }))
            continue;
        items.append(app.toJson());
    }
    QJsonObject body{{QStringLiteral("metadata"),
                      QJsonObject{{QStringLiteral("resourceVersion"),
                                   QString::number(m_controller.resourceVersion())}}},
                     {QStringLiteral("items"), items}};
    const QString fields = request.queryValue(QStringLiteral("fields"));
    if (!fields.isEmpty())
        body = projectFields(body, fields.split(u','));
    return HttpResponse::json(200, QJsonDocument(body));
}

std::pair<SimApp*, HttpResponse> SimApi::visibleApp(const SimSession& session, const QString& name,
                                                    const QString& appNamespace,
                                                    const QString& action) {
    SimApp* app = m_controller.find(name, appNamespace);
    const QString ns = appNamespace.isEmpty() ? QStringLiteral("argocd") : appNamespace;
    if (app && session.mayAccess(app->project()))
        return {app, {}};
    if (!app && session.projects.isEmpty())
        return {nullptr,
                HttpResponse::grpcError(
                    404, NotFound,
                    QStringLiteral("applications.argoproj.io \"%1\" not found").arg(name))};
    // Argo CD does not tell a restricted user whether the app exists.
    const QString object =
        app ? app->project() + u'/' + (ns == u"argocd" ? name : ns + u'/' + name) : name;
    return {nullptr, HttpResponse::grpcError(
                         403, PermissionDenied,
                         QStringLiteral("permission denied: applications, %1, %2, sub: %3, iat: %4")
                             .arg(action, object, session.account,
                                  QDateTime::fromSecsSinceEpoch(session.issuedAt, Qt::UTC)
                                      .toString(Qt::ISODate)))};
}

void SimApi::get(HttpConnection* connection, const HttpRequest& request, const SimSession& session,
                 const QString& name) {
    const QString appNamespace = request.queryValue(QStringLiteral("appNamespace"));
    auto [app, refused] = visibleApp(session, name, appNamespace, QStringLiteral("get"));
    if (!app) {
        connection->respond(refused);
        return;
    }
    const QString refresh = request.queryValue(QStringLiteral("refresh"));
    if (refresh.isEmpty()) {
        connection->respond(HttpResponse::json(200, QJsonDocument(app->toJson())));
        return;
    }
    // The real server sets the refresh annotation and answers once the controller reconciled.
    QTimer::singleShot(
        m_refreshDelay, this,
        [this, connection = QPointer<HttpConnection>(connection), name, appNamespace] {
            SimApp* current = m_controller.find(name, appNamespace);
            if (!connection || !current)
                return;
            if (!m_controller.isPaused())
                m_controller.reconcile(*current);
            connection->respond(HttpResponse::json(200, QJsonDocument(current->toJson())));
        });
}

HttpResponse SimApi::sync(const HttpRequest& request, const SimSession& session,
                          const QString& name) {
    QString parseError;
    const QJsonObject body = parseBody(request.body, &parseError);
    if (!parseError.isEmpty())
        return HttpResponse::grpcError(400, InvalidArgument, parseError);
    const QString appNamespace = body.value(QStringLiteral("appNamespace"))
                                     .toString(request.queryValue(QStringLiteral("appNamespace")));
    auto [app, refused] = visibleApp(session, name, appNamespace, QStringLiteral("sync"));
    if (!app)
        return refused;
    auto started = m_controller.startSync(*app, body.value(QStringLiteral("revision")).toString(),
                                          session.account, false);
    if (!started) {
        const bool running = started.error().kind == fd::core::Error::Kind::Conflict;
        return HttpResponse::grpcError(400, running ? FailedPrecondition : InvalidArgument,
                                       started.error().message);
    }
    return HttpResponse::json(200, QJsonDocument(app->toJson()));
}

void SimApi::watch(HttpConnection* connection, const HttpRequest& request,
                   const SimSession& session) {
    auto selector = LabelSelector::parse(request.queryValue(QStringLiteral("selector")));
    if (!selector) {
        connection->respond(
            HttpResponse::grpcError(400, InvalidArgument, selector.error().message));
        return;
    }
    SimWatch watch;
    watch.name = request.queryValue(QStringLiteral("name"));
    watch.appNamespace = request.queryValue(QStringLiteral("appNamespace"));
    watch.projects = request.queryValues(QStringLiteral("projects")) +
                     request.queryValues(QStringLiteral("project"));
    watch.selector = *selector;
    const QString fields = request.queryValue(QStringLiteral("fields"));
    if (!fields.isEmpty())
        watch.fields = fields.split(u',');
    watch.eventStream = request.header("accept").contains("text/event-stream");
    watch.session = session;
    // As the real Watch: the current apps come first as ADDED unless the client resumes from a
    // resourceVersion; a watch of one app always gets it, so an operation's start is never missed.
    QList<const SimApp*> initial;
    if (request.queryValue(QStringLiteral("resourceVersion")).isEmpty() || !watch.name.isEmpty()) {
        for (const SimApp& app : m_controller.apps()) {
            if (SimStreams::matches(watch, app))
                initial.append(&app);
        }
    }
    m_streams.open(connection, watch, initial);
}

} // namespace fd::argocdsim

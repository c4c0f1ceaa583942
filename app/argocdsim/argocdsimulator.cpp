#include "argocdsimulator.h"

#include "httpconnection.h"
#include "httpserver.h"
#include "simapi.h"
#include "simauth.h"
#include "simcontroller.h"
#include "simrepository.h"
#include "simstreams.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace fd::argocdsim {

using fd::core::Error;

ArgoCDSimulator::ArgoCDSimulator(SimConfig config, QObject* parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_auth(std::make_unique<SimAuth>(m_config)) {}

ArgoCDSimulator::~ArgoCDSimulator() {
    if (m_streams)
        m_streams->dropAll();
    delete m_server; // connections go first: they refer to the API and streams
    delete m_api;
    delete m_streams;
    delete m_controller;
}

fd::core::Result<void> ArgoCDSimulator::start() {
    auto repository = SimRepository::open(m_config.repository);
    if (!repository)
        return std::move(repository).error();
    m_repository = std::move(*repository);
    m_controller = new SimController(m_config, *m_repository);
    m_streams = new SimStreams(m_config.keepAliveInterval);
    m_api = new SimApi(*m_auth, *m_controller, *m_streams, m_config.version);
    m_api->setRefreshDelay(m_config.refreshDelay);
    connect(m_controller, &SimController::applicationChanged, m_streams, &SimStreams::publish);
    connect(m_controller, &SimController::applicationChanged, this,
            [this](const SimApp& app) { Q_EMIT applicationChanged(app.definition.name); });
    if (auto loaded = m_controller->load(); !loaded)
        return loaded;
    m_server = new HttpServer([this](HttpConnection* connection, const HttpRequest& request) {
        dispatch(connection, request);
    });
    if (!m_server->listen(m_config.port))
        return Error{Error::Kind::Network,
                     QStringLiteral("cannot listen on 127.0.0.1:%1: %2")
                         .arg(m_config.port)
                         .arg(m_server->errorString()),
                     {}};
    return {};
}

QUrl ArgoCDSimulator::url() const {
    return m_server ? QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server->port())) : QUrl();
}

void ArgoCDSimulator::dispatch(HttpConnection* connection, const HttpRequest& request) {
    if (request.path.startsWith(u"/sim/v1/"))
        handleAdmin(connection, request);
    else if (!m_api->handle(connection, request))
        connection->respond(HttpResponse::text(404, "404 page not found\n"));
}

QJsonObject ArgoCDSimulator::application(const QString& name, const QString& appNamespace) const {
    const SimApp* app = m_controller ? m_controller->find(name, appNamespace) : nullptr;
    return app ? app->toJson() : QJsonObject{};
}

QStringList ArgoCDSimulator::applicationNames() const {
    QStringList names;
    if (m_controller) {
        for (const SimApp& app : m_controller->apps())
            names.append(app.definition.name);
    }
    return names;
}

QString ArgoCDSimulator::issueToken(const QString& account) {
    return m_auth->issueToken(account);
}

void ArgoCDSimulator::setBrokenTags(const QStringList& tags) {
    m_controller->setBrokenTags(tags);
}
void ArgoCDSimulator::addBrokenTag(const QString& tag) {
    m_controller->setBrokenTags(m_controller->brokenTags() << tag);
}
void ArgoCDSimulator::setRefreshDelay(std::chrono::milliseconds delay) {
    m_api->setRefreshDelay(delay);
}
void ArgoCDSimulator::setSyncDelay(std::chrono::milliseconds delay) {
    m_controller->setSyncDelay(delay);
}
void ArgoCDSimulator::setHealthDelay(std::chrono::milliseconds delay) {
    m_controller->setHealthDelay(delay);
}
void ArgoCDSimulator::setReconcileInterval(std::chrono::milliseconds interval) {
    m_controller->setReconcileInterval(interval);
}
void ArgoCDSimulator::setKeepAliveInterval(std::chrono::milliseconds interval) {
    m_streams->setKeepAliveInterval(interval);
}
void ArgoCDSimulator::setTokenLifetime(std::chrono::milliseconds lifetime) {
    m_auth->setTokenLifetime(lifetime);
}
void ArgoCDSimulator::expireTokens() {
    m_auth->expireAll();
}
void ArgoCDSimulator::dropStreams() {
    m_streams->dropAll();
}
int ArgoCDSimulator::openStreamCount() const {
    return m_streams ? m_streams->count() : 0;
}
void ArgoCDSimulator::setReconciliationPaused(bool paused) {
    m_controller->setPaused(paused);
}
void ArgoCDSimulator::reconcileNow() {
    m_controller->reconcileAll(true);
}
QHash<QString, int> ArgoCDSimulator::requestCounts() const {
    return m_api ? m_api->requestCounts() : QHash<QString, int>{};
}
void ArgoCDSimulator::resetRequestCounts() {
    m_api->resetRequestCounts();
}

void ArgoCDSimulator::handleAdmin(HttpConnection* connection, const HttpRequest& request) {
    using std::chrono::milliseconds;
    if (request.path == u"/sim/v1/requests" && request.method == "GET") {
        QJsonObject counts;
        const auto all = requestCounts();
        for (auto it = all.begin(); it != all.end(); ++it)
            counts.insert(it.key(), it.value());
        connection->respond(HttpResponse::json(
            200, QJsonDocument(QJsonObject{{QStringLiteral("requests"), counts}})));
        return;
    }
    if (request.path != u"/sim/v1/control" || request.method != "POST") {
        connection->respond(HttpResponse::text(404, "unknown simulator control\n"));
        return;
    }
    const QJsonObject body = QJsonDocument::fromJson(request.body).object();
    const auto number = [&body](const char* key) {
        return milliseconds(body.value(QLatin1String(key)).toInteger());
    };
    const auto has = [&body](const char* key) { return body.contains(QLatin1String(key)); };
    if (has("brokenTags")) {
        QStringList tags;
        for (const QJsonValue& tag : body.value(QStringLiteral("brokenTags")).toArray())
            tags.append(tag.toString());
        setBrokenTags(tags);
    }
    if (has("addBrokenTag"))
        addBrokenTag(body.value(QStringLiteral("addBrokenTag")).toString());
    if (has("refreshDelayMs"))
        setRefreshDelay(number("refreshDelayMs"));
    if (has("syncDelayMs"))
        setSyncDelay(number("syncDelayMs"));
    if (has("healthDelayMs"))
        setHealthDelay(number("healthDelayMs"));
    if (has("reconcileIntervalMs"))
        setReconcileInterval(number("reconcileIntervalMs"));
    if (has("tokenLifetimeMs"))
        setTokenLifetime(number("tokenLifetimeMs"));
    if (has("paused"))
        setReconciliationPaused(body.value(QStringLiteral("paused")).toBool());
    if (body.value(QStringLiteral("expireTokens")).toBool())
        expireTokens();
    if (body.value(QStringLiteral("dropStreams")).toBool())
        dropStreams();
    if (body.value(QStringLiteral("resetRequestCounts")).toBool())
        resetRequestCounts();
    if (body.value(QStringLiteral("reconcile")).toBool())
        reconcileNow();
    connection->respond(
        HttpResponse::json(200, QJsonDocument(QJsonObject{{QStringLiteral("ok"), true}})));
}

} // namespace fd::argocdsim

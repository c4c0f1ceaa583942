#include "simstreams.h"

#include "httpconnection.h"
#include "jsonfields.h"
#include "simapp.h"

#include <QJsonDocument>

namespace fd::argocdsim {

SimStreams::SimStreams(std::chrono::milliseconds keepAlive, QObject* parent)
    : QObject(parent) {
    m_keepAlive.setInterval(keepAlive);
    connect(&m_keepAlive, &QTimer::timeout, this, &SimStreams::sendKeepAlive);
    m_keepAlive.start();
}

bool SimStreams::matches(const SimWatch& watch, const SimApp& app) {
    const auto& definition = app.definition;
    if (!watch.name.isEmpty() && definition.name != watch.name)
        return false;
    if (!watch.appNamespace.isEmpty() && definition.namespaceName != watch.appNamespace)
        return false;
    if (!watch.projects.isEmpty() && !watch.projects.contains(definition.project))
        return false;
    return watch.selector.matches(definition.labels) && watch.session.mayAccess(definition.project);
}

void SimStreams::open(HttpConnection* connection, const SimWatch& watch,
                      const QList<const SimApp*>& initial) {
    connection->beginStream(
        200, {{"Content-Type", watch.eventStream ? "text/event-stream" : "application/json"},
              {"Cache-Control", "no-cache"},
              {"X-Content-Type-Options", "nosniff"}});
    m_streams.append({connection, watch});
    connect(connection, &HttpConnection::closed, this, &SimStreams::prune);
    for (const SimApp* app : initial)
        send(m_streams.last(), *app, QStringLiteral("ADDED"));
}

void SimStreams::publish(const SimApp& app, const QString& type) {
    prune();
    for (const Stream& stream : std::as_const(m_streams)) {
        if (matches(stream.watch, app))
            send(stream, app, type);
    }
}

void SimStreams::send(const Stream& stream, const SimApp& app, const QString& type) {
    QJsonObject message{
        {QStringLiteral("result"), QJsonObject{{QStringLiteral("type"), type},
                                               {QStringLiteral("application"), app.toJson()}}}};
    if (!stream.watch.fields.isEmpty())
        message = projectFields(message, stream.watch.fields);
    const QByteArray json = QJsonDocument(message).toJson(QJsonDocument::Compact);
    stream.connection->writeChunk(stream.watch.eventStream ? "data: " + json + "\n\n"
                                                           : json + '\n');
}

void SimStreams::sendKeepAlive() {
    prune();
    for (const Stream& stream : std::as_const(m_streams)) {
        if (stream.watch.eventStream)
            stream.connection->writeChunk(": keep-alive\n\n");
    }
}

void SimStreams::dropAll() {
    const QList<Stream> streams = std::exchange(m_streams, {});
    for (const Stream& stream : streams) {
        if (stream.connection)
            stream.connection->abort();
    }
}

int SimStreams::count() const {
    return static_cast<int>(std::count_if(m_streams.begin(), m_streams.end(),
                                          [](const Stream& s) { return !s.connection.isNull(); }));
}

void SimStreams::prune() {
    m_streams.removeIf([](const Stream& stream) { return stream.connection.isNull(); });
}

} // namespace fd::argocdsim

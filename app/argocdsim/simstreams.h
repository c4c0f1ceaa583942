#pragma once

#include "labelselector.h"
#include "simauth.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace fd::argocdsim {

class HttpConnection;
struct SimApp;

/** What one `/api/v1/stream/applications` watcher asked for. */
struct SimWatch final {
    QString name;
    QString appNamespace;
    QStringList projects;
    LabelSelector selector;
    QStringList fields;
    /** Server-sent events (`Accept: text/event-stream`), else newline-delimited JSON. */
    bool eventStream = true;
    SimSession session;
};

/**
 * Open application watch streams. Each event is `{"result":{"type":...,"application":{...}}}`,
 * as `data: ...` + a blank line for server-sent events; comments keep idle streams alive.
 */
class SimStreams final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SimStreams)

public:
    explicit SimStreams(std::chrono::milliseconds keepAlive, QObject* parent = nullptr);

    /** Starts the stream on @p connection and sends @p initial apps as ADDED. */
    void open(HttpConnection* connection, const SimWatch& watch,
              const QList<const SimApp*>& initial);
    void publish(const SimApp& app, const QString& type);
    /** Breaks every open stream's connection without ending the response. */
    void dropAll();
    int count() const;
    void setKeepAliveInterval(std::chrono::milliseconds interval) {
        m_keepAlive.setInterval(interval);
    }

    static bool matches(const SimWatch& watch, const SimApp& app);

private:
    struct Stream final {
        QPointer<HttpConnection> connection;
        SimWatch watch;
    };
    void send(const Stream& stream, const SimApp& app, const QString& type);
    void sendKeepAlive();
    void prune();

    QList<Stream> m_streams;
    QTimer m_keepAlive;
};

} // namespace fd::argocdsim

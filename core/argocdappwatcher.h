#pragma once

#include "argocdclient.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <chrono>

namespace fd::core {

class ArgoCdAppStream;

struct ArgoCdWatchOptions final {
    ArgoCdAppQuery query;
    /** A list re-read this often while streaming: the stream may drop events. */
    std::chrono::milliseconds resyncInterval{std::chrono::minutes(1)};
    /** The list read this often when streaming is unavailable. */
    std::chrono::milliseconds pollInterval{std::chrono::seconds(10)};
    std::chrono::milliseconds firstRetry{std::chrono::seconds(1)}; // doubled per failure
    std::chrono::milliseconds maxRetry{std::chrono::seconds(30)};
    /** Stream failures in a row (no event in between) before polling instead. */
    int failuresBeforePolling = 5;
    /** False: poll from the start, for a proxy that buffers or cuts server-sent events. */
    bool stream = true;
};

/**
 * Follows Argo CD applications: a projected list first, then the server-sent event stream from
 * the list's resourceVersion, reconnecting after a drop with a capped backoff from the last
 * resourceVersion seen, and re-reading the list periodically because events can be lost. When
 * the server has no stream (404, 501) or it keeps failing, the list is polled instead. A 401 that
 * the client cannot answer with a new session stops the watcher: it never loops on a bad token.
 * Signals report only changes (by resourceVersion).
 */
class ArgoCdAppWatcher final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ArgoCdAppWatcher)

public:
    enum class Mode { Stopped, Streaming, Polling };
    Q_ENUM(Mode)

    ArgoCdAppWatcher(ArgoCdClient* client, ArgoCdWatchOptions options, QObject* parent = nullptr);
    ~ArgoCdAppWatcher() override;

    void start();
    void stop();
    Mode mode() const { return m_mode; }
    QString resourceVersion() const { return m_resourceVersion; }
    /** The applications as last reported, by qualified name. */
    QHash<QString, ArgoCdAppStatus> applications() const { return m_apps; }

Q_SIGNALS:
    void applicationChanged(const fd::core::ArgoCdAppStatus& app);
    void applicationDeleted(const QString& qualifiedName);
    void modeChanged(fd::core::ArgoCdAppWatcher::Mode mode);
    /** Something failed; the watcher carries on unless its mode became Stopped. */
    void problem(const fd::core::Error& error);

private:
    void setMode(Mode mode);
    void resync(bool thenStream);
    void merge(const ArgoCdAppList& list);
    void update(const ArgoCdAppStatus& app);
    void onEvent(const QString& type, const ArgoCdAppStatus& app);
    void onStreamEnded(int status, const Error& error);
    void reconnectLater();
    void fallBackToPolling();

    ArgoCdClient* m_client;
    ArgoCdWatchOptions m_options;
    ArgoCdAppStream* m_stream;
    QTimer m_resyncTimer;
    QTimer m_retryTimer;
    QHash<QString, ArgoCdAppStatus> m_apps;
    QString m_resourceVersion;
    Mode m_mode = Mode::Stopped;
    int m_failures = 0;
    quint64 m_generation = 0; // list answers from before a stop() are dropped
};

} // namespace fd::core

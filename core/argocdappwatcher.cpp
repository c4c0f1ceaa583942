#include "argocdappwatcher.h"

#include "argocdappstream.h"

#include <QSet>

namespace fd::core {

ArgoCdAppWatcher::ArgoCdAppWatcher(ArgoCdClient* client, ArgoCdWatchOptions options,
                                   QObject* parent)
    : QObject(parent)
    , m_client(client)
    , m_options(std::move(options))
    , m_stream(new ArgoCdAppStream(client, this)) {
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, [this] {
        if (m_mode == Mode::Streaming)
            m_stream->open(m_options.query, m_resourceVersion);
    });
    connect(&m_resyncTimer, &QTimer::timeout, this, [this] { resync(false); });
    connect(m_stream, &ArgoCdAppStream::applicationEvent, this, &ArgoCdAppWatcher::onEvent);
    connect(m_stream, &ArgoCdAppStream::ended, this, &ArgoCdAppWatcher::onStreamEnded);
}

ArgoCdAppWatcher::~ArgoCdAppWatcher() = default;

void ArgoCdAppWatcher::start() {
    if (m_mode != Mode::Stopped)
        return;
    m_failures = 0;
    if (!m_options.stream)
        return fallBackToPolling();
    setMode(Mode::Streaming);
    m_resyncTimer.start(m_options.resyncInterval);
    resync(true);
}

void ArgoCdAppWatcher::stop() {
    ++m_generation;
    m_stream->close();
    m_retryTimer.stop();
    m_resyncTimer.stop();
    setMode(Mode::Stopped);
}

void ArgoCdAppWatcher::setMode(Mode mode) {
    if (m_mode == mode)
        return;
    m_mode = mode;
    Q_EMIT modeChanged(mode);
}

void ArgoCdAppWatcher::resync(bool thenStream) {
    const quint64 generation = m_generation;
    m_client->listApplications(m_options.query, this,
                               [this, generation, thenStream](Result<ArgoCdAppList> list) {
                                   if (generation != m_generation)
                                       return;
                                   if (!list) {
                                       const Error error = list.error();
                                       // The client has already tried a new session: asking again would loop.
                                       if (error.kind == Error::Kind::Authentication)
                                           stop();
                                       else if (thenStream && m_mode == Mode::Streaming)
                                           reconnectLater();
                                       Q_EMIT problem(error);
                                       return;
                                   }
                                   merge(*list);
                                   if (thenStream && m_mode == Mode::Streaming)
                                       m_stream->open(m_options.query, m_resourceVersion);
                               });
}

void ArgoCdAppWatcher::merge(const ArgoCdAppList& list) {
    if (!list.resourceVersion.isEmpty())
        m_resourceVersion = list.resourceVersion;
    QSet<QString> present;
    for (const ArgoCdAppStatus& app : list.items) {
        present.insert(app.qualifiedName());
        update(app);
    }
    // Only a list of everything the query selects says what is gone.
    const QStringList known = m_apps.keys();
    for (const QString& name : known)
        if (!present.contains(name)) {
            m_apps.remove(name);
            Q_EMIT applicationDeleted(name);
        }
}

void ArgoCdAppWatcher::update(const ArgoCdAppStatus& app) {
    const auto existing = m_apps.constFind(app.qualifiedName());
    const bool same = existing != m_apps.constEnd() && !app.resourceVersion.isEmpty() &&
                      existing->resourceVersion == app.resourceVersion;
    if (same)
        return;
    m_apps.insert(app.qualifiedName(), app);
    Q_EMIT applicationChanged(app);
}

void ArgoCdAppWatcher::onEvent(const QString& type, const ArgoCdAppStatus& app) {
    m_failures = 0;
    if (!app.resourceVersion.isEmpty())
        m_resourceVersion = app.resourceVersion;
    if (type == u"DELETED") {
        if (m_apps.remove(app.qualifiedName()) > 0)
            Q_EMIT applicationDeleted(app.qualifiedName());
        return;
    }
    update(app);
}

void ArgoCdAppWatcher::onStreamEnded(int status, const Error& error) {
    if (m_mode != Mode::Streaming)
        return;
    if (status == 404 || status == 501) // no streaming here (an older server, a proxy)
        return fallBackToPolling();
    if (status == 401 && ++m_failures < m_options.failuresBeforePolling)
        return resync(true); // a list answers with a new session when it can, then streams again
    if (status == 410)       // resourceVersion too old: start from the current state
        m_resourceVersion.clear();
    Q_EMIT problem(error);
    if (status == 401 || ++m_failures >= m_options.failuresBeforePolling)
        return fallBackToPolling();
    reconnectLater();
}

void ArgoCdAppWatcher::reconnectLater() {
    auto delay = m_options.firstRetry;
    for (int i = 1; i < m_failures && delay < m_options.maxRetry; ++i)
        delay *= 2;
    m_retryTimer.start(std::min(delay, m_options.maxRetry));
}

void ArgoCdAppWatcher::fallBackToPolling() {
    m_stream->close();
    m_retryTimer.stop();
    setMode(Mode::Polling);
    m_resyncTimer.start(m_options.pollInterval);
    resync(false);
}

} // namespace fd::core

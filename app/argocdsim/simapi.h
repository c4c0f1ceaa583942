#pragma once

#include "httpmessage.h"
#include "simauth.h"

#include <QHash>
#include <QObject>

#include <chrono>

namespace fd::argocdsim {

class HttpConnection;
class SimController;
class SimStreams;
struct SimApp;

/** Argo CD's REST API (the part Freightdesk uses) over the simulator's state. */
class SimApi final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SimApi)

public:
    SimApi(SimAuth& auth, SimController& controller, SimStreams& streams, QString version,
           QObject* parent = nullptr);

    /** Answers @p request on @p connection (now, later, or as a stream); false: not an API path. */
    bool handle(HttpConnection* connection, const HttpRequest& request);

    void setRefreshDelay(std::chrono::milliseconds delay) { m_refreshDelay = delay; }
    QHash<QString, int> requestCounts() const { return m_counts; }
    void resetRequestCounts() { m_counts.clear(); }

private:
    HttpResponse login(const HttpRequest& request);
    HttpResponse list(const HttpRequest& request, const SimSession& session);
    void get(HttpConnection* connection, const HttpRequest& request, const SimSession& session,
             const QString& name);
    HttpResponse sync(const HttpRequest& request, const SimSession& session, const QString& name);
    void watch(HttpConnection* connection, const HttpRequest& request, const SimSession& session);
    /** The app, or the error to answer (404 for who may see everything, else 403). */
    std::pair<SimApp*, HttpResponse> visibleApp(const SimSession& session, const QString& name,
                                                const QString& appNamespace, const QString& action);
    static QByteArray bearerToken(const HttpRequest& request);

    SimAuth& m_auth;
    SimController& m_controller;
    SimStreams& m_streams;
    QString m_version;
    std::chrono::milliseconds m_refreshDelay{0};
    QHash<QString, int> m_counts;
};

} // namespace fd::argocdsim

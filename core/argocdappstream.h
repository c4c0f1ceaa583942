#pragma once

#include "argocdappstatus.h"
#include "error.h"
#include "servereventparser.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

class QNetworkReply;

namespace fd::core {

class ArgoCdClient;
struct ArgoCdAppQuery;

/**
 * One connection to GET /api/v1/stream/applications as server-sent events: each `data:` line
 * carries `{"result":{"type":"ADDED|MODIFIED|DELETED","application":{...}}}`, an error ends the
 * stream as `{"error":{...}}`. The ArgoCdAppWatcher reconnects; this only reads.
 */
class ArgoCdAppStream final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ArgoCdAppStream)

public:
    explicit ArgoCdAppStream(ArgoCdClient* client, QObject* parent = nullptr);
    ~ArgoCdAppStream() override;

    /** Opens the stream from @p resourceVersion (empty: the current state first). */
    void open(const ArgoCdAppQuery& query, const QString& resourceVersion);
    /** Closes it without a `ended` signal. */
    void close();
    bool isOpen() const;

Q_SIGNALS:
    /** The server answered 200: events follow. */
    void opened();
    void applicationEvent(const QString& type, const fd::core::ArgoCdAppStatus& app);
    /** The stream is over: @p status is the HTTP status (0: it never got one). */
    void ended(int status, const fd::core::Error& error);

private:
    void onMetaData();
    void onReadable();
    void onFinished();
    void handle(const ServerEvent& event);

    ArgoCdClient* m_client;
    QPointer<QNetworkReply> m_reply;
    ServerEventParser m_parser;
    QTimer m_connectTimer;
    QByteArray m_errorBody;
    QString m_streamError;
    int m_status = 0;
    bool m_timedOut = false;
};

} // namespace fd::core

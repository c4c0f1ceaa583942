#pragma once

#include "result.h"

#include <QObject>
#include <QString>
#include <QUrl>

namespace fd::argocdsim {
class HttpConnection;
class HttpServer;
struct HttpRequest;
} // namespace fd::argocdsim

namespace fd::demo {

/**
 * A Git smart-HTTP server on 127.0.0.1 for the demo: every request is handed to `git
 * http-backend` as a CGI, the way a real server (nginx, Apache) runs it, so clients fetch and
 * push through their real HTTP transport. Serves the bare repositories under one folder; pushes
 * are allowed (the demo's user is always known).
 */
class DemoGitServer final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemoGitServer)

public:
    explicit DemoGitServer(QString projectRoot, QObject* parent = nullptr);
    ~DemoGitServer() override;

    /** Finds the git command and listens on a free port of 127.0.0.1. */
    fd::core::Result<void> start();
    /** "http://127.0.0.1:<port>/<name>" for the bare repository @p name ("demo.git"). */
    QUrl repositoryUrl(const QString& name) const;

private:
    void serve(fd::argocdsim::HttpConnection* connection,
               const fd::argocdsim::HttpRequest& request);

    QString m_projectRoot;
    QString m_git;
    argocdsim::HttpServer* m_server;
};

} // namespace fd::demo

#pragma once

#include "result.h"

#include <QList>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace fd::testsupport {

/** One line of the server's access log. */
struct HttpRequestRecord final {
    int status = 0;
    QString method;
    QString target; // path and query, e.g. "/repo.git/info/refs?service=git-upload-pack"
    QString user;   // the Basic user name nginx accepted or was offered; empty when none
};

/**
 * A real Git smart-HTTP server for tests: `git http-backend` behind nginx and fcgiwrap (the
 * Debian packages), on 127.0.0.1 with a free port and HTTP Basic authentication.
 *
 * Everything lives in a temporary folder: GIT_PROJECT_ROOT (projectRoot(); every repository under
 * it is served, pushes are allowed), the htpasswd file (apr1 hashes from `openssl passwd`), the
 * nginx config, logs and temp paths, and fcgiwrap's unix socket.
 *
 * nginx runs in the foreground as a single process (`master_process off`, `daemon off`), so it
 * never switches to a worker user and reads the folder as whoever runs the test. Both processes
 * get their own process group and die with the test process (PR_SET_PDEATHSIG), so a crashed test
 * leaves no server behind; stop(), also run by the destructor, kills both groups.
 */
class GitHttpServer final {
public:
    struct Account final {
        QString user;
        QString password;
    };

    /** One account by default: alice / wonderland-42. */
    explicit GitHttpServer(QList<Account> accounts = {
                               {QStringLiteral("alice"), QStringLiteral("wonderland-42")}});
    ~GitHttpServer();
    GitHttpServer(const GitHttpServer&) = delete;
    GitHttpServer& operator=(const GitHttpServer&) = delete;

    /** Starts fcgiwrap and nginx and waits (at most 15 s) until the port accepts connections. */
    fd::core::Result<void> start();
    /** Kills both processes; the port then refuses connections. Safe to call more than once. */
    void stop();
    bool isRunning() const;

    quint16 port() const { return m_port; }
    /** GIT_PROJECT_ROOT: a bare repository at <root>/x.git is served as url("x.git"). */
    QString projectRoot() const;
    /** "http://127.0.0.1:<port>/<repository>", without credentials. */
    QString url(const QString& repository) const;
    /** The same with "user:password@" (percent-encoded). */
    QString urlWithCredentials(const QString& repository, const QString& user,
                               const QString& password) const;
    QList<Account> accounts() const { return m_accounts; }

    /** Every request answered so far, oldest first (parsed from nginx's access log). */
    QList<HttpRequestRecord> requests() const;
    /** nginx's error log, for failure messages. */
    QString errorLog() const;

private:
    fd::core::Result<void> writeHtpasswd();
    fd::core::Result<void> startFcgiwrap();
    fd::core::Result<void> startNginx();
    QString nginxConfig() const;
    QString path(const QString& name) const;

    QList<Account> m_accounts;
    QTemporaryDir m_directory;
    std::unique_ptr<QProcess> m_fcgiwrap;
    std::unique_ptr<QProcess> m_nginx;
    quint16 m_port = 0;
};

} // namespace fd::testsupport

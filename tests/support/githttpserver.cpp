#include "githttpserver.h"

#include "serverprocess.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTest>
#include <QUrl>

#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

namespace fd::testsupport {

using fd::core::Error;
using fd::core::Result;

namespace {

constexpr int startTimeoutMs = 15000;

Error serverError(const QString& message) {
    return Error{Error::Kind::Io, message, QStringLiteral("GitHttpServer")};
}

QString findHttpBackend() {
    QProcess git;
    git.start(QStringLiteral("git"), {QStringLiteral("--exec-path")});
    if (git.waitForFinished(5000) && git.exitCode() == 0) {
        const QString candidate = QString::fromLocal8Bit(git.readAllStandardOutput()).trimmed() +
                                  QStringLiteral("/git-http-backend");
        if (QFileInfo(candidate).isExecutable())
            return candidate;
    }
    const QString debian = QStringLiteral("/usr/lib/git-core/git-http-backend");
    return QFileInfo(debian).isExecutable() ? debian : QString();
}

} // namespace

GitHttpServer::GitHttpServer(QList<Account> accounts)
    : m_accounts(std::move(accounts)) {}

GitHttpServer::~GitHttpServer() {
    stop();
}

QString GitHttpServer::path(const QString& name) const {
    return m_directory.filePath(name);
}

QString GitHttpServer::projectRoot() const {
    return path(QStringLiteral("repositories"));
}

QString GitHttpServer::url(const QString& repository) const {
    return QStringLiteral("http://127.0.0.1:%1/%2").arg(m_port).arg(repository);
}

QString GitHttpServer::urlWithCredentials(const QString& repository, const QString& user,
                                          const QString& password) const {
    QUrl url(this->url(repository));
    url.setUserName(user);
    url.setPassword(password);
    return url.toString(QUrl::FullyEncoded);
}

bool GitHttpServer::isRunning() const {
    return m_nginx && m_nginx->state() == QProcess::Running;
}

Result<void> GitHttpServer::start() {
    if (isRunning())
        return {};
    if (!m_directory.isValid())
        return serverError(
            QStringLiteral("no temporary folder: %1").arg(m_directory.errorString()));
    for (const QString& folder :
         {QStringLiteral("repositories"), QStringLiteral("logs"), QStringLiteral("temp")}) {
        if (!QDir().mkpath(path(folder)))
            return serverError(QStringLiteral("could not create %1").arg(path(folder)));
    }
    if (auto written = writeHtpasswd(); !written)
        return written;
    if (auto started = startFcgiwrap(); !started) {
        stop();
        return started;
    }
    // A port picked free can be taken before nginx binds it: try a few.
    Result<void> started = serverError(QStringLiteral("nginx did not start"));
    for (int attempt = 0; attempt < 3 && !started; ++attempt)
        started = startNginx();
    if (!started)
        stop();
    return started;
}

void GitHttpServer::stop() {
    if (m_nginx)
        ServerProcess::killGroup(*m_nginx);
    if (m_fcgiwrap)
        ServerProcess::killGroup(*m_fcgiwrap);
    m_nginx.reset();
    m_fcgiwrap.reset();
}

Result<void> GitHttpServer::writeHtpasswd() {
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl.isEmpty())
        return serverError(QStringLiteral("openssl is needed to hash the test passwords"));
    QByteArray lines;
    for (const Account& account : m_accounts) {
        QProcess hash;
        hash.start(openssl,
                   {QStringLiteral("passwd"), QStringLiteral("-apr1"), QStringLiteral("-stdin")});
        hash.write(account.password.toUtf8() + '\n');
        hash.closeWriteChannel();
        if (!hash.waitForFinished(10000) || hash.exitCode() != 0)
            return serverError(QStringLiteral("openssl passwd failed: %1")
                                   .arg(QString::fromLocal8Bit(hash.readAllStandardError())));
        lines += account.user.toUtf8() + ':' + hash.readAllStandardOutput().trimmed() + '\n';
    }
    QFile file(path(QStringLiteral("htpasswd")));
    if (!file.open(QIODevice::WriteOnly) || file.write(lines) != lines.size())
        return serverError(QStringLiteral("could not write %1").arg(file.fileName()));
    return {};
}

Result<void> GitHttpServer::startFcgiwrap() {
    const QString fcgiwrap = ServerProcess::findSystemProgram(QStringLiteral("fcgiwrap"));
    if (fcgiwrap.isEmpty())
        return serverError(QStringLiteral("fcgiwrap is not installed"));
    const QString socket = path(QStringLiteral("fcgiwrap.sock"));
    QFile::remove(socket);
    m_fcgiwrap = std::make_unique<QProcess>();
    ServerProcess::detachIntoOwnGroup(*m_fcgiwrap);
    m_fcgiwrap->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    // Several workers, as a real Git server has: a push held in a hook must not stall everyone.
    m_fcgiwrap->start(fcgiwrap, {QStringLiteral("-c"), QStringLiteral("4"), QStringLiteral("-s"),
                                 QStringLiteral("unix:") + socket});
    if (!m_fcgiwrap->waitForStarted(startTimeoutMs))
        return serverError(
            QStringLiteral("fcgiwrap did not start: %1").arg(m_fcgiwrap->errorString()));
    if (!QTest::qWaitFor(
            [&] { return QFileInfo::exists(socket) || m_fcgiwrap->state() != QProcess::Running; },
            startTimeoutMs) ||
        !QFileInfo::exists(socket))
        return serverError(QStringLiteral("fcgiwrap did not create its socket %1").arg(socket));
    return {};
}

Result<void> GitHttpServer::startNginx() {
    const QString nginx = ServerProcess::findSystemProgram(QStringLiteral("nginx"));
    if (nginx.isEmpty())
        return serverError(QStringLiteral("nginx is not installed"));
    m_port = ServerProcess::pickFreePort();
    if (m_port == 0)
        return serverError(QStringLiteral("no free port on 127.0.0.1"));
    const QString configPath = path(QStringLiteral("nginx.conf"));
    QFile config(configPath);
    const QByteArray text = nginxConfig().toUtf8();
    if (!config.open(QIODevice::WriteOnly) || config.write(text) != text.size())
        return serverError(QStringLiteral("could not write %1").arg(configPath));
    config.close();

    m_nginx = std::make_unique<QProcess>();
    ServerProcess::detachIntoOwnGroup(*m_nginx);
    m_nginx->setProcessChannelMode(QProcess::MergedChannels);
    m_nginx->start(nginx, {QStringLiteral("-p"), m_directory.path(), QStringLiteral("-c"),
                           configPath, QStringLiteral("-e"), path(QStringLiteral("logs/error.log")),
                           QStringLiteral("-g"), QStringLiteral("daemon off;")});
    if (!m_nginx->waitForStarted(startTimeoutMs))
        return serverError(QStringLiteral("nginx did not start: %1").arg(m_nginx->errorString()));
    if (ServerProcess::waitUntilListening(*m_nginx, m_port, startTimeoutMs))
        return {};
    const QString output = QString::fromLocal8Bit(m_nginx->readAll());
    ServerProcess::killGroup(*m_nginx);
    m_nginx.reset();
    return serverError(QStringLiteral("nginx did not answer on port %1: %2 %3")
                           .arg(m_port)
                           .arg(output, errorLog().right(2000)));
}

QString GitHttpServer::nginxConfig() const {
    const QString root = m_directory.path();
    // `user` only matters for worker processes, which `master_process off` does without; as
    // root nginx would otherwise drop to "nobody", who cannot read a 0700 temporary folder.
    QString config = QStringLiteral(R"(master_process off;
worker_processes 1;
pid %1/nginx.pid;
error_log %1/logs/error.log info;
events { worker_connections 64; }
http {
    log_format freightdesk '$status $request_method "$request_uri" "$remote_user"';
    access_log %1/logs/access.log freightdesk;
    client_body_temp_path %1/temp/body;
    proxy_temp_path %1/temp/proxy;
    fastcgi_temp_path %1/temp/fastcgi;
    uwsgi_temp_path %1/temp/uwsgi;
    scgi_temp_path %1/temp/scgi;
    server {
        listen 127.0.0.1:%2;
        client_max_body_size 0;
        location / {
            auth_basic "Freightdesk test Git server";
            auth_basic_user_file %1/htpasswd;
            fastcgi_pass unix:%1/fcgiwrap.sock;
            # Like hosted Git servers: a push whose client hangs up after sending still completes.
            fastcgi_ignore_client_abort on;
            fastcgi_param SCRIPT_FILENAME %3;
            fastcgi_param GIT_PROJECT_ROOT %1/repositories;
            fastcgi_param GIT_HTTP_EXPORT_ALL 1;
            fastcgi_param GIT_CONFIG_NOSYSTEM 1;
            fastcgi_param GIT_CONFIG_COUNT 1;
            fastcgi_param GIT_CONFIG_KEY_0 http.receivepack;
            fastcgi_param GIT_CONFIG_VALUE_0 true;
            fastcgi_param PATH_INFO $uri;
            fastcgi_param QUERY_STRING $query_string;
            fastcgi_param REQUEST_METHOD $request_method;
            fastcgi_param CONTENT_TYPE $content_type;
            fastcgi_param CONTENT_LENGTH $content_length;
            fastcgi_param REMOTE_USER $remote_user;
            fastcgi_param REMOTE_ADDR $remote_addr;
            fastcgi_param SERVER_PROTOCOL $server_protocol;
            fastcgi_param HTTP_GIT_PROTOCOL $http_git_protocol;
        }
    }
}
)")
                         .arg(root)
                         .arg(m_port)
                         .arg(findHttpBackend());
    return config;
}

QList<HttpRequestRecord> GitHttpServer::requests() const {
    QList<HttpRequestRecord> records;
    QFile log(path(QStringLiteral("logs/access.log")));
    if (!log.open(QIODevice::ReadOnly))
        return records;
    static const QRegularExpression line(
        QStringLiteral(R"re(^(\d{3}) (\S+) "([^"]*)" "([^"]*)"$)re"));
    for (const QByteArray& raw : log.readAll().split('\n')) {
        const auto match = line.match(QString::fromUtf8(raw));
        if (!match.hasMatch())
            continue;
        const QString user = match.captured(4);
        records.append({match.captured(1).toInt(), match.captured(2), match.captured(3),
                        user == QStringLiteral("-") ? QString() : user});
    }
    return records;
}

QString GitHttpServer::errorLog() const {
    QFile log(path(QStringLiteral("logs/error.log")));
    if (!log.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(log.readAll());
}

} // namespace fd::testsupport

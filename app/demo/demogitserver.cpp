#include "demogitserver.h"

#include "httpconnection.h"
#include "httpserver.h"

#include <QPointer>
#include <QProcess>
#include <QStandardPaths>

namespace fd::demo {

using argocdsim::HttpConnection;
using argocdsim::HttpRequest;
using argocdsim::HttpResponse;

namespace {

/** A CGI program's output as an HTTP response: its headers, `Status:` among them, then the body. */
HttpResponse cgiResponse(const QByteArray& output) {
    qsizetype separator = output.indexOf("\r\n\r\n");
    qsizetype bodyStart = separator + 4;
    if (separator < 0) {
        separator = output.indexOf("\n\n");
        bodyStart = separator + 2;
    }
    if (separator < 0)
        return HttpResponse::text(502, "git http-backend wrote no headers\n");
    HttpResponse response;
    const QList<QByteArray> lines = output.left(separator).split('\n');
    for (const QByteArray& line : lines) {
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name.compare("Status", Qt::CaseInsensitive) == 0)
            response.status = value.split(' ').constFirst().toInt();
        else
            response.headers.append({name, value});
    }
    response.body = output.mid(bodyStart);
    return response;
}

} // namespace

DemoGitServer::DemoGitServer(QString projectRoot, QObject* parent)
    : QObject(parent)
    , m_projectRoot(std::move(projectRoot))
    , m_server(new argocdsim::HttpServer(
          [this](HttpConnection* connection, const HttpRequest& request) {
              serve(connection, request);
          },
          this)) {}

DemoGitServer::~DemoGitServer() = default;

core::Result<void> DemoGitServer::start() {
    m_git = QStandardPaths::findExecutable(QStringLiteral("git"));
    if (m_git.isEmpty())
        return core::Error{core::Error::Kind::NotFound,
                           QStringLiteral("the demo serves its repository with the git command "
                                          "(git http-backend), which is not installed"),
                           {}};
    if (!m_server->listen())
        return core::Error{core::Error::Kind::Io,
                           QStringLiteral("the demo's Git server cannot listen on 127.0.0.1: %1")
                               .arg(m_server->errorString()),
                           {}};
    return {};
}

QUrl DemoGitServer::repositoryUrl(const QString& name) const {
    return QUrl(QStringLiteral("http://127.0.0.1:%1/%2").arg(m_server->port()).arg(name));
}

void DemoGitServer::serve(HttpConnection* connection, const HttpRequest& request) {
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("GIT_PROJECT_ROOT"), m_projectRoot);
    environment.insert(QStringLiteral("GIT_HTTP_EXPORT_ALL"), QStringLiteral("1"));
    // http-backend allows receive-pack to an authenticated user only.
    environment.insert(QStringLiteral("REMOTE_USER"), QStringLiteral("demo"));
    environment.insert(QStringLiteral("REMOTE_ADDR"), QStringLiteral("127.0.0.1"));
    environment.insert(QStringLiteral("GATEWAY_INTERFACE"), QStringLiteral("CGI/1.1"));
    environment.insert(QStringLiteral("REQUEST_METHOD"), QString::fromLatin1(request.method));
    environment.insert(QStringLiteral("PATH_INFO"), request.path);
    environment.insert(QStringLiteral("QUERY_STRING"), request.query.toString(QUrl::FullyEncoded));
    environment.insert(QStringLiteral("CONTENT_TYPE"),
                       QString::fromLatin1(request.header("content-type")));
    environment.insert(QStringLiteral("CONTENT_LENGTH"), QString::number(request.body.size()));
    const QByteArray protocol = request.header("git-protocol");
    if (!protocol.isEmpty())
        environment.insert(QStringLiteral("GIT_PROTOCOL"), QString::fromLatin1(protocol));
    const QByteArray encoding = request.header("content-encoding");
    if (!encoding.isEmpty())
        environment.insert(QStringLiteral("HTTP_CONTENT_ENCODING"), QString::fromLatin1(encoding));

    auto* process = new QProcess(this);
    process->setProcessEnvironment(environment);
    process->setProgram(m_git);
    process->setArguments({QStringLiteral("http-backend")});
    QPointer<HttpConnection> target(connection);
    connect(process, &QProcess::finished, this, [process, target] {
        process->deleteLater();
        if (target)
            target->respond(cgiResponse(process->readAllStandardOutput()));
    });
    connect(process, &QProcess::errorOccurred, this, [process, target](QProcess::ProcessError e) {
        if (e != QProcess::FailedToStart)
            return;
        process->deleteLater();
        if (target)
            target->respond(HttpResponse::text(
                500, "git http-backend did not start: " + process->errorString().toUtf8() + '\n'));
    });
    process->start();
    process->write(request.body);
    process->closeWriteChannel();
}

} // namespace fd::demo

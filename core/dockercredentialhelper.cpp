#include "dockercredentialhelper.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

namespace fd::core {

void DockerCredentialHelper::get(const QString& name, const QString& serverUrl,
                                 std::chrono::milliseconds timeout, QObject* parent, Done done) {
    auto* helper = new DockerCredentialHelper(name, parent, std::move(done));
    const QString path = QStandardPaths::findExecutable(helper->m_program);
    // A name with a path separator could run anything; Docker only looks on PATH too.
    if (name.contains(QLatin1Char('/')) || name.contains(QLatin1Char('\\')) || path.isEmpty()) {
        // Later, like every other answer: callers never see their callback run inside get().
        QMetaObject::invokeMethod(
            helper,
            [helper] {
                helper->finish(Error{
                    Error::Kind::NotFound,
                    QStringLiteral("%1 is not installed (not on PATH)").arg(helper->m_program),
                    {}});
            },
            Qt::QueuedConnection);
        return;
    }
    helper->m_timer.start(timeout);
    helper->m_process.start(path, {QStringLiteral("get")});
    helper->m_process.write(serverUrl.toUtf8());
    helper->m_process.closeWriteChannel();
}

DockerCredentialHelper::DockerCredentialHelper(const QString& name, QObject* parent, Done done)
    : QObject(parent)
    , m_program(QStringLiteral("docker-credential-") + name)
    , m_done(std::move(done)) {
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        m_process.kill();
        finish(Error{Error::Kind::Io,
                     QStringLiteral("%1 did not answer within %2 s")
                         .arg(m_program)
                         .arg(m_timer.interval() / 1000),
                     {}});
    });
    connect(&m_process, &QProcess::finished, this, &DockerCredentialHelper::onFinished);
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            finish(Error{
                Error::Kind::Io,
                QStringLiteral("%1 could not start: %2").arg(m_program, m_process.errorString()),
                {}});
    });
}

DockerCredentialHelper::~DockerCredentialHelper() {
    disconnect(&m_process, nullptr, this, nullptr);
}

void DockerCredentialHelper::onFinished() {
    const QByteArray output = m_process.readAllStandardOutput();
    if (m_process.exitStatus() != QProcess::NormalExit || m_process.exitCode() != 0) {
        // Helpers say "credentials not found in native keychain" on stdout, exit code 1.
        if (output.contains("credentials not found"))
            return finish(std::optional<RegistryCredential>());
        // Its stderr may echo what it was given, but never a secret: it was given only the URL.
        return finish(
            Error{Error::Kind::Io,
                  QStringLiteral("%1 failed: %2")
                      .arg(m_program,
                           QString::fromUtf8(m_process.readAllStandardError()).trimmed().left(200)),
                  {}});
    }
    const QJsonObject object = QJsonDocument::fromJson(output).object();
    const QString user = object.value(QStringLiteral("Username")).toString();
    const QString secret = object.value(QStringLiteral("Secret")).toString();
    if (secret.isEmpty())
        return finish(std::optional<RegistryCredential>());
    // "<token>" marks an identity token (an OAuth2 refresh token), which a token service takes
    // only by POST with grant_type=refresh_token.
    if (user == u"<token>")
        return finish(Error{Error::Kind::Unsupported,
                            QStringLiteral("%1 holds an identity token, which Freightdesk cannot "
                                           "use yet; log in with a user name and password or token")
                                .arg(m_program),
                            {}});
    finish(std::optional<RegistryCredential>(RegistryCredential{user, secret, m_program}));
}

void DockerCredentialHelper::finish(Result<std::optional<RegistryCredential>> result) {
    m_timer.stop();
    disconnect(&m_process, nullptr, this, nullptr);
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(1000);
    }
    Done done = std::move(m_done);
    deleteLater();
    if (done)
        done(std::move(result));
}

} // namespace fd::core

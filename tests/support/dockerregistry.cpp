#include "dockerregistry.h"

#include "serverprocess.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

namespace fd::testsupport {

using fd::core::Error;
using fd::core::Result;

namespace {

constexpr int startTimeoutMs = 15000;

Error registryError(const QString& message) {
    return Error{Error::Kind::Io, message, QStringLiteral("DockerRegistry")};
}

Result<QByteArray> run(const QString& program, const QStringList& arguments,
                       const QByteArray& input = {}) {
    QProcess process;
    process.start(program, arguments);
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    // With the event loop running: skopeo may be talking to a token service in this process.
    const bool finished =
        QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 60000);
    if (!finished || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return registryError(QStringLiteral("%1 %2 failed: %3 %4")
                                 .arg(program, arguments.value(2), process.errorString(),
                                      QString::fromLocal8Bit(process.readAllStandardError())));
    return process.readAllStandardOutput();
}

} // namespace

DockerRegistry::DockerRegistry(QList<Account> accounts)
    : m_accounts(std::move(accounts)) {}

DockerRegistry::DockerRegistry(TokenAuth auth)
    : m_accounts{{QStringLiteral("pusher"), QStringLiteral("push-pw")}}
    , m_tokenAuth(std::move(auth)) {}

DockerRegistry::~DockerRegistry() {
    stop();
}

QString DockerRegistry::program() {
    return ServerProcess::findSystemProgram(QStringLiteral("docker-registry"));
}

QString DockerRegistry::path(const QString& name) const {
    return m_directory.filePath(name);
}

QString DockerRegistry::host() const {
    return QStringLiteral("127.0.0.1:%1").arg(m_port);
}

Result<void> DockerRegistry::start() {
    if (program().isEmpty())
        return registryError(QStringLiteral("docker-registry is not installed"));
    if (!m_directory.isValid())
        return registryError(QStringLiteral("no temporary folder"));
    if (!m_accounts.isEmpty() && !m_tokenAuth) {
        if (auto written = writeHtpasswd(); !written)
            return written;
    }
    // A port picked free can be taken before the registry binds it: try a few.
    Result<void> started = registryError(QStringLiteral("docker-registry did not start"));
    for (int attempt = 0; attempt < 3 && !started; ++attempt)
        started = startOnce();
    return started;
}

Result<void> DockerRegistry::writeHtpasswd() {
    const QString htpasswd = ServerProcess::findSystemProgram(QStringLiteral("htpasswd"));
    if (htpasswd.isEmpty())
        return registryError(QStringLiteral("htpasswd (apache2-utils) is needed for bcrypt"));
    QByteArray lines;
    for (const Account& account : m_accounts) {
        // -n: print, -b: password from the command line (a test password), -B: bcrypt.
        const auto line = run(htpasswd, {QStringLiteral("-nbB"), account.user, account.password});
        if (!line)
            return line.error();
        lines += line->trimmed() + '\n';
    }
    QFile file(path(QStringLiteral("htpasswd")));
    if (!file.open(QIODevice::WriteOnly) || file.write(lines) != lines.size())
        return registryError(QStringLiteral("could not write %1").arg(file.fileName()));
    return {};
}

Result<void> DockerRegistry::startOnce() {
    m_port = ServerProcess::pickFreePort();
    if (m_port == 0)
        return registryError(QStringLiteral("no free port on 127.0.0.1"));
    QString config = QStringLiteral(R"(version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: %1/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:%2
  secret: freightdesk-test-secret
)")
                         .arg(m_directory.path())
                         .arg(m_port);
    if (m_tokenAuth)
        config += QStringLiteral("auth:\n  token:\n    realm: %1\n    service: %2\n"
                                 "    issuer: %3\n    rootcertbundle: %4\n")
                      .arg(m_tokenAuth->realm, m_tokenAuth->service, m_tokenAuth->issuer,
                           m_tokenAuth->certificateFile);
    else if (!m_accounts.isEmpty())
        config += QStringLiteral("auth:\n  htpasswd:\n    realm: freightdesk-test\n    path: %1\n")
                      .arg(path(QStringLiteral("htpasswd")));
    QFile file(path(QStringLiteral("config.yml")));
    if (!file.open(QIODevice::WriteOnly) || file.write(config.toUtf8()) < 0)
        return registryError(QStringLiteral("could not write %1").arg(file.fileName()));
    file.close();

    m_process = std::make_unique<QProcess>();
    ServerProcess::detachIntoOwnGroup(*m_process);
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setStandardOutputFile(path(QStringLiteral("registry.log")));
    m_process->start(program(), {QStringLiteral("serve"), file.fileName()});
    if (!m_process->waitForStarted(startTimeoutMs))
        return registryError(
            QStringLiteral("docker-registry did not start: %1").arg(m_process->errorString()));
    if (ServerProcess::waitUntilListening(*m_process, m_port, startTimeoutMs))
        return {};
    stop();
    return registryError(
        QStringLiteral("docker-registry did not answer on port %1: %2").arg(m_port).arg(log()));
}

void DockerRegistry::stop() {
    if (m_process)
        ServerProcess::killGroup(*m_process);
    m_process.reset();
}

Result<void> DockerRegistry::push(const QString& layout, const QString& refName,
                                  const QString& imageName) const {
    const QString skopeo = ServerProcess::findSystemProgram(QStringLiteral("skopeo"));
    if (skopeo.isEmpty())
        return registryError(QStringLiteral("skopeo is needed to push test images"));
    // Our own policy: the machine's /etc/containers/policy.json may demand signatures.
    QFile policy(path(QStringLiteral("policy.json")));
    const QByteArray acceptAnything = R"({"default":[{"type":"insecureAcceptAnything"}]})";
    if (!policy.open(QIODevice::WriteOnly) || policy.write(acceptAnything) != acceptAnything.size())
        return registryError(QStringLiteral("could not write %1").arg(policy.fileName()));
    policy.close();
    QStringList arguments{QStringLiteral("--policy"),
                          policy.fileName(),
                          QStringLiteral("copy"),
                          QStringLiteral("--quiet"),
                          QStringLiteral("--all"),
                          QStringLiteral("--preserve-digests"),
                          QStringLiteral("--dest-tls-verify=false")};
    if (!m_accounts.isEmpty())
        arguments << QStringLiteral("--dest-creds")
                  << m_accounts.first().user + QLatin1Char(':') + m_accounts.first().password;
    arguments << QStringLiteral("oci:%1:%2").arg(layout, refName)
              << QStringLiteral("docker://%1/%2").arg(host(), imageName);
    if (const auto copied = run(skopeo, arguments); !copied)
        return copied.error();
    return {};
}

void DockerRegistry::writeAuthFile(const QString& path, const QString& key, const QString& user,
                                   const QString& secret) {
    const QJsonObject entry{
        {QStringLiteral("auth"), QString::fromLatin1((user + u':' + secret).toUtf8().toBase64())}};
    const QByteArray text =
        QJsonDocument(QJsonObject{{QStringLiteral("auths"), QJsonObject{{key, entry}}}}).toJson();
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size())
        qFatal("cannot write %s", qPrintable(path));
}

QString DockerRegistry::log() const {
    QFile file(path(QStringLiteral("registry.log")));
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()).right(4000)
                                          : QString();
}

} // namespace fd::testsupport

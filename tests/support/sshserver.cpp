#include "sshserver.h"

#include "serverprocess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <csignal>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fd::testsupport {

using fd::core::Error;
using fd::core::Result;

namespace {

constexpr int startTimeoutMs = 15000;

Error sshError(const QString& message) {
    return Error{Error::Kind::Io, message, QStringLiteral("SshServer")};
}

/** Connects and reads the identification line every SSH server sends first. */
bool bannerAnswers(quint16 port) {
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(200))
        return false;
    const QDeadlineTimer deadline(2000);
    while (!socket.canReadLine() && !deadline.hasExpired()) {
        if (!socket.waitForReadyRead(static_cast<int>(deadline.remainingTime())))
            break;
    }
    return socket.canReadLine() && socket.readLine().startsWith("SSH-2.0-");
}

QString currentUser() {
    const passwd* entry = ::getpwuid(::geteuid());
    return entry ? QString::fromLocal8Bit(entry->pw_name) : QString();
}

/** Where git-upload-pack and git-receive-pack are: beside `git`, and git's exec path. */
QString gitSessionPath() {
    QStringList folders;
    const QString git = QStandardPaths::findExecutable(QStringLiteral("git"));
    if (!git.isEmpty()) {
        folders.append(QFileInfo(git).absolutePath());
        QProcess execPath;
        execPath.start(git, {QStringLiteral("--exec-path")});
        if (execPath.waitForFinished(5000) && execPath.exitCode() == 0)
            folders.append(QString::fromLocal8Bit(execPath.readAllStandardOutput()).trimmed());
    }
    folders << QStringLiteral("/usr/local/bin") << QStringLiteral("/usr/bin")
            << QStringLiteral("/bin");
    folders.removeDuplicates();
    return folders.join(u':');
}

Result<QByteArray>
runTool(const QString& program, const QStringList& arguments,
        const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment()) {
    QProcess process;
    process.setProcessEnvironment(environment);
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(program, arguments);
    if (!process.waitForFinished(startTimeoutMs) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0)
        return sshError(QStringLiteral("%1 %2 failed: %3 %4")
                            .arg(program, arguments.join(u' '), process.errorString(),
                                 QString::fromLocal8Bit(process.readAllStandardError())));
    return process.readAllStandardOutput();
}

Result<QByteArray> readAll(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return sshError(QStringLiteral("could not read %1").arg(path));
    return file.readAll();
}

} // namespace

SshServer::SshServer()
    : m_user(currentUser()) {}

SshServer::~SshServer() {
    stop();
}

Result<void> SshServer::checkAvailable() {
    if (ServerProcess::findSystemProgram(QStringLiteral("sshd")).isEmpty())
        return sshError(QStringLiteral("sshd is not installed (Debian: openssh-server)"));
    if (ServerProcess::findSystemProgram(QStringLiteral("ssh-keygen")).isEmpty())
        return sshError(QStringLiteral("ssh-keygen is not installed (Debian: openssh-client)"));
    return {};
}

Result<QString> SshServer::generateKey(const QString& privateKeyFile, const QString& passphrase) {
    QFile::remove(privateKeyFile);
    QFile::remove(privateKeyFile + QStringLiteral(".pub"));
    const auto generated =
        runTool(ServerProcess::findSystemProgram(QStringLiteral("ssh-keygen")),
                {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"),
                 QStringLiteral("-N"), passphrase, QStringLiteral("-C"),
                 QStringLiteral("freightdesk-test"), QStringLiteral("-f"), privateKeyFile});
    if (!generated)
        return generated.error();
    const auto publicKey = readAll(privateKeyFile + QStringLiteral(".pub"));
    if (!publicKey)
        return publicKey.error();
    return QString::fromUtf8(publicKey->trimmed());
}

QString SshServer::path(const QString& name) const {
    return m_directory.filePath(name);
}

QString SshServer::knownHostsLine() const {
    return QStringLiteral("[127.0.0.1]:%1 %2").arg(m_port).arg(m_hostKey);
}

QString SshServer::url(const QString& absolutePath) const {
    return QStringLiteral("ssh://%1@127.0.0.1:%2%3").arg(m_user).arg(m_port).arg(absolutePath);
}

QString SshServer::log() const {
    const auto text = readAll(path(QStringLiteral("sshd.log")));
    return text ? QString::fromLocal8Bit(*text) : QString();
}

bool SshServer::isRunning() const {
    return m_sshd && m_sshd->state() == QProcess::Running;
}

Result<void> SshServer::addAuthorizedKey(const QString& publicKeyText) {
    QFile file(path(QStringLiteral("authorized_keys")));
    const QByteArray line = publicKeyText.trimmed().toUtf8() + '\n';
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append) || file.write(line) != line.size())
        return sshError(QStringLiteral("could not write %1").arg(file.fileName()));
    return {};
}

Result<void> SshServer::start() {
    if (isRunning())
        return {};
    if (auto available = checkAvailable(); !available)
        return available;
    if (!m_directory.isValid())
        return sshError(QStringLiteral("no temporary folder: %1").arg(m_directory.errorString()));
    if (m_user.isEmpty())
        return sshError(QStringLiteral("no user name for uid %1").arg(::geteuid()));
    // As root sshd chroots its unprivileged child there and will not start without it; the
    // Debian package creates it only when its service starts.
    if (::geteuid() == 0 && !QFileInfo::exists(QStringLiteral("/run/sshd"))) {
        if (!QDir().mkpath(QStringLiteral("/run/sshd")) || ::chmod("/run/sshd", 0755) != 0)
            return sshError(QStringLiteral("could not create /run/sshd"));
    }
    const QString hostKeyFile = path(QStringLiteral("ssh_host_ed25519_key"));
    if (!QFileInfo::exists(hostKeyFile)) {
        const auto hostKey = generateKey(hostKeyFile);
        if (!hostKey)
            return hostKey.error();
        m_hostKey = hostKey->section(u' ', 0, 1);
    }
    if (QFile keys(path(QStringLiteral("authorized_keys")));
        !keys.open(QIODevice::WriteOnly | QIODevice::Append))
        return sshError(QStringLiteral("could not create %1").arg(keys.fileName()));
    // A port picked free can be taken before sshd binds it: try a few.
    Result<void> started = sshError(QStringLiteral("sshd did not start"));
    for (int attempt = 0; attempt < 3 && !started; ++attempt)
        started = startSshd();
    return started;
}

void SshServer::stop() {
    if (m_sshd)
        ServerProcess::killGroup(*m_sshd);
    m_sshd.reset();
}

Result<void> SshServer::writeConfig() {
    // Public keys only, for this user only, nothing from /etc/ssh. SetEnv overrides the session
    // environment sshd builds, so the git commands are found, and the server-side git ignores
    // the real user's and the system's Git config.
    const QString config =
        QStringLiteral("ListenAddress 127.0.0.1:%1\n"
                       "HostKey \"%2\"\n"
                       "PidFile \"%3\"\n"
                       "AuthorizedKeysFile \"%4\"\n"
                       "AllowUsers %5\n"
                       "StrictModes no\n"
                       "UsePAM no\n"
                       "PasswordAuthentication no\n"
                       "KbdInteractiveAuthentication no\n"
                       "PubkeyAuthentication yes\n"
                       "PermitRootLogin prohibit-password\n"
                       "AllowAgentForwarding no\n"
                       "AllowTcpForwarding no\n"
                       "X11Forwarding no\n"
                       "PrintMotd no\n"
                       "UseDNS no\n"
                       "LogLevel VERBOSE\n"
                       "SetEnv PATH=%6 GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null\n")
            .arg(m_port)
            .arg(path(QStringLiteral("ssh_host_ed25519_key")), path(QStringLiteral("sshd.pid")),
                 path(QStringLiteral("authorized_keys")), m_user, gitSessionPath());
    QFile file(path(QStringLiteral("sshd_config")));
    const QByteArray bytes = config.toUtf8();
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
        return sshError(QStringLiteral("could not write %1").arg(file.fileName()));
    return {};
}

Result<void> SshServer::startSshd() {
    m_port = ServerProcess::pickFreePort();
    if (m_port == 0)
        return sshError(QStringLiteral("no free port on 127.0.0.1"));
    if (auto written = writeConfig(); !written)
        return written;

    m_sshd = std::make_unique<QProcess>();
    ServerProcess::detachIntoOwnGroup(*m_sshd);
    // A file, not a pipe: nobody reads a pipe while libgit2 blocks, and a full one stalls sshd.
    m_sshd->setProcessChannelMode(QProcess::MergedChannels);
    m_sshd->setStandardOutputFile(path(QStringLiteral("sshd.log")), QIODevice::Append);
    m_sshd->setStandardInputFile(QProcess::nullDevice());
    m_sshd->start(ServerProcess::findSystemProgram(QStringLiteral("sshd")),
                  {QStringLiteral("-D"), QStringLiteral("-e"), QStringLiteral("-f"),
                   path(QStringLiteral("sshd_config"))});
    if (!m_sshd->waitForStarted(startTimeoutMs))
        return sshError(QStringLiteral("sshd did not start: %1").arg(m_sshd->errorString()));
    const QDeadlineTimer deadline(startTimeoutMs);
    while (!deadline.hasExpired() && m_sshd->state() == QProcess::Running) {
        if (bannerAnswers(m_port))
            return {};
        QTest::qWait(20);
    }
    stop();
    return sshError(
        QStringLiteral("sshd did not answer on port %1: %2").arg(m_port).arg(log().right(2000)));
}

SshAgent::SshAgent()
    : m_directory(QDir::tempPath() + QStringLiteral("/fd-agent-XXXXXX")) {}

SshAgent::~SshAgent() {
    stop();
}

QString SshAgent::socketPath() const {
    // Short on purpose: a unix socket path has at most 107 bytes.
    return m_directory.filePath(QStringLiteral("agent"));
}

Result<void> SshAgent::start() {
    if (m_agent && m_agent->state() == QProcess::Running)
        return {};
    const QString program = ServerProcess::findSystemProgram(QStringLiteral("ssh-agent"));
    if (program.isEmpty())
        return sshError(QStringLiteral("ssh-agent is not installed (Debian: openssh-client)"));
    if (!m_directory.isValid())
        return sshError(QStringLiteral("no temporary folder: %1").arg(m_directory.errorString()));
    m_agent = std::make_unique<QProcess>();
    ServerProcess::detachIntoOwnGroup(*m_agent);
    m_agent->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_agent->setStandardOutputFile(QProcess::nullDevice());
    m_agent->start(program, {QStringLiteral("-D"), QStringLiteral("-a"), socketPath()});
    if (!m_agent->waitForStarted(startTimeoutMs))
        return sshError(QStringLiteral("ssh-agent did not start: %1").arg(m_agent->errorString()));
    if (!QTest::qWaitFor(
            [&] {
                return QFileInfo::exists(socketPath()) || m_agent->state() != QProcess::Running;
            },
            startTimeoutMs) ||
        !QFileInfo::exists(socketPath())) {
        stop();
        return sshError(QStringLiteral("ssh-agent did not create %1").arg(socketPath()));
    }
    return {};
}

void SshAgent::stop() {
    if (m_agent)
        ServerProcess::killGroup(*m_agent);
    m_agent.reset();
}

Result<void> SshAgent::addKey(const QString& privateKeyFile) {
    const QString program = ServerProcess::findSystemProgram(QStringLiteral("ssh-add"));
    if (program.isEmpty())
        return sshError(QStringLiteral("ssh-add is not installed (Debian: openssh-client)"));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("SSH_AUTH_SOCK"), socketPath());
    environment.remove(QStringLiteral("SSH_ASKPASS"));
    environment.remove(QStringLiteral("DISPLAY"));
    const auto added = runTool(program, {privateKeyFile}, environment);
    if (!added)
        return added.error();
    return {};
}

} // namespace fd::testsupport

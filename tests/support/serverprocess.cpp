#include "serverprocess.h"

#include <QDeadlineTimer>
#include <QFileInfo>
#include <QHostAddress>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

namespace fd::testsupport {

QString ServerProcess::findSystemProgram(const QString& name) {
    QString found = QStandardPaths::findExecutable(name);
    if (found.isEmpty())
        found = QStandardPaths::findExecutable(name, {QStringLiteral("/usr/sbin"),
                                                      QStringLiteral("/usr/local/sbin"),
                                                      QStringLiteral("/sbin")});
    // sshd re-executes itself for every connection and refuses to start from a relative path.
    return found.isEmpty() ? QString() : QFileInfo(found).absoluteFilePath();
}

void ServerProcess::detachIntoOwnGroup(QProcess& process) {
    process.setChildProcessModifier([] {
        ::setsid();
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    });
}

void ServerProcess::killGroup(QProcess& process, int timeoutMs) {
    const qint64 pid = process.processId();
    if (process.state() != QProcess::NotRunning) {
        if (pid <= 1 || ::kill(static_cast<pid_t>(-pid), SIGTERM) != 0)
            process.terminate();
        if (!process.waitForFinished(timeoutMs)) {
            if (pid <= 1 || ::kill(static_cast<pid_t>(-pid), SIGKILL) != 0)
                process.kill();
            process.waitForFinished(timeoutMs);
        }
    }
    if (pid > 1)
        ::kill(static_cast<pid_t>(-pid), SIGKILL); // a child (CGI, session) still in the group
}

quint16 ServerProcess::pickFreePort() {
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

bool ServerProcess::waitUntilListening(const QProcess& process, quint16 port, int timeoutMs) {
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired() && process.state() == QProcess::Running) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        if (socket.waitForConnected(200))
            return true;
        QTest::qWait(20);
    }
    return false;
}

} // namespace fd::testsupport

#pragma once

#include <QProcess>
#include <QString>

namespace fd::testsupport {

/** What the test servers (nginx, fcgiwrap, sshd) need to run as well-behaved child processes. */
class ServerProcess final {
public:
    /** @p name on PATH or in the sbin folders; an absolute path, or empty when not installed. */
    static QString findSystemProgram(const QString& name);
    /** Own process group (so killGroup() reaches its children too), and death with the test. */
    static void detachIntoOwnGroup(QProcess& process);
    /** SIGTERM to the group, then SIGKILL after @p timeoutMs; always kills stragglers. */
    static void killGroup(QProcess& process, int timeoutMs = 3000);
    /** A port on 127.0.0.1 that was free a moment ago; 0 if none could be had. */
    static quint16 pickFreePort();
    /** Whether @p port on 127.0.0.1 accepts a connection before @p process exits or time is up. */
    static bool waitUntilListening(const QProcess& process, quint16 port, int timeoutMs);
};

} // namespace fd::testsupport

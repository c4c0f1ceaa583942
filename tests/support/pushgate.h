#pragma once

#include "result.h"

#include <QByteArray>
#include <QMap>
#include <QString>

namespace fd::testsupport {

/**
 * Holds one push inside a bare repository's pre-receive hook, so a test can act while the push
 * is in flight: the pack has arrived, the ref is not yet updated, and the pusher is waiting.
 *
 * arm() makes the next push (through any transport that runs hooks: HTTP, or a local `git push`)
 * stop in the hook; waitUntilHeld() returns once it does; release() lets the hook accept or
 * refuse it. Pushes made with FREIGHTDESK_GATE_BYPASS set in their environment pass straight
 * through, so the test itself can push "concurrently" through a local path. The hook gives up
 * (refusing) after a minute so a failed test never leaves a server process behind.
 */
class PushGate final {
public:
    /** Installs the hook in @p bareRepository; @p stateDirectory holds the gate's marker files. */
    PushGate(QString bareRepository, QString stateDirectory);

    bool install() const;
    void arm() const;
    /** True once the armed push waits in the hook (polled, at most @p timeoutMs). */
    bool waitUntilHeld(int timeoutMs = 30000) const;
    void release(bool accept) const;

    /** Someone else's commit on main of @p bareRepository, pushed straight past any gate. */
    static fd::core::Result<QString>
    commitPast(const QString& bareRepository, const QMap<QString, QByteArray>& files,
               const QString& message = QStringLiteral("Hand edit"));

private:
    QString marker(const char* name) const;

    QString m_repository;
    QString m_state;
};

} // namespace fd::testsupport

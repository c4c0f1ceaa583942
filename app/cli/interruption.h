#pragma once

#include <QObject>
#include <QTimer>

#include <functional>

namespace fd::app {

/**
 * Ctrl-C and SIGTERM for a command that runs an event loop: while it exists, either signal calls
 * @p onInterrupt once on the loop's thread (a signal handler may only set a flag, so a timer
 * looks at it). The default handlers come back when it goes.
 */
class Interruption final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Interruption)

public:
    explicit Interruption(std::function<void()> onInterrupt, QObject* parent = nullptr);
    ~Interruption() override;

private:
    std::function<void()> m_onInterrupt;
    QTimer m_timer;
};

} // namespace fd::app

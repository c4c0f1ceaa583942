#include "interruption.h"

#include <csignal>

namespace fd::app {

namespace {

volatile std::sig_atomic_t interrupted = 0;

void onSignal(int) {
    interrupted = 1;
}

} // namespace

Interruption::Interruption(std::function<void()> onInterrupt, QObject* parent)
    : QObject(parent)
    , m_onInterrupt(std::move(onInterrupt)) {
    interrupted = 0;
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (!interrupted)
            return;
        interrupted = 0;
        m_onInterrupt();
    });
    m_timer.start(100);
}

Interruption::~Interruption() {
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
}

} // namespace fd::app

#pragma once

// Private to core: connect and inactivity timeouts for libgit2's network connections. libgit2 1.5
// has no such option (GIT_OPT_SET_SERVER_TIMEOUT arrived in 1.7), so a server that accepts a
// connection and never answers would block a fetch or push forever.

#include <QString>

#include <chrono>
#include <optional>

namespace fd::core {

/**
 * Replaces libgit2's plain TCP stream with one that waits at most the active timeouts (see
 * NetworkTimeoutScope) to connect and for each read or write to make progress. Every TLS backend
 * of libgit2 layers on the plain stream, so https is covered as well as http and git://.
 * Called once by ensureLibgit2(), after git_libgit2_init(); a no-op on Windows, where libgit2's
 * own stream stays in place (no timeouts there).
 */
void registerTimeoutStream();

struct NetworkTimeouts final {
    std::chrono::milliseconds connect{30000};
    std::chrono::milliseconds io{30000};
};

/** Which wait ran out, and after how long. */
struct NetworkTimeout final {
    enum class Phase { Connect, Io };
    Phase phase = Phase::Io;
    std::chrono::milliseconds limit{0};
};

/**
 * The timeouts for connections libgit2 opens on this thread while the scope lives, and the first
 * timeout one of them ran into. Thread-local rather than global: libgit2 does a transfer's
 * network I/O on the calling thread, while repositories with different options may transfer on
 * several threads at once. Outside any scope the defaults of NetworkTimeouts apply. Scopes nest.
 */
class NetworkTimeoutScope final {
public:
    explicit NetworkTimeoutScope(NetworkTimeouts timeouts);
    ~NetworkTimeoutScope();
    NetworkTimeoutScope(const NetworkTimeoutScope&) = delete;
    NetworkTimeoutScope& operator=(const NetworkTimeoutScope&) = delete;

    /** Set when a connect, read or write ran out of time during this scope. */
    std::optional<NetworkTimeout> timeout() const { return m_timeout; }

    /** The timeouts of this thread's innermost scope, or the defaults. */
    static NetworkTimeouts active();
    /** Records @p timeout in this thread's innermost scope (the first one wins). */
    static void report(NetworkTimeout timeout);

private:
    NetworkTimeouts m_timeouts;
    std::optional<NetworkTimeout> m_timeout;
    NetworkTimeoutScope* m_previous = nullptr;
};

} // namespace fd::core

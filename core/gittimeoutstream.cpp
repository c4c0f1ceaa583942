#include "gittimeoutstream.h"

#include <git2.h>
#include <git2/sys/stream.h>

#ifndef _WIN32
#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstddef>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <type_traits>
#include <utility>

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>
#endif

namespace fd::core {

namespace {

thread_local NetworkTimeoutScope* t_scope = nullptr;

} // namespace

NetworkTimeoutScope::NetworkTimeoutScope(NetworkTimeouts timeouts)
    : m_timeouts(timeouts)
    , m_previous(t_scope) {
    t_scope = this;
}

NetworkTimeoutScope::~NetworkTimeoutScope() {
    t_scope = m_previous;
}

NetworkTimeouts NetworkTimeoutScope::active() {
    return t_scope ? t_scope->m_timeouts : NetworkTimeouts{};
}

void NetworkTimeoutScope::report(NetworkTimeout timeout) {
    if (t_scope && !t_scope->m_timeout)
        t_scope->m_timeout = timeout;
}

#ifndef _WIN32

namespace {

using Clock = std::chrono::steady_clock;

/**
 * Laid out like libgit2's internal git_socket_stream {git_stream parent; char *host; char *port;
 * GIT_SOCKET s;}: libgit2 1.5's SSH transport takes the socket out of whatever stream the
 * registry made (GIT_CONTAINER_OF(io, git_socket_stream, parent)->s) and hands it to libssh2.
 * So `fd` must sit there, and it stays in blocking mode once connected (libssh2 expects that);
 * our reads and writes pass MSG_DONTWAIT after poll() instead. SSH therefore keeps working but
 * gets only the connect timeout.
 */
struct TimeoutStream final {
    git_stream parent;
    char* host;
    char* port;
    int fd;
    // Ours, after the prefix shared with libgit2.
    std::string hostName;
    std::string portName;

    TimeoutStream(const char* hostArg, const char* portArg)
        : parent{}
        , host(nullptr)
        , port(nullptr)
        , fd(-1)
        , hostName(hostArg)
        , portName(portArg) {
        host = hostName.data();
        port = portName.data();
    }
    ~TimeoutStream() { closeSocket(); }
    TimeoutStream(const TimeoutStream&) = delete;
    TimeoutStream& operator=(const TimeoutStream&) = delete;

    int closeSocket() {
        const int rc = fd >= 0 ? ::close(fd) : 0;
        fd = -1;
        return rc;
    }
};
static_assert(std::is_standard_layout_v<TimeoutStream>);
static_assert(offsetof(TimeoutStream, parent) == 0);
static_assert(offsetof(TimeoutStream, host) == sizeof(git_stream));
static_assert(offsetof(TimeoutStream, fd) == sizeof(git_stream) + 2 * sizeof(char*));

TimeoutStream* self(git_stream* stream) {
    return reinterpret_cast<TimeoutStream*>(stream);
}

/** Closes a socket that has not been handed to a stream yet. */
class SocketGuard final {
public:
    explicit SocketGuard(int fd)
        : m_fd(fd) {}
    ~SocketGuard() {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    SocketGuard(const SocketGuard&) = delete;
    SocketGuard& operator=(const SocketGuard&) = delete;
    int get() const { return m_fd; }
    int release() { return std::exchange(m_fd, -1); }

private:
    int m_fd;
};

enum class Wait { Ready, TimedOut, Failed };

/** Waits until @p fd is ready for @p events or @p deadline passes; errno is set on Failed. */
Wait waitFor(int fd, short events, Clock::time_point deadline) {
    for (;;) {
        const auto left =
            std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0)
            return Wait::TimedOut;
        pollfd entry{fd, events, 0};
        const int rc = ::poll(&entry, 1, static_cast<int>(std::min<long long>(left, INT_MAX)));
        if (rc > 0)
            return Wait::Ready; // errors and hang-ups surface in the next recv/send/getsockopt
        if (rc < 0 && errno != EINTR)
            return Wait::Failed;
    }
}

bool setNonBlocking(int fd, bool on) {
    const int flags = ::fcntl(fd, F_GETFL, 0);
    return flags >= 0 &&
           ::fcntl(fd, F_SETFL, on ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK)) == 0;
}

int openSocket(const addrinfo& address) {
#ifdef SOCK_CLOEXEC
    const int fd =
        ::socket(address.ai_family, address.ai_socktype | SOCK_CLOEXEC, address.ai_protocol);
#else
    const int fd = ::socket(address.ai_family, address.ai_socktype, address.ai_protocol);
    if (fd >= 0)
        ::fcntl(fd, F_SETFD, FD_CLOEXEC);
#endif
#ifdef SO_NOSIGPIPE // macOS and the BSDs lack MSG_NOSIGNAL
    if (fd >= 0) {
        const int on = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &on, sizeof on);
    }
#endif
    return fd;
}

/** 0 when connected, else an errno value; ETIMEDOUT also when our deadline passed. */
int connectBefore(int fd, const addrinfo& address, Clock::time_point deadline,
                  bool& deadlinePassed) {
    if (!setNonBlocking(fd, true))
        return errno;
    if (::connect(fd, address.ai_addr, address.ai_addrlen) != 0) {
        // After EINTR a non-blocking connect carries on in the background, like EINPROGRESS.
        if (errno != EINPROGRESS && errno != EINTR)
            return errno;
        switch (waitFor(fd, POLLOUT, deadline)) {
        case Wait::Ready:
            break;
        case Wait::TimedOut:
            deadlinePassed = true;
            return ETIMEDOUT;
        case Wait::Failed:
            return errno;
        }
        int error = 0;
        socklen_t size = sizeof error;
        if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) != 0)
            return errno;
        if (error != 0)
            return error;
    }
    return setNonBlocking(fd, false) ? 0 : errno;
}

int streamConnect(git_stream* stream) {
    TimeoutStream* st = self(stream);
    const std::chrono::milliseconds limit = NetworkTimeoutScope::active().connect;
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* raw = nullptr;
    // Name resolution blocks for as long as the resolver's own timeouts (resolv.conf) allow.
    if (const int rc = ::getaddrinfo(st->host, st->port, &hints, &raw); rc != 0) {
        git_error_set(GIT_ERROR_NET, "failed to resolve address for %s: %s", st->host,
                      ::gai_strerror(rc));
        return -1;
    }
    const std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> addresses(raw, &::freeaddrinfo);

    // One budget for all addresses: the user waits at most the connect timeout in total.
    const Clock::time_point deadline = Clock::now() + limit;
    int lastError = EHOSTUNREACH;
    bool deadlinePassed = false;
    for (const addrinfo* address = raw; address && !deadlinePassed; address = address->ai_next) {
        SocketGuard candidate(openSocket(*address));
        if (candidate.get() < 0) {
            lastError = errno;
            continue;
        }
        lastError = connectBefore(candidate.get(), *address, deadline, deadlinePassed);
        if (lastError == 0) {
            st->closeSocket();
            st->fd = candidate.release();
            return 0;
        }
    }
    if (deadlinePassed) {
        NetworkTimeoutScope::report({NetworkTimeout::Phase::Connect, limit});
        git_error_set(GIT_ERROR_NET, "could not connect to %s:%s within %lld ms", st->host,
                      st->port, static_cast<long long>(limit.count()));
    } else {
        git_error_set(GIT_ERROR_OS, "failed to connect to %s:%s: %s", st->host, st->port,
                      std::strerror(lastError));
    }
    return -1;
}

ssize_t ioTimedOut(TimeoutStream* st, std::chrono::milliseconds limit) {
    NetworkTimeoutScope::report({NetworkTimeout::Phase::Io, limit});
    git_error_set(GIT_ERROR_NET, "no answer from %s:%s for %lld ms", st->host, st->port,
                  static_cast<long long>(limit.count()));
    return -1;
}

ssize_t streamRead(git_stream* stream, void* data, size_t length) {
    TimeoutStream* st = self(stream);
    // An inactivity timeout: each call may wait the full limit, so a slow but moving transfer
    // of any size goes through.
    const std::chrono::milliseconds limit = NetworkTimeoutScope::active().io;
    const Clock::time_point deadline = Clock::now() + limit;
    for (;;) {
        const ssize_t received = ::recv(st->fd, data, length, MSG_DONTWAIT);
        if (received >= 0)
            return received;
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            break;
        const Wait wait = waitFor(st->fd, POLLIN, deadline);
        if (wait == Wait::TimedOut)
            return ioTimedOut(st, limit);
        if (wait == Wait::Failed)
            break;
    }
    git_error_set(GIT_ERROR_NET, "error receiving data from %s:%s: %s", st->host, st->port,
                  std::strerror(errno));
    return -1;
}

ssize_t streamWrite(git_stream* stream, const char* data, size_t length, int /*flags*/) {
    TimeoutStream* st = self(stream);
#ifdef MSG_NOSIGNAL
    constexpr int sendFlags = MSG_DONTWAIT | MSG_NOSIGNAL;
#else
    constexpr int sendFlags = MSG_DONTWAIT; // SO_NOSIGPIPE is set on the socket instead
#endif
    const std::chrono::milliseconds limit = NetworkTimeoutScope::active().io;
    const Clock::time_point deadline = Clock::now() + limit;
    for (;;) {
        const ssize_t sent = ::send(st->fd, data, length, sendFlags);
        if (sent >= 0)
            return sent; // libgit2 loops over partial writes
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            break;
        const Wait wait = waitFor(st->fd, POLLOUT, deadline);
        if (wait == Wait::TimedOut)
            return ioTimedOut(st, limit);
        if (wait == Wait::Failed)
            break;
    }
    git_error_set(GIT_ERROR_NET, "error sending data to %s:%s: %s", st->host, st->port,
                  std::strerror(errno));
    return -1;
}

int streamClose(git_stream* stream) {
    return self(stream)->closeSocket() == 0 ? 0 : -1;
}

void streamFree(git_stream* stream) {
    delete self(stream);
}

int streamInit(git_stream** out, const char* host, const char* port) {
    if (!out || !host || !port) {
        git_error_set(GIT_ERROR_INVALID, "no host or port to connect to");
        return -1;
    }
    TimeoutStream* st = nullptr;
    try {
        st = new TimeoutStream(host, port);
    } catch (const std::bad_alloc&) {
        git_error_set_oom();
        return -1;
    }
    st->parent.version = GIT_STREAM_VERSION;
    st->parent.connect = &streamConnect;
    st->parent.read = &streamRead;
    st->parent.write = &streamWrite;
    st->parent.close = &streamClose;
    st->parent.free = &streamFree;
    *out = &st->parent;
    return 0;
}

} // namespace

void registerTimeoutStream() {
    git_stream_registration registration{};
    registration.version = GIT_STREAM_VERSION;
    registration.init = &streamInit;
    // Should this fail, libgit2's own stream stays: transfers work, only without timeouts.
    git_stream_register(GIT_STREAM_STANDARD, &registration);
}

#else

void registerTimeoutStream() {}

#endif

} // namespace fd::core

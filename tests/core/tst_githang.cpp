// Fetch and push against servers that stop answering: the engine gives up after the configured
// timeouts with a Network error naming the server, and changes nothing. Normal transfers over a
// real Git HTTP server still work through the engine's own socket stream.

#include "gitrepository.h"
#include "gittestbed.h"

#include <QAtomicInt>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>

#include <chrono>
#include <future>
#include <memory>
#include <vector>

#ifdef Q_OS_LINUX
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

using namespace fd::core;
using namespace fd::testsupport;
using namespace std::chrono_literals;

namespace {

constexpr auto shortTimeout = 1000ms;
// Giving up "within the timeout" means well under this, even under AddressSanitizer.
constexpr qint64 boundMs = 10000;

/**
 * An HTTP server on 127.0.0.1 that accepts connections and then hangs, on its own thread (the
 * fetch under test blocks the test's thread). Silent never answers; StallsMidBody answers the
 * first request on a connection with headers and the start of a Git ref advertisement, then
 * stops, the way an overloaded server or a broken proxy does. Stopped by the destructor.
 */
class StallingServer final {
public:
    enum class Mode { Silent, StallsMidBody };

    explicit StallingServer(Mode mode) {
        std::promise<quint16> listening;
        std::future<quint16> port = listening.get_future();
        m_thread.reset(QThread::create([this, mode, &listening] {
            QTcpServer server;
            if (!server.listen(QHostAddress::LocalHost, 0)) {
                listening.set_value(0);
                return;
            }
            QObject::connect(&server, &QTcpServer::newConnection, &server, [&server, mode, this] {
                while (QTcpSocket* socket = server.nextPendingConnection()) {
                    m_connections.fetchAndAddRelaxed(1);
                    auto request = std::make_shared<QByteArray>();
                    QObject::connect(socket, &QTcpSocket::readyRead, socket,
                                     [socket, mode, request] {
                                         const bool complete = request->contains("\r\n\r\n");
                                         request->append(socket->readAll());
                                         if (mode == Mode::StallsMidBody && !complete &&
                                             request->contains("\r\n\r\n"))
                                             socket->write(partialAdvertisement());
                                     });
                }
            });
            listening.set_value(server.serverPort());
            QEventLoop loop; // QThread::quit() ends it
            loop.exec();
        }));
        m_thread->start();
        m_port = port.get();
    }
    ~StallingServer() {
        m_thread->quit();
        m_thread->wait();
    }
    StallingServer(const StallingServer&) = delete;
    StallingServer& operator=(const StallingServer&) = delete;

    bool isListening() const { return m_port != 0; }
    QString url(const QString& repository) const {
        return QStringLiteral("http://127.0.0.1:%1/%2").arg(m_port).arg(repository);
    }
    int connections() const { return m_connections.loadRelaxed(); }

private:
    static QByteArray partialAdvertisement() {
        // Promises 4 KiB; sends the service line and the flush after it, then nothing.
        return "HTTP/1.1 200 OK\r\n"
               "Content-Type: application/x-git-upload-pack-advertisement\r\n"
               "Cache-Control: no-cache\r\n"
               "Content-Length: 4096\r\n"
               "\r\n"
               "001e# service=git-upload-pack\n"
               "0000";
    }

    std::unique_ptr<QThread> m_thread;
    quint16 m_port = 0;
    QAtomicInt m_connections;
};

#ifdef Q_OS_LINUX
/** A file descriptor closed when it goes out of scope. */
class Fd final {
public:
    explicit Fd(int fd = -1)
        : m_fd(fd) {}
    ~Fd() {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    Fd(Fd&& other) noexcept
        : m_fd(std::exchange(other.m_fd, -1)) {}
    Fd& operator=(Fd&&) = delete;
    int get() const { return m_fd; }

private:
    int m_fd;
};

/**
 * A listening socket whose accept queue is full, so the kernel drops further SYNs and a connect
 * to it hangs: a server that cannot be reached, without needing a real network.
 */
class FullBacklog final {
public:
    FullBacklog()
        : m_listener(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t size = sizeof address;
        if (::bind(m_listener.get(), reinterpret_cast<sockaddr*>(&address), size) != 0 ||
            ::listen(m_listener.get(), 0) != 0 ||
            ::getsockname(m_listener.get(), reinterpret_cast<sockaddr*>(&address), &size) != 0)
            return;
        m_port = ntohs(address.sin_port);
        // Fill the queue until a connect no longer completes (a bounded wait, not a sleep).
        for (int i = 0; i < 16; ++i) {
            Fd client(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
            ::connect(client.get(), reinterpret_cast<sockaddr*>(&address), sizeof address);
            pollfd entry{client.get(), POLLOUT, 0};
            if (::poll(&entry, 1, 300) == 0) {
                m_full = true; // this one hangs; closing it leaves the queue full
                return;
            }
            m_clients.push_back(std::move(client));
        }
    }
    bool isFull() const { return m_full; }
    QString url(const QString& repository) const {
        return QStringLiteral("http://127.0.0.1:%1/%2").arg(m_port).arg(repository);
    }

private:
    Fd m_listener;
    std::vector<Fd> m_clients;
    quint16 m_port = 0;
    bool m_full = false;
};
#endif

} // namespace

class TestGitHang final : public QObject {
    Q_OBJECT

private:
    GitTestBed m_bed;

    GitRepositoryOptions shortOptions() const {
        GitRepositoryOptions options = m_bed.options();
        options.connectTimeout = shortTimeout;
        options.ioTimeout = shortTimeout;
        return options;
    }

private Q_SLOTS:
    void initTestCase() { FD_VERIFY_OK(m_bed.start()); }

    void hangingServerFailsFetch_data() {
        QTest::addColumn<StallingServer::Mode>("mode");
        QTest::newRow("accepts, never answers") << StallingServer::Mode::Silent;
        QTest::newRow("stalls mid-body") << StallingServer::Mode::StallsMidBody;
    }

    void hangingServerFailsFetch() {
        QFETCH(StallingServer::Mode, mode);
        StallingServer server(mode);
        QVERIFY(server.isListening());
        const QString url = server.url(QStringLiteral("x.git"));
        const auto opened = GitRepository::open(url, shortOptions());
        FD_VERIFY_OK(opened);

        QElapsedTimer timer;
        timer.start();
        const auto fetched = (*opened)->fetch(QStringLiteral("main"));
        const qint64 elapsed = timer.elapsed();
        FD_VERIFY_ERROR(fetched, Error::Kind::Network);
        QVERIFY2(elapsed >= 900 && elapsed < boundMs, qPrintable(QString::number(elapsed)));
        QVERIFY(server.connections() >= 1);
        const QString& message = fetched.error().message;
        QVERIFY2(message.contains(QStringLiteral("no answer from %1 for 1 s").arg(url)),
                 qPrintable(message));
        QCOMPARE(fetched.error().location, QStringLiteral("refs/heads/main"));
        // Nothing recorded.
        QVERIFY(TestRepos::revParse((*opened)->gitDirectory(),
                                    GitRepository::trackingRef(QStringLiteral("main")))
                    .isEmpty());
    }

    void hangingServerFailsPush() {
        // A clone made from a real repository whose origin then points at a hanging server.
        const QString source = m_bed.uniquePath(QStringLiteral("source")) + QStringLiteral(".git");
        const auto initial = TestRepos::createBare(source, GitTestBed::initialFiles());
        FD_VERIFY_OK(initial);
        const auto clone = TestRepos::clone(source, m_bed.uniquePath(QStringLiteral("clone")));
        FD_VERIFY_OK(clone);
        StallingServer server(StallingServer::Mode::Silent);
        QVERIFY(server.isListening());
        const QString url = server.url(QStringLiteral("x.git"));
        QVERIFY(TestRepos::git({QStringLiteral("remote"), QStringLiteral("set-url"),
                                QStringLiteral("origin"), url},
                               *clone)
                    .ok());
        const QString refsBefore = refsOf(*clone);
        const auto opened = GitRepository::open(*clone, shortOptions());
        FD_VERIFY_OK(opened);
        const auto commit = (*opened)->createCommit(
            *initial, {{GitTestBed::valuesPath, "image:\n  tag: 2.0.0\n"}}, QStringLiteral("Bump"));
        FD_VERIFY_OK(commit);

        QElapsedTimer timer;
        timer.start();
        const auto pushed = (*opened)->push(*commit, QStringLiteral("main"));
        const qint64 elapsed = timer.elapsed();
        FD_VERIFY_ERROR(pushed, Error::Kind::Network);
        QVERIFY2(elapsed >= 900 && elapsed < boundMs, qPrintable(QString::number(elapsed)));
        QVERIFY2(pushed.error().message.contains(QStringLiteral("no answer from %1").arg(url)),
                 qPrintable(pushed.error().message));
        QCOMPARE(pushed.error().location, QStringLiteral("refs/heads/main"));
        // The tracking ref did not move and the temporary push ref is gone.
        QCOMPARE(refsOf(*clone), refsBefore);
    }

    void unreachableServerFailsAfterConnectTimeout() {
#ifdef Q_OS_LINUX
        FullBacklog backlog;
        if (!backlog.isFull())
            QSKIP("the kernel kept accepting connections; no hanging connect to test with");
        const QString url = backlog.url(QStringLiteral("x.git"));
        const auto opened = GitRepository::open(url, shortOptions());
        FD_VERIFY_OK(opened);

        QElapsedTimer timer;
        timer.start();
        const auto fetched = (*opened)->fetch(QStringLiteral("main"));
        const qint64 elapsed = timer.elapsed();
        FD_VERIFY_ERROR(fetched, Error::Kind::Network);
        QVERIFY2(elapsed >= 900 && elapsed < boundMs, qPrintable(QString::number(elapsed)));
        QVERIFY2(fetched.error().message.contains(
                     QStringLiteral("could not connect to %1 within 1 s").arg(url)),
                 qPrintable(fetched.error().message));
#else
        QSKIP("needs Linux's behaviour when a listen backlog is full");
#endif
    }

    void fetchAndPushStillWork() {
        // A real Git smart-HTTP server, through the engine's socket stream, with short timeouts
        // that a working server never comes near.
        const QString name = m_bed.serverRepository();
        m_bed.useCredentialStore(m_bed.user(), m_bed.password());
        GitRepositoryOptions options = m_bed.options();
        options.connectTimeout = 5s;
        options.ioTimeout = 5s;
        const auto opened = GitRepository::open(m_bed.server().url(name), options);
        FD_VERIFY_OK(opened);
        GitRepository& repository = **opened;
        const auto tip = repository.fetch(QStringLiteral("main"));
        FD_VERIFY_OK(tip);
        const auto commit = repository.createCommit(
            *tip, {{GitTestBed::valuesPath, "image:\n  tag: 3.0.0\n"}}, QStringLiteral("Promote"));
        FD_VERIFY_OK(commit);
        FD_VERIFY_OK(repository.push(*commit, QStringLiteral("main")));
        QCOMPARE(TestRepos::revParse(m_bed.serverPath(name), QStringLiteral("main")), *commit);
        QCOMPARE(repository.fetch(QStringLiteral("main")).value(), *commit);
    }
};

QTEST_GUILESS_MAIN(TestGitHang)
#include "tst_githang.moc"

#include "keychainstore.h"

#include <qt6keychain/keychain.h>

#include <functional>
#include <memory>

#include <QCoreApplication>
#include <QEventLoop>
#include <QSemaphore>
#include <QThread>
#include <QTimer>

namespace fd::core {

namespace {

/**
 * Runs @p job to its end or to the timeout. On time-out the job is still pending inside the
 * backend, whose callback would use a deleted job: it is left to delete itself when it finishes.
 * Returns false on time-out.
 */
bool runJob(QKeychain::Job* job, std::chrono::milliseconds timeout) {
    job->setAutoDelete(false);
    QEventLoop loop;
    bool finished = false;
    QObject::connect(job, &QKeychain::Job::finished, &loop, [&] {
        finished = true;
        loop.quit();
    });
    QTimer::singleShot(timeout, &loop, &QEventLoop::quit);
    job->start();
    if (!finished) // some backends finish synchronously inside start()
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    if (!finished) {
        QObject::disconnect(job, nullptr, &loop, nullptr);
        job->setAutoDelete(true);
    }
    return finished;
}

Error keychainError(const QString& what, const QString& key, const QString& detail) {
    return Error{Error::Kind::Io,
                 QStringLiteral("could not %1 in the keychain: %2").arg(what, detail), key};
}

bool haveEventLoop() {
    return QCoreApplication::instance() != nullptr;
}

/**
 * Runs @p work on the application's thread and waits for it (at most @p timeout and a second).
 * The backends answer through that thread's event loop (libsecret through GLib's default
 * context), so a job started on a worker (a fetch's credential lookup) would be called back
 * there after it is gone. A main thread that is itself waiting for this worker makes the wait
 * time out instead of deadlocking; the job still runs later and its answer is dropped.
 */
template <typename Value>
Value onApplicationThread(std::function<Value()> work, Value timedOut,
                          std::chrono::milliseconds timeout) {
    QCoreApplication* application = QCoreApplication::instance();
    if (QThread::currentThread() == application->thread())
        return work();
    struct Answer final {
        QSemaphore done;
        std::optional<Value> value;
    };
    auto answer = std::make_shared<Answer>();
    QMetaObject::invokeMethod(
        application,
        [answer, work = std::move(work)] {
            answer->value = work();
            answer->done.release();
        },
        Qt::QueuedConnection);
    if (!answer->done.tryAcquire(1, int(timeout.count()) + 1000))
        return timedOut;
    return std::move(*answer->value);
}

std::optional<QString> readHere(const QString& key, std::chrono::milliseconds timeout) {
    auto* job = new QKeychain::ReadPasswordJob(KeychainStore::service());
    job->setKey(key);
    if (!runJob(job, timeout))
        return std::nullopt;
    std::optional<QString> secret;
    if (job->error() == QKeychain::NoError && !job->textData().isEmpty())
        secret = job->textData();
    delete job;
    return secret;
}

Result<void> writeHere(const QString& key, const QString& secret,
                       std::chrono::milliseconds timeout) {
    auto* job = new QKeychain::WritePasswordJob(KeychainStore::service());
    job->setKey(key);
    job->setTextData(secret);
    if (!runJob(job, timeout))
        return keychainError(QStringLiteral("store a secret"), key,
                             QStringLiteral("the keychain did not answer"));
    const bool ok = job->error() == QKeychain::NoError;
    const QString detail = job->errorString();
    delete job;
    if (!ok)
        return keychainError(QStringLiteral("store a secret"), key, detail);
    return {};
}

Result<void> removeHere(const QString& key, std::chrono::milliseconds timeout) {
    auto* job = new QKeychain::DeletePasswordJob(KeychainStore::service());
    job->setKey(key);
    if (!runJob(job, timeout))
        return keychainError(QStringLiteral("delete a secret"), key,
                             QStringLiteral("the keychain did not answer"));
    const bool ok = job->error() == QKeychain::NoError || job->error() == QKeychain::EntryNotFound;
    const QString detail = job->errorString();
    delete job;
    if (!ok)
        return keychainError(QStringLiteral("delete a secret"), key, detail);
    return {};
}

} // namespace

QString KeychainStore::service() {
    return QStringLiteral("Freightdesk");
}

QString KeychainStore::gitKey(const QString& scheme, const QString& hostAndPort) {
    return QStringLiteral("git:%1://%2").arg(scheme, hostAndPort);
}

std::optional<QString> KeychainStore::read(const QString& key, std::chrono::milliseconds timeout) {
    if (!haveEventLoop())
        return std::nullopt;
    return onApplicationThread<std::optional<QString>>(
        [key, timeout] { return readHere(key, timeout); }, std::nullopt, timeout);
}

Result<void> KeychainStore::write(const QString& key, const QString& secret,
                                  std::chrono::milliseconds timeout) {
    if (!haveEventLoop())
        return keychainError(QStringLiteral("store a secret"), key,
                             QStringLiteral("no Qt application object"));
    return onApplicationThread<Result<void>>(
        [key, secret, timeout] { return writeHere(key, secret, timeout); },
        keychainError(QStringLiteral("store a secret"), key,
                      QStringLiteral("the keychain did not answer")),
        timeout);
}

Result<void> KeychainStore::remove(const QString& key, std::chrono::milliseconds timeout) {
    if (!haveEventLoop())
        return keychainError(QStringLiteral("delete a secret"), key,
                             QStringLiteral("no Qt application object"));
    return onApplicationThread<Result<void>>(
        [key, timeout] { return removeHere(key, timeout); },
        keychainError(QStringLiteral("delete a secret"), key,
                      QStringLiteral("the keychain did not answer")),
        timeout);
}

} // namespace fd::core

#include "keychainstore.h"

#include <qt6keychain/keychain.h>

#include <QCoreApplication>
#include <QEventLoop>
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
    auto* job = new QKeychain::ReadPasswordJob(service());
    job->setKey(key);
    if (!runJob(job, timeout))
        return std::nullopt;
    std::optional<QString> secret;
    if (job->error() == QKeychain::NoError && !job->textData().isEmpty())
        secret = job->textData();
    delete job;
    return secret;
}

Result<void> KeychainStore::write(const QString& key, const QString& secret,
                                  std::chrono::milliseconds timeout) {
    if (!haveEventLoop())
        return keychainError(QStringLiteral("store a secret"), key,
                             QStringLiteral("no Qt application object"));
    auto* job = new QKeychain::WritePasswordJob(service());
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

Result<void> KeychainStore::remove(const QString& key, std::chrono::milliseconds timeout) {
    if (!haveEventLoop())
        return keychainError(QStringLiteral("delete a secret"), key,
                             QStringLiteral("no Qt application object"));
    auto* job = new QKeychain::DeletePasswordJob(service());
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

} // namespace fd::core

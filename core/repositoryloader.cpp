#include "repositoryloader.h"

#include "freightstore.h"
#include "gitrepository.h"
#include "promotionlog.h"

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace fd::core {

namespace {

/** The promotion log's events, or why they are missing (added to @p errors). */
QList<PromotionEvent> readEvents(const RepositoryRequest& request,
                                 const RepositoryLoaderOptions& options, QList<Error>& errors) {
    auto repository = GitRepository::open(request.urlOrPath, options.snapshot.git);
    if (!repository) {
        errors.append(std::move(repository).error());
        return {};
    }
    auto log = PromotionLog(**repository).read(options.snapshot.fetch);
    if (!log) {
        Error error = std::move(log).error();
        error.message = QStringLiteral("the promotion log could not be read (verified, approved "
                                       "and held states are missing): ") +
                        error.message;
        errors.append(error);
        return {};
    }
    errors.append(log->problems);
    return log->events;
}

} // namespace

Result<RepositoryState> loadRepositoryState(const RepositoryRequest& request,
                                            const RepositoryLoaderOptions& options,
                                            const QDateTime& now) {
    SnapshotOptions snapshotOptions = options.snapshot;
    snapshotOptions.branch = request.branch;
    snapshotOptions.withHistory = true;
    auto snapshot = RepositorySnapshot::load(request.urlOrPath, snapshotOptions);
    if (!snapshot)
        return std::move(snapshot).error();

    RepositoryInputs inputs;
    inputs.pipeline = snapshot->pipeline();
    if (snapshot->history()) {
        inputs.current = snapshot->history()->current();
        inputs.changes = snapshot->history()->changes();
    }
    inputs.freight = FreightStore::open(FreightStore::pathFor(snapshot->source(), request.branch,
                                                              options.freightDirectory))
                         .freight();
    QList<Error> errors;
    // A plain folder has no history and no log branch.
    if (!snapshot->tip().isEmpty())
        inputs.events = readEvents(request, options, errors);

    RepositoryState state = RepositoryState::assemble(std::move(inputs), now);
    state.source = snapshot->source();
    state.branch = request.branch;
    state.tip = snapshot->tip();
    state.errors = std::move(errors);
    return state;
}

RepositoryLoader::RepositoryLoader(RepositoryLoaderOptions options, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_generation(std::make_shared<std::atomic<quint64>>(0))
    , m_pool(std::make_unique<QThreadPool>()) {
    m_pool->setMaxThreadCount(1);
}

RepositoryLoader::~RepositoryLoader() {
    ++*m_generation; // loads still queued skip themselves
    if (m_last.isFinished())
        return;
    // A fetch can take as long as the network's timeouts: never wait for it on the GUI thread.
    QThreadPool* pool = m_pool.release();
    if (QCoreApplication* app = QCoreApplication::instance())
        pool->setParent(app);
    auto* watcher = new QFutureWatcher<void>(pool);
    QObject::connect(watcher, &QFutureWatcherBase::finished, pool, &QObject::deleteLater);
    watcher->setFuture(m_last);
}

void RepositoryLoader::load(const RepositoryRequest& request) {
    m_request = request;
    m_hasRequest = true;
    m_loading = true;
    const quint64 generation = ++*m_generation;
    Q_EMIT started(request);
    auto* watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        finish(generation, watcher->result());
    });
    const QFuture<Outcome> future = QtConcurrent::run(
        m_pool.get(), [request, options = m_options, current = m_generation, generation]() {
            if (*current != generation)
                return Outcome(); // superseded before it started
            return Outcome(loadRepositoryState(request, options, QDateTime::currentDateTimeUtc()));
        });
    m_last = QFuture<void>(future);
    watcher->setFuture(future);
}

void RepositoryLoader::finish(quint64 generation, const Outcome& outcome) {
    if (*m_generation != generation || !outcome)
        return;
    m_loading = false;
    if (*outcome)
        Q_EMIT loaded(**outcome);
    else
        Q_EMIT failed(outcome->error());
}

void RepositoryLoader::reload() {
    if (m_hasRequest)
        load(m_request);
}

} // namespace fd::core

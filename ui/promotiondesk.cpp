#include "promotiondesk.h"

#include "argocdclient.h"
#include "offthread.h"
#include "promotionlog.h"
#include "promotionqueue.h"
#include "promotionrun.h"
#include "rollbackreview.h"
#include "verificationsteps.h"

#include <optional>

namespace fd::ui {

namespace {

/** Every service's freight, each newest first: what rollbacks and trains look freight up in. */
QList<core::Freight> everyFreight(const core::RepositoryState& state) {
    QList<core::Freight> freight;
    for (const core::ServiceState& service : state.services)
        freight.append(service.freight);
    return freight;
}

} // namespace

/** What the Git worker owns: the repository, opened on first use. */
struct PromotionDesk::Shared final {
    QString urlOrPath;
    core::GitRepositoryOptions git;
    std::unique_ptr<core::GitRepository> repository;
    std::optional<core::Result<core::ArgoCdConnection>> connection;

    core::Result<core::GitRepository*> open() {
        if (!repository) {
            auto opened = core::GitRepository::open(urlOrPath, git);
            if (!opened)
                return opened.error();
            repository = std::move(*opened);
        }
        return repository.get();
    }
};

template <typename T, typename Work>
void PromotionDesk::withRepository(QObject* context, Work work,
                                   std::function<void(core::Result<T>)> done) {
    core::offThread(
        context,
        [shared = m_shared, work = std::move(work)]() -> core::Result<T> {
            auto repository = shared->open();
            if (!repository)
                return repository.error();
            return work(**repository);
        },
        std::move(done), &m_pool);
}

PromotionDesk::PromotionDesk(QString urlOrPath, core::GitRepositoryOptions git,
                             core::ArgoCdConnectionOptions argocd, QObject* parent)
    : QObject(parent)
    , m_shared(std::make_shared<Shared>())
    , m_connectionSource([argocd, useKeychain = git.useKeychain] {
        if (useKeychain)
            return core::ArgoCdConnection::resolve(argocd);
        return core::ArgoCdConnection::resolve(
            argocd, QProcessEnvironment::systemEnvironment(),
            [](const QString&) -> std::optional<QString> { return std::nullopt; });
    })
    , m_queue(new core::PromotionQueue(this)) {
    m_shared->urlOrPath = std::move(urlOrPath);
    m_shared->git = std::move(git);
    m_pool.setMaxThreadCount(1);
    connect(m_queue, &core::PromotionQueue::ended, this, &PromotionDesk::runEnded);
}

PromotionDesk::~PromotionDesk() {
    delete m_queue; // runs first: they use the client and the pool
    m_pool.waitForDone();
}

void PromotionDesk::setConnectionSource(ConnectionSource source) {
    m_connectionSource = std::move(source);
}

void PromotionDesk::connection(
    QObject* context, std::function<void(const core::Result<core::ArgoCdConnection>&)> done) {
    // Resolving may read the argocd CLI's config and the keychain: not on the GUI thread.
    core::offThread(
        context,
        [shared = m_shared, source = m_connectionSource] {
            if (!shared->connection || !*shared->connection)
                shared->connection = source();
            return *shared->connection;
        },
        std::move(done), &m_pool);
}

void PromotionDesk::setRunOptions(const core::PromotionRunOptions& options) {
    m_runOptions = options;
}

void PromotionDesk::review(const core::RepositoryState& state, const QString& stage,
                           const core::Freight& freight, QObject* context,
                           std::function<void(core::Result<core::PromotionReview>)> done) {
    withRepository<core::PromotionReview>(
        context,
        [pipeline = state.pipeline, stage, freight, branch = state.branch,
         tip = state.tip](core::GitRepository& repository) {
            return core::reviewPromotion(repository, pipeline, stage, freight, branch, tip,
                                         QDateTime::currentDateTimeUtc());
        },
        std::move(done));
}

void PromotionDesk::reviewRollback(const core::RepositoryState& state, const QString& stage,
                                   QObject* context,
                                   std::function<void(core::Result<core::PromotionReview>)> done) {
    withRepository<core::PromotionReview>(
        context,
        [pipeline = state.pipeline, stage, freight = everyFreight(state),
         history = core::VersionHistory::fromRecords(state.tip, state.current, state.changes),
         branch = state.branch, tip = state.tip](core::GitRepository& repository) {
            return core::reviewRollback(repository, pipeline, history, freight, stage, branch, tip,
                                        QDateTime::currentDateTimeUtc());
        },
        std::move(done));
}

void PromotionDesk::compare(const core::RepositoryState& state, const QString& left,
                            const QString& right, QObject* context,
                            std::function<void(core::Result<core::StageComparison>)> done) {
    withRepository<core::StageComparison>(
        context,
        [pipeline = state.pipeline, left, right,
         branch = state.branch](core::GitRepository& repository) {
            return core::compareStages(repository, pipeline, left, right, branch);
        },
        std::move(done));
}

void PromotionDesk::reviewTrain(const core::RepositoryState& state,
                                const core::TrainRequest& request, QObject* context,
                                std::function<void(core::Result<core::TrainReview>)> done) {
    withRepository<core::TrainReview>(
        context,
        [pipeline = state.pipeline, current = state.current, freight = everyFreight(state), request,
         branch = state.branch, tip = state.tip](core::GitRepository& repository) {
            return core::reviewTrain(repository, pipeline, current, freight, request, branch, tip,
                                     QDateTime::currentDateTimeUtc());
        },
        std::move(done));
}

void PromotionDesk::startTrain(const core::TrainReview& review, const QString& message,
                               QObject* context,
                               std::function<void(core::Result<core::PushOutcome>)> done) {
    core::PushRequest push = review.push;
    push.message = message;
    withRepository<core::PushOutcome>(
        context,
        [push](core::GitRepository& repository) { return core::ValuesPush(repository).run(push); },
        std::move(done));
}

void PromotionDesk::approve(const QString& service, const QString& stage,
                            const core::Freight& freight, const QString& comment, QObject* context,
                            std::function<void(core::Result<QString>)> done) {
    core::PromotionEvent event;
    event.kind = core::PromotionEvent::Kind::Approved;
    event.service = service;
    event.stage = stage;
    event.freightId = freight.id;
    event.freightAlias = freight.alias;
    event.reason = comment.trimmed();
    record(event, context, std::move(done));
}

void PromotionDesk::setHeld(bool held, const QString& service, const QString& stage,
                            const std::optional<core::Freight>& freight, const QString& reason,
                            QObject* context, std::function<void(core::Result<QString>)> done) {
    core::PromotionEvent event;
    event.kind = held ? core::PromotionEvent::Kind::Held : core::PromotionEvent::Kind::Released;
    event.service = service;
    event.stage = stage;
    if (freight) {
        event.freightId = freight->id;
        event.freightAlias = freight->alias;
    }
    event.reason = reason.trimmed();
    record(event, context, std::move(done));
}

void PromotionDesk::record(const core::PromotionEvent& event, QObject* context,
                           std::function<void(core::Result<QString>)> done) {
    withRepository<QString>(
        context,
        [event](core::GitRepository& repository) {
            // The log stamps the time and the repository's Git identity.
            return core::PromotionLog(repository).append({event});
        },
        std::move(done));
}

void PromotionDesk::promote(const core::PromotionReview& review, const QString& message) {
    core::PromotionRunRequest request = review.request;
    request.push.message = message;
    // A person asked: without Argo CD the commit is still pushed, and the run says it was not
    // followed.
    request.pushWithoutArgoCd = true;
    const core::StageVerification verification = review.stage.policy.verification;
    if (m_client || request.argocdApps.isEmpty())
        return submit(std::move(request), verification, core::ArgoCdConnection{});
    connection(this, [this, request,
                      verification](const core::Result<core::ArgoCdConnection>& connection) {
        submit(request, verification, connection);
    });
}

void PromotionDesk::submit(core::PromotionRunRequest request,
                           const core::StageVerification& verification,
                           const core::Result<core::ArgoCdConnection>& connection) {
    if (!m_client && !request.argocdApps.isEmpty() && connection)
        m_client = std::make_unique<core::ArgoCdClient>(&m_network, *connection);
    request.checks = core::verificationSteps(verification, &m_network, m_client.get());
    request.manualVerification = verification.manual;
    core::PromotionRunOptions options = m_runOptions;
    options.gitPool = &m_pool;
    // Opened by the review this run comes from, on the worker, before this was asked for.
    core::GitRepository* repository = m_shared->repository.get();
    if (!repository) {
        qWarning("Freightdesk: a promotion was asked for before its repository was opened");
        return;
    }
    auto* run = new core::PromotionRun(*repository, m_client.get(), std::move(request), options);
    Q_EMIT runSubmitted(run);
    m_queue->submit(run);
}

} // namespace fd::ui

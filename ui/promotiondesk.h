#pragma once

#include "argocdconnection.h"
#include "gitrepository.h"
#include "promotionevent.h"
#include "promotionreview.h"
#include "repositorystate.h"
#include "stagecomparison.h"
#include "trainreview.h"
#include "valuespush.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QThreadPool>

#include <functional>
#include <memory>
#include <optional>

namespace fd::core {
class ArgoCdClient;
class PromotionQueue;
class PromotionRun;
} // namespace fd::core

namespace fd::ui {

/**
 * One repository's promotions for the desktop app: reviews, approvals and runs, with the
 * repository's Git work on one serial worker of its own (never the GUI thread) and the runs in a
 * PromotionQueue, so two promotions never race on a stage. The Argo CD server is resolved from
 * the given options as the CLI does (ArgoCdConnection::resolve), off the GUI thread, once it
 * succeeds; the tab's other views ask the desk for it rather than resolving again.
 */
class PromotionDesk final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PromotionDesk)

public:
    using ConnectionSource = std::function<core::Result<core::ArgoCdConnection>()>;

    PromotionDesk(QString urlOrPath, core::GitRepositoryOptions git,
                  core::ArgoCdConnectionOptions argocd = {}, QObject* parent = nullptr);
    /** Waits for Git work under way (a push must not be cut off). */
    ~PromotionDesk() override;

    /** Where the Argo CD connection comes from (tests: a simulator); default: resolve(). */
    void setConnectionSource(ConnectionSource source);
    /**
     * The Argo CD connection, resolved on the desk's worker the first time (again after a
     * failure: someone may have run `argocd login`); @p done on @p context's thread.
     */
    void connection(QObject* context,
                    std::function<void(const core::Result<core::ArgoCdConnection>&)> done);
    /** Options for new runs (tests: shorter ticks); the Git worker is always this desk's. */
    void setRunOptions(const core::PromotionRunOptions& options);

    /** Reviews @p freight into @p stage off the GUI thread; @p done on @p context's thread. */
    void review(const core::RepositoryState& state, const QString& stage,
                const core::Freight& freight, QObject* context,
                std::function<void(core::Result<core::PromotionReview>)> done);
    /** Reviews rolling @p stage back to the freight it ran before, off the GUI thread. */
    void reviewRollback(const core::RepositoryState& state, const QString& stage, QObject* context,
                        std::function<void(core::Result<core::PromotionReview>)> done);
    /** Reads and diffs what @p left and @p right write at their branch's tip, off the GUI thread. */
    void compare(const core::RepositoryState& state, const QString& left, const QString& right,
                 QObject* context, std::function<void(core::Result<core::StageComparison>)> done);
    /** Reviews a release train (ReleaseTrain on @p state's versions), off the GUI thread. */
    void reviewTrain(const core::RepositoryState& state, const core::TrainRequest& request,
                     QObject* context, std::function<void(core::Result<core::TrainReview>)> done);
    /**
     * Pushes @p review's train as one commit with @p message on the Git worker. Like the CLI's
     * promote-train it does not follow Argo CD: each stage's apps sync it as usual.
     */
    void startTrain(const core::TrainReview& review, const QString& message, QObject* context,
                    std::function<void(core::Result<core::PushOutcome>)> done);
    /** Records an approval (Git identity, now) in the promotion log; @p done gets the log commit. */
    void approve(const QString& service, const QString& stage, const core::Freight& freight,
                 const QString& comment, QObject* context,
                 std::function<void(core::Result<QString>)> done);
    /**
     * Records a hold of @p stage (pinned to @p freight when known, else to whatever it runs) or,
     * with @p held false, its release; @p done gets the log commit.
     */
    void setHeld(bool held, const QString& service, const QString& stage,
                 const std::optional<core::Freight>& freight, const QString& reason,
                 QObject* context, std::function<void(core::Result<QString>)> done);
    /** Appends @p event (Git identity, now) to the promotion log on the worker. */
    void record(const core::PromotionEvent& event, QObject* context,
                std::function<void(core::Result<QString>)> done);
    /**
     * Starts @p review's promotion with @p message as its commit message, through the queue.
     * The run is submitted once the Argo CD connection is resolved; runSubmitted() says so.
     */
    void promote(const core::PromotionReview& review, const QString& message);

    core::PromotionQueue* queue() const { return m_queue; }

Q_SIGNALS:
    void runSubmitted(fd::core::PromotionRun* run);
    /** A run ended; the repository changed (or may have). */
    void runEnded(fd::core::PromotionRun* run);

private:
    struct Shared;
    /** Runs @p work with the repository (opened on first use) on the Git worker. */
    template <typename T, typename Work>
    void withRepository(QObject* context, Work work, std::function<void(core::Result<T>)> done);
    void submit(core::PromotionRunRequest request, const core::StageVerification& verification,
                const core::Result<core::ArgoCdConnection>& connection);

    std::shared_ptr<Shared> m_shared;
    ConnectionSource m_connectionSource;
    core::PromotionRunOptions m_runOptions;
    QNetworkAccessManager m_network;
    std::unique_ptr<core::ArgoCdClient> m_client;
    core::PromotionQueue* m_queue;
    QThreadPool m_pool; // last: its work ends before the rest goes
};

} // namespace fd::ui

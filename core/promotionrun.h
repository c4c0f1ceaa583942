#pragma once

#include "argocdappwatcher.h"
#include "error.h"
#include "promotionevent.h"
#include "promotionhealth.h"
#include "promotionlog.h"
#include "valuespush.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>

class QThreadPool;

namespace fd::core {

class ArgoCdClient;
class GitRepository;
class PromotionCheck;

/** One promotion: a freight into a stage, as the commit that writes it and the apps deploying it. */
struct PromotionRunRequest final {
    QString service;
    QString stage;
    QString freightId;
    QString freightAlias;
    /** The promotion commit: branch, edits, message and trailers. */
    PushRequest push;
    /** The stage's Argo CD applications ("name" or "namespace/name"); none: done at the push. */
    QStringList argocdApps;
    std::chrono::seconds timeout = PromotionHealth::defaultTimeout;
    /** Approvals PromotionRules still wants: the run stops in AwaitingApproval, before any commit. */
    int approvalsMissing = 0;
    /** Verification steps run once every app is healthy; none: succeeded follows healthy. */
    QList<std::shared_ptr<PromotionCheck>> checks;
    /**
     * The stage wants a person to mark freight verified: success records Promoted only, and the
     * freight is verified when someone says so. Otherwise success records Verified as well, which
     * is what makes the freight available downstream.
     */
    bool manualVerification = false;
    /**
     * Set: the run verifies instead of promoting. Nothing is pushed; the apps are followed until
     * they run this commit (or a newer one of the branch containing it) synced and healthy, the
     * checks run, and success records Verified alone, failure VerificationFailed.
     */
    QString verifyCommit;
    /**
     * A person asked for this promotion: with apps to follow and no Argo CD server, push anyway
     * and fail after the push, saying the deployment was not followed, instead of refusing before
     * it. Unattended runs (watch) leave it false: they never push what nobody can follow.
     */
    bool pushWithoutArgoCd = false;
};

struct PromotionRunOptions final {
    /** How often the timeout is looked at while no application changes. */
    std::chrono::milliseconds tick{1000};
    /** Stream and polling settings; the query is set per application by the run. */
    ArgoCdWatchOptions watch;
    /** Where Git work runs: the repository's serial worker; null: the global pool. */
    QThreadPool* gitPool = nullptr;
    QString logBranch = PromotionLog::defaultBranch();
    int logAttempts = 5;
};

/**
 * Takes one promotion from plan to outcome: planned → (awaiting approval) → committing → pushed →
 * waiting for Argo CD → (verifying) → succeeded, failed or aborted. Git work (the push, the log
 * entry) runs off this thread; Argo CD is asked to refresh each app, then followed with one
 * ArgoCdAppWatcher per app and judged by PromotionHealth on every change and on a timer (the
 * timeout). The outcome is recorded in the PromotionLog: Promoted with the commit, or
 * PromotionFailed with the app and reason.
 *
 * The point of no return is the push itself (PushRequest::mayPush): an abort before it leaves the
 * remote and the log untouched. An abort after it cannot take the commit back, so it only stops
 * following Argo CD and records an Aborted event naming the commit left on the branch.
 *
 * @p repository must outlive the run's Git work; with several runs on one repository give them
 * one serial pool (PromotionRunOptions::gitPool), as a GitRepository serves one thread at a time.
 */
class PromotionRun final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PromotionRun)

public:
    enum class State {
        Planned,
        AwaitingApproval,
        Committing,
        Pushed,
        WaitingForArgoCd,
        Verifying,
        Succeeded,
        Failed,
        Aborted,
    };
    Q_ENUM(State)

    PromotionRun(GitRepository& repository, ArgoCdClient* argocd, PromotionRunRequest request,
                 PromotionRunOptions options = {}, QObject* parent = nullptr);
    ~PromotionRun() override;

    void start();
    /** Stops the run with @p reason (see the class comment for what that means after the push). */
    void abort(const QString& reason = {});

    State state() const { return m_state; }
    QString detail() const { return m_detail; }
    bool isFinished() const;
    const PromotionRunRequest& request() const { return m_request; }
    /** The pushed commit; empty before the push or when there was nothing to change. */
    QString commit() const { return m_commit; }
    /** The stage's applications as Argo CD last reported them, in the request's order. */
    QList<ArgoCdAppStatus> applications() const;
    /** The last verdict; the failing app and reason when the promotion failed. */
    PromotionVerdict verdict() const { return m_verdict; }
    /** Set when the run ended on an error (Git, Argo CD unreachable or refusing), not a verdict. */
    const std::optional<Error>& error() const { return m_error; }
    /** The promotion log's commit holding the outcome; empty when nothing was recorded. */
    QString logCommit() const { return m_logCommit; }

    /** "planned", "awaiting-approval", "committing", ... */
    static QString stateName(State state);

Q_SIGNALS:
    /** On each new state, and when the detail of the current one changes. */
    void stateChanged(fd::core::PromotionRun::State state, const QString& detail);
    /** Something worth telling that does not change the outcome (a refresh that failed). */
    void note(const QString& text);
    void finished();

private:
    void startVerifying();
    void commitAndPush();
    void onPushed(Result<PushOutcome> outcome);
    void waitForArgoCd();
    void refresh(const QString& app);
    void onApplication(const ArgoCdAppStatus& app);
    void onWatchProblem(const ArgoCdAppWatcher* watcher, const Error& error);
    void evaluate();
    QList<ArgoCdAppStatus> judged();
    /** Whether @p revision, a commit Argo CD runs, has the pushed one in its history (asked
     *  of Git the first time: false until the answer comes). */
    bool containsPushedCommit(const QString& revision);
    void askWhetherContainsCommit(const QString& revision);
    void onHealthy();
    void runCheck(qsizetype index);
    void stopWatching();
    void succeed(const QString& reason, const QString& detail);
    bool verifying() const { return !m_request.verifyCommit.isEmpty(); }
    /** Writes the outcome to the promotion log (with a Verified event too when @p verified). */
    void record(PromotionEvent::Kind kind, const QString& reason, State state,
                const QString& detail, bool verified = false);
    void fail(const Error& error);
    void setState(State state, const QString& detail);
    void finish(State state, const QString& detail);
    QString requestedApp(const ArgoCdAppStatus& app) const;

    GitRepository& m_repository;
    ArgoCdClient* m_argocd;
    PromotionRunRequest m_request;
    PromotionRunOptions m_options;
    State m_state = State::Planned;
    QString m_detail;
    std::shared_ptr<std::atomic_bool> m_cancelled; // read by the pushing thread
    bool m_abortRequested = false;
    bool m_recording = false;
    QString m_abortReason;
    QDateTime m_startedAt;
    QString m_commit;
    std::optional<PromotionHealth> m_health;
    QList<ArgoCdAppWatcher*> m_watchers;
    QHash<QString, ArgoCdAppStatus> m_apps; // by the name the request gives
    QHash<QString, bool> m_containsCommit;  // revision → has the pushed commit in its history
    QString m_askingAbout;
    QTimer m_tick;
    quint64 m_checkGeneration = 0; // check answers from before an abort are dropped
    PromotionVerdict m_verdict;
    std::optional<Error> m_error;
    QString m_logCommit;
};

} // namespace fd::core

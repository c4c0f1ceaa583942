#include "promotionrun.h"

#include "argocdclient.h"
#include "githistory.h"
#include "gitrepository.h"
#include "offthread.h"
#include "promotioncheck.h"

#include <QRegularExpression>

namespace fd::core {

namespace {

QString shortId(const QString& commit) {
    return commit.left(12);
}

bool sameApp(const QString& requested, const ArgoCdAppStatus& app) {
    const auto [appNamespace, name] = ArgoCdClient::splitName(requested);
    return app.name == name && (appNamespace.isEmpty() || appNamespace == app.namespaceName);
}

} // namespace

PromotionRun::PromotionRun(GitRepository& repository, ArgoCdClient* argocd,
                           PromotionRunRequest request, PromotionRunOptions options,
                           QObject* parent)
    : QObject(parent)
    , m_repository(repository)
    , m_argocd(argocd)
    , m_request(std::move(request))
    , m_options(std::move(options))
    , m_cancelled(std::make_shared<std::atomic_bool>(false)) {
    connect(&m_tick, &QTimer::timeout, this, &PromotionRun::evaluate);
}

PromotionRun::~PromotionRun() {
    // A push still running finds out here that nobody will follow it; it stops if it can.
    m_cancelled->store(true);
}

QString PromotionRun::stateName(State state) {
    switch (state) {
    case State::Planned:
        return QStringLiteral("planned");
    case State::AwaitingApproval:
        return QStringLiteral("awaiting-approval");
    case State::Committing:
        return QStringLiteral("committing");
    case State::Pushed:
        return QStringLiteral("pushed");
    case State::WaitingForArgoCd:
        return QStringLiteral("waiting-for-argocd");
    case State::Verifying:
        return QStringLiteral("verifying");
    case State::Succeeded:
        return QStringLiteral("succeeded");
    case State::Failed:
        return QStringLiteral("failed");
    case State::Aborted:
        return QStringLiteral("aborted");
    }
    return QStringLiteral("unknown");
}

bool PromotionRun::isFinished() const {
    return m_state == State::AwaitingApproval || m_state == State::Succeeded ||
           m_state == State::Failed || m_state == State::Aborted;
}

QList<ArgoCdAppStatus> PromotionRun::applications() const {
    QList<ArgoCdAppStatus> apps;
    for (const QString& name : m_request.argocdApps) {
        if (const auto it = m_apps.constFind(name); it != m_apps.cend())
            apps.append(*it);
    }
    return apps;
}

void PromotionRun::start() {
    if (m_state != State::Planned || m_abortRequested)
        return;
    const QString target =
        QStringLiteral("%1 into %2").arg(m_request.freightAlias, m_request.stage);
    if (verifying())
        return startVerifying();
    setState(State::Planned, QStringLiteral("%1: %2 edit(s) on %3; %4")
                                 .arg(target)
                                 .arg(m_request.push.edits.size())
                                 .arg(m_request.push.branch,
                                      m_request.argocdApps.isEmpty()
                                          ? QStringLiteral("no Argo CD application to wait for")
                                          : QStringLiteral("then Argo CD: ") +
                                                m_request.argocdApps.join(QStringLiteral(", "))));
    if (m_request.approvalsMissing > 0)
        return finish(State::AwaitingApproval,
                      QStringLiteral("%1 needs %2 more approval(s); nothing was committed")
                          .arg(target)
                          .arg(m_request.approvalsMissing));
    if (!m_request.argocdApps.isEmpty() && !m_argocd && !m_request.pushWithoutArgoCd)
        return fail({Error::Kind::InvalidInput,
                     QStringLiteral("%1 is deployed by %2 but no Argo CD server is configured; "
                                    "nothing was committed")
                         .arg(m_request.stage, m_request.argocdApps.join(QStringLiteral(", "))),
                     {}});
    commitAndPush();
}

void PromotionRun::startVerifying() {
    m_startedAt = QDateTime::currentDateTimeUtc();
    m_commit = m_request.verifyCommit;
    setState(State::Planned, QStringLiteral("verifying %1 in %2, deployed by %3; %4")
                                 .arg(m_request.freightAlias, m_request.stage, shortId(m_commit),
                                      m_request.argocdApps.isEmpty()
                                          ? QStringLiteral("no Argo CD application to wait for")
                                          : QStringLiteral("then Argo CD: ") +
                                                m_request.argocdApps.join(QStringLiteral(", "))));
    if (m_request.argocdApps.isEmpty())
        return onHealthy();
    if (!m_argocd)
        return fail({Error::Kind::InvalidInput,
                     QStringLiteral("%1 is deployed by %2 but no Argo CD server is configured")
                         .arg(m_request.stage, m_request.argocdApps.join(QStringLiteral(", "))),
                     {}});
    waitForArgoCd();
}

void PromotionRun::commitAndPush() {
    m_startedAt = QDateTime::currentDateTimeUtc();
    setState(State::Committing, QStringLiteral("committing on %1 of %2")
                                    .arg(m_request.push.branch, m_repository.remoteUrl()));
    PushRequest push = m_request.push;
    // The point of no return: once this says yes on the worker, the push may land.
    push.mayPush = [cancelled = m_cancelled, earlier = push.mayPush] {
        return (!earlier || earlier()) && !cancelled->load();
    };
    offThread(
        this, [repository = &m_repository, push] { return ValuesPush(*repository).run(push); },
        [this](Result<PushOutcome> outcome) { onPushed(std::move(outcome)); }, m_options.gitPool);
}

void PromotionRun::onPushed(Result<PushOutcome> outcome) {
    if (!outcome) {
        if (outcome.error().kind == Error::Kind::Cancelled)
            return finish(
                State::Aborted,
                QStringLiteral("%1 before the push: nothing was pushed").arg(m_abortReason));
        return fail(outcome.error());
    }
    m_commit = outcome->commitId;
    if (m_commit.isEmpty())
        return finish(State::Succeeded,
                      QStringLiteral("nothing to push: every value is already set on %1 (%2)")
                          .arg(m_request.push.branch, shortId(outcome->baseCommit)));
    setState(State::Pushed,
             QStringLiteral("pushed %1 to %2").arg(shortId(m_commit), m_request.push.branch));
    if (m_abortRequested)
        return record(PromotionEvent::Kind::Aborted,
                      QStringLiteral("%1 after the push: %2 stays on %3, its deployment was not "
                                     "followed")
                          .arg(m_abortReason, shortId(m_commit), m_request.push.branch),
                      State::Aborted,
                      QStringLiteral("%1 after the push: %2 stays on %3")
                          .arg(m_abortReason, shortId(m_commit), m_request.push.branch));
    if (m_request.argocdApps.isEmpty())
        return onHealthy();
    if (!m_argocd)
        return fail({Error::Kind::InvalidInput,
                     QStringLiteral("%1 is pushed to %2 but its deployment cannot be followed: %3 "
                                    "deploy it and no Argo CD server is configured "
                                    "(ARGOCD_SERVER and ARGOCD_AUTH_TOKEN, `argocd login` or the "
                                    "keychain); nothing was recorded")
                         .arg(shortId(m_commit), m_request.push.branch,
                              m_request.argocdApps.join(QStringLiteral(", "))),
                     {}});
    waitForArgoCd();
}

void PromotionRun::waitForArgoCd() {
    m_health.emplace(m_commit, m_startedAt, m_request.timeout, m_repository.remoteUrl());
    setState(State::WaitingForArgoCd, QStringLiteral("waiting for %1 on %2")
                                          .arg(m_request.argocdApps.join(QStringLiteral(", ")),
                                               m_argocd->connection().displayName()));
    for (const QString& app : std::as_const(m_request.argocdApps)) {
        refresh(app);
        ArgoCdWatchOptions options = m_options.watch;
        const auto [appNamespace, name] = ArgoCdClient::splitName(app);
        options.query = ArgoCdAppQuery{{}, {}, appNamespace, name};
        auto* watcher = new ArgoCdAppWatcher(m_argocd, options, this);
        connect(watcher, &ArgoCdAppWatcher::applicationChanged, this, &PromotionRun::onApplication);
        connect(watcher, &ArgoCdAppWatcher::problem, this,
                [this, watcher](const Error& error) { onWatchProblem(watcher, error); });
        m_watchers.append(watcher);
        watcher->start();
    }
    m_tick.start(m_options.tick);
}

// Argo CD notices a new commit on its own only every few minutes; a refresh asks for it now.
void PromotionRun::refresh(const QString& app) {
    m_argocd->application(app, ArgoCdRefresh::Normal, this,
                          [this, app](Result<ArgoCdAppStatus> status) {
                              if (!status)
                                  Q_EMIT note(QStringLiteral("could not ask Argo CD to refresh "
                                                             "%1 (it will notice the commit on "
                                                             "its own): %2")
                                                  .arg(app, status.error().toString()));
                              else
                                  onApplication(*status);
                          });
}

QString PromotionRun::requestedApp(const ArgoCdAppStatus& app) const {
    for (const QString& name : m_request.argocdApps) {
        if (sameApp(name, app))
            return name;
    }
    return {};
}

void PromotionRun::onApplication(const ArgoCdAppStatus& app) {
    const QString name = requestedApp(app);
    if (m_state != State::WaitingForArgoCd || name.isEmpty())
        return;
    m_apps.insert(name, app);
    evaluate();
}

void PromotionRun::onWatchProblem(const ArgoCdAppWatcher* watcher, const Error& error) {
    if (m_state != State::WaitingForArgoCd)
        return;
    if (watcher->mode() != ArgoCdAppWatcher::Mode::Stopped)
        return Q_EMIT note(error.toString());
    stopWatching();
    fail({error.kind,
          QStringLiteral("%1; %2 is pushed to %3 but its deployment could not be followed")
              .arg(error.message, shortId(m_commit), m_request.push.branch),
          error.location});
}

void PromotionRun::evaluate() {
    // A refresh answered after the verdict must not decide (and record) a second time.
    if (m_state != State::WaitingForArgoCd || !m_health || m_recording)
        return;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    PromotionVerdict verdict = m_health->evaluate(judged(), now);
    for (const QString& name : std::as_const(m_request.argocdApps)) {
        if (m_apps.contains(name) || verdict.state == PromotionVerdict::State::Failed)
            continue;
        const bool timedOut = m_startedAt.secsTo(now) >= qint64(m_request.timeout.count());
        verdict = PromotionVerdict{
            timedOut ? PromotionVerdict::State::Failed : PromotionVerdict::State::Waiting, name,
            QStringLiteral("%1%2: Argo CD has not reported it (does it exist, may you see it?)")
                .arg(timedOut ? QStringLiteral("timed out: ") : QString(), name)};
        break;
    }
    m_verdict = verdict;
    switch (verdict.state) {
    case PromotionVerdict::State::Waiting:
        return setState(State::WaitingForArgoCd, verdict.message);
    case PromotionVerdict::State::Failed:
        stopWatching();
        return record(verifying() ? PromotionEvent::Kind::VerificationFailed
                                  : PromotionEvent::Kind::PromotionFailed,
                      verdict.message, State::Failed, verdict.message);
    case PromotionVerdict::State::Succeeded:
        stopWatching();
        return onHealthy();
    }
}

// The branch may move on after the push (another stage's promotion, a colleague's change) and
// Argo CD then syncs a newer commit. One that has the pushed commit in its history deploys this
// promotion too, so the app is judged as if it ran the pushed commit.
QList<ArgoCdAppStatus> PromotionRun::judged() {
    QList<ArgoCdAppStatus> apps = applications();
    for (ArgoCdAppStatus& app : apps) {
        if (!app.multiSource) {
            const QString revision = app.syncRevision;
            if (!containsPushedCommit(revision))
                continue;
            app.syncRevision = m_commit;
            if (app.operationState.syncRevision == revision)
                app.operationState.syncRevision = m_commit;
            continue;
        }
        // Multi-source: only the GitOps repository's own entries of `revisions` move on.
        for (const qsizetype i : m_health->gitOpsSources(app)) {
            const QString revision = app.syncRevisions.at(i);
            if (!containsPushedCommit(revision))
                continue;
            app.syncRevisions[i] = m_commit;
            QStringList& operation = app.operationState.syncRevisions;
            if (i < operation.size() && operation.at(i) == revision)
                operation[i] = m_commit;
        }
    }
    return apps;
}

bool PromotionRun::containsPushedCommit(const QString& revision) {
    static const QRegularExpression commitId(QStringLiteral("^[0-9a-fA-F]{40}$"));
    // A chart version or a tag is another source's, not a commit of this branch.
    if (revision.compare(m_commit, Qt::CaseInsensitive) == 0 ||
        !commitId.match(revision).hasMatch())
        return false;
    const auto known = m_containsCommit.constFind(revision);
    if (known != m_containsCommit.cend())
        return *known;
    askWhetherContainsCommit(revision);
    return false;
}

void PromotionRun::askWhetherContainsCommit(const QString& revision) {
    if (!m_askingAbout.isEmpty()) // one at a time: the repository serves one thread
        return;
    m_askingAbout = revision;
    offThread(
        this,
        [repository = &m_repository, branch = m_request.push.branch, commit = m_commit,
         revision]() -> Result<bool> {
            if (auto tip = repository->fetch(branch); !tip)
                return std::move(tip).error();
            auto history = GitHistory::open(repository->gitDirectory());
            if (!history)
                return std::move(history).error();
            return (*history)->isAncestor(commit, revision);
        },
        [this, revision](Result<bool> contains) {
            m_askingAbout.clear();
            if (!contains)
                Q_EMIT note(
                    QStringLiteral("could not tell whether %1 contains %2: %3")
                        .arg(shortId(revision), shortId(m_commit), contains.error().toString()));
            m_containsCommit.insert(revision, contains && *contains);
            evaluate();
        },
        m_options.gitPool);
}

void PromotionRun::onHealthy() {
    if (m_request.checks.isEmpty()) {
        const QString detail =
            m_request.argocdApps.isEmpty()
                ? QStringLiteral("%1 pushed; no Argo CD application deploys %2, so it is done")
                      .arg(shortId(m_commit), m_request.stage)
                : m_verdict.message;
        return succeed(detail, detail);
    }
    runCheck(0);
}

void PromotionRun::runCheck(qsizetype index) {
    if (index >= m_request.checks.size())
        return succeed(
            QStringLiteral("healthy and passed %1 check(s)").arg(m_request.checks.size()),
            QStringLiteral("%1 is healthy and passed %2 check(s)")
                .arg(shortId(m_commit))
                .arg(m_request.checks.size()));
    const std::shared_ptr<PromotionCheck> check = m_request.checks.at(index);
    setState(State::Verifying, check->name());
    const PromotionCheckInput input{m_request.service, m_request.stage, m_request.freightId,
                                    m_commit, applications()};
    check->run(input, this,
               [this, index, check, generation = m_checkGeneration](Result<void> passed) {
                   if (generation != m_checkGeneration || m_state != State::Verifying)
                       return;
                   if (passed)
                       return runCheck(index + 1);
                   const QString reason =
                       QStringLiteral("%1: %2").arg(check->name(), passed.error().toString());
                   record(PromotionEvent::Kind::VerificationFailed, reason, State::Failed, reason);
               });
}

void PromotionRun::stopWatching() {
    m_tick.stop();
    for (ArgoCdAppWatcher* watcher : std::as_const(m_watchers)) {
        watcher->stop();
        watcher->deleteLater();
    }
    m_watchers.clear();
}

void PromotionRun::abort(const QString& reason) {
    if (isFinished() || m_abortRequested || m_recording)
        return;
    m_abortRequested = true;
    m_abortReason = reason.isEmpty() ? QStringLiteral("aborted") : reason;
    m_cancelled->store(true);
    switch (m_state) {
    case State::Planned:
        return finish(State::Aborted,
                      QStringLiteral("%1: nothing was committed").arg(m_abortReason));
    case State::WaitingForArgoCd:
    case State::Verifying: {
        stopWatching();
        ++m_checkGeneration;
        if (verifying()) // nothing was pushed, so there is nothing to record
            return finish(State::Aborted,
                          QStringLiteral("%1: the verification was stopped").arg(m_abortReason));
        const QString detail = QStringLiteral("%1 after the push: %2 stays on %3")
                                   .arg(m_abortReason, shortId(m_commit), m_request.push.branch);
        return record(PromotionEvent::Kind::Aborted,
                      detail + QStringLiteral(", its deployment was not followed to the end"),
                      State::Aborted, detail);
    }
    default: // committing: onPushed() sees whether the push had begun
        return;
    }
}

void PromotionRun::succeed(const QString& reason, const QString& detail) {
    if (verifying())
        return record(PromotionEvent::Kind::Verified, reason, State::Succeeded, detail);
    if (m_request.manualVerification)
        return record(
            PromotionEvent::Kind::Promoted, reason, State::Succeeded,
            detail +
                QStringLiteral("; %1 wants a person to mark it verified").arg(m_request.stage));
    record(PromotionEvent::Kind::Promoted, reason, State::Succeeded, detail, true);
}

void PromotionRun::record(PromotionEvent::Kind kind, const QString& reason, State state,
                          const QString& detail, bool verified) {
    m_recording = true;
    PromotionEvent event;
    event.kind = kind;
    event.service = m_request.service;
    event.stage = m_request.stage;
    event.freightId = m_request.freightId;
    event.freightAlias = m_request.freightAlias;
    event.commit = m_commit;
    event.reason = reason;
    offThread(
        this,
        [repository = &m_repository, event, verified, branch = m_options.logBranch,
         attempts = m_options.logAttempts] {
            QList<PromotionEvent> events{event};
            if (verified) {
                events.append(event);
                events.last().kind = PromotionEvent::Kind::Verified;
            }
            return PromotionLog(*repository, branch).append(events, attempts);
        },
        [this, state, detail](Result<QString> written) {
            m_recording = false;
            if (written)
                m_logCommit = *written;
            else
                Q_EMIT note(QStringLiteral("the outcome could not be recorded in the promotion "
                                           "log: %1")
                                .arg(written.error().toString()));
            finish(state, detail);
        },
        m_options.gitPool);
}

void PromotionRun::fail(const Error& error) {
    m_error = error;
    finish(State::Failed, error.toString());
}

void PromotionRun::setState(State state, const QString& detail) {
    if (state == m_state && detail == m_detail)
        return;
    m_state = state;
    m_detail = detail;
    Q_EMIT stateChanged(state, detail);
}

void PromotionRun::finish(State state, const QString& detail) {
    stopWatching();
    setState(state, detail);
    Q_EMIT finished();
}

} // namespace fd::core

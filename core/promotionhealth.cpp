#include "promotionhealth.h"

#include "remoteurl.h"

namespace fd::core {

namespace {

using State = PromotionVerdict::State;

PromotionVerdict verdict(State state, const ArgoCdAppStatus& app, const QString& reason) {
    return PromotionVerdict{state, app.qualifiedName(),
                            QStringLiteral("%1: %2").arg(app.qualifiedName(), reason)};
}

QString identityOf(const QString& url) {
    const auto parsed = RemoteUrl::parse(url);
    return parsed ? parsed->repositoryIdentity() : url.trimmed().toLower();
}

int severity(State state) {
    switch (state) {
    case State::Failed:
        return 2;
    case State::Waiting:
        return 1;
    case State::Succeeded:
        return 0;
    }
    return 1;
}

QString withDetail(const QString& text, const QString& detail) {
    return detail.isEmpty() ? text : QStringLiteral("%1 (%2)").arg(text, detail);
}

} // namespace

PromotionHealth::PromotionHealth(QString pushedCommit, QDateTime startedAt,
                                 std::chrono::seconds timeout, QString gitOpsRepository)
    : m_commit(std::move(pushedCommit))
    , m_startedAt(std::move(startedAt))
    , m_timeout(timeout)
    , m_repositoryIdentity(gitOpsRepository.isEmpty() ? QString() : identityOf(gitOpsRepository)) {}

PromotionVerdict PromotionHealth::evaluate(const QList<ArgoCdAppStatus>& apps,
                                           const QString& pushedCommit, const QDateTime& startedAt,
                                           const QDateTime& now, std::chrono::seconds timeout) {
    return PromotionHealth(pushedCommit, startedAt, timeout).evaluate(apps, now);
}

PromotionVerdict PromotionHealth::evaluate(const QList<ArgoCdAppStatus>& apps,
                                           const QDateTime& now) const {
    PromotionVerdict worst{
        State::Succeeded,
        {},
        QStringLiteral("%1 is synced and healthy in every application").arg(shortCommit())};
    if (apps.isEmpty())
        worst = PromotionVerdict{
            State::Waiting, {}, QStringLiteral("no Argo CD application has reported yet")};
    for (const ArgoCdAppStatus& app : apps) {
        PromotionVerdict one = evaluateApp(app);
        if (severity(one.state) > severity(worst.state))
            worst = std::move(one);
    }
    const bool timedOut = m_startedAt.isValid() && now.isValid() &&
                          m_startedAt.secsTo(now) >= qint64(m_timeout.count());
    if (worst.state == State::Waiting && timedOut)
        worst = PromotionVerdict{
            State::Failed, worst.app,
            QStringLiteral("timed out after %1: %2").arg(timeoutText(), worst.message)};
    return worst;
}

PromotionVerdict PromotionHealth::evaluateApp(const ArgoCdAppStatus& app) const {
    for (const ArgoCdCondition& condition : app.conditions)
        if (condition.type == u"ComparisonError" || condition.type == u"InvalidSpecError")
            return verdict(State::Failed, app, withDetail(condition.type, condition.message));

    const bool atCommit = runsPushedCommit(app);
    const ArgoCdOperationState& operation = app.operationState;
    if (app.hasOperationState && operationCounts(app) &&
        (operation.phase == u"Failed" || operation.phase == u"Error"))
        return verdict(State::Failed, app,
                       withDetail(QStringLiteral("sync operation %1").arg(operation.phase),
                                  operation.message));
    // Health describes what runs: until the commit is synced (and compared after its sync) a
    // Degraded app is still showing the deployment before this one, e.g. one being rolled back.
    const bool settled =
        app.syncStatus == u"Synced" && !app.operationPending &&
        !(app.hasOperationState && operation.phase == u"Running") &&
        !(app.hasOperationState && operation.finishedAt.isValid() &&
          (!app.reconciledAt.isValid() || app.reconciledAt < operation.finishedAt));
    if (atCommit && settled && (app.healthStatus == u"Degraded" || app.healthStatus == u"Missing"))
        return verdict(State::Failed, app, withDetail(app.healthStatus, app.healthMessage));

    if (!atCommit) {
        const QString current = app.multiSource ? app.syncRevisions.join(u", ") : app.syncRevision;
        return verdict(State::Waiting, app,
                       QStringLiteral("waiting for %1 to be synced (Argo CD is at %2)")
                           .arg(shortCommit(), current.isEmpty() ? QStringLiteral("no revision")
                                                                 : current.left(12)));
    }
    if (app.operationPending)
        return verdict(State::Waiting, app, QStringLiteral("a sync operation is pending"));
    if (app.hasOperationState && operation.phase != u"Succeeded")
        return verdict(State::Waiting, app,
                       withDetail(QStringLiteral("sync operation %1")
                                      .arg(operation.phase.isEmpty() ? QStringLiteral("in progress")
                                                                     : operation.phase),
                                  operation.message));
    if (app.syncStatus != u"Synced")
        return verdict(
            State::Waiting, app,
            QStringLiteral("sync status is %1")
                .arg(app.syncStatus.isEmpty() ? QStringLiteral("unknown") : app.syncStatus));
    if (app.healthStatus != u"Healthy")
        return verdict(State::Waiting, app,
                       withDetail(QStringLiteral("health is %1")
                                      .arg(app.healthStatus.isEmpty() ? QStringLiteral("unknown")
                                                                      : app.healthStatus),
                                  app.healthMessage));
    // The controller records reconciledAt after comparing; one older than the operation's end
    // describes the state before the sync.
    if (app.hasOperationState && operation.finishedAt.isValid() &&
        (!app.reconciledAt.isValid() || app.reconciledAt < operation.finishedAt))
        return verdict(State::Waiting, app,
                       QStringLiteral("waiting for Argo CD to compare the app after its sync"));
    return verdict(State::Succeeded, app,
                   QStringLiteral("%1 is synced and healthy").arg(shortCommit()));
}

bool PromotionHealth::runsPushedCommit(const ArgoCdAppStatus& app) const {
    const auto same = [this](const QString& revision) {
        return !revision.isEmpty() && revision.compare(m_commit, Qt::CaseInsensitive) == 0;
    };
    if (!app.multiSource)
        return same(app.syncRevision);
    const QList<qsizetype> ours = gitOpsSources(app);
    return std::any_of(ours.cbegin(), ours.cend(),
                       [&](qsizetype i) { return same(app.syncRevisions.at(i)); });
}

QList<qsizetype> PromotionHealth::gitOpsSources(const ArgoCdAppStatus& app) const {
    QList<qsizetype> ours;
    if (!app.multiSource)
        return ours;
    for (qsizetype i = 0; i < app.syncRevisions.size(); ++i) {
        if (m_repositoryIdentity.isEmpty() ||
            (i < app.sources.size() &&
             identityOf(app.sources.at(i).repoUrl) == m_repositoryIdentity))
            ours.append(i);
    }
    return ours;
}

bool PromotionHealth::operationCounts(const ArgoCdAppStatus& app) const {
    const ArgoCdOperationState& operation = app.operationState;
    if (!operation.startedAt.isValid() || !m_startedAt.isValid())
        return true;
    if (operation.startedAt >= m_startedAt)
        return true;
    const auto same = [this](const QString& revision) {
        return revision.compare(m_commit, Qt::CaseInsensitive) == 0;
    };
    return same(operation.syncRevision) ||
           std::any_of(operation.syncRevisions.begin(), operation.syncRevisions.end(), same);
}

QString PromotionHealth::timeoutText() const {
    if (m_timeout.count() % 60 != 0 && m_timeout.count() < 120)
        return QStringLiteral("%1 s").arg(m_timeout.count());
    return QStringLiteral("%1 min").arg(QString::number(double(m_timeout.count()) / 60.0, 'g', 3));
}

QString PromotionHealth::shortCommit() const {
    return m_commit.left(12);
}

} // namespace fd::core

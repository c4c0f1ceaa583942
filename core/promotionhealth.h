#pragma once

#include "argocdappstatus.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <chrono>

namespace fd::core {

/** Where a promotion stands after looking at its Argo CD applications once. */
struct PromotionVerdict final {
    enum class State { Waiting, Succeeded, Failed };

    State state = State::Waiting;
    QString app;     // the application that decided the verdict ("ns/name"); empty when none
    QString message; // for a person: the app and the reason

    bool done() const { return state != State::Waiting; }
};

/**
 * "When is a promotion done?": a pure decision over the applications' reported status, so the
 * GUI, the CLI and the tests agree. Succeeded only when every app runs the pushed commit, Synced
 * and Healthy, with no operation pending and the last one Succeeded and reconciled since; failed
 * on a hard failure or the timeout; waiting otherwise. The worst app decides.
 *
 * A Degraded or Missing app still on an older revision is waiting, not failed: the new commit
 * has not reached it yet, and an app that was unhealthy before the promotion may be fixed by it.
 * For the same reason an operation that failed is held against the promotion only when it synced
 * the pushed commit or started after the promotion did.
 */
class PromotionHealth final {
public:
    static constexpr std::chrono::seconds defaultTimeout{600};

    /**
     * @p gitOpsRepository picks the entry of a multi-source app's `revisions` to compare (by
     * RemoteUrl::repositoryIdentity); when empty any entry may match.
     */
    PromotionHealth(QString pushedCommit, QDateTime startedAt,
                    std::chrono::seconds timeout = defaultTimeout, QString gitOpsRepository = {});

    PromotionVerdict evaluate(const QList<ArgoCdAppStatus>& apps, const QDateTime& now) const;
    /** One app on its own, without the timeout. */
    PromotionVerdict evaluateApp(const ArgoCdAppStatus& app) const;

    /**
     * The entries of a multi-source app's `revisions` that are the GitOps repository's (every
     * one when the repository was not given); empty for a single-source app.
     */
    QList<qsizetype> gitOpsSources(const ArgoCdAppStatus& app) const;

    static PromotionVerdict evaluate(const QList<ArgoCdAppStatus>& apps,
                                     const QString& pushedCommit, const QDateTime& startedAt,
                                     const QDateTime& now,
                                     std::chrono::seconds timeout = defaultTimeout);

private:
    bool runsPushedCommit(const ArgoCdAppStatus& app) const;
    bool operationCounts(const ArgoCdAppStatus& app) const;
    QString shortCommit() const;
    QString timeoutText() const;

    QString m_commit;
    QDateTime m_startedAt;
    std::chrono::seconds m_timeout;
    QString m_repositoryIdentity;
};

} // namespace fd::core

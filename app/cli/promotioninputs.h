#pragma once

#include "freight.h"
#include "gitrepository.h"
#include "promotionevent.h"
#include "repositorysnapshot.h"
#include "result.h"

#include <QCommandLineParser>
#include <QList>

#include <memory>

namespace fd::app {

/**
 * What the commands that move freight by the pipeline's state read first (promote-train,
 * rollback): the branch tip's pipeline with every stage's version history, the freight known for
 * the repository (the `freight` command's store), the repository to push to, the promoter's
 * identity and the promotion log.
 */
class PromotionInputs final {
public:
    /** From --repo and --branch (--offline reads what the last fetch brought). */
    static core::Result<PromotionInputs> load(const QCommandLineParser& parser);

    const core::RepositorySnapshot& snapshot() const { return m_snapshot; }
    const core::Pipeline& pipeline() const { return m_snapshot.pipeline(); }
    /** Every stage's version at the tip (VersionHistory::current()). */
    const QList<core::VersionRecord>& current() const { return m_snapshot.history()->current(); }
    const core::VersionHistory& history() const { return *m_snapshot.history(); }
    /** Every service's freight, newest first. */
    const QList<core::Freight>& freight() const { return m_freight; }
    core::GitRepository& repository() const { return *m_repository; }
    const core::GitIdentity& identity() const { return m_identity; }
    const QList<core::PromotionEvent>& events() const { return m_events; }

private:
    PromotionInputs(core::RepositorySnapshot snapshot, std::unique_ptr<core::GitRepository> git);

    core::RepositorySnapshot m_snapshot;
    QList<core::Freight> m_freight;
    std::unique_ptr<core::GitRepository> m_repository;
    core::GitIdentity m_identity;
    QList<core::PromotionEvent> m_events;
};

} // namespace fd::app

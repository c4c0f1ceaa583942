#pragma once

#include "error.h"
#include "freight.h"
#include "pipeline.h"
#include "promotionevent.h"
#include "promotionrules.h"
#include "versionhistory.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace fd::core {

/** One freight in one stage: what the freight matrix shows in a cell. */
struct FreightInStage final {
    FreightStanding standing;
    /** The stage's version history names it: it runs there now or did before. */
    bool wasHere = false;
    /** The last promotion of it into the stage failed (and none succeeded since). */
    bool promotionFailed = false;
};

/** One stage of a service at the tip: what the overview shows in a cell. */
struct StageSummary final {
    QString stage;
    QString environment;
    /** The version its target holds at the tip; empty when the target is missing. */
    QString version;
    /** The freight that version names (ServiceState::freight), -1 when none does. */
    int freightIndex = -1;
    /**
     * Freight newer than the stage's own that an upstream stage runs or ran: how far the stage
     * lags (the largest count of its upstream stages); -1 when it has no upstream stage or its
     * own version is not a known freight.
     */
    int behind = -1;
    /** The upstream stage counted in behind. */
    QString behindUpstream;
    /** Freight newer than the stage's own that lack only approvals to enter it. */
    int awaitingApproval = 0;
    /** The hold on the stage, when one is in force. */
    std::optional<PromotionEvent> hold;
    /** Why the stage takes no promotion now (held, frozen), in words; empty when it does. */
    QString blocked;
};

/** Everything known of one service: its stages, its freight and where each freight stands. */
struct ServiceState final {
    QString service;
    /** Its stages in pipeline order (upstream first). */
    QStringList stages;
    /** Stage colours (Kargo's `kargo.akuity.io/color`), by stage index; empty when none. */
    QStringList stageColors;
    /** Newest first, with current, verified and approved marked per stage. */
    QList<Freight> freight;
    /** freight.size() × stages.size() cells, freight by freight. */
    QList<FreightInStage> cells;
    /** One per stage, in stages' order. */
    QList<StageSummary> summaries;

    const FreightInStage& cell(int freightIndex, int stageIndex) const {
        return cells[freightIndex * stages.size() + stageIndex];
    }
};

/** What the state is computed from: everything read from Git, the freight store and the log. */
struct RepositoryInputs final {
    Pipeline pipeline;
    /** Every stage's version at the tip (VersionHistory::current()). */
    QList<VersionRecord> current;
    /** Every change of every stage, newest first (VersionHistory::changes()). */
    QList<VersionRecord> changes;
    /** Every service's freight, newest first. */
    QList<Freight> freight;
    /** The promotion log, oldest first. */
    QList<PromotionEvent> events;
};

/**
 * A repository's branch as the desktop app shows it, computed once off the GUI thread so that
 * models only look values up: the pipeline, each service's freight with its standing in every
 * stage, each stage's lag behind its upstream, holds and freezes. A plain value: copied into
 * the GUI thread by RepositoryLoader.
 */
struct RepositoryState final {
    /** The remote URL without secrets, or the folder. */
    QString source;
    QString branch;
    /** The commit read; empty for a plain folder. */
    QString tip;
    Pipeline pipeline;
    QList<VersionRecord> current;
    /** Every change of every stage, newest first (VersionHistory::changes()). */
    QList<VersionRecord> changes;
    /** In pipeline order. */
    QList<ServiceState> services;
    QList<PromotionEvent> events;
    /** What could not be read (the promotion log, a line of it); the rest is shown. */
    QList<Error> errors;
    /** The time standings, holds and freezes were judged at. */
    QDateTime judgedAt;

    /** Environments in the order their first stage appears in the pipeline. */
    QStringList environments() const;
    const ServiceState* service(const QString& name) const;

    /** Pure: the state of @p inputs with standings, holds and freezes judged at @p now. */
    static RepositoryState assemble(RepositoryInputs inputs, const QDateTime& now);
    /** This state again with @p freight (a discovery's), judged at @p now. */
    RepositoryState withFreight(QList<Freight> freight, const QDateTime& now) const;
};

} // namespace fd::core

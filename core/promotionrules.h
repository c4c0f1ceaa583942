#pragma once

#include "freight.h"
#include "pipeline.h"
#include "promotionevent.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace fd::core {

/** Where one freight stands with one stage, and whether a promotion may take it there now. */
struct FreightStanding final {
    bool verified = false;
    QDateTime verifiedAt;
    /** The last verification in the stage failed (and none succeeded since). */
    bool verificationFailed = false;
    /** Distinct people (by email, else name) who approved it for the stage. */
    QStringList approvers;

    /** Kargo's availability: from the warehouse, verified (and soaked) upstream, or approved. */
    bool available = false;
    /** When soaking upstream ends, if that is all that keeps it from being available. */
    std::optional<QDateTime> availableFrom;
    /** Approvals the stage's policy still wants (0: none). */
    int approvalsMissing = 0;
    /** Available, not held, not frozen: approvals are all it lacks. */
    bool awaitingApproval = false;
    /** Available, approved enough, and the stage is not held. */
    bool promotable = false;
    /** Why not, in words for a person; empty when promotable. */
    QString reason;
};

/**
 * Kargo's rules for moving freight, read from the pipeline and the promotion log:
 * - availability: a stage that takes freight from the warehouse takes any; otherwise freight
 *   must be verified in its upstream stages (every one for availability "All", any one for
 *   "OneOf") for at least the stage's soak time, unless a person approved it for the stage;
 * - a stage whose policy wants approvals needs that many distinct people, none of them the
 *   promoter when one is named;
 * - a held stage takes nothing until it is released, a frozen one nothing until the freeze ends.
 * Soak time counts from the upstream verification (the log records no departures yet).
 */
class PromotionRules final {
public:
    PromotionRules(const Pipeline& pipeline, QList<PromotionEvent> events);

    FreightStanding standing(const Freight& freight, const QString& stage, const QDateTime& now,
                             const QString& promoter = {}) const;
    /** The hold on @p stage, when its last hold event is not released. */
    std::optional<PromotionEvent> hold(const QString& stage) const;
    /** Why @p stage takes no change at @p now (held, frozen), in words; empty when it does. */
    QString blocked(const PipelineStage& stage, const QDateTime& now) const;
    /** Sets each freight's verified and approved states from the log, for every stage. */
    void applyTo(QList<Freight>& freight) const;

private:
    struct Verification final {
        bool verified = false;
        bool failed = false;
        QDateTime at;
    };

    Verification verification(const QString& freightId, const QString& stage) const;
    QStringList approvers(const QString& freightId, const QString& stage) const;
    void checkAvailability(const Freight& freight, const PipelineStage& stage, const QDateTime& now,
                           FreightStanding& standing) const;

    const Pipeline& m_pipeline;
    QList<PromotionEvent> m_events;                // oldest first
    QHash<QString, QList<qsizetype>> m_byFreight;  // m_events' indexes by freight ID
    QHash<QString, QList<qsizetype>> m_holdEvents; // held/released, by stage
};

} // namespace fd::core

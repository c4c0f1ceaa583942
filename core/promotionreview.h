#pragma once

#include "error.h"
#include "freight.h"
#include "pipeline.h"
#include "promotionrules.h"
#include "promotionrun.h"
#include "result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace fd::core {

class GitRepository;

/** One policy of a stage as a review lists it: passed or not, in words. */
struct PolicyCheck final {
    enum class Kind { VerifiedUpstream, SoakTime, Approvals, FreezeWindow, Hold, ReadOnly };
    Kind kind = Kind::VerifiedUpstream;
    bool passed = false;
    /** "verified upstream", "approvals 0 of 1", "frozen until ...: Migration". */
    QString text;
};

/** One file a promotion changes: its bytes before and after, and the unified diff. */
struct ReviewedFile final {
    QString path;
    QByteArray before;
    QByteArray after;
    QString diff;
};

/**
 * What a person reviews before promoting a freight into a stage: the policies, the run request
 * (message prefilled) and every file the commit would change, computed on the reviewed tip.
 */
struct PromotionReview final {
    PipelineStage stage;
    Freight freight;
    /** Judged with the reviewer as the promoter: their own approval does not count. */
    FreightStanding standing;
    QList<PolicyCheck> checks;
    PromotionRunRequest request;
    /** The reviewer's Git email. */
    QString promoter;
    /** The tip the files were read at. */
    QString baseCommit;
    QList<ReviewedFile> files;
    /** Why the files could not be computed (a values file that does not parse...). */
    std::optional<Error> previewError;

    /** Every policy passes, the files were computed and something changes. */
    bool promotable() const;
};

/**
 * Reads the promotion log and the identity of @p repository, judges @p freight for @p stageName
 * and applies the promotion's edits to the files of @p branch in memory (nothing is committed).
 * Blocks on Git and the network: run it off the GUI thread.
 */
Result<PromotionReview> reviewPromotion(GitRepository& repository, const Pipeline& pipeline,
                                        const QString& stageName, const Freight& freight,
                                        const QString& branch, const QString& reviewedTip,
                                        const QDateTime& now);

/** What every review reads first: the reviewer (their Git email) and the promotion log. */
struct ReviewInputs final {
    QString promoter;
    QList<PromotionEvent> events;
};
/** Reads the repository's Git identity and its promotion log (fetched). Blocks on Git. */
Result<ReviewInputs> readReviewInputs(GitRepository& repository);
/** @p name's stage in @p pipeline; NotFound naming it when there is none. */
Result<const PipelineStage*> reviewedStage(const Pipeline& pipeline, const QString& name);

/**
 * Fills @p review's files (and baseCommit) by applying its request's edits to the branch's tip in
 * memory; a problem is kept in previewError. Blocks on Git.
 */
void previewFiles(GitRepository& repository, PromotionReview& review);
/** The files @p push would change on its branch's tip, as diffs; @p baseCommit gets the tip. */
Result<QList<ReviewedFile>> previewPush(GitRepository& repository, const PushRequest& push,
                                        QString& baseCommit);

/**
 * The checklist of @p stage's policies for a freight standing as @p standing; @p promoter's own
 * approval is said not to count.
 */
QList<PolicyCheck> policyChecks(const PipelineStage& stage, const FreightStanding& standing,
                                const PromotionRules& rules, const QDateTime& now,
                                const QString& promoter = {});

/**
 * A stage a promotion into must be confirmed by typing its name: one that wants approvals, or
 * whose environment is prod or production.
 */
bool isProtectedStage(const PipelineStage& stage);

} // namespace fd::core

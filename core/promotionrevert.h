#pragma once

#include "pipeline.h"
#include "result.h"
#include "valuespush.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace fd::core {

class GitHistory;

/** What reverting one promotion commit takes: edits back to the values before it. */
struct RevertPlan final {
    /** The reverted commit (full id) and its first line. */
    QString commit;
    QString summary;
    /** Each key the commit changed, set back to its value in the commit's parent. */
    QList<ValueEdit> edits;
    /** The stages whose versions the edits put back, in pipeline order. */
    QStringList stages;
    /** Keys the commit changed that are back at their old value already ("file: key"). */
    QStringList alreadyBack;

    /** "Revert "<summary>"" listing the values, with `Freightdesk-Reverts: <commit>` and a
     *  `Freightdesk-Stage` trailer per stage. */
    PushRequest request(const QString& branch) const;
};

/**
 * Undoes a promotion commit (one service's or a train's) as *edits* on the branch's tip: each
 * stage version the commit changed goes back to its value in the commit's parent, so changes
 * made after it to anything else survive. A key changed again after the commit is a Conflict
 * naming file and key (reverting would silently undo that later change); a commit that changes
 * anything but stage versions (another key, an added or deleted file) is Unsupported: that is
 * `git revert`'s job, not a promotion's.
 */
class PromotionRevert final {
public:
    PromotionRevert(const GitHistory& history, const Pipeline& pipeline);

    /** The plan for reverting @p commit (an id or a prefix) on top of @p tip. */
    Result<RevertPlan> plan(const QString& commit, const QString& tip) const;

private:
    struct Key final {
        ValueEdit edit; // the value before the commit
        QString after;  // the value the commit wrote
        QString stage;
    };

    Result<QList<Key>> keysChangedIn(const QString& commit, const QString& parent,
                                     const QString& path) const;
    Result<void> checkTip(const QString& tip, const QString& commit, const QString& path,
                          const QList<Key>& keys, RevertPlan& plan) const;

    const GitHistory& m_history;
    const Pipeline& m_pipeline;
};

} // namespace fd::core

#pragma once

#include "pipeline.h"
#include "promotionreview.h"
#include "result.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace fd::core {

class GitRepository;

/** Two stages' values files now, paired by the target they write (same key or image). */
struct StageComparison final {
    QString left;
    QString right;
    /** Per pair of files: path "left → right", before = left's bytes, after = right's, and the
     *  diff headed "--- a/<left path>" "+++ b/<right path>" (empty when they are the same). */
    QList<ReviewedFile> files;
    /** Targets of one stage without a counterpart in the other ("env/dev/x.yaml: image.tag"). */
    QStringList unpaired;
    /** The commit the left stage's branch was read at. */
    QString commit;
};

/**
 * Reads the files @p left and @p right write at the tip of their branch (fetched first, as a
 * promotion would read them) and diffs each pair of files that hold the same target. Blocks on
 * Git and the network: run it off the GUI thread.
 */
Result<StageComparison> compareStages(GitRepository& repository, const Pipeline& pipeline,
                                      const QString& left, const QString& right,
                                      const QString& defaultBranch);

} // namespace fd::core

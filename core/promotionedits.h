#pragma once

#include "freight.h"
#include "pipeline.h"
#include "result.h"
#include "valueedit.h"

#include <QList>
#include <QString>

namespace fd::core {

/**
 * A target's value for @p freight: `imageFrom(<repo>).Tag` (or `.Digest`, `.RepoURL`),
 * `chartFrom(<repo>).Version`, `commitFrom(<repo>).ID`, alone or as `${{ ... }}` parts of a
 * template (`v${{ imageFrom(x).Tag }}`), or a literal. The artifact is the one whose repoURL is
 * the one named (Docker Hub's spellings being one), or the freight's only one of that kind.
 */
Result<QString> renderTargetValue(const QString& value, const Freight& freight);

/**
 * The edits that promote @p freight into @p stage: one per target in this repository. A read-only
 * stage, a target in another repository, and a chart-version target are refused with the reason.
 */
Result<QList<ValueEdit>> promotionEdits(const PipelineStage& stage, const Freight& freight);

/** The edit that writes @p value where @p target keeps its version (file and key, or image). */
ValueEdit targetEdit(const PipelineTarget& target, const QString& value);

/** The branch @p stage's targets write (the last one naming one, as `promote` picks it); empty:
 *  the repository's branch. */
QString promotionBranch(const PipelineStage& stage);

} // namespace fd::core

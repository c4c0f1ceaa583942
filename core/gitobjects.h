#pragma once

// Private to core: looking up commits and trees, shared by GitRepository and GitHistory.

#include "githandles.h"
#include "result.h"

#include <QString>

namespace fd::core {

/** The repository's git directory without a trailing slash, for messages. */
QString directoryOf(git_repository* repository);
/**
 * The commit @p revision (a ref name, a short or full id) names, peeled from a tag. NotFound
 * names the repository; an ambiguous short id or a non-commit is InvalidInput.
 */
Result<GitCommitHandle> resolveCommit(git_repository* repository, const QString& revision);
/** The root tree of @p commit. */
Result<GitTreeHandle> treeOf(const git_commit* commit);

} // namespace fd::core

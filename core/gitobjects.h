#pragma once

// Private to core: looking up commits and trees, shared by GitRepository and GitHistory.

#include "githandles.h"
#include "result.h"

#include <QByteArray>
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
/** The tree with no entries, written to @p repository: the base of a branch's first commit. */
Result<GitTreeHandle> emptyTree(git_repository* repository);
/** The entry at @p path (a validated repository path), or a null handle when there is none. */
Result<GitTreeEntryHandle> entryAt(const git_tree* tree, const QByteArray& path);
/**
 * The bytes of the regular or executable file @p path at @p revision, from the object database.
 * NotFound, a folder (InvalidInput), a link or submodule (Unsupported) and files over 64 MiB
 * (TooLarge) are errors naming the path and the commit.
 */
Result<QByteArray> readFileAt(git_repository* repository, const QString& revision,
                              const QString& path);

} // namespace fd::core

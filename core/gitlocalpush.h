#pragma once

// Private to core: pushing to a repository on this machine without libgit2's local transport.

#include "result.h"

#include <QByteArray>
#include <QString>

#include <git2/oid.h>

#include <optional>

struct git_repository;

namespace fd::core {

/**
 * Pushes @p commit, named by @p sourceRef in @p repository (whose git directory is
 * @p repositoryPath), to @p branchRef of the repository at @p targetPath: copies the objects it
 * lacks, then moves the branch with a compare-and-swap against the value it was checked at, so a
 * push by someone else in between is never overwritten (libgit2 1.5's local transport checks
 * first and then writes the ref unconditionally).
 *
 * A branch that does not lead to @p commit any more (moved by someone else) is Rejected.
 * nullopt when it does not handle the case (no such repository, a new branch, a checked-out
 * branch of a non-bare repository, objects it cannot copy): the caller pushes through libgit2.
 */
std::optional<Result<void>>
pushToLocalRepository(git_repository* repository, const QString& repositoryPath,
                      const QString& targetPath, const QByteArray& sourceRef, const git_oid& commit,
                      const QByteArray& branchRef);

} // namespace fd::core

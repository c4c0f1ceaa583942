#pragma once

// Private to core: fetching from a repository on this machine without libgit2's local transport.

#include <QByteArray>
#include <QString>

#include <git2/oid.h>

#include <optional>

struct git_repository;

namespace fd::core {

/**
 * Copies what @p repository lacks of @p branchRef ("refs/heads/<branch>") in the repository at
 * @p sourcePath into one new pack, and returns the branch's tip; no ref is written.
 *
 * Why: libgit2's local transport builds that pack by hiding our tips and marking their whole
 * trees uninteresting in the source, thousands of reads through an index that grows with
 * history, each time. Here only the new commits are walked (back to the first one already
 * here), and of their trees only the entries that differ from the first parent's, as a fetch
 * of a few commits needs.
 *
 * Relies on what every writer of our object databases keeps true: an object that is present
 * has everything it refers to present (packs are complete, createCommit writes trees before
 * the commit, and this writes all objects in one pack).
 *
 * nullopt when it cannot do so (no such repository or branch, too many new commits, a shallow
 * or broken source): the caller then fetches through libgit2, which reports problems in its
 * words.
 */
std::optional<git_oid> fetchFromLocalRepository(git_repository* repository,
                                                const QString& sourcePath,
                                                const QByteArray& branchRef);

} // namespace fd::core

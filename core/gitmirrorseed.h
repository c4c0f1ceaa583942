#pragma once

// Private to core: a new mirror of a repository on this machine starts from that repository's
// object files instead of a pack built and indexed object by object.

#include <QString>

namespace fd::core {

/**
 * Hard-links (or, across file systems, copies) the pack files and loose objects of the
 * repository at @p sourcePath into the object database of the new bare repository at
 * @p mirrorGitDirectory, as `git clone --local` does. No ref is written: the fetch that follows
 * stays authoritative and finds the tip already present, so it only records the tracking ref.
 *
 * All or nothing: when a file cannot be placed (a concurrent `git gc` removed it, no
 * permission), or the source is shallow, borrows objects (alternates) or is a partial clone,
 * nothing stays and false is returned; the fetch then transfers everything as before. Packs and
 * loose objects are immutable in Git and libgit2, so sharing their inodes is safe.
 */
bool seedMirrorFromLocalRepository(const QString& sourcePath, const QString& mirrorGitDirectory);

} // namespace fd::core

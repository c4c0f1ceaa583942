#pragma once

// Private to core: the trees of a mirror's tracking tip kept in a small pack of their own.

#include <git2/oid.h>

struct git_repository;

namespace fd::core {

/**
 * Writes the trees of @p tip's snapshot into a pack of their own in the mirror, unless the
 * newest such pack is already for @p tip, and deletes the ones older than the previous.
 *
 * Why: a push hides the remote tip and libgit2 then reads every tree of that tip to mark it
 * uninteresting (thousands for a GitOps repository with a folder per service and stage). In a
 * mirror whose history is one big pack, each of those reads is a binary search in an index that
 * grows with history (touching nearly all of its pages) plus a delta chain, so time and peak
 * memory grew with history. libgit2 searches the youngest pack first, so with the tip's trees
 * in a pack of a few hundred KiB the big index is barely touched. The new tip's trees are read
 * mostly from the previous tree pack, so keeping it current costs little after the first time.
 *
 * Every object in a tree pack is also in the pack or loose object it came from, so deleting an
 * old one never loses an object; the previous one is kept for a process still reading it.
 * Best effort: any failure leaves the mirror as it was (only slower).
 */
void refreshTreePack(git_repository* repository, const git_oid& tip);

} // namespace fd::core

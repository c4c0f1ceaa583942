#pragma once

// Private to core: the trees of a mirror's tracking tip kept in a small pack of their own.

#include <git2/oid.h>

struct git_repository;

namespace fd::core {

/**
 * Keeps the trees of @p tip's snapshot in small packs of their own in the mirror: a chain of a
 * full pack and delta packs, each delta holding only the trees that were new at its commit (a
 * walk that stops at every tree the chain already has, so a promotion's fetch writes a handful
 * of trees, not thousands). After 16 deltas a new full pack starts a new chain, and the chain
 * before the previous one is deleted.
 *
 * Why: a push hides the remote tip and libgit2 then reads every tree of that tip to mark it
 * uninteresting (thousands for a GitOps repository with a folder per service and stage). In a
 * mirror whose history is one big pack, each of those reads is a binary search in an index that
 * grows with history (touching nearly all of its pages) plus a delta chain, so time and peak
 * memory grew with history. libgit2 searches the youngest pack first, so with the tip's trees
 * in packs of a few hundred KiB the big index is barely touched.
 *
 * Every object in a tree pack is also in the pack or loose object it came from, so deleting an
 * old one never loses an object; the previous chain is kept for a process still reading it.
 * Best effort: any failure leaves the mirror as it was (only slower).
 */
void refreshTreePack(git_repository* repository, const git_oid& tip);

} // namespace fd::core

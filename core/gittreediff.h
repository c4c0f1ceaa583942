#pragma once

// Private to core: the tree comparison behind GitHistory::walk.

#include "githandles.h"
#include "githistory.h"

#include <QByteArray>
#include <QList>

#include <cstring>
#include <unordered_map>

namespace fd::core {

/**
 * Compares two trees the way `git diff-tree -r` does: entries with equal ids are skipped without
 * reading them, and only folders under the prefixes are read at all.
 *
 * Read trees are kept, least recently used dropped first, up to a bound on their entries: in a
 * newest-first walk the folder a commit changes is usually the one an earlier-visited (newer)
 * commit read as its parent's, e.g. env/prod as it was before the last promotion to prod.
 * Keeping only the last comparison's trees missed that and read three times as many trees.
 */
class GitTreeDiff final {
public:
    /** @p prefixes: repository-relative paths without a trailing '/'; empty: everything. */
    GitTreeDiff(git_repository* repository, QList<QByteArray> prefixes);

    /**
     * Appends to @p changes the files under the prefixes that differ from @p oldTree to
     * @p newTree, in path order; a null @p oldTree is the empty tree (a root commit).
     */
    Result<void> compare(const git_oid* oldTree, const git_oid& newTree,
                         QList<GitPathChange>& changes);

private:
    enum class Scope { Outside, Toward, Inside };
    struct OidHash final {
        size_t operator()(const git_oid& oid) const noexcept {
            size_t hash;
            std::memcpy(&hash, oid.id, sizeof hash); // ids are uniformly distributed already
            return hash;
        }
    };
    struct OidEqual final {
        bool operator()(const git_oid& a, const git_oid& b) const noexcept {
            return git_oid_equal(&a, &b) != 0;
        }
    };
    struct CachedTree final {
        GitTreeHandle tree;
        quint64 lastUse = 0;
        size_t weight = 0; // entries + 1: what it costs to keep
    };

    Scope scopeOf(const QByteArray& path) const;
    Result<const git_tree*> tree(const git_oid& id);
    Result<void> compareTrees(const git_tree* oldTree, const git_tree* newTree,
                              const QByteArray& folder, bool inside, QList<GitPathChange>& changes);
    Result<void> compareEntries(const git_tree_entry* oldEntry, const git_tree_entry* newEntry,
                                const QByteArray& folder, bool inside,
                                QList<GitPathChange>& changes);
    /** Every file of @p entry (a file or a folder) as Added or Deleted. */
    Result<void> addAll(const git_tree_entry* entry, const QByteArray& path, bool inside,
                        GitPathChange::Status status, QList<GitPathChange>& changes);
    /** Drops the least recently used trees down to half the bound. */
    void evictOldest();

    git_repository* m_repository;
    QList<QByteArray> m_prefixes;
    std::unordered_map<git_oid, CachedTree, OidHash, OidEqual> m_trees;
    size_t m_weight = 0;
    quint64 m_comparison = 0;
};

} // namespace fd::core

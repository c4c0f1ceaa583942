#include "gittreediff.h"

#include "gitsupport.h"

#include <algorithm>
#include <vector>

namespace fd::core {

namespace {

// Tree entries kept between comparisons: 200 services x 6 stages fit many times over, and the
// bound keeps a walk's memory flat (a few MiB) however long the history.
constexpr size_t maximumCachedEntries = 256 * 1024;

bool isFolder(const git_tree_entry* entry) {
    return git_tree_entry_filemode(entry) == GIT_FILEMODE_TREE;
}

bool isFile(const git_tree_entry* entry) {
    const git_filemode_t mode = git_tree_entry_filemode(entry);
    return mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE;
}

/** Git's tree order: names compared bytewise, a folder's name as if it ended in '/'. */
int gitOrder(const git_tree_entry* a, const git_tree_entry* b) {
    const char* aName = git_tree_entry_name(a);
    const char* bName = git_tree_entry_name(b);
    const size_t aLength = std::strlen(aName);
    const size_t bLength = std::strlen(bName);
    const size_t common = std::min(aLength, bLength);
    if (const int order = std::memcmp(aName, bName, common); order != 0)
        return order;
    const auto next = [common](const git_tree_entry* entry, const char* name, size_t length) {
        if (length > common)
            return static_cast<unsigned char>(name[common]);
        return static_cast<unsigned char>(isFolder(entry) ? '/' : '\0');
    };
    return int(next(a, aName, aLength)) - int(next(b, bName, bLength));
}

QByteArray childPath(const QByteArray& folder, const git_tree_entry* entry) {
    return folder.isEmpty() ? QByteArray(git_tree_entry_name(entry))
                            : folder + '/' + git_tree_entry_name(entry);
}

GitPathChange change(GitPathChange::Status status, const QByteArray& path,
                     const git_tree_entry* oldEntry, const git_tree_entry* newEntry) {
    GitPathChange result;
    result.status = status;
    result.path = QString::fromUtf8(path);
    if (oldEntry)
        result.oldBlobId = oidToString(*git_tree_entry_id(oldEntry));
    if (newEntry)
        result.newBlobId = oidToString(*git_tree_entry_id(newEntry));
    return result;
}

} // namespace

GitTreeDiff::GitTreeDiff(git_repository* repository, QList<QByteArray> prefixes)
    : m_repository(repository)
    , m_prefixes(std::move(prefixes)) {}

Result<void> GitTreeDiff::compare(const git_oid* oldTree, const git_oid& newTree,
                                  QList<GitPathChange>& changes) {
    ++m_comparison;
    auto newRoot = tree(newTree);
    if (!newRoot)
        return std::move(newRoot).error();
    const git_tree* oldRoot = nullptr;
    if (oldTree) {
        auto found = tree(*oldTree);
        if (!found)
            return std::move(found).error();
        oldRoot = *found;
    }
    auto compared = compareTrees(oldRoot, *newRoot, {}, m_prefixes.isEmpty(), changes);
    if (m_weight > maximumCachedEntries)
        evictOldest();
    return compared;
}

GitTreeDiff::Scope GitTreeDiff::scopeOf(const QByteArray& path) const {
    Scope scope = Scope::Outside;
    for (const QByteArray& prefix : m_prefixes) {
        if (!prefix.startsWith(path))
            continue;
        if (prefix.size() == path.size())
            return Scope::Inside;
        if (prefix.at(path.size()) == '/')
            scope = Scope::Toward;
    }
    return scope;
}

Result<const git_tree*> GitTreeDiff::tree(const git_oid& id) {
    if (auto found = m_trees.find(id); found != m_trees.end()) {
        found->second.lastUse = m_comparison;
        return static_cast<const git_tree*>(found->second.tree.get());
    }
    git_tree* raw = nullptr;
    const int rc = git_tree_lookup(&raw, m_repository, &id);
    GitTreeHandle handle(raw);
    if (rc < 0)
        return gitFailureError(QStringLiteral("could not read tree %1").arg(oidToString(id)), rc);
    const git_tree* result = handle.get();
    const size_t weight = git_tree_entrycount(result) + 1;
    m_weight += weight;
    m_trees.emplace(id, CachedTree{std::move(handle), m_comparison, weight});
    return result;
}

void GitTreeDiff::evictOldest() {
    std::vector<std::pair<quint64, git_oid>> byUse;
    byUse.reserve(m_trees.size());
    for (const auto& [id, cached] : m_trees)
        byUse.emplace_back(cached.lastUse, id);
    std::sort(byUse.begin(), byUse.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    // Down to half the bound, so that a walk sorts here once per many commits, not every commit.
    for (const auto& [lastUse, id] : byUse) {
        if (m_weight <= maximumCachedEntries / 2)
            break;
        const auto found = m_trees.find(id);
        m_weight -= found->second.weight;
        m_trees.erase(found);
    }
}

Result<void> GitTreeDiff::compareTrees(const git_tree* oldTree, const git_tree* newTree,
                                       const QByteArray& folder, bool inside,
                                       QList<GitPathChange>& changes) {
    const size_t oldCount = oldTree ? git_tree_entrycount(oldTree) : 0;
    const size_t newCount = newTree ? git_tree_entrycount(newTree) : 0;
    size_t o = 0;
    size_t n = 0;
    while (o < oldCount || n < newCount) {
        const git_tree_entry* oldEntry =
            o < oldCount ? git_tree_entry_byindex(oldTree, o) : nullptr;
        const git_tree_entry* newEntry =
            n < newCount ? git_tree_entry_byindex(newTree, n) : nullptr;
        const int order = !oldEntry ? 1 : !newEntry ? -1 : gitOrder(oldEntry, newEntry);
        Result<void> done;
        if (order < 0) {
            done = addAll(oldEntry, childPath(folder, oldEntry), inside,
                          GitPathChange::Status::Deleted, changes);
            ++o;
        } else if (order > 0) {
            done = addAll(newEntry, childPath(folder, newEntry), inside,
                          GitPathChange::Status::Added, changes);
            ++n;
        } else {
            // The common case, and the one that makes the walk cheap: an unchanged file or folder
            // is recognised by its id alone, without reading it or building its path.
            if (!git_oid_equal(git_tree_entry_id(oldEntry), git_tree_entry_id(newEntry)) ||
                git_tree_entry_filemode(oldEntry) != git_tree_entry_filemode(newEntry))
                done = compareEntries(oldEntry, newEntry, folder, inside, changes);
            ++o;
            ++n;
        }
        if (!done)
            return done;
    }
    return {};
}

Result<void> GitTreeDiff::compareEntries(const git_tree_entry* oldEntry,
                                         const git_tree_entry* newEntry, const QByteArray& folder,
                                         bool inside, QList<GitPathChange>& changes) {
    const QByteArray path = childPath(folder, oldEntry);
    if (!inside) {
        const Scope scope = scopeOf(path);
        if (scope == Scope::Outside || (scope == Scope::Toward && !isFolder(oldEntry)))
            return {};
        inside = scope == Scope::Inside;
    }
    if (isFolder(oldEntry)) { // gitOrder() == 0: both are folders
        auto oldTree = tree(*git_tree_entry_id(oldEntry));
        if (!oldTree)
            return std::move(oldTree).error();
        auto newTree = tree(*git_tree_entry_id(newEntry));
        if (!newTree)
            return std::move(newTree).error();
        return compareTrees(*oldTree, *newTree, path, inside, changes);
    }
    const bool wasFile = isFile(oldEntry);
    const bool isFileNow = isFile(newEntry);
    if (wasFile && isFileNow)
        changes.append(change(GitPathChange::Status::Modified, path, oldEntry, newEntry));
    else if (wasFile) // became a symbolic link or submodule: no longer a file
        changes.append(change(GitPathChange::Status::Deleted, path, oldEntry, nullptr));
    else if (isFileNow)
        changes.append(change(GitPathChange::Status::Added, path, nullptr, newEntry));
    return {};
}

Result<void> GitTreeDiff::addAll(const git_tree_entry* entry, const QByteArray& path, bool inside,
                                 GitPathChange::Status status, QList<GitPathChange>& changes) {
    if (!inside) {
        const Scope scope = scopeOf(path);
        if (scope == Scope::Outside || (scope == Scope::Toward && !isFolder(entry)))
            return {};
        inside = scope == Scope::Inside;
    }
    if (isFolder(entry)) {
        auto folder = tree(*git_tree_entry_id(entry));
        if (!folder)
            return std::move(folder).error();
        const git_tree* oldTree = status == GitPathChange::Status::Deleted ? *folder : nullptr;
        const git_tree* newTree = status == GitPathChange::Status::Added ? *folder : nullptr;
        return compareTrees(oldTree, newTree, path, inside, changes);
    }
    if (isFile(entry) && inside) {
        const bool added = status == GitPathChange::Status::Added;
        changes.append(change(status, path, added ? nullptr : entry, added ? entry : nullptr));
    }
    return {};
}

} // namespace fd::core

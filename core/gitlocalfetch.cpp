#include "gitlocalfetch.h"

#include "githandles.h"

#include <QFile>
#include <QSet>

#include <vector>

namespace fd::core {

namespace {

// Beyond this a mirror is far behind; a pack built by libgit2 is then the better tool.
constexpr size_t maximumNewCommits = 1000;

using GitOdbHandle = std::unique_ptr<git_odb, GitFree<git_odb_free>>;

QByteArray key(const git_oid& id) {
    return QByteArray(reinterpret_cast<const char*>(id.id), GIT_OID_RAWSZ);
}

/** The objects of the new commits that the target lacks, in an order that writes each one
 *  after everything it refers to. */
class NewObjects final {
public:
    NewObjects(git_repository* source, git_odb* target)
        : m_source(source)
        , m_target(target) {}

    /** False when the source could not be read or the history is too long to copy this way. */
    bool collect(const git_oid& tip) {
        std::vector<git_oid> commits;
        if (!newCommits(tip, commits))
            return false;
        for (const git_oid& id : commits) {
            git_commit* raw = nullptr;
            if (git_commit_lookup(&raw, m_source, &id) < 0)
                return false;
            const GitCommitHandle commit(raw);
            git_oid base{};
            if (git_commit_parentcount(commit.get()) > 0) {
                git_commit* parent = nullptr;
                if (git_commit_parent(&parent, commit.get(), 0) < 0)
                    return false;
                base = *git_commit_tree_id(parent);
                git_commit_free(parent);
            }
            if (!addTree(*git_commit_tree_id(commit.get()), base))
                return false;
            m_ordered.push_back(id);
        }
        return true;
    }

    const std::vector<git_oid>& ordered() const { return m_ordered; }

private:
    bool present(const git_oid& id) { return git_odb_exists(m_target, &id) == 1; }

    /** The commits from @p tip back to the ones the target has, parents first. */
    bool newCommits(const git_oid& tip, std::vector<git_oid>& out) {
        struct Frame final {
            git_oid id;
            bool expanded;
        };
        std::vector<Frame> stack{{tip, false}};
        QSet<QByteArray> visited;
        while (!stack.empty()) {
            const Frame frame = stack.back();
            stack.pop_back();
            if (frame.expanded) {
                out.push_back(frame.id);
                continue;
            }
            if (visited.contains(key(frame.id)) || present(frame.id))
                continue;
            visited.insert(key(frame.id));
            if (visited.size() > qsizetype(maximumNewCommits))
                return false;
            git_commit* raw = nullptr;
            if (git_commit_lookup(&raw, m_source, &frame.id) < 0)
                return false;
            const GitCommitHandle commit(raw);
            stack.push_back({frame.id, true});
            for (unsigned int i = 0; i < git_commit_parentcount(commit.get()); ++i)
                stack.push_back({*git_commit_parent_id(commit.get(), i), false});
        }
        return true;
    }

    /** @p id and what it holds that differs from @p base (a zero id: nothing to compare). */
    bool addTree(const git_oid& id, const git_oid& base) {
        if (git_oid_equal(&id, &base) || m_added.contains(key(id)) || present(id))
            return true;
        git_tree* raw = nullptr;
        if (git_tree_lookup(&raw, m_source, &id) < 0)
            return false;
        const GitTreeHandle tree(raw);
        GitTreeHandle baseTree;
        if (!git_oid_is_zero(&base)) {
            git_tree* rawBase = nullptr;
            if (git_tree_lookup(&rawBase, m_source, &base) < 0)
                return false;
            baseTree.reset(rawBase);
        }
        for (size_t i = 0; i < git_tree_entrycount(tree.get()); ++i) {
            const git_tree_entry* entry = git_tree_entry_byindex(tree.get(), i);
            const git_tree_entry* before =
                baseTree ? git_tree_entry_byname(baseTree.get(), git_tree_entry_name(entry))
                         : nullptr;
            const git_oid* entryId = git_tree_entry_id(entry);
            if (before && git_oid_equal(entryId, git_tree_entry_id(before)))
                continue; // the base's own closure has it
            const git_object_t type = git_tree_entry_type(entry);
            if (type == GIT_OBJECT_TREE) {
                const git_oid entryBase = before && git_tree_entry_type(before) == GIT_OBJECT_TREE
                                              ? *git_tree_entry_id(before)
                                              : git_oid{};
                if (!addTree(*entryId, entryBase))
                    return false;
            } else if (type == GIT_OBJECT_BLOB && !m_added.contains(key(*entryId)) &&
                       !present(*entryId)) {
                m_added.insert(key(*entryId));
                m_ordered.push_back(*entryId);
            } // a submodule's commit is not ours to copy
        }
        m_added.insert(key(id));
        m_ordered.push_back(id);
        return true;
    }

    git_repository* m_source;
    git_odb* m_target;
    QSet<QByteArray> m_added;
    std::vector<git_oid> m_ordered;
};

} // namespace

std::optional<git_oid> fetchFromLocalRepository(git_repository* repository,
                                                const QString& sourcePath,
                                                const QByteArray& branchRef) {
    git_repository* rawSource = nullptr;
    const QByteArray nativePath = QFile::encodeName(sourcePath);
    const int openRc = git_repository_open_ext(&rawSource, nativePath.constData(),
                                               GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
    const GitRepositoryHandle source(rawSource);
    git_odb* rawOdb = nullptr;
    git_oid tip;
    if (openRc < 0 || git_repository_is_shallow(source.get()) != 0 ||
        git_reference_name_to_id(&tip, source.get(), branchRef.constData()) < 0 ||
        git_repository_odb(&rawOdb, repository) < 0) {
        git_error_clear();
        return std::nullopt;
    }
    const GitOdbHandle odb(rawOdb);
    if (git_odb_exists(odb.get(), &tip) == 1)
        return tip;

    NewObjects objects(source.get(), odb.get());
    if (!objects.collect(tip)) {
        git_error_clear();
        return std::nullopt;
    }
    // One pack, written by libgit2's indexer and renamed into place whole: the objects arrive
    // together or not at all.
    git_packbuilder* rawBuilder = nullptr;
    if (git_packbuilder_new(&rawBuilder, source.get()) < 0) {
        git_error_clear();
        return std::nullopt;
    }
    const GitPackBuilderHandle builder(rawBuilder);
    for (const git_oid& id : objects.ordered()) {
        if (git_packbuilder_insert(builder.get(), &id, nullptr) < 0) {
            git_error_clear();
            return std::nullopt;
        }
    }
    const QByteArray packFolder =
        QFile::encodeName(QString::fromUtf8(git_repository_path(repository))) + "objects/pack";
    if (git_packbuilder_write(builder.get(), packFolder.constData(), 0, nullptr, nullptr) < 0 ||
        git_odb_exists(odb.get(), &tip) != 1) {
        git_error_clear();
        return std::nullopt;
    }
    return tip;
}

} // namespace fd::core

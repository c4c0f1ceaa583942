#pragma once

// Private to core: the one owner of every libgit2 handle Freightdesk holds.

#include <git2.h>

#include <QByteArray>

#include <memory>

namespace fd::core {

template <auto FreeFunction> struct GitFree final {
    template <typename T> void operator()(T* handle) const noexcept { FreeFunction(handle); }
};

using GitRepositoryHandle = std::unique_ptr<git_repository, GitFree<git_repository_free>>;
using GitObjectHandle = std::unique_ptr<git_object, GitFree<git_object_free>>;
using GitCommitHandle = std::unique_ptr<git_commit, GitFree<git_commit_free>>;
using GitTreeHandle = std::unique_ptr<git_tree, GitFree<git_tree_free>>;
using GitTreeEntryHandle = std::unique_ptr<git_tree_entry, GitFree<git_tree_entry_free>>;
using GitBlobHandle = std::unique_ptr<git_blob, GitFree<git_blob_free>>;
using GitReferenceHandle = std::unique_ptr<git_reference, GitFree<git_reference_free>>;
using GitRemoteHandle = std::unique_ptr<git_remote, GitFree<git_remote_free>>;
using GitSignatureHandle = std::unique_ptr<git_signature, GitFree<git_signature_free>>;
using GitPatchHandle = std::unique_ptr<git_patch, GitFree<git_patch_free>>;
using GitRevwalkHandle = std::unique_ptr<git_revwalk, GitFree<git_revwalk_free>>;
using GitOdbHandle = std::unique_ptr<git_odb, GitFree<git_odb_free>>;
using GitPackBuilderHandle = std::unique_ptr<git_packbuilder, GitFree<git_packbuilder_free>>;

/** A git_buf that is always disposed, whatever path the caller leaves by. */
class GitBuffer final {
public:
    GitBuffer() = default;
    ~GitBuffer() { git_buf_dispose(&m_buffer); }
    GitBuffer(const GitBuffer&) = delete;
    GitBuffer& operator=(const GitBuffer&) = delete;

    git_buf* get() { return &m_buffer; }
    QByteArray toByteArray() const {
        return QByteArray(m_buffer.ptr, static_cast<qsizetype>(m_buffer.size));
    }

private:
    git_buf m_buffer = GIT_BUF_INIT;
};

/** A git_strarray over strings the caller keeps alive; libgit2 only reads it. */
class GitStringArray final {
public:
    explicit GitStringArray(const QByteArray& only)
        : m_pointer(const_cast<char*>(only.constData())) {
        m_array.strings = &m_pointer;
        m_array.count = 1;
    }
    GitStringArray(const GitStringArray&) = delete;
    GitStringArray& operator=(const GitStringArray&) = delete;

    const git_strarray* get() const { return &m_array; }

private:
    char* m_pointer;
    git_strarray m_array{};
};

} // namespace fd::core

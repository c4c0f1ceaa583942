#pragma once

#include "result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

namespace fd::core {

/** One entry of a recursive tree listing. */
struct GitTreeEntry final {
    enum class Kind {
        File,
        Executable,
        SymbolicLink, // the blob holds the link target
        Submodule,    // blobId is the commit the submodule points at
    };
    QString path;
    QString blobId;
    Kind kind = Kind::File;
    /** In bytes; -1 for a submodule. */
    qint64 size = -1;
};

/** An author or committer as the commit records them, with the time in its own UTC offset. */
struct GitPerson final {
    QString name;
    QString email;
    QDateTime time;
};

struct GitCommitInfo final {
    QString id;
    QStringList parentIds;
    GitPerson author;
    GitPerson committer;
    /** The first paragraph of the message, on one line, as `git log --format=%s` shows it. */
    QString summary;
    /** The whole message, trailers included. */
    QString message;
};

/** A file that changed between a commit and its first parent. Renames are a Deleted + Added. */
struct GitPathChange final {
    enum class Status { Added, Modified, Deleted };
    Status status = Status::Modified;
    QString path;
    /** Empty when Added. */
    QString oldBlobId;
    /** Empty when Deleted. */
    QString newBlobId;
};

/** A tag and the commit it names, as `git for-each-ref --sort=-creatordate` shows them. */
struct GitTagInfo final {
    /** Without its namespace: "v1.2.0". */
    QString name;
    /** The commit it names (an annotated tag peeled). */
    QString commitId;
    /** The tagger's time for an annotated tag, the commit's committer time otherwise. */
    QDateTime creatorDate;
    /** The first line of an annotated tag's message, the commit's summary otherwise. */
    QString subject;
    GitPerson author;    // the commit's
    GitPerson committer; // the commit's
};

struct GitWalkOptions final {
    /**
     * Folders or files, repository-relative ("env", "env/prod/"); a path matches a prefix that
     * is the path itself or one of its folders, as in a git pathspec ("env" does not match
     * "environment/x"). Empty: every path, and every commit is visited.
     */
    QStringList pathPrefixes;
    /**
     * Commit ids whose ancestry is not walked (they and every commit they reach are skipped),
     * like `git log tip ^hidden`: pass the tip of the previous walk to read only what is new.
     * An id the repository does not have is NotFound (the history was rewritten: walk again
     * without it).
     */
    QStringList hide;
    /**
     * Merge commits are visited when their diff against the first parent touches the prefixes,
     * but with no changes, as `git log --name-status` shows them: the commits on the merged
     * branch are walked too and carry the changes, so reporting them again on the merge would
     * count each change twice. True: report the merge's diff against its first parent.
     */
    bool diffMerges = false;
};

/**
 * Read-only access to a Git repository's object database: resolve revisions, list and read the
 * files of a commit, and walk history with the changed paths of each commit under some folders,
 * in one pass over history (not one per file).
 *
 * Diffs compare trees directly, descending only into folders whose ids differ and that lie under
 * the prefixes, and keep recently read trees in a bounded cache (in a newest-first walk a
 * commit's trees are mostly the parent trees of a commit already visited), so a walk costs about
 * one tree read per changed folder level and its own memory does not grow with history length.
 * libgit2's process-wide object cache (commits, small trees) is bounded by libgit2 alone.
 *
 * All calls block. One instance is used by one thread at a time.
 */
class GitHistory final {
public:
    ~GitHistory();
    GitHistory(const GitHistory&) = delete;
    GitHistory& operator=(const GitHistory&) = delete;

    /** Opens the repository at @p gitDirectory (bare, a .git folder, or a work tree's root). */
    static Result<std::unique_ptr<GitHistory>> open(const QString& gitDirectory);

    QString gitDirectory() const;
    /** The repository's name as people say it: "deploy" for ".../deploy.git" or ".../deploy/.git". */
    QString name() const;

    /** The full id of the commit @p revision (a ref name, a short or full id) names. */
    Result<QString> resolve(const QString& revision) const;

    /** True when @p ancestor is @p descendant or in its history. */
    Result<bool> isAncestor(const QString& ancestor, const QString& descendant) const;

    /**
     * Every file at @p revision under the folder @p prefix (empty: all), recursively, in Git's
     * order (byte order of the UTF-8 paths). Symbolic links and submodules are listed with their
     * kind; callers that read files skip them.
     */
    Result<QList<GitTreeEntry>> listFiles(const QString& revision,
                                          const QString& prefix = {}) const;

    /**
     * Every tag under @p refNamespace that names a commit (tags of trees or blobs are left out),
     * newest first by creator date, then by name.
     */
    Result<QList<GitTagInfo>>
    tags(const QString& refNamespace = QStringLiteral("refs/tags/")) const;
    /**
     * The files @p revision changes against its first parent (every file of a root commit); a
     * merge's are what it brings to its first parent.
     */
    Result<QList<GitPathChange>> changes(const QString& revision) const;
    /**
     * The files that differ from commit @p from to commit @p to, in path order, whatever lies
     * between them: the trees are compared, reading only folders whose ids differ.
     */
    Result<QList<GitPathChange>> changesBetween(const QString& from, const QString& to) const;

    /** The bytes of the blob @p blobId (a full id); NotFound when the repository lacks it. */
    Result<QByteArray> readBlob(const QString& blobId) const;
    /** The bytes of @p path at @p revision; NotFound when there is no such file. */
    Result<QByteArray> readFile(const QString& revision, const QString& path) const;

    /**
     * Visits the commits reachable from @p revision, newest first (commit time, parents after
     * all their children, like `git log --date-order`), that change a path under
     * options.pathPrefixes against their first parent (a root commit against nothing), with
     * those changes sorted by path. @p visit returns false to stop early; that is not an error.
     */
    Result<void>
    walk(const QString& revision, const GitWalkOptions& options,
         const std::function<bool(const GitCommitInfo&, const QList<GitPathChange>&)>& visit) const;

private:
    struct Private;
    explicit GitHistory(std::unique_ptr<Private> d);
    std::unique_ptr<Private> d;
};

} // namespace fd::core

#pragma once

#include "result.h"
#include "valueedit.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <functional>
#include <utility>

namespace fd::core {

class GitRepository;

struct PushRequest final {
    QString branch = QStringLiteral("main");
    QList<ValueEdit> edits;
    /**
     * Subject and optional body; empty: one that lists the edits. The trailers are appended as
     * a Git trailer block.
     */
    QString message;
    QList<std::pair<QString, QString>> trailers;
    /** How often a push rejected because the branch moved is tried again on the new tip. */
    int maxAttempts = 10;
    /**
     * The commit the person decided on (the tip a review or a plan read); empty: the fresh tip.
     * A key whose value differs between it and the fresh tip was changed by someone else since,
     * which is a conflict rather than a change silently overwritten.
     */
    QString reviewedCommit;
    /**
     * Asked (on the pushing thread) right before each push; false stops the run with a Cancelled
     * error and nothing pushed. Once it has said yes, the push may land whatever happens next.
     */
    std::function<bool()> mayPush;
};

struct FileChange final {
    QString path;
    QByteArray before;
    QByteArray after;
};

struct PushOutcome final {
    /** The pushed commit; empty when every value was already in place (nothing was pushed). */
    QString commitId;
    /** The tip the commit was made on (or, with nothing to do, the tip that was checked). */
    QString baseCommit;
    int attempts = 0;
    QList<FileChange> changes;
};

/**
 * Makes one commit with a set of value edits on the freshly fetched tip of a branch and pushes
 * it, never forced. When the push is rejected because the branch moved, the *edits* are applied
 * again on the new tip, so a concurrent change to other keys is kept. When the same key was
 * changed to a different value in the meantime, it stops with a Conflict error naming the file,
 * the key, their value and ours.
 */
class ValuesPush final {
public:
    explicit ValuesPush(GitRepository& repository);

    /** Fetches the tip and applies the edits in memory, committing nothing (a dry run). */
    Result<PushOutcome> preview(const PushRequest& request);
    Result<PushOutcome> run(const PushRequest& request);

    /** The request's message (or one describing its edits) with its trailer block. */
    static QString composeMessage(const PushRequest& request);

private:
    bool branchMoved(const QString& tip, const QString& branch);

    GitRepository& m_repository;
};

} // namespace fd::core

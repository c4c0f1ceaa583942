#pragma once

#include "error.h"
#include "promotionevent.h"
#include "result.h"

#include <QList>
#include <QString>

namespace fd::core {

class GitRepository;

/** What the promotion log holds, oldest first, and the lines it could not read. */
struct PromotionLogContents final {
    QList<PromotionEvent> events;
    /** Each names the file and line ("log/2026-11.jsonl:12"); the line is left as it is. */
    QList<Error> problems;
    /** The log branch's commit read; empty when the log has no branch yet. */
    QString tip;
};

/**
 * Approvals, verifications, holds and promotion outcomes, kept in the GitOps repository itself
 * so every release manager sees the same state and the audit trail lives as long as the
 * repository: a branch of its own (`freightdesk-log`, which no Argo CD application tracks), with
 * one JSON object per line in a file per month (`log/2026-11.jsonl`).
 *
 * Append-only: a write adds lines at the end of the month's file in one commit on top of the
 * branch's tip and never rewrites one. Two writers at once both land: the one whose push is
 * rejected fetches the new tip and adds its lines again there. The commit message says what
 * happened and carries `Freightdesk-*` trailers, so `git log freightdesk-log` reads as the
 * audit trail too.
 *
 * Blocks on the network: run it off the GUI thread.
 */
class PromotionLog final {
public:
    static QString defaultBranch() { return QStringLiteral("freightdesk-log"); }
    /** "log/<yyyy>-<MM>.jsonl" for a time, in UTC. */
    static QString fileFor(const QDateTime& at);

    explicit PromotionLog(GitRepository& repository, QString branch = defaultBranch());

    /** Fetches the log branch (unless @p fetch is false) and reads every record. */
    Result<PromotionLogContents> read(bool fetch = true);
    /**
     * Appends @p events in one commit, pushed; events without a time get now, without a person
     * the repository's Git identity. Returns the commit's id.
     */
    Result<QString> append(QList<PromotionEvent> events, int maxAttempts = 5);

private:
    Result<QString> fetchTip();

    GitRepository& m_repository;
    QString m_branch;
};

} // namespace fd::core

#pragma once

// Private to core: the part of GitHistory::walk that reads trees, spread over threads.

#include "githistory.h"

#include <git2.h>

#include <vector>

namespace fd::core {

using GitWalkVisitor = std::function<bool(const GitCommitInfo&, const QList<GitPathChange>&)>;

/**
 * Steps through @p ids (a walk's commits, newest first) and calls @p visit on the calling thread,
 * in that order, for each commit the walk visits.
 *
 * A long walk is spread over worker threads, each with its own handle on the repository at
 * @p gitDirectory and its own tree cache, each taking the next block of consecutive commits (so
 * a block's trees are mostly read once); the caller visits finished blocks in order while later
 * ones are read. Workers stay at most a few blocks ahead of the visits, so memory does not grow
 * with history length, and stop soon after @p visit returns false. A short walk (an incremental
 * one after a fetch) runs on @p repository alone: threads would cost more than they save.
 */
Result<void> walkCommits(git_repository* repository, const QString& gitDirectory,
                         const std::vector<git_oid>& ids, const QList<QByteArray>& prefixes,
                         const GitWalkOptions& options, const GitWalkVisitor& visit);

} // namespace fd::core

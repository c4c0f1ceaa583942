#pragma once

#include "gitrepository.h"
#include "pipeline.h"
#include "result.h"
#include "versionhistory.h"

#include <QString>

#include <memory>
#include <optional>

namespace fd::core {

class GitHistory;
class RepositoryFiles;

struct SnapshotOptions final {
    QString branch = QStringLiteral("main");
    /** Fetch the branch first; false: read what the last fetch brought (offline). */
    bool fetch = true;
    /** Also read every stage's version history (status, history views). */
    bool withHistory = true;
    /**
     * Where version histories and discovery results are kept between runs, so a later load
     * reads only new commits and the files they changed; empty:
     * QStandardPaths::CacheLocation + "/history".
     */
    QString historyCacheDirectory;
    GitRepositoryOptions git;
};

/**
 * One branch tip of a GitOps repository as Freightdesk understands it: its pipeline and, when
 * asked, every stage's current version and history. Opened from a remote URL or a local clone
 * through the Git engine (nothing is checked out); a plain folder that is not a Git repository
 * gives its pipeline only (no history: nothing was committed).
 *
 * Blocks on the network and the disk: run it off the GUI thread.
 */
class RepositorySnapshot final {
public:
    static Result<RepositorySnapshot> load(const QString& urlOrPath,
                                           const SnapshotOptions& options = {});

    const Pipeline& pipeline() const { return m_pipeline; }
    /** Present when loaded with history from a Git repository. */
    const std::optional<VersionHistory>& history() const { return m_history; }
    /** The commit read; empty for a plain folder. */
    const QString& tip() const { return m_tip; }
    /** The remote URL without secrets, or the folder. */
    const QString& source() const { return m_source; }

private:
    Pipeline m_pipeline;
    std::optional<VersionHistory> m_history;
    QString m_tip;
    QString m_source;
};

} // namespace fd::core

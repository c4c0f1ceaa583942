#pragma once

#include "result.h"

#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace fd::core {
class GitHistory;
}

namespace fd::argocdsim {

/**
 * The Git repository the simulated Argo CD watches: a bare repository on this machine read in
 * place, or a remote mirrored with the git CLI into a temporary folder and fetched on refresh().
 */
class SimRepository final {
public:
    ~SimRepository();
    SimRepository(const SimRepository&) = delete;
    SimRepository& operator=(const SimRepository&) = delete;

    static fd::core::Result<std::unique_ptr<SimRepository>> open(const QString& location);

    /** Fetches a mirrored remote (nothing to do for a local repository). */
    fd::core::Result<void> refresh();
    /** The commit a branch, tag, "HEAD" or "" (HEAD) names now. */
    fd::core::Result<QString> resolve(const QString& revision) const;
    std::shared_ptr<const fd::core::GitHistory> history() const { return m_history; }
    QString location() const { return m_location; }

private:
    SimRepository() = default;

    QString m_location;
    std::unique_ptr<QTemporaryDir> m_mirror;
    std::shared_ptr<fd::core::GitHistory> m_history;
};

} // namespace fd::argocdsim

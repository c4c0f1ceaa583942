#pragma once

// Private to core: what VersionHistory reads of every changed values file, in one batch.

#include "pipeline.h"
#include "result.h"

#include <QHash>
#include <QString>

#include <utility>
#include <vector>

namespace fd::core {

class GitHistory;

/**
 * The values of stage targets in many blobs: requested while history is walked, then read
 * together, spread over threads for a long history (each with its own handle on the repository,
 * in request order, so neighbouring requests share pack reads), and looked up.
 */
class TargetValueBatch final {
public:
    /** A handle on @p target's value in @p blobId (an empty id is an empty value). */
    int request(const QString& blobId, const PipelineTarget& target);
    /** Reads every requested value; a blob that cannot be read gives an empty value. */
    Result<void> resolve(const GitHistory& git);
    const QString& value(int handle) const { return m_requests[std::size_t(handle)].value; }

private:
    struct Request final {
        QString blobId;
        const PipelineTarget* target;
        QString value;
    };
    static void read(const GitHistory& git, Request& request);

    QHash<std::pair<QString, const PipelineTarget*>, int> m_handles;
    std::vector<Request> m_requests;
};

} // namespace fd::core

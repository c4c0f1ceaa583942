#pragma once

// Private to core: a Pipeline in DiscoveryCache's compact form.

#include "pipeline.h"

#include <QDataStream>

namespace fd::core {

/**
 * Writes and reads a Pipeline with every distinct string stored once (stage, service and file
 * names repeat across stages, targets and findings), in the manner of VersionRecordTable.
 */
class PipelineCodec final {
public:
    static void write(QDataStream& out, const Pipeline& pipeline);
    /** False when the stream is damaged or ends early; @p pipeline is then unspecified. */
    static bool read(QDataStream& in, Pipeline& pipeline);
};

} // namespace fd::core

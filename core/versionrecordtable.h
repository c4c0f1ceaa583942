#pragma once

// Private to core: version records in the history cache's compact form.

#include "versionhistory.h"

#include <QDataStream>

namespace fd::core {

/**
 * Writes and reads lists of VersionRecords with every distinct string stored once: a history's
 * records repeat their stage, service, author and commit many times over. Read back, equal
 * strings share one QString, so the records also take less memory than freshly read ones.
 */
class VersionRecordTable final {
public:
    static void write(QDataStream& out, const QList<QList<VersionRecord>>& lists);
    /** False when the stream is damaged or ends early. */
    static bool read(QDataStream& in, QList<QList<VersionRecord>>& lists);
};

} // namespace fd::core

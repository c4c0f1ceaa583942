#pragma once

// Private to core: yaml-cpp's event stream over a checked YamlSource, its errors as values.

#include "yamlsource.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/mark.h>

namespace fd::core {

/** Thrown by a handler to stop reading early, with the error to report at byte offset @p pos. */
struct YamlEventAbort final {
    Error::Kind kind;
    qsizetype pos;
    QString message;
};

/**
 * Keeps yaml-cpp 0.7 from running away on some invalid input, where it reports the same empty
 * document or more values than the file can hold, forever. A handler calls it on every event.
 */
class YamlRunawayGuard final {
public:
    /** @p offset: the BOM's length (yaml-cpp's marks start after it); @p size: the file's. */
    YamlRunawayGuard(qsizetype offset, qsizetype size)
        : m_offset(offset)
        // Every value but an implied empty one takes at least a byte; a generous multiple.
        , m_maxValues(4 * size + 64) {}

    qsizetype position(const YAML::Mark& mark) const { return m_offset + std::max(mark.pos, 0); }
    void documentStarted(const YAML::Mark& mark);
    void valueRead(const YAML::Mark& mark);

private:
    qsizetype m_offset;
    qsizetype m_maxValues;
    qsizetype m_values = 0;
    int m_lastDocumentStart = -1;
};

/**
 * Feeds every document of @p source to @p handler. yaml-cpp's parse errors, too deep nesting and
 * a handler's YamlEventAbort come back as errors at the file's line and column.
 */
Result<void> readYamlEvents(const YamlSource& source, YAML::EventHandler& handler);

} // namespace fd::core

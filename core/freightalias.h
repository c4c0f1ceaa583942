#pragma once

#include <QString>

namespace fd::core {

/**
 * A readable name for freight @p id, "adjective-animal" (some 40,000 pairs), the same for the same
 * ID on every machine. Kargo draws its aliases at random, so these are Freightdesk's own.
 */
QString freightAlias(const QString& id);

} // namespace fd::core

#pragma once

#include "freight.h"
#include "result.h"

#include <QList>
#include <QString>

namespace fd::core {

/**
 * The one freight of @p freight that @p ref names, as a person types it: its full ID or an ID
 * prefix of at least 7 characters, its alias, or an artifact's tag or version (an image tag, a
 * chart version, a commit ID prefix). No match is NotFound; several are InvalidInput listing
 * them, so the person can pick by alias.
 */
Result<Freight> resolveFreight(const QList<Freight>& freight, const QString& ref);

} // namespace fd::core

#pragma once

#include "freightartifact.h"

#include <QList>
#include <QString>

namespace fd::core {

/**
 * The ID Kargo's GenerateFreightID gives freight from Warehouse @p warehouse with these
 * artifacts: the lower-case hex SHA-1 of "Warehouse/<warehouse>:" followed by the artifacts'
 * identity parts (FreightArtifact::identityPart()) sorted bytewise and joined by '|'.
 */
QString freightId(const QString& warehouse, const QList<FreightArtifact>& artifacts);

} // namespace fd::core

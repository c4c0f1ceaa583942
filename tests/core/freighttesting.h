#pragma once

#include "freight.h"

#include <QStringList>

namespace fd::testsupport {

/** The first artifact's tag of each freight, in order: what most freight tests compare. */
inline QStringList tagsOf(const QList<fd::core::Freight>& freight) {
    QStringList tags;
    for (const fd::core::Freight& each : freight)
        tags.append(each.artifacts.constFirst().tag);
    return tags;
}

} // namespace fd::testsupport

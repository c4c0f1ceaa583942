#pragma once

// Private to core: findings about a configuration file read through YamlValue.

#include "finding.h"
#include "yamlvalue.h"

#include <QStringList>

namespace fd::core {

inline Finding configFinding(Finding::Severity severity, const QString& code,
                             const QString& message, const YamlValue& where) {
    return {severity, code, message, where.location()};
}

/** A warning per key of @p map not in @p known: a typo should not silently do nothing. */
inline void warnUnknownKeys(const YamlValue& map, const QStringList& known, Findings& findings) {
    for (const QString& key : map.keys()) {
        if (!known.contains(key)) {
            findings.append(configFinding(Finding::Severity::Warning,
                                          QStringLiteral("unknown-field"),
                                          QStringLiteral("unknown field '%1' (expected one of: %2)")
                                              .arg(key, known.join(QStringLiteral(", "))),
                                          map[key]));
        }
    }
}

} // namespace fd::core

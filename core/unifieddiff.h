#pragma once

#include "result.h"

#include <QByteArray>
#include <QString>

namespace fd::core {

/** Unified diffs of file contents, as `git diff` prints them (a/ and b/ prefixes, 3 lines of context). */
class UnifiedDiff final {
public:
    static Result<QString> between(const QString& path, const QByteArray& before,
                                   const QByteArray& after);
};

} // namespace fd::core

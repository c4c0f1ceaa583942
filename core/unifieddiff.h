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
    /** Two different files, as `git diff --no-index` names them: "--- a/<old>", "+++ b/<new>". */
    static Result<QString> between(const QString& oldPath, const QString& newPath,
                                   const QByteArray& before, const QByteArray& after);
};

} // namespace fd::core

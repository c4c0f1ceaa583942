#pragma once

// Private to core: libgit2 start-up and error capture shared by the Git engine's files.

#include "error.h"

#include <QString>

struct git_oid;

namespace fd::core {

/** Initialises libgit2 once per process (thread-safe); every entry point calls it first. */
void ensureLibgit2();

/**
 * What a libgit2 call reported: its return code and, separately, the class and text of
 * git_error_last(). Capture it right after the failing call, on the same thread, before any
 * other libgit2 call can overwrite the thread-local error.
 */
struct GitFailure final {
    int code = 0;
    int errorClass = 0;
    QString message;

    static GitFailure capture(int code);
};

/** An Error of kind Git: "<what>: <libgit2's message>", captured from @p code's failure. */
Error gitFailureError(const QString& what, int code, const QString& location = {});

QString oidToString(const git_oid& oid);
/** The first 7 hex digits, as `git log --oneline` shows them. */
QString shortOid(const git_oid& oid);

} // namespace fd::core

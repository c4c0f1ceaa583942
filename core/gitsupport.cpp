#include "gitsupport.h"

#include "gittimeoutstream.h"

#include <git2.h>

namespace fd::core {

namespace {

struct Libgit2Runtime final {
    Libgit2Runtime() {
        git_libgit2_init();
        // Servers see who is calling; libgit2 wraps this as "git/2.0 (<agent>)".
        git_libgit2_opts(GIT_OPT_SET_USER_AGENT, "freightdesk/" FREIGHTDESK_VERSION);
        // libgit2 1.5 has no server timeouts; the registration is process-wide, the timeouts are
        // set per transfer (see gittimeoutstream.h).
        registerTimeoutStream();
        // libgit2 re-hashes every object it reads (SHA-1 with collision detection): a third of
        // a history walk's time. Git itself does not (zlib and pack checksums catch corruption;
        // `git fsck` verifies ids), so neither do we.
        git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
    }
    ~Libgit2Runtime() { git_libgit2_shutdown(); }
    Libgit2Runtime(const Libgit2Runtime&) = delete;
    Libgit2Runtime& operator=(const Libgit2Runtime&) = delete;
};

} // namespace

void ensureLibgit2() {
    // A function-local static: C++ guarantees one thread-safe construction, and the matching
    // shutdown at exit keeps leak checkers quiet about libgit2's global state.
    static const Libgit2Runtime runtime;
}

GitFailure GitFailure::capture(int code) {
    GitFailure failure;
    failure.code = code;
    if (const git_error* last = git_error_last(); last && last->message) {
        failure.errorClass = last->klass;
        failure.message = QString::fromUtf8(last->message).trimmed();
    }
    if (failure.message.isEmpty())
        failure.message = QStringLiteral("libgit2 error %1").arg(code);
    return failure;
}

Error gitFailureError(const QString& what, int code, const QString& location) {
    const GitFailure failure = GitFailure::capture(code);
    return Error{Error::Kind::Git, what + QStringLiteral(": ") + failure.message, location};
}

QString oidToString(const git_oid& oid) {
    char hex[GIT_OID_HEXSZ + 1] = {};
    git_oid_tostr(hex, sizeof hex, &oid);
    return QString::fromLatin1(hex);
}

QString shortOid(const git_oid& oid) {
    return oidToString(oid).left(7);
}

} // namespace fd::core

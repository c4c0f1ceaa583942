#pragma once

#include <QString>

namespace fd::core {

/**
 * What went wrong, said so that a person can act on it, and where: a file with line and column,
 * a server URL (never with secrets), or a Git ref.
 */
struct Error final {
    enum class Kind {
        InvalidInput,   // the caller asked for something impossible (bad key path, bad path)
        Parse,          // a file could not be read as what it claims to be
        NotFound,       // a file, key, ref or repository that does not exist
        Unsupported,    // valid input Freightdesk refuses to touch rather than risk a wrong edit
        TooLarge,       // over a size or expansion limit
        Conflict,       // someone else changed the same thing differently
        Authentication, // credentials missing or refused
        Network,        // the server could not be reached or broke off
        Rejected,       // the branch moved on the server (non-fast-forward): fetch and try again
        Refused,        // the server refused the update for good (a hook, a protected branch)
        Git,            // any other libgit2 failure
        Io,             // local files
        Cancelled,      // the caller stopped it before anything irreversible happened
    };

    Kind kind = Kind::InvalidInput;
    QString message;
    QString location;

    /** "location: message", or just the message when there is no location. */
    QString toString() const;
    /** A stable lower-case name of the kind, for machine output. */
    QString kindName() const;
};

} // namespace fd::core

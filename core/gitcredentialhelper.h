#pragma once

#include <QString>

#include <optional>

namespace fd::core {

/**
 * Git's own credential machinery, `git credential fill|approve|reject`, so that whatever helper
 * the user configured (store, cache, libsecret, osxkeychain, manager) answers for Freightdesk too.
 *
 * Runs `git` with GIT_TERMINAL_PROMPT=0 and an empty GIT_ASKPASS: it never prompts, on a terminal
 * or in a window. Secrets travel over stdin/stdout only, never on the command line.
 */
class GitCredentialHelper final {
public:
    struct Target {
        QString protocol;
        QString host; // "host" or "host:port"
        QString path;
        QString userName; // may be empty
    };
    struct Credential {
        QString userName;
        QString password;
    };

    /** What the helpers know for @p target; nullopt when none answers (or git is missing). */
    static std::optional<Credential> fill(const Target& target);
    /** Tells the helpers the credential worked (e.g. `store` saves it). */
    static void approve(const Target& target, const Credential& credential);
    /** Tells the helpers the server refused it, so they forget it. */
    static void reject(const Target& target, const Credential& credential);
};

} // namespace fd::core

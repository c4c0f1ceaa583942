#pragma once

#include "result.h"

#include <QString>

#include <chrono>
#include <optional>

namespace fd::core {

/**
 * Secrets in the OS keychain (Secret Service, macOS Keychain, Windows Credential Manager) through
 * QtKeychain, under the service "Freightdesk".
 *
 * QtKeychain works asynchronously; these calls run a local event loop until the job ends or the
 * timeout passes, so they block like the rest of the Git engine. A keychain that is not there
 * (no D-Bus secret service, as on CI and headless machines) fails within milliseconds and reads
 * as "no secret". Without a QCoreApplication there is no event loop, so nothing is looked up.
 */
class KeychainStore final {
public:
    static constexpr std::chrono::milliseconds defaultTimeout{5000};

    static QString service();
    /** "git:<scheme>://<host[:port]>", the key Freightdesk stores Git tokens under. */
    static QString gitKey(const QString& scheme, const QString& hostAndPort);

    /** The secret stored under @p key; nullopt when there is none or the keychain is unavailable. */
    static std::optional<QString> read(const QString& key,
                                       std::chrono::milliseconds timeout = defaultTimeout);
    static Result<void> write(const QString& key, const QString& secret,
                              std::chrono::milliseconds timeout = defaultTimeout);
    static Result<void> remove(const QString& key,
                               std::chrono::milliseconds timeout = defaultTimeout);
};

} // namespace fd::core

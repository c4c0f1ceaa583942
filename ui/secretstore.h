#pragma once

#include "result.h"

#include <QString>

#include <memory>
#include <optional>

namespace fd::ui {

/**
 * Where the settings dialog keeps secrets (tokens, registry passwords): the OS keychain through
 * core::KeychainStore, or a stand-in in tests. Calls may block: make them off the GUI thread.
 */
class SecretStore {
public:
    virtual ~SecretStore() = default;

    virtual std::optional<QString> read(const QString& key) = 0;
    virtual core::Result<void> write(const QString& key, const QString& secret) = 0;
    virtual core::Result<void> remove(const QString& key) = 0;

    /** The OS keychain (core::KeychainStore); safe to call from any thread. */
    static std::shared_ptr<SecretStore> keychain();
};

} // namespace fd::ui

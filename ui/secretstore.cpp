#include "secretstore.h"

#include "keychainstore.h"

namespace fd::ui {

namespace {

class KeychainSecrets final : public SecretStore {
public:
    std::optional<QString> read(const QString& key) override {
        return core::KeychainStore::read(key);
    }
    core::Result<void> write(const QString& key, const QString& secret) override {
        return core::KeychainStore::write(key, secret);
    }
    core::Result<void> remove(const QString& key) override {
        return core::KeychainStore::remove(key);
    }
};

} // namespace

std::shared_ptr<SecretStore> SecretStore::keychain() {
    return std::make_shared<KeychainSecrets>();
}

} // namespace fd::ui

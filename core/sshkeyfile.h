#pragma once

#include <QString>

namespace fd::core {

/**
 * True when the private key in @p path is protected by a passphrase (PEM "ENCRYPTED" headers,
 * or an OpenSSH key whose cipher is not "none"). libssh2 fails such a key with a file error
 * rather than an authentication error, which would end the operation instead of moving on to
 * the next key; Freightdesk has no passphrase prompt, so these keys are skipped up front.
 */
bool sshKeyFileIsEncrypted(const QString& path);

} // namespace fd::core

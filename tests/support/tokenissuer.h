#pragma once

#include "result.h"

#include <QByteArray>
#include <QString>
#include <QTemporaryDir>

namespace fd::testsupport {

/**
 * The signing half of a registry token service (Docker's token authentication): an RSA key and
 * a self-signed certificate made by `openssl`, and JWTs (RS256, the certificate in `x5c`) that
 * docker-registry accepts when configured with `auth: token` and the certificate as its
 * rootcertbundle. Every requested action is granted: tests check the client's side of the flow.
 */
class TokenIssuer final {
public:
    TokenIssuer();

    /** Makes the key and certificate. */
    fd::core::Result<void> create();
    QString certificateFile() const;
    QString issuer() const { return QStringLiteral("freightdesk-test-issuer"); }

    /** A token for @p service granting each "repository:<name>:<actions>" in @p scopes. */
    fd::core::Result<QByteArray> issue(const QString& service, const QStringList& scopes,
                                       int lifetimeSeconds) const;

private:
    QTemporaryDir m_directory;
    QByteArray m_certificateDer;
};

} // namespace fd::testsupport

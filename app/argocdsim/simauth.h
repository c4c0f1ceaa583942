#pragma once

#include "simconfig.h"

#include <QByteArray>
#include <QSet>
#include <QString>

#include <optional>

namespace fd::argocdsim {

/** Who a request runs as, or why it is refused (a gRPC-gateway error). */
struct SimSession final {
    QString account;
    QStringList projects; // empty: every project
    qint64 issuedAt = 0;
    int httpStatus = 200;
    QString error;

    bool ok() const { return error.isEmpty(); }
    bool mayAccess(const QString& project) const;
};

/**
 * Local accounts and their session tokens: HS256 JWTs (iss "argocd", sub, iat, exp, jti) like the
 * ones Argo CD issues, signed with a key made at start, expiring after a lifetime or on demand.
 */
class SimAuth final {
public:
    explicit SimAuth(const SimConfig& config);

    /** A token for @p username, or nullopt when the password is wrong. */
    std::optional<QString> login(const QString& username, const QString& password);
    /** A token for an existing account without a password (for tests). */
    QString issueToken(const QString& account);
    SimSession authenticate(const QByteArray& token) const;

    /** Every token issued so far, and the static token, now reads as expired. */
    void expireAll();
    void setTokenLifetime(std::chrono::milliseconds lifetime) { m_lifetime = lifetime; }
    void setStaticToken(const QString& token, const QString& account);

private:
    const SimAccount* account(const QString& name) const;
    QByteArray sign(const QByteArray& signingInput) const;

    QList<SimAccount> m_accounts;
    QString m_staticToken;
    QString m_staticTokenAccount;
    bool m_staticTokenExpired = false;
    std::chrono::milliseconds m_lifetime;
    QByteArray m_key;
    QSet<QString> m_expiredIds;
    QSet<QString> m_issuedIds;
};

} // namespace fd::argocdsim

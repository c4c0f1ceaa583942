#pragma once

#include "result.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QSet>
#include <QString>

#include <optional>

namespace fd::core {

/**
 * What a client remembers about registries' authentication: bearer tokens per registry and
 * scope until they expire, and which registries want Basic credentials on every request.
 */
class RegistryTokenCache final {
public:
    struct Token final {
        QString value;
        QDateTime expires;
    };

    /**
     * A token endpoint's answer (`token` or `access_token`, `expires_in`, `issued_at`), received
     * at @p now. Expiry is counted from our own clock, not `issued_at`, so that a registry whose
     * clock is ahead or behind ours neither keeps a dead token nor refetches on every request.
     */
    static Result<Token> parseResponse(const QByteArray& body, const QDateTime& now,
                                       const QString& location);

    std::optional<QString> find(const QString& host, const QString& scope,
                                const QDateTime& now) const;
    void insert(const QString& host, const QString& scope, Token token);
    void remove(const QString& host, const QString& scope);

    void setUsesBasic(const QString& host) { m_basicHosts.insert(host); }
    bool usesBasic(const QString& host) const { return m_basicHosts.contains(host); }

private:
    static QString key(const QString& host, const QString& scope);

    QHash<QString, Token> m_tokens;
    QSet<QString> m_basicHosts;
};

} // namespace fd::core

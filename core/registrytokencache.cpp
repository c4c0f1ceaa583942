#include "registrytokencache.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace fd::core {

namespace {

// Docker's token specification: a token without expires_in lives 60 seconds.
constexpr qint64 defaultLifetimeSeconds = 60;
// Renew a little early: a token that expires while a request is on its way costs a round trip.
constexpr qint64 renewEarlySeconds = 5;

} // namespace

Result<RegistryTokenCache::Token> RegistryTokenCache::parseResponse(const QByteArray& body,
                                                                    const QDateTime& now,
                                                                    const QString& location) {
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (!document.isObject())
        return Error{Error::Kind::Parse,
                     QStringLiteral("the token service answered with something other than a "
                                    "JSON object (%1)")
                         .arg(parseError.errorString()),
                     location};
    const QJsonObject object = document.object();
    QString value = object.value(QStringLiteral("token")).toString();
    if (value.isEmpty())
        value = object.value(QStringLiteral("access_token")).toString();
    if (value.isEmpty())
        return Error{Error::Kind::Authentication,
                     QStringLiteral("the token service answered without a token"), location};
    qint64 lifetime = object.value(QStringLiteral("expires_in")).toInteger(defaultLifetimeSeconds);
    if (lifetime <= 0)
        lifetime = defaultLifetimeSeconds;
    const qint64 early = qMin(renewEarlySeconds, lifetime / 2);
    return Token{value, now.addSecs(lifetime - early)};
}

QString RegistryTokenCache::key(const QString& host, const QString& scope) {
    return host + QLatin1Char(' ') + scope;
}

std::optional<QString> RegistryTokenCache::find(const QString& host, const QString& scope,
                                                const QDateTime& now) const {
    const auto token = m_tokens.constFind(key(host, scope));
    if (token == m_tokens.cend() || token->expires <= now)
        return std::nullopt;
    return token->value;
}

void RegistryTokenCache::insert(const QString& host, const QString& scope, Token token) {
    m_tokens.insert(key(host, scope), std::move(token));
}

void RegistryTokenCache::remove(const QString& host, const QString& scope) {
    m_tokens.remove(key(host, scope));
}

} // namespace fd::core

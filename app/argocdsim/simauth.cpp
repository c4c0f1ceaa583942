#include "simauth.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <QUuid>

namespace fd::argocdsim {

namespace {

constexpr auto Base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

SimSession refused(const QString& message) {
    SimSession session;
    session.httpStatus = 401;
    session.error = message;
    return session;
}

} // namespace

bool SimSession::mayAccess(const QString& project) const {
    return projects.isEmpty() || projects.contains(project);
}

SimAuth::SimAuth(const SimConfig& config)
    : m_accounts(config.accounts)
    , m_staticToken(config.staticToken)
    , m_staticTokenAccount(config.staticTokenAccount)
    , m_lifetime(config.tokenLifetime) {
    m_key.resize(32);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(m_key.data()), 8);
}

std::optional<QString> SimAuth::login(const QString& username, const QString& password) {
    const SimAccount* found = account(username);
    if (!found || found->password != password)
        return std::nullopt;
    return issueToken(username);
}

QString SimAuth::issueToken(const QString& accountName) {
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QJsonObject header{{QStringLiteral("alg"), QStringLiteral("HS256")},
                             {QStringLiteral("typ"), QStringLiteral("JWT")}};
    const qint64 expiresMs = QDateTime::currentMSecsSinceEpoch() + m_lifetime.count();
    const QJsonObject claims{{QStringLiteral("iss"), QStringLiteral("argocd")},
                             {QStringLiteral("sub"), accountName + QStringLiteral(":login")},
                             {QStringLiteral("nbf"), now},
                             {QStringLiteral("iat"), now},
                             // milliseconds kept in a private claim: tests use lifetimes < 1 s
                             {QStringLiteral("exp"), expiresMs / 1000},
                             {QStringLiteral("sim_exp_ms"), expiresMs},
                             {QStringLiteral("jti"), id}};
    const QByteArray input =
        QJsonDocument(header).toJson(QJsonDocument::Compact).toBase64(Base64Url) + '.' +
        QJsonDocument(claims).toJson(QJsonDocument::Compact).toBase64(Base64Url);
    m_issuedIds.insert(id);
    return QString::fromLatin1(input + '.' + sign(input));
}

SimSession SimAuth::authenticate(const QByteArray& token) const {
    if (token.isEmpty())
        return refused(QStringLiteral("no session information"));
    if (!m_staticToken.isEmpty() && token == m_staticToken.toUtf8()) {
        if (m_staticTokenExpired)
            return refused(
                QStringLiteral("invalid session: token has invalid claims: token is expired"));
        const SimAccount* found = account(m_staticTokenAccount);
        SimSession session;
        session.account = m_staticTokenAccount;
        session.projects = found ? found->projects : QStringList{};
        return session;
    }
    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3 || sign(parts[0] + '.' + parts[1]) != parts[2])
        return refused(QStringLiteral("invalid session: token signature is invalid"));
    const QJsonObject claims =
        QJsonDocument::fromJson(QByteArray::fromBase64(parts[1], Base64Url)).object();
    const QString id = claims.value(QStringLiteral("jti")).toString();
    const qint64 expiresMs =
        static_cast<qint64>(claims.value(QStringLiteral("sim_exp_ms")).toDouble());
    if (m_expiredIds.contains(id) || expiresMs <= QDateTime::currentMSecsSinceEpoch())
        return refused(
            QStringLiteral("invalid session: token has invalid claims: token is expired"));
    const QString accountName = claims.value(QStringLiteral("sub")).toString().section(u':', 0, 0);
    const SimAccount* found = account(accountName);
    if (!found)
        return refused(
            QStringLiteral("invalid session: account %1 does not exist").arg(accountName));
    SimSession session;
    session.account = accountName;
    session.projects = found->projects;
    session.issuedAt = static_cast<qint64>(claims.value(QStringLiteral("iat")).toDouble());
    return session;
}

void SimAuth::expireAll() {
    m_expiredIds.unite(m_issuedIds);
    m_staticTokenExpired = !m_staticToken.isEmpty();
}

void SimAuth::setStaticToken(const QString& token, const QString& accountName) {
    m_staticToken = token;
    m_staticTokenAccount = accountName;
    m_staticTokenExpired = false;
}

const SimAccount* SimAuth::account(const QString& name) const {
    for (const SimAccount& candidate : m_accounts) {
        if (candidate.name == name)
            return &candidate;
    }
    return nullptr;
}

QByteArray SimAuth::sign(const QByteArray& signingInput) const {
    return QMessageAuthenticationCode::hash(signingInput, m_key, QCryptographicHash::Sha256)
        .toBase64(Base64Url);
}

} // namespace fd::argocdsim

#include "registrycall.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

namespace fd::core {

namespace {

QByteArray basicAuthorization(const RegistryCredential& credential) {
    return fd::core::basicAuthorization(credential.userName, credential.secret);
}

// The registry's own words from an OCI error body: "MANIFEST_UNKNOWN: manifest unknown".
QString registryErrorText(const QByteArray& body) {
    const QJsonArray errors =
        QJsonDocument::fromJson(body).object().value(QStringLiteral("errors")).toArray();
    QStringList texts;
    for (const QJsonValue& value : errors) {
        const QJsonObject error = value.toObject();
        texts.append(
            QStringLiteral("%1: %2").arg(error.value(QStringLiteral("code")).toString(),
                                         error.value(QStringLiteral("message")).toString()));
    }
    return texts.join(QStringLiteral("; "));
}

QString retryAfter(const QByteArray& header) {
    bool isNumber = false;
    const int seconds = header.trimmed().toInt(&isNumber);
    if (isNumber)
        return QStringLiteral("; retry after %1 s").arg(seconds);
    // An HTTP date ("Wed, 21 Oct 2026 07:28:00 GMT"); Qt's RFC 2822 reader wants an offset.
    QString text = QString::fromLatin1(header.trimmed());
    if (text.endsWith(QStringLiteral(" GMT")))
        text.replace(text.size() - 3, 3, QStringLiteral("+0000"));
    const QDateTime when = QDateTime::fromString(text, Qt::RFC2822Date);
    return when.isValid()
               ? QStringLiteral("; retry after %1").arg(when.toUTC().toString(Qt::ISODate))
               : QString();
}

// How long a token service's refusal stands for calls started at the same time.
constexpr qint64 refusalMemorySeconds = 30;

} // namespace

void RegistryCall::start(RegistryConnection* connection, RegistryCallSpec spec, QObject* parent,
                         Done done) {
    auto* call = new RegistryCall(connection, std::move(spec), parent, std::move(done));
    QByteArray authorization;
    const QString host = call->host();
    if (const auto token = connection->tokens.find(host, call->scope(), connection->clock())) {
        authorization = "Bearer " + token->toUtf8();
    } else if (connection->tokens.usesBasic(host)) {
        const auto& lookup = connection->credentials.value(call->credentialHost());
        if (lookup.credential)
            authorization = basicAuthorization(*lookup.credential);
    }
    call->m_sentCredential = !authorization.isEmpty();
    call->send(authorization);
}

RegistryCall::RegistryCall(RegistryConnection* connection, RegistryCallSpec spec, QObject* parent,
                           Done done)
    : QObject(parent)
    , m_connection(connection)
    , m_spec(std::move(spec))
    , m_done(std::move(done)) {}

QString RegistryCall::scope() const {
    return QStringLiteral("repository:%1:pull").arg(m_spec.repository);
}

QString RegistryCall::credentialHost() const {
    // Unmirrored Docker Hub is "docker.io" in every auth file, not its API host.
    return m_spec.endpoint.mirrored ? host() : m_spec.endpoint.registry;
}

void RegistryCall::send(const QByteArray& authorization) {
    RegistryRequest request;
    request.method = m_spec.method;
    request.url = m_spec.path.startsWith(QStringLiteral("http"))
                      ? QUrl(m_spec.path)
                      : m_spec.endpoint.base.resolved(QUrl(m_spec.path));
    if (!m_spec.accept.isEmpty())
        request.headers.append({"Accept", m_spec.accept});
    request.authorization = authorization;
    m_sentAuthorization = authorization;
    ++m_connection->requests;
    RegistryExchange::start(
        m_connection->network, std::move(request), m_connection->timeouts, this,
        [this](Result<RegistryResponse> response) { onResponse(std::move(response)); });
}

void RegistryCall::onResponse(Result<RegistryResponse> response) {
    if (!response)
        return finish(failure(response.error().kind, response.error().message));
    m_connection->requests += response->requests - 1; // redirects
    if (response->status == 401) {
        if (!m_answeredChallenge && sendWithNewerToken()) {
            m_answeredChallenge = true;
            return;
        }
        // Forget the token only if it is the one refused, not one a parallel call just got.
        const auto cached = m_connection->tokens.find(host(), scope(), m_connection->clock());
        if (cached && "Bearer " + cached->toUtf8() == m_sentAuthorization)
            m_connection->tokens.remove(host(), scope());
        if (m_answeredChallenge)
            return finish(authenticationError(
                QStringLiteral("the registry refused %1").arg(credentialText())));
        return answerChallenge(*response);
    }
    if (response->status >= 200 && response->status < 300)
        return finish(std::move(response));
    finish(statusError(*response));
}

void RegistryCall::answerChallenge(const RegistryResponse& response) {
    m_answeredChallenge = true;
    const QList<RegistryChallenge> challenges =
        RegistryChallenge::parse(response.header("www-authenticate"));
    for (const QString& scheme : {QStringLiteral("bearer"), QStringLiteral("basic")}) {
        for (const RegistryChallenge& challenge : challenges) {
            if (challenge.scheme != scheme)
                continue;
            if (scheme == u"bearer")
                return withCredential(
                    [this, challenge](const RegistryCredentialLookup&) { fetchToken(challenge); });
            return withCredential([this](const RegistryCredentialLookup& lookup) {
                if (!lookup.credential)
                    return finish(authenticationError(QStringLiteral("the registry wants a user "
                                                                     "name and password")));
                m_connection->tokens.setUsesBasic(host());
                m_sentCredential = true;
                send(basicAuthorization(*lookup.credential));
            });
        }
    }
    finish(authenticationError(
        QStringLiteral("the registry answered 401 without a Basic or Bearer challenge (\"%1\")")
            .arg(QString::fromLatin1(response.header("www-authenticate").left(200)))));
}

void RegistryCall::withCredential(std::function<void(const RegistryCredentialLookup&)> next) {
    const QString key = credentialHost();
    if (const auto known = m_connection->credentials.constFind(key);
        known != m_connection->credentials.cend())
        return next(*known);
    RegistryCredentials::lookup(m_connection->credentialSources, key, m_spec.repository, this,
                                [this, key, next](RegistryCredentialLookup lookup) {
                                    m_connection->credentials.insert(key, lookup);
                                    next(lookup);
                                });
}

// Calls started together are refused together; the first to get a token caches it, and the
// others, refused before it arrived or still looking up credentials, use it rather than fetch more.
bool RegistryCall::sendWithNewerToken() {
    const auto cached = m_connection->tokens.find(host(), scope(), m_connection->clock());
    if (!cached)
        return false;
    const QByteArray authorization = "Bearer " + cached->toUtf8();
    if (authorization == m_sentAuthorization)
        return false;
    m_sentCredential = m_connection->credentials.value(credentialHost()).credential.has_value();
    send(authorization);
    return true;
}

void RegistryCall::fetchToken(const RegistryChallenge& challenge) {
    if (sendWithNewerToken())
        return;
    QUrl realm(challenge.parameter(QStringLiteral("realm")));
    if (!realm.isValid() || realm.host().isEmpty())
        return finish(authenticationError(
            QStringLiteral("the registry's Bearer challenge names no token service (realm)")));
    // Credentials travel to the realm: never in clear text unless the registry itself is.
    if (realm.scheme() != u"https" && !(realm.scheme() == u"http" && m_spec.endpoint.plainHttp))
        return finish(authenticationError(
            QStringLiteral("the token service %1 is not HTTPS").arg(realm.toDisplayString())));
    QUrlQuery query(realm);
    if (const QString service = challenge.parameter(QStringLiteral("service")); !service.isEmpty())
        query.addQueryItem(QStringLiteral("service"), service);
    QString scopes = challenge.parameter(QStringLiteral("scope"));
    if (scopes.isEmpty())
        scopes = scope();
    for (const QString& each : scopes.split(QLatin1Char(' '), Qt::SkipEmptyParts))
        query.addQueryItem(QStringLiteral("scope"), each);
    realm.setQuery(query);

    // Calls started together (created times of many tags) share one token request.
    m_sentCredential = m_connection->credentials.value(credentialHost()).credential.has_value();
    const QString key = host() + QLatin1Char(' ') + scope();
    if (const auto refused = m_connection->tokenRefusals.constFind(key);
        refused != m_connection->tokenRefusals.cend() &&
        refused->first.secsTo(m_connection->clock()) < refusalMemorySeconds)
        return useToken(refused->second);
    if (const auto waiting = m_connection->tokenWaiters.find(key);
        waiting != m_connection->tokenWaiters.end()) {
        waiting->append(this);
        return;
    }
    m_connection->tokenWaiters.insert(key, {});
    RegistryRequest request;
    request.url = realm;
    const auto& lookup = m_connection->credentials.value(credentialHost());
    if (lookup.credential)
        request.authorization = basicAuthorization(*lookup.credential);
    m_tokenRequested = m_connection->clock();
    ++m_connection->requests;
    RegistryExchange::start(
        m_connection->network, std::move(request), m_connection->timeouts, this,
        [this](Result<RegistryResponse> response) { onToken(std::move(response)); });
}

void RegistryCall::onToken(Result<RegistryResponse> response) {
    const Result<QByteArray> authorization = tokenAuthorization(std::move(response));
    const QString key = host() + QLatin1Char(' ') + scope();
    if (!authorization && authorization.error().kind == Error::Kind::Authentication)
        m_connection->tokenRefusals.insert(key, {m_connection->clock(), authorization.error()});
    else
        m_connection->tokenRefusals.remove(key);
    const auto waiters = m_connection->tokenWaiters.take(key);
    for (const QPointer<RegistryCall>& waiter : waiters) {
        if (waiter)
            waiter->useToken(authorization);
    }
    useToken(authorization);
}

Result<QByteArray> RegistryCall::tokenAuthorization(Result<RegistryResponse> response) {
    if (!response)
        return Error{response.error().kind,
                     QStringLiteral("the token service: %1").arg(response.error().message),
                     {}};
    if (response->status == 401 || response->status == 403)
        return Error{Error::Kind::Authentication,
                     QStringLiteral("the token service %1 refused %2")
                         .arg(response->url.host(), credentialText()),
                     {}};
    if (response->status != 200)
        return Error{Error::Kind::Network,
                     QStringLiteral("the token service %1 answered %2")
                         .arg(response->url.host())
                         .arg(response->status),
                     {}};
    auto token = RegistryTokenCache::parseResponse(response->body, m_tokenRequested, {});
    if (!token)
        return token.error();
    const QByteArray authorization = "Bearer " + token->value.toUtf8();
    m_connection->tokens.insert(host(), scope(), std::move(*token));
    return authorization;
}

void RegistryCall::useToken(const Result<QByteArray>& authorization) {
    if (authorization)
        return send(*authorization);
    const Error& error = authorization.error();
    finish(error.kind == Error::Kind::Authentication ? authenticationError(error.message)
                                                     : failure(error.kind, error.message));
}

QString RegistryCall::credentialText() const {
    const auto lookup = m_connection->credentials.value(credentialHost());
    if (!m_sentCredential || !lookup.credential)
        return QStringLiteral("anonymous access");
    return QStringLiteral("'%1' (from %2)")
        .arg(lookup.credential->userName, lookup.credential->source);
}

Error RegistryCall::error(const RegistryCallSpec& spec, Error::Kind kind, const QString& detail) {
    QString from = spec.endpoint.host();
    if (spec.endpoint.mirrored)
        from = QStringLiteral("the mirror %1").arg(from);
    if (spec.endpoint.plainHttp)
        from += QStringLiteral(" (plain HTTP)");
    return Error{kind, QStringLiteral("could not %1 from %2: %3").arg(spec.what, from, detail),
                 spec.image};
}

Error RegistryCall::failure(Error::Kind kind, const QString& detail) const {
    return error(m_spec, kind, detail);
}

Error RegistryCall::authenticationError(const QString& detail) const {
    QString message = detail;
    const auto lookup = m_connection->credentials.value(credentialHost());
    if (!lookup.credential || !m_sentCredential) {
        message += QStringLiteral(". No credential for %1 was found").arg(credentialHost());
        if (!lookup.notes.isEmpty())
            message += QStringLiteral(" (%1)").arg(lookup.notes.join(QStringLiteral("; ")));
        message += QStringLiteral(": log in with `docker login` or `podman login`, or store "
                                  "\"user:token\" in the keychain under %1")
                       .arg(RegistryCredentials::keychainKey(credentialHost()));
    }
    return failure(Error::Kind::Authentication, message);
}

Error RegistryCall::statusError(const RegistryResponse& response) const {
    QString detail = QStringLiteral("the registry answered %1").arg(response.status);
    if (const QString text = registryErrorText(response.body); !text.isEmpty())
        detail += QStringLiteral(" (%1)").arg(text);
    switch (response.status) {
    case 403:
        return failure(Error::Kind::Authentication,
                       detail + QStringLiteral(": access denied for %1").arg(credentialText()));
    case 404:
        return failure(Error::Kind::NotFound, detail);
    case 429:
        return failure(Error::Kind::Network, detail + QStringLiteral(": too many requests") +
                                                 retryAfter(response.header("retry-after")));
    default:
        break;
    }
    if (response.status >= 500)
        return failure(Error::Kind::Network,
                       detail + QStringLiteral(": a server error; try again later"));
    return failure(Error::Kind::Network, detail);
}

void RegistryCall::finish(Result<RegistryResponse> result) {
    Done done = std::move(m_done);
    deleteLater();
    if (done)
        done(std::move(result));
}

} // namespace fd::core

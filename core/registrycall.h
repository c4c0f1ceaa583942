#pragma once

#include "registrychallenge.h"
#include "registrycredentials.h"
#include "registryexchange.h"
#include "registryoverrides.h"
#include "registrytokencache.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

class QNetworkAccessManager;

namespace fd::core {

/** What the calls of one client share: the network, tokens and credentials found so far. */
struct RegistryConnection final {
    QNetworkAccessManager* network = nullptr;
    RegistryTimeouts timeouts;
    RegistryCredentialSources credentialSources;
    std::function<QDateTime()> clock;
    RegistryTokenCache tokens;
    QHash<QString, RegistryCredentialLookup> credentials; // per host, looked up once
    // Calls waiting for a token another call is fetching, by "host scope".
    QHash<QString, QList<QPointer<class RegistryCall>>> tokenWaiters;
    // A token service that refused, by "host scope", and when: calls refused a moment later
    // share the answer rather than ask again with the same credential.
    QHash<QString, std::pair<QDateTime, Error>> tokenRefusals;
    qint64 requests = 0;
};

/** One request as a caller means it; the call adds the host and authentication. */
struct RegistryCallSpec final {
    RegistryEndpoint endpoint;
    QString repository; // for the pull scope and credential lookup
    QByteArray method = "GET";
    QString path; // "/v2/<name>/tags/list", or a full URL from a Link header
    QByteArray accept;
    QString what;  // "list the tags of", for messages: "could not <what> <image>"
    QString image; // the image as the user named it: the error's location
};

/**
 * One registry request with authentication as registries do it: anonymous first (or with a
 * token or Basic credential already known to work), then on 401 the challenge is answered once —
 * Basic with the host's credential, or Bearer with a token from the realm, fetched with that
 * credential if there is one — and the request repeated. A second 401 is an Authentication error:
 * a wrong credential fails fast. Any status outside 2xx becomes an Error naming the registry
 * and the image; messages never contain a secret.
 */
class RegistryCall final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RegistryCall)

public:
    using Done = std::function<void(Result<RegistryResponse>)>;

    static void start(RegistryConnection* connection, RegistryCallSpec spec, QObject* parent,
                      Done done);
    /** "could not <what> from <host> (plain HTTP): <detail>" at the image. */
    static Error error(const RegistryCallSpec& spec, Error::Kind kind, const QString& detail);

private:
    RegistryCall(RegistryConnection* connection, RegistryCallSpec spec, QObject* parent, Done done);
    void send(const QByteArray& authorization);
    void onResponse(Result<RegistryResponse> response);
    void answerChallenge(const RegistryResponse& response);
    void withCredential(std::function<void(const RegistryCredentialLookup&)> next);
    bool sendWithNewerToken();
    void fetchToken(const RegistryChallenge& challenge);
    void onToken(Result<RegistryResponse> response);
    Result<QByteArray> tokenAuthorization(Result<RegistryResponse> response);
    void useToken(const Result<QByteArray>& authorization);
    void finish(Result<RegistryResponse> result);

    QString host() const { return m_spec.endpoint.host(); }
    QString credentialHost() const;
    QString scope() const;
    QString credentialText() const;
    Error failure(Error::Kind kind, const QString& detail) const;
    Error statusError(const RegistryResponse& response) const;
    Error authenticationError(const QString& detail) const;

    RegistryConnection* m_connection;
    RegistryCallSpec m_spec;
    Done m_done;
    QDateTime m_tokenRequested;
    QByteArray m_sentAuthorization;
    bool m_answeredChallenge = false;
    bool m_sentCredential = false;
};

} // namespace fd::core

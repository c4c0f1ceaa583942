#include "argocdconnection.h"

#include "argocdlocalconfig.h"
#include "keychainstore.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace fd::core {

namespace {

QString joinedPath(QString base, const QString& rootPath) {
    QString root = rootPath.trimmed();
    while (root.startsWith(u'/'))
        root.remove(0, 1);
    while (base.endsWith(u'/'))
        base.chop(1);
    if (!root.isEmpty())
        base += u'/' + root;
    while (base.endsWith(u'/'))
        base.chop(1);
    return base;
}

bool hasPath(const QString& address) {
    if (address.contains(u"://"))
        return QUrl(address).path().length() > 1;
    return address.contains(u'/');
}

void applySecret(ArgoCdConnection& connection, const QString& secret) {
    const QJsonDocument document = QJsonDocument::fromJson(secret.toUtf8());
    if (!document.isObject()) {
        if (connection.authToken.isEmpty())
            connection.authToken = secret.trimmed();
        return;
    }
    const QJsonObject object = document.object();
    if (connection.authToken.isEmpty())
        connection.authToken = object.value(u"token").toString();
    if (connection.username.isEmpty()) {
        connection.username = object.value(u"username").toString();
        connection.password = object.value(u"password").toString();
    }
}

} // namespace

QString ArgoCdConnection::displayName() const {
    QString name = server.host();
    if (server.port() > 0)
        name += u':' + QString::number(server.port());
    return name + server.path();
}

QString ArgoCdConnection::keychainKey(const QUrl& server) {
    ArgoCdConnection connection;
    connection.server = server;
    return QStringLiteral("argocd:") + connection.displayName();
}

Result<QUrl> ArgoCdConnection::serverUrl(const QString& address, bool plainText,
                                         const QString& rootPath) {
    const QString trimmed = address.trimmed();
    const QString text =
        trimmed.contains(u"://")
            ? trimmed
            : (plainText ? QStringLiteral("http://") : QStringLiteral("https://")) + trimmed;
    QUrl url(joinedPath(text, rootPath), QUrl::StrictMode);
    if (trimmed.isEmpty() || !url.isValid() || url.host().isEmpty() ||
        (url.scheme() != u"https" && url.scheme() != u"http") || url.hasQuery())
        return Error{Error::Kind::InvalidInput,
                     QStringLiteral("\"%1\" is not an Argo CD server address (host[:port] or "
                                    "https://host[/path])")
                         .arg(trimmed),
                     {}};
    url.setUserInfo({});
    return url;
}

Result<ArgoCdConnection> ArgoCdConnection::resolve(const ArgoCdConnectionOptions& options,
                                                   const QProcessEnvironment& environment,
                                                   const KeychainLookup& keychain) {
    ArgoCdConnection connection;
    QString address = options.server;
    connection.origin = QStringLiteral("the command line");
    if (address.isEmpty()) {
        address = environment.value(QStringLiteral("ARGOCD_SERVER"));
        connection.origin = QStringLiteral("ARGOCD_SERVER");
    }
    // Like the CLI, the config's server entry (plain text, root path, insecure, token) applies to
    // the server it names only.
    const QString configPath = ArgoCdLocalConfig::defaultPath(environment);
    auto local = ArgoCdLocalConfig::read(configPath, address);
    if (!local)
        return std::move(local).error();
    const bool localMatches = local->has_value();
    if (address.isEmpty() && localMatches) {
        address = (*local)->server;
        connection.origin = configPath;
    }
    if (address.isEmpty())
        return Error{Error::Kind::InvalidInput,
                     QStringLiteral("no Argo CD server is configured: give one, set "
                                    "ARGOCD_SERVER, or run `argocd login <server>`"),
                     {}};
    QString rootPath = options.rootPath;
    if (rootPath.isEmpty() && localMatches && !hasPath(address))
        rootPath = (*local)->rootPath;
    auto url =
        serverUrl(address, options.plainText || (localMatches && (*local)->plainText), rootPath);
    if (!url)
        return std::move(url).error();
    connection.server = *url;

    connection.authToken = options.authToken;
    if (connection.authToken.isEmpty())
        connection.authToken = environment.value(QStringLiteral("ARGOCD_AUTH_TOKEN"));
    if (connection.authToken.isEmpty() && localMatches)
        connection.authToken = (*local)->authToken;
    connection.username = options.username;
    connection.password = options.password;
    connection.insecure = options.insecure.value_or(localMatches && (*local)->insecure);
    if ((connection.authToken.isEmpty() || connection.username.isEmpty()) && keychain)
        if (const auto secret = keychain(keychainKey(connection.server)))
            applySecret(connection, *secret);
    return connection;
}

Result<ArgoCdConnection> ArgoCdConnection::resolve(const ArgoCdConnectionOptions& options) {
    return resolve(options, QProcessEnvironment::systemEnvironment(),
                   [](const QString& key) { return KeychainStore::read(key); });
}

} // namespace fd::core

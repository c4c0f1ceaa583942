#include "registrycredentials.h"

#include "keychainstore.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace fd::core {

namespace {

bool isDockerHub(const QString& host) {
    return host == u"docker.io" || host == u"index.docker.io" || host == u"registry-1.docker.io";
}

// Auth files key entries as "host", "https://host", "https://host/v1/" or "host/namespace".
QString normalizedKey(QString key) {
    for (const QString& scheme : {QStringLiteral("https://"), QStringLiteral("http://")}) {
        if (key.startsWith(scheme))
            key.remove(0, scheme.size());
    }
    while (key.endsWith(QLatin1Char('/')))
        key.chop(1);
    if (key.endsWith(QStringLiteral("/v1")) || key.endsWith(QStringLiteral("/v2")))
        key.chop(3);
    const QString host = key.section(QLatin1Char('/'), 0, 0);
    if (isDockerHub(host))
        key.replace(0, host.size(), QStringLiteral("docker.io"));
    return key;
}

// How specific @p key is for host/repository: -1 when it does not apply, else its length.
qsizetype matchLength(const QString& key, const QString& host, const QString& repository) {
    const QString wanted = normalizedKey(host) + QLatin1Char('/') + repository;
    const QString normal = normalizedKey(key);
    if (normal == normalizedKey(host) || wanted == normal ||
        wanted.startsWith(normal + QLatin1Char('/')))
        return normal.size();
    return -1;
}

QString displayPath(const QString& file) {
    const QString home = QDir::homePath();
    return file.startsWith(home + QLatin1Char('/')) ? QStringLiteral("~") + file.mid(home.size())
                                                    : file;
}

std::optional<RegistryCredential> fromAuthEntry(const QJsonObject& entry, const QString& source) {
    QString user = entry.value(QStringLiteral("username")).toString();
    QString secret = entry.value(QStringLiteral("password")).toString();
    const QByteArray auth = entry.value(QStringLiteral("auth")).toString().toLatin1();
    if (!auth.isEmpty()) {
        const QString decoded = QString::fromUtf8(QByteArray::fromBase64(auth));
        const qsizetype colon = decoded.indexOf(QLatin1Char(':'));
        if (colon <= 0)
            return std::nullopt;
        user = decoded.left(colon);
        secret = decoded.mid(colon + 1);
    }
    if (user.isEmpty() || secret.isEmpty())
        return std::nullopt;
    return RegistryCredential{user, secret, source};
}

} // namespace

RegistryCredentialSources RegistryCredentialSources::system() {
    RegistryCredentialSources sources;
    sources.readKeychain = [](const QString& key) { return KeychainStore::read(key); };
    if (const QString file = qEnvironmentVariable("REGISTRY_AUTH_FILE"); !file.isEmpty())
        sources.authFiles.append(file);
    if (const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR"); !runtime.isEmpty())
        sources.authFiles.append(runtime + QStringLiteral("/containers/auth.json"));
    sources.authFiles.append(QDir::homePath() + QStringLiteral("/.config/containers/auth.json"));
    const QString dockerConfig = qEnvironmentVariable("DOCKER_CONFIG");
    sources.authFiles.append(
        (dockerConfig.isEmpty() ? QDir::homePath() + QStringLiteral("/.docker") : dockerConfig) +
        QStringLiteral("/config.json"));
    return sources;
}

QString RegistryCredentials::keychainKey(const QString& host) {
    return QStringLiteral("registry:") + (isDockerHub(host) ? QStringLiteral("docker.io") : host);
}

void RegistryCredentials::lookup(const RegistryCredentialSources& sources, const QString& host,
                                 const QString& repository, QObject* parent, Done done) {
    auto* search = new RegistryCredentials(sources, parent, std::move(done));
    // Docker's credential helpers know Docker Hub by the URL of its old v1 index.
    search->m_serverUrl = isDockerHub(host) ? QStringLiteral("https://index.docker.io/v1/") : host;
    search->collect(host, repository);
    QMetaObject::invokeMethod(search, &RegistryCredentials::next, Qt::QueuedConnection);
}

RegistryCredentials::RegistryCredentials(const RegistryCredentialSources& sources, QObject* parent,
                                         Done done)
    : QObject(parent)
    , m_sources(sources)
    , m_done(std::move(done)) {}

void RegistryCredentials::collect(const QString& host, const QString& repository) {
    if (m_sources.readKeychain) {
        const QString key = keychainKey(host);
        const auto value = m_sources.readKeychain(key);
        const qsizetype colon = value ? value->indexOf(QLatin1Char(':')) : -1;
        if (colon > 0)
            m_steps.append({RegistryCredential{value->left(colon), value->mid(colon + 1),
                                               QStringLiteral("the keychain (%1)").arg(key)},
                            {}});
        else
            m_result.notes.append(QStringLiteral("nothing in the keychain under %1").arg(key));
    }
    for (const QString& file : m_sources.authFiles)
        readFile(file, host, repository);
}

void RegistryCredentials::readFile(const QString& path, const QString& host,
                                   const QString& repository) {
    QFile file(path);
    if (!file.exists())
        return;
    const QString name = displayPath(path);
    if (!file.open(QIODevice::ReadOnly)) {
        m_result.notes.append(QStringLiteral("%1 is not readable").arg(name));
        return;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!document.isObject()) {
        m_result.notes.append(
            QStringLiteral("%1 is not JSON (%2)").arg(name, parseError.errorString()));
        return;
    }
    const QJsonObject root = document.object();
    // Docker's order: a helper for this registry, then the file's own entry, then the store.
    const QJsonObject helpers = root.value(QStringLiteral("credHelpers")).toObject();
    for (auto it = helpers.begin(); it != helpers.end(); ++it) {
        if (matchLength(it.key(), host, repository) >= 0)
            m_steps.append({std::nullopt, it.value().toString()});
    }
    const QJsonObject auths = root.value(QStringLiteral("auths")).toObject();
    qsizetype best = -1;
    QJsonObject entry;
    for (auto it = auths.begin(); it != auths.end(); ++it) {
        if (const qsizetype length = matchLength(it.key(), host, repository); length > best) {
            best = length;
            entry = it.value().toObject();
        }
    }
    if (const auto credential = fromAuthEntry(entry, name))
        m_steps.append({credential, {}});
    else if (best >= 0 && entry.contains(QStringLiteral("identitytoken")))
        m_result.notes.append(
            QStringLiteral("%1 holds an identity token for %2, which Freightdesk cannot use yet")
                .arg(name, host));
    if (const QString store = root.value(QStringLiteral("credsStore")).toString(); !store.isEmpty())
        m_steps.append({std::nullopt, store});
    if (best < 0 && helpers.isEmpty() && !root.contains(QStringLiteral("credsStore")))
        m_result.notes.append(QStringLiteral("nothing for %1 in %2").arg(host, name));
}

void RegistryCredentials::next() {
    while (!m_steps.isEmpty()) {
        const Step step = m_steps.takeFirst();
        if (step.credential) {
            m_result.credential = step.credential;
            break;
        }
        if (step.helper.isEmpty())
            continue;
        DockerCredentialHelper::get(
            step.helper, m_serverUrl, m_sources.helperTimeout, this,
            [this, helper = step.helper](Result<std::optional<RegistryCredential>> answer) {
                if (!answer)
                    m_result.notes.append(answer.error().message);
                else if (answer->has_value())
                    m_steps.prepend({**answer, {}});
                else
                    m_result.notes.append(
                        QStringLiteral("docker-credential-%1 knows nothing for %2")
                            .arg(helper, m_serverUrl));
                next();
            });
        return;
    }
    Done done = std::move(m_done);
    deleteLater();
    if (done)
        done(std::move(m_result));
}

} // namespace fd::core

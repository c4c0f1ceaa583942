#include "registryoverrides.h"

namespace fd::core {

namespace {

// Docker Hub goes by several names; overrides given for any of them apply to all.
QString canonical(const QString& registry) {
    const QString lower = registry.trimmed().toLower();
    if (lower == u"index.docker.io" || lower == u"registry-1.docker.io")
        return QStringLiteral("docker.io");
    return lower;
}

} // namespace

QString RegistryEndpoint::host() const {
    return base.port() > 0 ? QStringLiteral("%1:%2").arg(base.host()).arg(base.port())
                           : base.host();
}

Result<void> RegistryOverrides::addMirror(const QString& assignment) {
    const qsizetype equals = assignment.indexOf(QLatin1Char('='));
    const QUrl url(equals > 0 ? assignment.mid(equals + 1).trimmed() : QString());
    if (equals <= 0 || !url.isValid() || url.host().isEmpty() ||
        (url.scheme() != u"http" && url.scheme() != u"https"))
        return Error{Error::Kind::InvalidInput,
                     QStringLiteral("a registry mirror is HOST=URL, e.g. "
                                    "docker.io=http://127.0.0.1:5000; got \"%1\"")
                         .arg(assignment),
                     QString()};
    setMirror(assignment.left(equals), url);
    return {};
}

void RegistryOverrides::setMirror(const QString& registry, const QUrl& url) {
    QUrl base = url.adjusted(QUrl::StripTrailingSlash);
    m_mirrors.insert(canonical(registry), base);
}

void RegistryOverrides::setInsecure(const QString& registry, bool insecure) {
    if (insecure)
        m_insecure.insert(canonical(registry));
    else
        m_insecure.remove(canonical(registry));
}

bool RegistryOverrides::isInsecure(const QString& registry) const {
    return m_insecure.contains(canonical(registry));
}

bool RegistryOverrides::hasMirror(const QString& registry) const {
    return m_mirrors.contains(canonical(registry));
}

RegistryEndpoint RegistryOverrides::endpoint(const QString& registry,
                                             const QString& apiHost) const {
    RegistryEndpoint endpoint;
    endpoint.registry = registry;
    if (const auto mirror = m_mirrors.constFind(canonical(registry)); mirror != m_mirrors.cend()) {
        endpoint.base = *mirror;
        endpoint.mirrored = true;
    } else {
        endpoint.base = QUrl(QStringLiteral("https://") + apiHost);
    }
    // A mirror written with http:// is an explicit opt-in; so is --insecure-registry, for the
    // registry or for the mirror's own host.
    if (endpoint.base.scheme() == u"https" && (isInsecure(registry) || isInsecure(endpoint.host())))
        endpoint.base.setScheme(QStringLiteral("http"));
    endpoint.plainHttp = endpoint.base.scheme() == u"http";
    return endpoint;
}

} // namespace fd::core

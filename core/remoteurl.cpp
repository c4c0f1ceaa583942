#include "remoteurl.h"

#include <QCryptographicHash>
#include <QDir>
#include <QRegularExpression>

namespace fd::core {

namespace {

const QRegularExpression& schemePattern() {
    static const QRegularExpression pattern(QStringLiteral("^([A-Za-z][A-Za-z0-9+.-]*)://"));
    return pattern;
}

// Git's rule (connect.c, url_is_local_not_ssh): a ':' before any '/' makes it scp-like, except
// a one-letter DOS drive ("C:\..."). An IPv6 host goes in brackets.
const QRegularExpression& scpPattern() {
    static const QRegularExpression pattern(
        QStringLiteral("^(?:([^@/:]+)@)?(\\[[^\\]/]+\\]|[^:/\\[\\]]{2,}):(.+)$"));
    return pattern;
}

int defaultPort(const QString& scheme) {
    if (scheme == QStringLiteral("https"))
        return 443;
    if (scheme == QStringLiteral("http"))
        return 80;
    if (scheme == QStringLiteral("ssh"))
        return 22;
    if (scheme == QStringLiteral("git"))
        return 9418;
    return -1;
}

QString stripRepositorySuffix(QString path) {
    while (path.endsWith(u'/'))
        path.chop(1);
    if (path.endsWith(QStringLiteral(".git")))
        path.chop(4);
    return path;
}

} // namespace

bool RemoteUrl::looksLikeUrl(const QString& text) {
    return schemePattern().match(text).hasMatch() || scpPattern().match(text).hasMatch();
}

Result<RemoteUrl> RemoteUrl::parse(const QString& text) {
    RemoteUrl remote;
    remote.m_original = text;
    if (text.trimmed().isEmpty())
        return Error{
            Error::Kind::InvalidInput, QStringLiteral("the repository address is empty"), {}};

    if (const auto scheme = schemePattern().match(text); scheme.hasMatch()) {
        const QUrl url(text, QUrl::StrictMode);
        remote.m_scheme = scheme.captured(1).toLower();
        static const QStringList supported{QStringLiteral("https"), QStringLiteral("http"),
                                           QStringLiteral("ssh"), QStringLiteral("git"),
                                           QStringLiteral("file")};
        if (!supported.contains(remote.m_scheme))
            return Error{Error::Kind::Unsupported,
                         QStringLiteral("unsupported repository URL scheme '%1' (use https, http, "
                                        "ssh, git or file)")
                             .arg(remote.m_scheme),
                         {}};
        if (!url.isValid() || (remote.m_scheme != QStringLiteral("file") && url.host().isEmpty()))
            // Not url.toString(): the text may hold a password.
            return Error{Error::Kind::InvalidInput,
                         QStringLiteral("malformed repository URL (%1)").arg(url.errorString()),
                         {}};
        remote.m_url = url;
        remote.m_userName = url.userName(QUrl::FullyDecoded);
        remote.m_password = url.password(QUrl::FullyDecoded);
        remote.m_host = url.host(QUrl::FullyDecoded).toLower();
        remote.m_port = url.port(-1);
        remote.m_path = url.path(QUrl::FullyDecoded);
        return remote;
    }

    if (const auto scp = scpPattern().match(text); scp.hasMatch()) {
        remote.m_scpLike = true;
        remote.m_scheme = QStringLiteral("ssh");
        remote.m_userName = scp.captured(1);
        remote.m_host = scp.captured(2).toLower();
        remote.m_path = scp.captured(3);
        return remote;
    }

    remote.m_localPath = true;
    remote.m_scheme = QStringLiteral("file");
    remote.m_path = text;
    return remote;
}

QString RemoteUrl::path() const {
    if (!m_scpLike && !m_localPath && m_path.startsWith(u'/'))
        return m_path.mid(1);
    return m_path;
}

QString RemoteUrl::localFile() const {
    if (m_localPath)
        return m_path;
    if (m_scheme == QStringLiteral("file"))
        return m_url.toLocalFile();
    return {};
}

bool RemoteUrl::isHttp() const {
    return m_scheme == QStringLiteral("https") || m_scheme == QStringLiteral("http");
}

bool RemoteUrl::isSsh() const {
    return m_scheme == QStringLiteral("ssh");
}

QString RemoteUrl::withoutPassword() const {
    if (m_scpLike || m_localPath)
        return m_original; // neither form can carry a password
    QUrl url = m_url;
    url.setPassword(QString());
    return url.toString(QUrl::FullyEncoded);
}

QString RemoteUrl::withoutUserInfo() const {
    if (m_scpLike || m_localPath)
        return withoutPassword();
    QUrl url = m_url;
    url.setUserInfo(QString());
    return url.toString(QUrl::FullyEncoded);
}

QString RemoteUrl::redacted() const {
    if (m_localPath)
        return m_original;
    if (m_scpLike)
        return m_host + u':' + m_path;
    QUrl url = m_url;
    url.setUserInfo(QString());
    url.setQuery(QString());
    url.setFragment(QString());
    return url.toString(QUrl::FullyEncoded);
}

QString RemoteUrl::normalised() const {
    if (m_localPath || m_scheme == QStringLiteral("file")) {
        const QString local = m_localPath ? m_path : m_url.toLocalFile();
        return QStringLiteral("file://") + stripRepositorySuffix(QDir::cleanPath(local));
    }
    QString path = stripRepositorySuffix(m_path);
    if (!path.startsWith(u'/'))
        path.prepend(u'/');
    QString authority = hostAndPort();
    if (m_port == defaultPort(m_scheme))
        authority.chop(QString::number(m_port).size() + 1);
    return m_scheme + QStringLiteral("://") + authority + path;
}

QString RemoteUrl::repositoryIdentity() const {
    if (m_localPath || m_scheme == QStringLiteral("file"))
        return normalised();
    QString path = stripRepositorySuffix(m_path);
    while (path.startsWith(u'/'))
        path.remove(0, 1);
    // Lower-case like Argo CD's NormalizeGitURL: hosting services treat the path
    // case-insensitively, and the port differs between ssh and https for one repository.
    return (m_host + u'/' + path).toLower();
}

QString RemoteUrl::mirrorDirectoryName() const {
    const QString key = normalised();
    QString readable = key.section(u'/', -1);
    static const QRegularExpression unsafe(QStringLiteral("[^A-Za-z0-9._-]"));
    readable.replace(unsafe, QStringLiteral("_"));
    while (readable.startsWith(u'.'))
        readable.remove(0, 1); // no hidden folders, no ".."
    readable = readable.left(40);
    if (readable.isEmpty())
        readable = QStringLiteral("repository");
    const QByteArray hash = QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha256);
    return readable + u'-' + QString::fromLatin1(hash.toHex().left(12)) + QStringLiteral(".git");
}

QString RemoteUrl::hostAndPort() const {
    // QUrl drops the brackets of an IPv6 literal; a port after it needs them back.
    const QString host =
        m_host.contains(u':') && !m_host.startsWith(u'[') ? u'[' + m_host + u']' : m_host;
    if (m_port == -1)
        return host;
    return host + u':' + QString::number(m_port);
}

} // namespace fd::core

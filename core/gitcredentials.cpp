#include "gitcredentials.h"

#include "keychainstore.h"
#include "sshkeyfile.h"

#include <git2.h>

#include <QDir>
#include <QFileInfo>

namespace fd::core {

static_assert(unsigned{CredentialSession::UserPassword} ==
              unsigned{GIT_CREDENTIAL_USERPASS_PLAINTEXT});
static_assert(unsigned{CredentialSession::SshKey} == unsigned{GIT_CREDENTIAL_SSH_KEY});
static_assert(unsigned{CredentialSession::UserNameOnly} == unsigned{GIT_CREDENTIAL_USERNAME});

namespace {

QStringList defaultKeyFiles() {
    const QString ssh = QDir::homePath() + QStringLiteral("/.ssh/");
    return {ssh + QStringLiteral("id_ed25519"), ssh + QStringLiteral("id_ecdsa"),
            ssh + QStringLiteral("id_rsa")};
}

// What ssh itself would log in as when the URL names no user.
QString defaultSshUser() {
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = qEnvironmentVariable("USERNAME"); // Windows
    return user.isEmpty() ? QStringLiteral("git") : user;
}

} // namespace

CredentialBackends CredentialBackends::system() {
    CredentialBackends backends;
    backends.readKeychain = [](const QString& key) { return KeychainStore::read(key); };
    backends.fillFromHelper = &GitCredentialHelper::fill;
    backends.approveWithHelper = &GitCredentialHelper::approve;
    backends.rejectWithHelper = &GitCredentialHelper::reject;
#ifdef Q_OS_WIN
    // Windows' OpenSSH agent listens on a named pipe and sets no variable; libssh2 finds it.
    backends.sshAgentAvailable = [] { return true; };
#else
    backends.sshAgentAvailable = [] { return !qEnvironmentVariableIsEmpty("SSH_AUTH_SOCK"); };
#endif
    return backends;
}

CredentialSession::CredentialSession(RemoteUrl url, const GitRepositoryOptions& options,
                                     CredentialBackends backends)
    : m_url(std::move(url))
    , m_options(options)
    , m_backends(std::move(backends))
    , m_keyFiles(options.sshKeyFiles.isEmpty() ? defaultKeyFiles() : options.sshKeyFiles) {
    if (!m_url.password().isEmpty()) {
        m_pending.append(CredentialSource::Url);
        m_secrets.append(m_url.password());
    }
    if (m_url.isHttp()) {
        if (m_options.useKeychain)
            m_pending.append(CredentialSource::Keychain);
        if (m_options.useCredentialHelpers)
            m_pending.append(CredentialSource::CredentialHelper);
        if (m_options.credentialPrompt)
            m_pending.append(CredentialSource::Prompt);
    } else if (m_url.isSsh()) {
        if (m_options.useSshAgent)
            m_pending.append(CredentialSource::SshAgent);
        m_pending.append(CredentialSource::SshKeyFile);
    }
}

int CredentialSession::acquire(git_credential** out, const char* /*url*/,
                               const char* userNameFromUrl, unsigned int allowedTypes,
                               void* payload) {
    // The URL libgit2 passes is ignored on purpose: the session's own (whose password libgit2
    // never sees) decides which credentials belong to it.
    auto* session = static_cast<CredentialSession*>(payload);
    const auto offer = session->next(allowedTypes, QString::fromUtf8(userNameFromUrl));
    if (!offer) {
        git_error_set_str(GIT_ERROR_CALLBACK, "no further credentials to try");
        return GIT_EUSER;
    }
    const QByteArray user = offer->userName.toUtf8();
    int error = 0;
    if (allowedTypes == GIT_CREDENTIAL_USERNAME) {
        error = git_credential_username_new(out, user.constData());
    } else if (offer->source == CredentialSource::SshAgent) {
        error = git_credential_ssh_key_from_agent(out, user.constData());
    } else if (offer->source == CredentialSource::SshKeyFile) {
        const QByteArray privateKey = QFile::encodeName(offer->privateKeyFile);
        const QByteArray publicKey = QFile::encodeName(offer->publicKeyFile);
        error = git_credential_ssh_key_new(out, user.constData(),
                                           publicKey.isEmpty() ? nullptr : publicKey.constData(),
                                           privateKey.constData(), nullptr);
    } else {
        const QByteArray password = offer->password.toUtf8();
        error = git_credential_userpass_plaintext_new(out, user.constData(), password.constData());
    }
    return error < 0 ? error : 0;
}

std::optional<CredentialOffer> CredentialSession::next(unsigned int allowedTypes,
                                                       const QString& userNameFromUrl) {
    const QString userName = userNameFromUrl.isEmpty() ? m_url.userName() : userNameFromUrl;
    if (allowedTypes == UserNameOnly) {
        CredentialOffer offer;
        offer.source = CredentialSource::Url;
        offer.userName = userName.isEmpty() ? defaultSshUser() : userName;
        return offer;
    }

    // Being asked again means the server refused what we gave last time.
    if (m_current) {
        m_refused.append(describe(*m_current));
        if (m_current->source == CredentialSource::CredentialHelper)
            m_backends.rejectWithHelper(helperTarget(m_current->userName),
                                        {m_current->userName, m_current->password});
        m_current.reset();
    }

    while (!m_pending.isEmpty()) {
        const CredentialSource source = m_pending.first();
        auto offer = offerFrom(source, allowedTypes, userName);
        // Key files are one source with several keys: it stays until its last key is offered.
        if (source != CredentialSource::SshKeyFile || !offer)
            m_pending.removeFirst();
        if (offer) {
            remember(*offer);
            return offer;
        }
    }
    m_gaveUp = true;
    return std::nullopt;
}

std::optional<CredentialOffer> CredentialSession::offerFrom(CredentialSource source,
                                                            unsigned int allowedTypes,
                                                            const QString& userName) {
    const bool password = allowedTypes & UserPassword;
    const bool sshKey = allowedTypes & SshKey;
    switch (source) {
    case CredentialSource::Url:
        if (!password || m_url.userName().isEmpty())
            return std::nullopt;
        return CredentialOffer{source, m_url.userName(), m_url.password(), {}, {}};
    case CredentialSource::Keychain:
        return password ? fromKeychain(userName) : std::nullopt;
    case CredentialSource::CredentialHelper:
        return password ? fromHelper(userName) : std::nullopt;
    case CredentialSource::Prompt:
        return password ? fromPrompt(userName) : std::nullopt;
    case CredentialSource::SshAgent:
        if (!sshKey || !m_backends.sshAgentAvailable()) {
            m_unavailable.append(describe(source));
            return std::nullopt;
        }
        return CredentialOffer{
            source, userName.isEmpty() ? defaultSshUser() : userName, {}, {}, {}};
    case CredentialSource::SshKeyFile:
        return sshKey ? nextKeyFile(userName.isEmpty() ? defaultSshUser() : userName)
                      : std::nullopt;
    }
    return std::nullopt;
}

std::optional<CredentialOffer> CredentialSession::fromKeychain(const QString& userName) {
    const QString key = KeychainStore::gitKey(m_url.scheme(), m_url.hostAndPort());
    const auto value = m_backends.readKeychain(key);
    if (!value || value->isEmpty()) {
        m_unavailable.append(describe(CredentialSource::Keychain));
        return std::nullopt;
    }
    CredentialOffer offer{CredentialSource::Keychain, {}, *value, {}, {}};
    // "user:token" (a Basic user-id cannot contain ':'), or a bare token for the URL's user.
    if (const qsizetype colon = value->indexOf(u':'); colon > 0) {
        offer.userName = value->left(colon);
        offer.password = value->mid(colon + 1);
    } else {
        // GitHub and GitLab accept any user name with a token; "oauth2" is GitLab's advice.
        offer.userName = userName.isEmpty() ? QStringLiteral("oauth2") : userName;
    }
    return offer;
}

std::optional<CredentialOffer> CredentialSession::fromHelper(const QString& userName) {
    const auto credential = m_backends.fillFromHelper(helperTarget(userName));
    if (!credential) {
        m_unavailable.append(describe(CredentialSource::CredentialHelper));
        return std::nullopt;
    }
    return CredentialOffer{
        CredentialSource::CredentialHelper, credential->userName, credential->password, {}, {}};
}

std::optional<CredentialOffer> CredentialSession::fromPrompt(const QString& userName) {
    GitCredentialRequest request{m_url.redacted(), userName, {}};
    if (!m_refused.isEmpty())
        request.reason = QStringLiteral("the server refused %1").arg(m_refused.join(u", "));
    const auto credential = m_options.credentialPrompt(request);
    if (!credential || credential->userName.isEmpty())
        return std::nullopt;
    return CredentialOffer{
        CredentialSource::Prompt, credential->userName, credential->password, {}, {}};
}

std::optional<CredentialOffer> CredentialSession::nextKeyFile(const QString& userName) {
    while (!m_keyFiles.isEmpty()) {
        const QString file = m_keyFiles.takeFirst();
        if (!QFileInfo(file).isFile())
            continue;
        if (sshKeyFileIsEncrypted(file)) {
            m_unavailable.append(
                QStringLiteral("%1 (has a passphrase: load it into ssh-agent)").arg(file));
            continue;
        }
        const QString publicKey = file + QStringLiteral(".pub");
        return CredentialOffer{CredentialSource::SshKeyFile,
                               userName,
                               {},
                               file,
                               QFileInfo(publicKey).isFile() ? publicKey : QString()};
    }
    return std::nullopt;
}

GitCredentialHelper::Target CredentialSession::helperTarget(const QString& userName) const {
    return {m_url.scheme(), m_url.hostAndPort(), m_url.path(), userName};
}

void CredentialSession::remember(const CredentialOffer& offer) {
    m_current = offer;
    if (!offer.password.isEmpty() && !m_secrets.contains(offer.password))
        m_secrets.append(offer.password);
}

void CredentialSession::succeeded() {
    if (m_current && m_current->source == CredentialSource::CredentialHelper)
        m_backends.approveWithHelper(helperTarget(m_current->userName),
                                     {m_current->userName, m_current->password});
}

QString CredentialSession::describe(CredentialSource source) {
    switch (source) {
    case CredentialSource::Url:
        return QStringLiteral("the URL");
    case CredentialSource::Keychain:
        return QStringLiteral("the keychain");
    case CredentialSource::CredentialHelper:
        return QStringLiteral("git credential helper");
    case CredentialSource::SshAgent:
        return QStringLiteral("ssh-agent");
    case CredentialSource::SshKeyFile:
        return QStringLiteral("key file");
    case CredentialSource::Prompt:
        return QStringLiteral("the credential prompt");
    }
    return {};
}

QString CredentialSession::describe(const CredentialOffer& offer) const {
    QString from = describe(offer.source);
    if (offer.source == CredentialSource::SshKeyFile)
        from += u' ' + offer.privateKeyFile;
    return QStringLiteral("'%1' (credentials from %2)").arg(offer.userName, from);
}

Error CredentialSession::failure(const QString& location) const {
    const QString url = m_url.redacted();
    QString message;
    if (!m_refused.isEmpty()) {
        message = QStringLiteral("authentication failed for %1 as %2")
                      .arg(url, m_refused.join(QStringLiteral(", then as ")));
    } else {
        message = QStringLiteral("no credentials for %1").arg(url);
    }
    if (!m_unavailable.isEmpty())
        message +=
            QStringLiteral("; nothing from %1").arg(m_unavailable.join(QStringLiteral(", ")));
    if (m_url.isHttp()) {
        message += QStringLiteral(". Store a user name and token with a Git credential helper "
                                  "(git config --global credential.helper ...) or in the keychain "
                                  "under \"%1\"")
                       .arg(KeychainStore::gitKey(m_url.scheme(), m_url.hostAndPort()));
    } else if (m_url.isSsh()) {
        message += QStringLiteral(". Load your key into ssh-agent or put it in ~/.ssh "
                                  "(id_ed25519, id_ecdsa, id_rsa)");
    }
    return Error{Error::Kind::Authentication, scrub(message), location};
}

QString CredentialSession::scrub(QString text) const {
    for (const QString& secret : m_secrets)
        text.replace(secret, QStringLiteral("***"));
    return text;
}

} // namespace fd::core

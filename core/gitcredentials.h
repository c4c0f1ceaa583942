#pragma once

// Private to core: which credential libgit2 gets, from where, and what to say when none works.

#include "error.h"
#include "gitcredentialhelper.h"
#include "gitrepository.h"
#include "remoteurl.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

struct git_credential;

namespace fd::core {

/** Where a credential comes from; the engine tries them in this order. */
enum class CredentialSource {
    Url,
    Keychain,
    CredentialHelper,
    SshAgent,
    SshKeyFile,
    Prompt,
};

/** One credential to present to the server. */
struct CredentialOffer final {
    CredentialSource source = CredentialSource::Url;
    QString userName;
    QString password;       // user/password sources
    QString privateKeyFile; // SshKeyFile
    QString publicKeyFile;  // SshKeyFile, empty when there is no .pub
};

/** The outside world a session reads; tests replace it. */
struct CredentialBackends final {
    std::function<std::optional<QString>(const QString& key)> readKeychain;
    std::function<std::optional<GitCredentialHelper::Credential>(
        const GitCredentialHelper::Target&)>
        fillFromHelper;
    std::function<void(const GitCredentialHelper::Target&, const GitCredentialHelper::Credential&)>
        approveWithHelper;
    std::function<void(const GitCredentialHelper::Target&, const GitCredentialHelper::Credential&)>
        rejectWithHelper;
    std::function<bool()> sshAgentAvailable;

    /** QtKeychain, `git credential`, SSH_AUTH_SOCK. */
    static CredentialBackends system();
};

/**
 * The credentials of one fetch or push. libgit2 asks again after each refusal (HTTP 401, SSH
 * auth failure); every call moves on to the next source, and a refused helper credential is
 * reported with `git credential reject`. When nothing is left the callback fails, so the
 * operation ends at once with an Authentication error instead of retrying.
 */
class CredentialSession final {
public:
    enum AllowedType : unsigned {
        UserPassword = 1u << 0, // GIT_CREDENTIAL_USERPASS_PLAINTEXT
        SshKey = 1u << 1,       // GIT_CREDENTIAL_SSH_KEY
        UserNameOnly = 1u << 5, // GIT_CREDENTIAL_USERNAME
    };

    CredentialSession(RemoteUrl url, const GitRepositoryOptions& options,
                      CredentialBackends backends = CredentialBackends::system());
    CredentialSession(const CredentialSession&) = delete;
    CredentialSession& operator=(const CredentialSession&) = delete;

    /** A git_credential_acquire_cb; @p payload is the session. */
    static int acquire(git_credential** out, const char* url, const char* userNameFromUrl,
                       unsigned int allowedTypes, void* payload);

    /**
     * The next credential to present (the previous one, if any, was refused), or nullopt when no
     * source is left. For a user-name-only request (SSH without a user) the offer holds just the
     * name and no source is used up.
     */
    std::optional<CredentialOffer> next(unsigned int allowedTypes, const QString& userNameFromUrl);

    /** The operation went through: a helper's credential is approved (`store` keeps it). */
    void succeeded();
    /** True once next() found nothing left: the failure is an authentication failure. */
    bool gaveUp() const { return m_gaveUp; }
    /** The Authentication error to report, naming the URL (redacted), user and source. */
    Error failure(const QString& location) const;
    /** @p text with every secret this session handled replaced by "***". */
    QString scrub(QString text) const;

    static QString describe(CredentialSource source);

private:
    std::optional<CredentialOffer> offerFrom(CredentialSource source, unsigned int allowedTypes,
                                             const QString& userName);
    std::optional<CredentialOffer> fromKeychain(const QString& userName);
    std::optional<CredentialOffer> fromHelper(const QString& userName);
    std::optional<CredentialOffer> fromPrompt(const QString& userName);
    std::optional<CredentialOffer> nextKeyFile(const QString& userName);
    GitCredentialHelper::Target helperTarget(const QString& userName) const;
    QString describe(const CredentialOffer& offer) const;
    void remember(const CredentialOffer& offer);

    RemoteUrl m_url;
    GitRepositoryOptions m_options;
    CredentialBackends m_backends;
    QList<CredentialSource> m_pending;
    QStringList m_keyFiles;
    std::optional<CredentialOffer> m_current;
    QStringList m_refused;     // "'alice' (credentials from the URL)"
    QStringList m_unavailable; // sources that had nothing
    QStringList m_secrets;
    bool m_gaveUp = false;
};

} // namespace fd::core

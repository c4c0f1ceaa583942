#include "gittransfer.h"

#include "gitcredentials.h"
#include "githandles.h"
#include "gitlocalfetch.h"
#include "gitlocalpush.h"
#include "gitsupport.h"
#include "gittimeoutstream.h"
#include "goduration.h"

#include <QFile>
#include <QRegularExpression>

#include <algorithm>

#include <optional>

namespace fd::core {

namespace {

/** What the callbacks of one fetch or push share. */
struct TransferState final {
    CredentialSession* credentials = nullptr;
    QByteArray ref;                   // refs/heads/<branch>
    std::optional<QString> rejection; // the server's status for ref, when it refused it
};

int credentialsCallback(git_credential** out, const char* url, const char* userName,
                        unsigned int allowedTypes, void* payload) {
    auto* state = static_cast<TransferState*>(payload);
    return CredentialSession::acquire(out, url, userName, allowedTypes, state->credentials);
}

// The server's verdict per ref ("ok" is a null status). libgit2 returns success from the push
// even when the server refused the ref (e.g. it moved on between our check and the update, or
// a hook declined), so this status has to be checked as well as the return code.
int pushUpdateReferenceCallback(const char* refName, const char* status, void* payload) {
    auto* state = static_cast<TransferState*>(payload);
    if (status && state->ref == refName)
        state->rejection = QString::fromUtf8(status);
    return 0;
}

git_remote_callbacks makeCallbacks(TransferState& state) {
    git_remote_callbacks callbacks;
    git_remote_init_callbacks(&callbacks, GIT_REMOTE_CALLBACKS_VERSION);
    callbacks.credentials = &credentialsCallback;
    callbacks.push_update_reference = &pushUpdateReferenceCallback;
    callbacks.payload = &state;
    return callbacks;
}

git_proxy_options makeProxyOptions() {
    git_proxy_options proxy;
    git_proxy_options_init(&proxy, GIT_PROXY_OPTIONS_VERSION);
    proxy.type = GIT_PROXY_AUTO; // http.proxy and the *_proxy environment, as git does
    return proxy;
}

Error::Kind classify(const GitFailure& failure) {
    switch (failure.code) {
    case GIT_EAUTH:
        return Error::Kind::Authentication;
    case GIT_ENONFASTFORWARD:
        return Error::Kind::Rejected;
    case GIT_ENOTFOUND:
        return Error::Kind::NotFound;
    case GIT_ECERTIFICATE:
        return Error::Kind::Network;
    default:
        break;
    }
    switch (failure.errorClass) {
    case GIT_ERROR_HTTP: {
        static const QRegularExpression status(QStringLiteral("status code: (\\d{3})"));
        const int code = status.match(failure.message).captured(1).toInt();
        if (code == 401 || code == 403)
            return Error::Kind::Authentication;
        if (code == 404)
            return Error::Kind::NotFound;
        return Error::Kind::Network;
    }
    case GIT_ERROR_NET:
    case GIT_ERROR_OS:
    case GIT_ERROR_SSL:
    case GIT_ERROR_SSH:
        return Error::Kind::Network;
    default:
        return Error::Kind::Git;
    }
}

// libgit2 1.5 checks ssh host keys against ~/.ssh/known_hosts only, and says just "invalid or
// unknown remote ssh hostkey" (GIT_ECERTIFICATE) for a missing and for a changed key alike.
QString sshHostKeyAdvice(const RemoteUrl& url) {
    const QString port = url.port() > 0 ? QStringLiteral("-p %1 ").arg(url.port()) : QString();
    return QStringLiteral(". The server's host key is not in ~/.ssh/known_hosts or differs from "
                          "the one there: check its fingerprint with the server's administrator, "
                          "then add it (ssh-keyscan %1%2 >> ~/.ssh/known_hosts)")
        .arg(port, url.host());
}

Error transferError(const GitFailure& failure, const CredentialSession& credentials,
                    const QString& what, const QString& ref, const RemoteUrl& url) {
    if (credentials.gaveUp())
        return credentials.failure(ref);
    QString message = what + QStringLiteral(": ") + failure.message;
    if (failure.code == GIT_ECERTIFICATE && url.isSsh())
        message += sshHostKeyAdvice(url);
    return Error{classify(failure), credentials.scrub(message), ref};
}

/** How a transfer that ran out of time is told: "<action>: no answer from <url> for 30 s; ...". */
struct TimeoutWording final {
    QString action; // "could not fetch refs/heads/main"
    QString url;    // redacted
    QString advice; // what is safe to do next
};

// The libgit2 error text is not used: the TLS layer replaces the stream's message with its own.
Error timeoutError(const NetworkTimeout& timeout, const TimeoutWording& wording,
                   const QString& ref) {
    const QString duration = formatDuration(timeout.limit);
    const QString problem =
        timeout.phase == NetworkTimeout::Phase::Connect
            ? QStringLiteral("could not connect to %1 within %2; the server may be down or "
                             "unreachable")
                  .arg(wording.url, duration)
            : QStringLiteral("no answer from %1 for %2; the server may be down or overloaded")
                  .arg(wording.url, duration);
    return Error{Error::Kind::Network,
                 QStringLiteral("%1: %2 (%3)").arg(wording.action, problem, wording.advice), ref};
}

NetworkTimeouts timeoutsOf(const GitRepositoryOptions& options) {
    return NetworkTimeouts{options.connectTimeout, options.ioTimeout};
}

Result<GitRemoteHandle> loadRemote(git_repository* repository, const RemoteEndpoint& endpoint) {
    // libgit2 only ever sees URLs without passwords: those are offered through the credential
    // callback, where the session can tell that they were refused. Over HTTP(S) not even the
    // user name: libgit2 1.5 would first present it with an empty password, one more refused
    // request per connection; the session knows the name from its own URL.
    const auto forLibgit2 = [](const RemoteUrl& url) {
        return (url.isHttp() ? url.withoutUserInfo() : url.withoutPassword()).toUtf8();
    };
    const QByteArray fetchUrl = forLibgit2(endpoint.fetchUrl);
    const QByteArray pushUrl = forLibgit2(endpoint.pushUrl);
    git_remote_create_options options;
    git_remote_create_options_init(&options, GIT_REMOTE_CREATE_OPTIONS_VERSION);
    options.repository = repository;
    // insteadOf was applied when the repository was opened (see gitremoteconfig.h for why).
    options.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF | GIT_REMOTE_CREATE_SKIP_DEFAULT_FETCHSPEC;
    git_remote* raw = nullptr;
    const int rc = git_remote_create_with_opts(&raw, fetchUrl.constData(), &options);
    GitRemoteHandle remote(raw);
    if (rc < 0) {
        const GitFailure failure = GitFailure::capture(rc);
        return Error{Error::Kind::Git,
                     QStringLiteral("could not set up remote %1: %2")
                         .arg(endpoint.fetchUrl.redacted(), failure.message),
                     {}};
    }
    if (pushUrl != fetchUrl) {
        if (const int pushRc = git_remote_set_instance_pushurl(remote.get(), pushUrl.constData());
            pushRc < 0)
            return Error{Error::Kind::Git, GitFailure::capture(pushRc).message, {}};
    }
    return remote;
}

/**
 * A ref naming the commit being pushed, deleted again when the push is over. libgit2 1.5 only
 * pushes from a reference ("no such reference '<id>'" for a bare commit id), and moving a real
 * ref first would leave it wrong if the push failed or the process died. A leftover one (after
 * a crash) is harmless, outside refs/heads and refs/remotes, and replaced by the next push.
 */
class TemporaryPushRef final {
public:
    static Result<std::unique_ptr<TemporaryPushRef>> create(git_repository* repository,
                                                            const git_oid& commit) {
        // One level under refs/: deleting a loose ref leaves its folders behind, and this leaves
        // none in a user's clone.
        const QByteArray name =
            (QStringLiteral("refs/freightdesk-push-") + oidToString(commit)).toUtf8();
        git_reference* raw = nullptr;
        const int rc = git_reference_create(&raw, repository, name.constData(), &commit, 1,
                                            "freightdesk: push");
        GitReferenceHandle reference(raw);
        if (rc < 0) {
            const GitFailure failure = GitFailure::capture(rc);
            return Error{
                Error::Kind::Git,
                QStringLiteral("could not name the commit to push: %1").arg(failure.message),
                QString::fromUtf8(name)};
        }
        return std::unique_ptr<TemporaryPushRef>(new TemporaryPushRef(std::move(reference)));
    }
    ~TemporaryPushRef() { git_reference_delete(m_reference.get()); }
    TemporaryPushRef(const TemporaryPushRef&) = delete;
    TemporaryPushRef& operator=(const TemporaryPushRef&) = delete;

    QString name() const { return QString::fromUtf8(git_reference_name(m_reference.get())); }

private:
    explicit TemporaryPushRef(GitReferenceHandle reference)
        : m_reference(std::move(reference)) {}
    GitReferenceHandle m_reference;
};

/**
 * Puts FETCH_HEAD back as it was. libgit2 1.5 truncates it on every download, even with
 * update_fetchhead = 0, and in a user's clone it belongs to their last `git fetch`.
 */
class FetchHeadGuard final {
public:
    explicit FetchHeadGuard(git_repository* repository)
        : m_file(QString::fromUtf8(git_repository_path(repository)) +
                 QStringLiteral("FETCH_HEAD")) {
        if (m_file.open(QIODevice::ReadOnly)) {
            m_content = m_file.readAll();
            m_file.close();
        }
    }
    ~FetchHeadGuard() {
        if (!m_content) {
            m_file.remove();
        } else if (m_file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            m_file.write(*m_content);
        }
    }
    FetchHeadGuard(const FetchHeadGuard&) = delete;
    FetchHeadGuard& operator=(const FetchHeadGuard&) = delete;

private:
    QFile m_file;
    std::optional<QByteArray> m_content;
};

/** Points @p tracking at @p tip, forced like the fetch refspec: it follows the remote. */
Result<QString> recordTrackingRef(git_repository* repository, const QString& tracking,
                                  const git_oid& tip, const QString& what, const QString& ref) {
    git_reference* raw = nullptr;
    const QByteArray name = tracking.toUtf8();
    const int rc =
        git_reference_create(&raw, repository, name.constData(), &tip, 1, "freightdesk: fetch");
    const GitReferenceHandle reference(raw);
    if (rc < 0)
        return Error{Error::Kind::Git,
                     QStringLiteral("%1: could not update %2: %3")
                         .arg(what, tracking, GitFailure::capture(rc).message),
                     ref};
    return oidToString(tip);
}

} // namespace

Result<QString> branchRef(const QString& branch) {
    const QString ref = QStringLiteral("refs/heads/") + branch;
    int valid = 0;
    const QByteArray name = ref.toUtf8();
    // "refs/..." would make "refs/heads/refs/heads/main"; a leading '-' reads as an option.
    if (branch.isEmpty() || branch.startsWith(QStringLiteral("refs/")) || branch.startsWith(u'-') ||
        git_reference_name_is_valid(&valid, name.constData()) < 0 || !valid)
        return Error{Error::Kind::InvalidInput,
                     QStringLiteral("'%1' is not a valid branch name").arg(branch),
                     {}};
    return ref;
}

Result<QString> fetchBranch(git_repository* repository, const RemoteEndpoint& endpoint,
                            const GitRepositoryOptions& options, const QString& branch) {
    auto ref = branchRef(branch);
    if (!ref)
        return std::move(ref).error();
    const QString url = endpoint.fetchUrl.redacted();
    const QString what = QStringLiteral("could not fetch %1 from %2").arg(*ref, url);
    const QString tracking = GitRepository::trackingRef(branch);
    if (const QString source = endpoint.fetchUrl.localFile(); !source.isEmpty()) {
        if (const auto tip = fetchFromLocalRepository(repository, source, ref->toUtf8()))
            return recordTrackingRef(repository, tracking, *tip, what, *ref);
    }
    auto remote = loadRemote(repository, endpoint);
    if (!remote)
        return std::move(remote).error();

    CredentialSession credentials(endpoint.fetchUrl, options);
    TransferState state{&credentials, ref->toUtf8(), {}};
    git_remote_callbacks callbacks = makeCallbacks(state);
    git_proxy_options proxy = makeProxyOptions();
    const NetworkTimeoutScope network(timeoutsOf(options));
    const TimeoutWording wording{QStringLiteral("could not fetch %1").arg(*ref), url,
                                 QStringLiteral("nothing was changed; try again later")};
    const auto failed = [&](int rc) {
        const GitFailure failure = GitFailure::capture(rc);
        if (const auto timeout = network.timeout())
            return timeoutError(*timeout, wording, *ref);
        return transferError(failure, credentials, what, *ref, endpoint.fetchUrl);
    };

    // Connect and list first: a refspec for a branch the remote lacks fetches nothing, silently.
    if (const int rc =
            git_remote_connect(remote->get(), GIT_DIRECTION_FETCH, &callbacks, &proxy, nullptr);
        rc < 0)
        return failed(rc);
    const git_remote_head** heads = nullptr;
    size_t headCount = 0;
    if (const int rc = git_remote_ls(&heads, &headCount, remote->get()); rc < 0)
        return failed(rc);
    std::optional<git_oid> tip;
    for (size_t i = 0; i < headCount; ++i) {
        if (state.ref == heads[i]->name)
            tip = heads[i]->oid;
    }
    if (!tip) {
        git_remote_disconnect(remote->get());
        credentials.succeeded();
        return Error{
            Error::Kind::NotFound,
            QStringLiteral("branch '%1' not found at %2 (no %3 there)").arg(branch, url, *ref),
            *ref};
    }

    git_fetch_options fetchOptions;
    git_fetch_options_init(&fetchOptions, GIT_FETCH_OPTIONS_VERSION);
    fetchOptions.callbacks = callbacks;
    fetchOptions.proxy_opts = proxy;
    fetchOptions.prune = GIT_FETCH_NO_PRUNE;
    fetchOptions.update_fetchhead = 0;                          // leave a clone's FETCH_HEAD alone
    fetchOptions.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE; // and its tags
    // Forced: the tracking ref follows the remote even when someone rewrote the branch.
    const QByteArray refspec = (u'+' + *ref + u':' + tracking).toUtf8();
    const GitStringArray refspecs(refspec);
    const FetchHeadGuard fetchHead(repository);
    if (const int rc =
            git_remote_fetch(remote->get(), refspecs.get(), &fetchOptions, "freightdesk: fetch");
        rc < 0)
        return failed(rc);
    credentials.succeeded();

    git_oid recorded;
    const QByteArray trackingName = tracking.toUtf8();
    if (const int rc = git_reference_name_to_id(&recorded, repository, trackingName.constData());
        rc < 0 || !git_oid_equal(&recorded, &*tip))
        return Error{
            Error::Kind::Git,
            QStringLiteral("%1: %2 was not updated to %3").arg(what, tracking, oidToString(*tip)),
            *ref};
    return oidToString(*tip);
}

Result<QString> remoteDefaultBranch(git_repository* repository, const RemoteEndpoint& endpoint,
                                    const GitRepositoryOptions& options) {
    const QString url = endpoint.fetchUrl.redacted();
    auto remote = loadRemote(repository, endpoint);
    if (!remote)
        return std::move(remote).error();
    CredentialSession credentials(endpoint.fetchUrl, options);
    TransferState state{&credentials, {}, {}};
    git_remote_callbacks callbacks = makeCallbacks(state);
    git_proxy_options proxy = makeProxyOptions();
    const NetworkTimeoutScope network(timeoutsOf(options));
    if (const int rc =
            git_remote_connect(remote->get(), GIT_DIRECTION_FETCH, &callbacks, &proxy, nullptr);
        rc < 0) {
        const GitFailure failure = GitFailure::capture(rc);
        if (const auto timeout = network.timeout())
            return timeoutError(*timeout,
                                {QStringLiteral("could not read the default branch"), url,
                                 QStringLiteral("try again later")},
                                {});
        return transferError(failure, credentials,
                             QStringLiteral("could not read the default branch of %1").arg(url), {},
                             endpoint.fetchUrl);
    }
    credentials.succeeded();
    GitBuffer name;
    const int rc = git_remote_default_branch(name.get(), remote->get());
    git_remote_disconnect(remote->get());
    const QString ref = QString::fromUtf8(name.toByteArray());
    if (rc < 0 || !ref.startsWith(u"refs/heads/"))
        return Error{Error::Kind::NotFound,
                     QStringLiteral("%1 names no default branch (its HEAD points nowhere); name "
                                    "the branch to follow")
                         .arg(url),
                     {}};
    return ref.mid(11);
}

Result<int> fetchTags(git_repository* repository, const RemoteEndpoint& endpoint,
                      const GitRepositoryOptions& options, const QString& refNamespace) {
    const QString url = endpoint.fetchUrl.redacted();
    const QString what = QStringLiteral("could not fetch the tags of %1").arg(url);
    auto remote = loadRemote(repository, endpoint);
    if (!remote)
        return std::move(remote).error();
    CredentialSession credentials(endpoint.fetchUrl, options);
    TransferState state{&credentials, {}, {}};
    git_fetch_options fetchOptions;
    git_fetch_options_init(&fetchOptions, GIT_FETCH_OPTIONS_VERSION);
    fetchOptions.callbacks = makeCallbacks(state);
    fetchOptions.proxy_opts = makeProxyOptions();
    fetchOptions.prune = GIT_FETCH_PRUNE; // a tag deleted there goes here too
    fetchOptions.update_fetchhead = 0;
    fetchOptions.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE; // only the refspec's
    const QByteArray refspec = (QStringLiteral("+refs/tags/*:") + refNamespace + u'*').toUtf8();
    const GitStringArray refspecs(refspec);
    const NetworkTimeoutScope network(timeoutsOf(options));
    const FetchHeadGuard fetchHead(repository);
    if (const int rc =
            git_remote_fetch(remote->get(), refspecs.get(), &fetchOptions, "freightdesk: tags");
        rc < 0) {
        const GitFailure failure = GitFailure::capture(rc);
        if (const auto timeout = network.timeout())
            return timeoutError(*timeout,
                                {QStringLiteral("could not fetch the tags"), url,
                                 QStringLiteral("nothing was changed; try again later")},
                                refNamespace);
        return transferError(failure, credentials, what, refNamespace, endpoint.fetchUrl);
    }
    credentials.succeeded();
    const QByteArray glob = (refNamespace + u'*').toUtf8();
    int count = 0;
    git_reference_iterator* rawIterator = nullptr;
    if (git_reference_iterator_glob_new(&rawIterator, repository, glob.constData()) == 0) {
        git_reference* reference = nullptr;
        while (git_reference_next(&reference, rawIterator) == 0) {
            ++count;
            git_reference_free(reference);
        }
        git_reference_iterator_free(rawIterator);
    }
    return count;
}

/** The push itself through libgit2's transports (http, https, ssh, git, and file as fallback). */
static Result<void> pushThroughRemote(git_repository* repository, const RemoteEndpoint& endpoint,
                                      const GitRepositoryOptions& options, const git_oid& commit,
                                      const QString& sourceRef, const QString& branch,
                                      const QString& ref) {
    auto remote = loadRemote(repository, endpoint);
    if (!remote)
        return std::move(remote).error();

    const QString url = endpoint.pushUrl.redacted();
    const QString what =
        QStringLiteral("could not push %1 to %2 at %3").arg(shortOid(commit), ref, url);
    CredentialSession credentials(endpoint.pushUrl, options);
    TransferState state{&credentials, ref.toUtf8(), {}};
    git_push_options pushOptions;
    git_push_options_init(&pushOptions, GIT_PUSH_OPTIONS_VERSION);
    pushOptions.callbacks = makeCallbacks(state);
    pushOptions.proxy_opts = makeProxyOptions();
    const NetworkTimeoutScope network(timeoutsOf(options));
    // No leading '+': the server must fast-forward. Freightdesk never forces.
    const QByteArray refspec = (sourceRef + u':' + ref).toUtf8();
    const GitStringArray refspecs(refspec);
    if (const int rc = git_remote_push(remote->get(), refspecs.get(), &pushOptions); rc < 0) {
        const GitFailure failure = GitFailure::capture(rc);
        // The server may have taken the update just before it stopped answering; pushing the
        // same commit again is then a no-op, so retrying is always safe.
        if (const auto timeout = network.timeout())
            return timeoutError(
                *timeout,
                {QStringLiteral("could not push %1 to %2").arg(shortOid(commit), ref), url,
                 QStringLiteral("try again later; pushing the same commit "
                                "again is safe")},
                ref);
        if (failure.code == GIT_ENONFASTFORWARD && !credentials.gaveUp())
            return Error{Error::Kind::Rejected,
                         QStringLiteral("%1: %2 has commits this push does not contain "
                                        "(non-fast-forward; fetch and try again): %3")
                             .arg(what, branch, failure.message),
                         ref};
        return transferError(failure, credentials, what, ref, endpoint.pushUrl);
    }
    credentials.succeeded();
    if (state.rejection) {
        // The branch moved after we looked: "non-fast-forward" / "fetch first", or git's
        // "failed to update ref" / "cannot lock ref" when another push passed the hooks at the
        // same time. Anything else (a hook, a protected branch) will not go away by retrying.
        static const QStringList movedMarkers{
            QStringLiteral("fast-forward"),         QStringLiteral("fetch first"),
            QStringLiteral("failed to update ref"), QStringLiteral("cannot lock ref"),
            QStringLiteral("failed to lock"),       QStringLiteral("stale info")};
        const bool moved =
            std::any_of(movedMarkers.cbegin(), movedMarkers.cend(),
                        [&](const QString& marker) { return state.rejection->contains(marker); });
        return Error{moved ? Error::Kind::Rejected : Error::Kind::Refused,
                     credentials.scrub(
                         QStringLiteral("%1: the server refused the update: %2%3")
                             .arg(what, *state.rejection,
                                  moved ? QStringLiteral(" (fetch and try again)") : QString())),
                     ref};
    }

    return {};
}

Result<void> pushCommit(git_repository* repository, const RemoteEndpoint& endpoint,
                        const GitRepositoryOptions& options, const QString& commitId,
                        const QString& branch) {
    auto ref = branchRef(branch);
    if (!ref)
        return std::move(ref).error();
    git_oid commit;
    const QByteArray hex = commitId.toLatin1();
    git_object* object = nullptr;
    const bool known = hex.size() == GIT_OID_HEXSZ &&
                       git_oid_fromstr(&commit, hex.constData()) == 0 &&
                       git_object_lookup(&object, repository, &commit, GIT_OBJECT_COMMIT) == 0;
    const GitObjectHandle owner(object);
    if (!known)
        return Error{Error::Kind::NotFound,
                     QStringLiteral("there is no commit %1 to push (give the full id createCommit "
                                    "returned)")
                         .arg(commitId),
                     *ref};
    auto source = TemporaryPushRef::create(repository, commit);
    if (!source)
        return std::move(source).error();
    std::optional<Result<void>> local;
    if (const QString target = endpoint.pushUrl.localFile(); !target.isEmpty())
        local =
            pushToLocalRepository(repository, QString::fromUtf8(git_repository_path(repository)),
                                  target, (*source)->name().toUtf8(), commit, ref->toUtf8());
    if (local && !*local)
        return std::move(*local).error();
    if (!local) {
        if (auto pushed = pushThroughRemote(repository, endpoint, options, commit,
                                            (*source)->name(), branch, *ref);
            !pushed)
            return pushed;
    }

    git_reference* tracking = nullptr;
    const QByteArray trackingName = GitRepository::trackingRef(branch).toUtf8();
    const int rc = git_reference_create(&tracking, repository, trackingName.constData(), &commit, 1,
                                        "freightdesk: push");
    const GitReferenceHandle trackingOwner(tracking);
    if (rc < 0) {
        const GitFailure failure = GitFailure::capture(rc);
        return Error{Error::Kind::Git,
                     QStringLiteral("pushed %1, but could not record it in %2: %3")
                         .arg(shortOid(commit), QString::fromUtf8(trackingName), failure.message),
                     *ref};
    }
    return {};
}

} // namespace fd::core

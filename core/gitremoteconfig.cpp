#include "gitremoteconfig.h"

#include "githandles.h"
#include "gitsupport.h"

#include <QList>

namespace fd::core {

namespace {

using GitConfigHandle = std::unique_ptr<git_config, GitFree<git_config_free>>;

struct Rewrite final {
    QString base;
    QString prefix;
    bool pushOnly = false;
};

Result<GitConfigHandle> configSnapshot(git_repository* repository) {
    git_config* raw = nullptr;
    const int rc = git_repository_config_snapshot(&raw, repository);
    GitConfigHandle config(raw);
    if (rc < 0)
        return Error{Error::Kind::Git,
                     QStringLiteral("could not read the Git configuration: %1")
                         .arg(GitFailure::capture(rc).message),
                     {}};
    return config;
}

// git_config_foreach, not a glob iterator: the glob is the leaking regular expression.
int collectRewrite(const git_config_entry* entry, void* payload) {
    static const QString insteadOf = QStringLiteral(".insteadof");
    static const QString pushInsteadOf = QStringLiteral(".pushinsteadof");
    const QString name = QString::fromUtf8(entry->name);
    if (!name.startsWith(QStringLiteral("url.")))
        return 0;
    // Section and key are lower-cased by libgit2; the <base> subsection keeps its case.
    const bool push = name.endsWith(pushInsteadOf);
    if (!push && !name.endsWith(insteadOf))
        return 0;
    const qsizetype suffix = push ? pushInsteadOf.size() : insteadOf.size();
    static_cast<QList<Rewrite>*>(payload)->append(
        {name.mid(4, name.size() - 4 - suffix), QString::fromUtf8(entry->value), push});
    return 0;
}

QString rewrite(const QString& url, const QList<Rewrite>& rules, bool pushRules) {
    const Rewrite* best = nullptr;
    for (const Rewrite& rule : rules) {
        if (rule.pushOnly == pushRules && !rule.prefix.isEmpty() && url.startsWith(rule.prefix) &&
            (!best || rule.prefix.size() > best->prefix.size()))
            best = &rule;
    }
    return best ? best->base + url.mid(best->prefix.size()) : url;
}

std::optional<QString> configString(const git_config* config, const QByteArray& name) {
    const char* value = nullptr;
    if (git_config_get_string(&value, config, name.constData()) < 0 || !value)
        return std::nullopt;
    return QString::fromUtf8(value);
}

} // namespace

RemoteUrls rewriteRemoteUrls(git_repository* repository, const QString& url,
                             const std::optional<QString>& configuredPushUrl) {
    QList<Rewrite> rules;
    if (auto config = configSnapshot(repository))
        git_config_foreach(config->get(), &collectRewrite, &rules);
    RemoteUrls urls;
    urls.fetchUrl = rewrite(url, rules, false);
    if (configuredPushUrl) {
        urls.pushUrl = rewrite(*configuredPushUrl, rules, false);
    } else {
        const QString pushed = rewrite(url, rules, true);
        urls.pushUrl = pushed != url ? pushed : urls.fetchUrl;
    }
    return urls;
}

Result<RemoteUrls> readConfiguredRemote(git_repository* repository, const QString& name) {
    auto config = configSnapshot(repository);
    if (!config)
        return std::move(config).error();
    const QByteArray key = QStringLiteral("remote.%1.").arg(name).toUtf8();
    const auto url = configString(config->get(), key + "url");
    if (!url || url->isEmpty())
        return Error{Error::Kind::NotFound, QStringLiteral("no remote named '%1'").arg(name), {}};
    return rewriteRemoteUrls(repository, *url, configString(config->get(), key + "pushurl"));
}

Result<void> writeMirrorRemote(git_repository* repository, const QString& redactedUrl) {
    git_config* raw = nullptr;
    const int rc = git_repository_config(&raw, repository);
    const GitConfigHandle config(raw);
    if (rc < 0)
        return Error{Error::Kind::Git, GitFailure::capture(rc).message, {}};
    const QByteArray url = redactedUrl.toUtf8();
    for (const auto& [key, value] :
         {std::pair<const char*, const char*>{"remote.origin.url", url.constData()},
          {"remote.origin.fetch", "+refs/heads/*:refs/remotes/origin/*"}}) {
        if (const int setRc = git_config_set_string(config.get(), key, value); setRc < 0)
            return Error{Error::Kind::Git, GitFailure::capture(setRc).message, {}};
    }
    return {};
}

} // namespace fd::core

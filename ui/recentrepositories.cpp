#include "recentrepositories.h"

#include "remoteurl.h"

#include <QSettings>

namespace fd::ui {

namespace {

const QString Group = QStringLiteral("recentRepositories");

/** What may be written to a settings file: never a password or token. */
QString withoutSecrets(const QString& urlOrPath) {
    const auto url = core::RemoteUrl::parse(urlOrPath);
    return url ? url->withoutPassword() : urlOrPath;
}

} // namespace

RecentRepositories::RecentRepositories(QSettings& settings)
    : m_settings(settings) {}

QList<core::RepositoryRequest> RecentRepositories::list() const {
    QList<core::RepositoryRequest> requests;
    const int size = m_settings.beginReadArray(Group);
    for (int i = 0; i < size; ++i) {
        m_settings.setArrayIndex(i);
        core::RepositoryRequest request{
            m_settings.value(QStringLiteral("location")).toString(),
            m_settings.value(QStringLiteral("branch"), QStringLiteral("main")).toString()};
        if (!request.urlOrPath.isEmpty())
            requests.append(request);
    }
    m_settings.endArray();
    return requests;
}

void RecentRepositories::add(const core::RepositoryRequest& request) {
    const core::RepositoryRequest kept{withoutSecrets(request.urlOrPath), request.branch};
    QList<core::RepositoryRequest> requests = list();
    requests.removeIf([&](const core::RepositoryRequest& each) {
        return each.urlOrPath == kept.urlOrPath && each.branch == kept.branch;
    });
    requests.prepend(kept);
    while (requests.size() > maxEntries)
        requests.removeLast();
    m_settings.beginWriteArray(Group, int(requests.size()));
    for (int i = 0; i < requests.size(); ++i) {
        m_settings.setArrayIndex(i);
        m_settings.setValue(QStringLiteral("location"), requests[i].urlOrPath);
        m_settings.setValue(QStringLiteral("branch"), requests[i].branch);
    }
    m_settings.endArray();
}

} // namespace fd::ui

#include "helmcredentials.h"

#include "yamlvalue.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QUrl>

namespace fd::core {

namespace {

QString normalised(QString url) {
    url = url.trimmed();
    while (url.endsWith(u'/'))
        url.chop(1);
    return url;
}

} // namespace

QString HelmCredentials::defaultRepositoriesFile() {
    if (const QString configured = qEnvironmentVariable("HELM_REPOSITORY_CONFIG");
        !configured.isEmpty())
        return configured;
#if defined(Q_OS_MACOS)
    const QString base = QDir::homePath() + QStringLiteral("/Library/Preferences");
#elif defined(Q_OS_WIN)
    const QString base = qEnvironmentVariable("APPDATA");
#else
    QString base = qEnvironmentVariable("XDG_CONFIG_HOME");
    if (base.isEmpty())
        base = QDir::homePath() + QStringLiteral("/.config");
#endif
    return base + QStringLiteral("/helm/repositories.yaml");
}

std::optional<HelmCredential> HelmCredentials::lookup(const QString& repositoriesFile,
                                                      const QString& repositoryUrl) {
    const QUrl url(repositoryUrl);
    if (!url.userName().isEmpty())
        return HelmCredential{url.userName(), url.password(), QStringLiteral("the URL")};
    QFile file(repositoriesFile);
    if (repositoriesFile.isEmpty() || !file.open(QIODevice::ReadOnly))
        return std::nullopt;
    auto documents = YamlValue::parseAll(file.readAll(), repositoriesFile);
    if (!documents || documents->isEmpty())
        return std::nullopt;
    const QString wanted = normalised(repositoryUrl);
    for (const YamlValue& entry : documents->constFirst()["repositories"].items()) {
        if (normalised(entry["url"].scalar()) != wanted)
            continue;
        const QString user = entry["username"].scalar();
        if (user.isEmpty())
            return std::nullopt;
        return HelmCredential{user, entry["password"].scalar(),
                              QDir::toNativeSeparators(repositoriesFile)};
    }
    return std::nullopt;
}

} // namespace fd::core

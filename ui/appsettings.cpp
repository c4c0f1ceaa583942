#include "appsettings.h"

#include <QSettings>

namespace fd::ui {

namespace {

// The keys are part of the settings file's format: renaming one forgets what users set.
const QString IdentityName = QStringLiteral("git/name");
const QString IdentityEmail = QStringLiteral("git/email");
const QString ArgoCdServer = QStringLiteral("argocd/server");
const QString ArgoCdInsecure = QStringLiteral("argocd/insecure");
const QString ArgoCdPlainText = QStringLiteral("argocd/plainText");
const QString Registries = QStringLiteral("registries");
const QString RegistryHost = QStringLiteral("host");
const QString RegistryUser = QStringLiteral("user");
const QString RegistryMirror = QStringLiteral("mirror");
const QString RegistryPlainHttp = QStringLiteral("plainHttp");
const QString FreightInterval = QStringLiteral("intervals/freightSeconds");
const QString ArgoCdInterval = QStringLiteral("intervals/argocdStatusSeconds");
const QString NotifySucceeded = QStringLiteral("notifications/succeeded");
const QString NotifyFailed = QStringLiteral("notifications/failed");
const QString NotifyApproval = QStringLiteral("notifications/approvalNeeded");
const QString Palette = QStringLiteral("appearance/palette");

QList<RegistrySetting> loadRegistries(QSettings& settings) {
    QList<RegistrySetting> registries;
    const int size = settings.beginReadArray(Registries);
    for (int i = 0; i < size; ++i) {
        settings.setArrayIndex(i);
        registries.append({settings.value(RegistryHost).toString(),
                           settings.value(RegistryUser).toString(),
                           settings.value(RegistryMirror).toString(),
                           settings.value(RegistryPlainHttp, false).toBool()});
    }
    settings.endArray();
    return registries;
}

} // namespace

AppSettings AppSettings::load(QSettings& settings) {
    const AppSettings defaults;
    AppSettings loaded;
    loaded.identity = {settings.value(IdentityName).toString(),
                       settings.value(IdentityEmail).toString()};
    loaded.argocdServer = settings.value(ArgoCdServer).toString();
    loaded.argocdInsecure = settings.value(ArgoCdInsecure, false).toBool();
    loaded.argocdPlainText = settings.value(ArgoCdPlainText, false).toBool();
    loaded.registries = loadRegistries(settings);
    loaded.intervalsStored = settings.contains(FreightInterval);
    loaded.freightInterval = std::chrono::seconds(
        settings.value(FreightInterval, qint64(defaults.freightInterval.count())).toLongLong());
    loaded.argocdStatusInterval = std::chrono::seconds(
        settings.value(ArgoCdInterval, qint64(defaults.argocdStatusInterval.count())).toLongLong());
    loaded.notifications = {settings.value(NotifySucceeded, true).toBool(),
                            settings.value(NotifyFailed, true).toBool(),
                            settings.value(NotifyApproval, true).toBool()};
    loaded.palette = paletteChoiceFromName(settings.value(Palette).toString());
    return loaded;
}

void AppSettings::save(QSettings& settings) const {
    settings.setValue(IdentityName, identity.name);
    settings.setValue(IdentityEmail, identity.email);
    settings.setValue(ArgoCdServer, argocdServer);
    settings.setValue(ArgoCdInsecure, argocdInsecure);
    settings.setValue(ArgoCdPlainText, argocdPlainText);
    settings.remove(Registries);
    settings.beginWriteArray(Registries, int(registries.size()));
    for (int i = 0; i < registries.size(); ++i) {
        settings.setArrayIndex(i);
        settings.setValue(RegistryHost, registries[i].host);
        settings.setValue(RegistryUser, registries[i].user);
        settings.setValue(RegistryMirror, registries[i].mirror);
        settings.setValue(RegistryPlainHttp, registries[i].plainHttp);
    }
    settings.endArray();
    settings.setValue(FreightInterval, qint64(freightInterval.count()));
    settings.setValue(ArgoCdInterval, qint64(argocdStatusInterval.count()));
    settings.setValue(NotifySucceeded, notifications.succeeded);
    settings.setValue(NotifyFailed, notifications.failed);
    settings.setValue(NotifyApproval, notifications.approvalNeeded);
    settings.setValue(Palette, paletteChoiceName(palette));
}

core::Result<void> AppSettings::applyTo(core::RepositoryLoaderOptions& options) const {
    // On top of the given overrides (the demo's own registry), not instead of them.
    core::RegistryOverrides registryOverrides = options.registries;
    for (const RegistrySetting& registry : registries) {
        if (!registry.mirror.isEmpty()) {
            if (auto added = registryOverrides.addMirror(registry.host + u'=' + registry.mirror);
                !added)
                return std::move(added).error();
        }
        if (registry.plainHttp)
            registryOverrides.setInsecure(registry.host);
    }
    options.registries = std::move(registryOverrides);
    if (!identity.name.isEmpty() || !identity.email.isEmpty())
        options.snapshot.git.identity = identity;
    if (!argocdServer.isEmpty()) {
        options.argocd.server = argocdServer;
        options.argocd.insecure = argocdInsecure;
        options.argocd.plainText = argocdPlainText;
    }
    if (intervalsStored) {
        options.freightInterval = freightInterval;
        options.argocdStatusInterval = argocdStatusInterval;
    }
    return {};
}

} // namespace fd::ui

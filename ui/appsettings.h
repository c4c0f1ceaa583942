#pragma once

#include "gitrepository.h"
#include "palettes.h"
#include "promotiontasklist.h"
#include "repositoryloader.h"
#include "result.h"

#include <QList>
#include <QString>

#include <chrono>

class QSettings;

namespace fd::ui {

/** One registry as the settings name it; its password or token lives in the keychain only. */
struct RegistrySetting final {
    QString host;   // "ghcr.io", "127.0.0.1:5000": the image's registry
    QString user;   // the keychain entry's user; not a secret
    QString mirror; // a URL its requests go to instead, or empty
    bool plainHttp = false;
};

/**
 * What the Settings dialog changes, as stored in QSettings. Secrets are never part of it: the
 * Argo CD token and registry passwords go to the keychain (SecretStore) under the keys core reads.
 */
struct AppSettings final {
    core::GitIdentity identity; // empty: Git's own user.name / user.email
    QString argocdServer;       // empty: resolved as the argocd CLI does
    bool argocdInsecure = false;
    bool argocdPlainText = false;
    QList<RegistrySetting> registries;
    std::chrono::seconds freightInterval{std::chrono::minutes(5)}; // 0: only on demand
    std::chrono::seconds argocdStatusInterval{10};
    /** The intervals were saved by a person; else the given options' own stay (the demo's). */
    bool intervalsStored = false;
    PromotionNotifications notifications;
    PaletteChoice palette = PaletteChoice::System;

    static AppSettings load(QSettings& settings);
    void save(QSettings& settings) const;
    /**
     * Sets what these settings give into @p options (new tabs read them); what is empty here
     * leaves @p options as they were. Fails on a mirror that is not a URL.
     */
    core::Result<void> applyTo(core::RepositoryLoaderOptions& options) const;
};

} // namespace fd::ui

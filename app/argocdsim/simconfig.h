#pragma once

#include "argocdapplication.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <chrono>

namespace fd::argocdsim {

/** A local Argo CD account and the projects it may see (empty: every project). */
struct SimAccount final {
    QString name;
    QString password;
    QStringList projects;
};

/** How an ArgoCDSimulator starts; most of it can be changed while it runs. */
struct SimConfig final {
    /** A bare repository's path, or a file://, http(s):// or ssh URL the git CLI can mirror. */
    QString repository;
    /** Applications to serve; empty: the repository's Argo CD manifests at manifestsRevision. */
    QList<fd::core::ArgoCDApplication> applications;
    QString manifestsRevision = QStringLiteral("HEAD");

    QList<SimAccount> accounts{{QStringLiteral("admin"), QStringLiteral("password"), {}}};
    /** Accepted as a bearer token for staticTokenAccount, as an API key would be. */
    QString staticToken;
    QString staticTokenAccount = QStringLiteral("admin");
    std::chrono::milliseconds tokenLifetime = std::chrono::hours(24);

    std::chrono::milliseconds reconcileInterval{3000};
    /** How long `?refresh=` holds the answer, like a slow repo server. */
    std::chrono::milliseconds refreshDelay{0};
    /** From a sync's start to its operation finishing. */
    std::chrono::milliseconds syncDelay{200};
    /** From a finished sync (Progressing) to Healthy or Degraded. */
    std::chrono::milliseconds healthDelay{500};
    std::chrono::milliseconds keepAliveInterval{15000};
    /** Image tags whose deployment ends Degraded. */
    QStringList brokenTags;
    /** Apps start Synced and Healthy at their target's current commit, as if deployed before. */
    bool initiallySynced = true;

    /** The Helm value keys that name an image. */
    QString imageRepositoryKey = QStringLiteral("image.repository");
    QString imageTagKey = QStringLiteral("image.tag");
    QString version = QStringLiteral("v2.10.9+freightdesk-sim");
    quint16 port = 0;
};

} // namespace fd::argocdsim

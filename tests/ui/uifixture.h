#pragma once

#include "repositoryloader.h"

#include <QString>
#include <QTemporaryDir>

namespace fd::testsupport {

/**
 * A GitOps repository for the desktop app's tests, made with the git command line: a
 * freightdesk.yaml pipeline (dev → staging → prod, prod wanting one approval and coloured),
 * two services with a short history, the freight the `freight` command would have stored and a
 * promotion log. Expected states are listed in uifixture.cpp beside the events that make them.
 *
 * guestbook: dev runs 1.4.0 (ran 1.0.0, 1.1.0, 1.2.0), staging 1.2.0 (ran 1.0.0, 1.1.0),
 * prod 1.0.0; freight 1.5.0 ... 1.0.0 and three older ones no stage ran (0.9.0 ... 0.7.0).
 * api: 2.0.0 everywhere, 2.1.0 known; api-prod is held. Staging is frozen until 2099.
 */
class UiFixture final {
public:
    /** Creates everything in a temporary folder (isolating the environment first); an error or empty. */
    QString create();
    /** The temporary folder, removed with the fixture. */
    QString root() const { return m_root.path(); }
    /** The repository's state, loaded on this thread. */
    core::Result<core::RepositoryState> load() const;

    QString url() const { return QStringLiteral("file://") + m_bare; }
    const QString& bare() const { return m_bare; }
    /** Loads read from and cache under the root, without keychain or credential helpers. */
    const core::RepositoryLoaderOptions& options() const { return m_options; }
    core::RepositoryRequest request() const { return {url(), QStringLiteral("main")}; }

private:
    QString writeFreight();
    QString writeLog();

    QTemporaryDir m_root;
    QString m_bare;
    core::RepositoryLoaderOptions m_options;
};

} // namespace fd::testsupport

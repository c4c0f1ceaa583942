#pragma once

#include "repositoryloader.h"
#include "result.h"

#include <QObject>
#include <QTemporaryDir>

#include <memory>

namespace fd::argocdsim {
class ArgoCDSimulator;
}

namespace fd::demo {

class DemoGitServer;
class DemoRegistry;

/**
 * `freightdesk --demo`'s throw-away world, built at start-up in a temporary folder and gone when
 * this goes: the demo repository (DemoRepository) behind a Git smart-HTTP server, an OCI registry
 * with its tags, and the Argo CD simulator deploying it, all on 127.0.0.1. The app reaches them
 * through its real clients; loaderOptions() says where, and keeps the app's caches, keychain and
 * credentials out of it.
 */
class DemoWorkspace final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemoWorkspace)

public:
    ~DemoWorkspace() override;

    /** Builds and starts everything; an error names what could not be (e.g. no git command). */
    static fd::core::Result<std::unique_ptr<DemoWorkspace>> start();

    core::RepositoryRequest repository() const;
    core::RepositoryLoaderOptions loaderOptions() const;
    /** The folder everything lives in (caches, the bare repository, settings). */
    QString root() const { return m_root.path(); }
    argocdsim::ArgoCDSimulator* argocd() const { return m_argocd; }
    DemoRegistry* registry() const { return m_registry; }

private:
    DemoWorkspace();
    fd::core::Result<void> build();

    QTemporaryDir m_root;
    DemoRegistry* m_registry;
    DemoGitServer* m_git;
    argocdsim::ArgoCDSimulator* m_argocd = nullptr;
    QString m_token;
};

} // namespace fd::demo

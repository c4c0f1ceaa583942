#pragma once

#include "argocdconnection.h"
#include "registryoverrides.h"
#include "repositorysnapshot.h"
#include "repositorystate.h"
#include "result.h"

#include <QDateTime>
#include <QFuture>
#include <QObject>
#include <QString>
#include <QThreadPool>

#include <atomic>
#include <chrono>
#include <memory>

namespace fd::core {

/** Where a RepositoryLoader keeps and looks for what it reads. */
struct RepositoryLoaderOptions final {
    /** Fetch, history cache and Git options; its branch is replaced by each request's. */
    SnapshotOptions snapshot;
    /** Where the freight store lives (FreightStore::pathFor); empty: the user's cache. */
    QString freightDirectory;
    /**
     * The Argo CD server the app follows (its settings, the demo); what is not given here is
     * resolved as the CLI does. Not used by the load itself.
     */
    ArgoCdConnectionOptions argocd;
    /** Registry mirrors and plain-HTTP opt-ins for the app's freight discovery. */
    RegistryOverrides registries;
    /** Whether the app discovers freight itself; false: it shows what the store holds. */
    bool discoverFreight = true;
    /** How often the app discovers freight; 0: only when asked (reload). Kargo's default. */
    std::chrono::milliseconds freightInterval = std::chrono::minutes(5);
    /** How often the app re-reads Argo CD application status when it polls. */
    std::chrono::milliseconds argocdStatusInterval{std::chrono::seconds(10)};
};

/** One repository and branch to load. */
struct RepositoryRequest final {
    QString urlOrPath;
    QString branch = QStringLiteral("main");
};

/**
 * Reads a repository's branch into a RepositoryState: the snapshot (pipeline, versions,
 * history), the freight remembered for it and the promotion log. Blocks on the network and the
 * disk; RepositoryLoader runs it off the GUI thread. A log that cannot be read is an error in
 * the state, not a failure: the pipeline and versions are still worth showing.
 */
Result<RepositoryState> loadRepositoryState(const RepositoryRequest& request,
                                            const RepositoryLoaderOptions& options,
                                            const QDateTime& now);

/**
 * Loads repositories on a serial worker of its own, so the GUI thread only renders and reacts.
 * A newer load() supersedes an earlier one: the earlier result is dropped (and, when it has not
 * started yet, it never runs). Signals arrive on the loader's thread.
 */
class RepositoryLoader final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RepositoryLoader)

public:
    explicit RepositoryLoader(RepositoryLoaderOptions options = {}, QObject* parent = nullptr);
    /**
     * Returns at once: a load still running finishes on its worker, which goes when it is done
     * (at the latest when the application object goes), its result dropped.
     */
    ~RepositoryLoader() override;

    void load(const RepositoryRequest& request);
    /** Loads the last request again; nothing when there was none. */
    void reload();

    const RepositoryRequest& request() const { return m_request; }
    bool isLoading() const { return m_loading; }

Q_SIGNALS:
    void started(const fd::core::RepositoryRequest& request);
    void loaded(const fd::core::RepositoryState& state);
    void failed(const fd::core::Error& error);

private:
    using Outcome = std::optional<Result<RepositoryState>>;
    void finish(quint64 generation, const Outcome& outcome);

    RepositoryLoaderOptions m_options;
    RepositoryRequest m_request;
    bool m_loading = false;
    bool m_hasRequest = false;
    /** Shared with the work queued, which skips itself once a newer load was asked for. */
    std::shared_ptr<std::atomic<quint64>> m_generation;
    /** One thread: one repository's fetches and log reads never race each other. */
    std::unique_ptr<QThreadPool> m_pool;
    /** The last load queued; the pool's work is done when it is. */
    QFuture<void> m_last;
};

} // namespace fd::core

#pragma once

#include "argocdconnection.h"
#include "repositorystate.h"
#include "stagedetails.h"

#include <QWidget>

#include <optional>

class QNetworkAccessManager;
class QTextBrowser;

namespace fd::core {
class ArgoCdClient;
}

namespace fd::ui {

/**
 * The selected cell's or stage's details: the freight's artifacts, the stage's targets, its Argo
 * CD applications (links to Argo CD's web UI, live status when a connection is known) and its
 * latest history. Statuses are asked for asynchronously; a late answer for a stage no longer
 * shown is dropped.
 */
class DetailsPane final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DetailsPane)

public:
    explicit DetailsPane(QWidget* parent = nullptr);
    ~DetailsPane() override;

    /** The Argo CD server to link to and ask, or why there is none (said in the pane). */
    void setArgoCdConnection(std::optional<core::ArgoCdConnection> connection,
                             const QString& unavailable);
    /** setArgoCdConnection() from a resolution's outcome. */
    void setArgoCdConnection(const core::Result<core::ArgoCdConnection>& connection);
    /** Shows @p stage of @p service, with @p freightId (empty: the freight the stage runs). */
    void showStage(const core::RepositoryState& state, const QString& service, const QString& stage,
                   const QString& freightId = {});
    void clear();

    const QString& stage() const { return m_request.stage; }
    const QString& freightId() const { return m_request.freightId; }
    QTextBrowser* browser() const { return m_browser; }

Q_SIGNALS:
    /** An app's live status arrived and is shown. */
    void statusArrived(const QString& app);

private:
    void render();
    void askStatuses();

    QTextBrowser* m_browser;
    QNetworkAccessManager* m_network;
    std::unique_ptr<core::ArgoCdClient> m_client;
    std::optional<core::RepositoryState> m_state;
    StageDetailsRequest m_request;
    /** Bumped per stage shown: answers carrying an older one are dropped. */
    int m_generation = 0;
};

} // namespace fd::ui

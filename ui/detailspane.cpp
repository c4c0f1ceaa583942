#include "detailspane.h"

#include "argocdclient.h"
#include "repositorystate.h"

#include <QNetworkAccessManager>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace fd::ui {

DetailsPane::DetailsPane(QWidget* parent)
    : QWidget(parent)
    , m_browser(new QTextBrowser(this))
    , m_network(new QNetworkAccessManager(this)) {
    m_browser->setOpenExternalLinks(true);
    m_browser->setAccessibleName(tr("Details"));
    // Digests and file paths wrap badly below about forty characters.
    setMinimumWidth(fontMetrics().averageCharWidth() * 40);
    m_request.argocdUnavailable = tr("Looking for an Argo CD connection…");
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_browser);
    render();
}

DetailsPane::~DetailsPane() = default;

void DetailsPane::setArgoCdConnection(std::optional<core::ArgoCdConnection> connection,
                                      const QString& unavailable) {
    m_client.reset();
    m_request.statuses.clear();
    m_request.argocdServer = connection ? connection->server : QUrl();
    m_request.argocdUnavailable = connection ? QString() : unavailable;
    if (connection)
        m_client = std::make_unique<core::ArgoCdClient>(m_network, std::move(*connection));
    ++m_generation;
    askStatuses();
    render();
}

void DetailsPane::setArgoCdConnection(const core::Result<core::ArgoCdConnection>& connection) {
    if (connection)
        setArgoCdConnection(*connection, {});
    else
        setArgoCdConnection(std::nullopt,
                            tr("No live Argo CD status: %1").arg(connection.error().toString()));
}

void DetailsPane::showStage(const core::RepositoryState& state, const QString& service,
                            const QString& stage, const QString& freightId) {
    const bool sameStage = m_request.stage == stage && m_request.service == service;
    m_state = state;
    m_request.service = service;
    m_request.stage = stage;
    m_request.freightId = freightId;
    if (!sameStage) {
        ++m_generation;
        m_request.statuses.clear();
        askStatuses();
    }
    render();
}

void DetailsPane::clear() {
    m_state.reset();
    m_request.service.clear();
    m_request.stage.clear();
    m_request.freightId.clear();
    m_request.statuses.clear();
    ++m_generation;
    render();
}

void DetailsPane::render() {
    if (!m_state) {
        m_browser->setHtml(tr("<p>Select a cell or a stage to see its details.</p>"));
        return;
    }
    m_browser->setHtml(stageDetailsHtml(*m_state, m_request));
}

void DetailsPane::askStatuses() {
    const core::PipelineStage* stage = m_state ? m_state->pipeline.stage(m_request.stage) : nullptr;
    if (!m_client || !stage)
        return;
    // The client's calls are asynchronous: the GUI thread only parses the answers.
    for (const QString& app : stage->argocdApps) {
        m_client->application(
            app, core::ArgoCdRefresh::None, this,
            [this, app, generation = m_generation](core::Result<core::ArgoCdAppStatus> status) {
                if (generation != m_generation)
                    return;
                m_request.statuses.insert(app, std::move(status));
                render();
                Q_EMIT statusArrived(app);
            });
    }
}

} // namespace fd::ui

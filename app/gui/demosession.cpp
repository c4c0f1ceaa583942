#include "demosession.h"

#include "detailspane.h"
#include "overviewview.h"
#include "repositorytab.h"

DemoSession::DemoSession(fd::ui::RepositoryTab* tab, QString service, QString stage,
                         QObject* parent)
    : QObject(parent)
    , m_tab(tab)
    , m_service(std::move(service))
    , m_stage(std::move(stage)) {
    // The stage may be shown (and its status arrive) before the session selects it.
    connect(m_tab->details(), &fd::ui::DetailsPane::statusArrived, this,
            [this] { m_statusOf = m_tab->details()->stage(); });
    connect(&m_poll, &QTimer::timeout, this, &DemoSession::poll);
    m_poll.start(100);
}

// Loading and discovery report through several signals; the state itself says when both are in.
void DemoSession::poll() {
    if (!m_selected) {
        const auto& state = m_tab->state();
        if (!state)
            return;
        for (const auto& service : state->services) {
            if (service.freight.isEmpty())
                return;
        }
        m_selected = true;
        m_tab->overview()->selectService(m_service);
        m_tab->selectStage(m_stage);
    }
    if (m_statusOf == m_stage && m_tab->details()->stage() == m_stage) {
        m_poll.stop();
        Q_EMIT ready();
    }
}

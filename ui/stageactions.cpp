#include "stageactions.h"

#include "repositorystate.h"

#include <QAction>
#include <QWidget>

namespace fd::ui {

namespace {

const core::StageSummary* summaryOf(const core::RepositoryState& state, const QString& stage) {
    for (const core::ServiceState& service : state.services) {
        for (const core::StageSummary& summary : service.summaries) {
            if (summary.stage == stage)
                return &summary;
        }
    }
    return nullptr;
}

QAction* stageAction(QObject* parent, const QKeySequence& shortcut) {
    auto* action = new QAction(parent);
    action->setShortcut(shortcut);
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    action->setEnabled(false);
    return action;
}

} // namespace

QString previousVersion(const core::RepositoryState& state, const QString& stage) {
    const core::StageSummary* summary = summaryOf(state, stage);
    const QString current = summary ? summary->version : QString();
    for (const core::VersionRecord& change : state.changes) {
        if (change.stage == stage && !change.version.isEmpty() && change.version != current)
            return change.version;
    }
    return {};
}

StageActions::StageActions(QObject* parent)
    : QObject(parent)
    , m_hold(stageAction(this, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H)))
    , m_compare(stageAction(this, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D)))
    , m_rollback(stageAction(this, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B)))
    , m_train(stageAction(this, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T))) {
    connect(m_hold, &QAction::triggered, this, [this] {
        if (m_held)
            Q_EMIT releaseRequested(m_stage);
        else
            Q_EMIT holdRequested(m_stage);
    });
    connect(m_compare, &QAction::triggered, this, [this] { Q_EMIT compareRequested(m_stage); });
    connect(m_rollback, &QAction::triggered, this, [this] { Q_EMIT rollbackRequested(m_stage); });
    connect(m_train, &QAction::triggered, this, [this] { Q_EMIT trainRequested(m_environment); });
    setStage(nullptr, {});
}

void StageActions::setStage(const core::RepositoryState* state, const QString& stage) {
    const core::StageSummary* summary = state ? summaryOf(*state, stage) : nullptr;
    m_stage = summary ? stage : QString();
    m_held = summary && summary->hold.has_value();
    m_environment = summary ? summary->environment : QString();
    for (QAction* action : {m_hold, m_compare, m_rollback, m_train})
        action->setEnabled(summary != nullptr);
    if (!summary) {
        m_hold->setText(tr("&Hold stage…"));
        m_compare->setText(tr("&Compare stages…"));
        m_rollback->setText(tr("Roll &back stage…"));
        m_train->setText(tr("Release &train…"));
        return;
    }
    m_train->setText(
        tr("Release &train into %1 (several services, one commit)…").arg(m_environment));
    m_hold->setText(m_held ? tr("&Release %1 (promotions may enter again)…").arg(stage)
                           : tr("&Hold %1 (no promotions until released)…").arg(stage));
    m_compare->setText(tr("&Compare %1 with another stage…").arg(stage));
    const QString previous = previousVersion(*state, stage);
    m_rollback->setEnabled(!previous.isEmpty());
    m_rollback->setText(previous.isEmpty()
                            ? tr("Roll &back %1 (it ran nothing else before)").arg(stage)
                            : tr("Roll &back %1 to %2…").arg(stage, previous));
}

void StageActions::addTo(QWidget* widget) const {
    widget->addActions({m_hold, m_compare, m_rollback, m_train});
}

} // namespace fd::ui

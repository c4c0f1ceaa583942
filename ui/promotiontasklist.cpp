#include "promotiontasklist.h"

#include "promotiondesk.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QSystemTrayIcon>
#include <QToolButton>

namespace fd::ui {

using core::PromotionRun;

QString promotionRunText(const PromotionRun& run) {
    const core::PromotionRunRequest& request = run.request();
    return QCoreApplication::translate("fd::ui::PromotionTaskList", "%1 ← %2: %3")
        .arg(request.stage, request.freightAlias, PromotionRun::stateName(run.state()));
}

PromotionTaskList::PromotionTaskList(QWidget* parent)
    : QWidget(parent)
    , m_layout(new QHBoxLayout(this)) {
    m_layout->setContentsMargins(0, 0, 0, 0);
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(QApplication::windowIcon(), this);
        m_tray->show();
    }
    hide();
}

void PromotionTaskList::track(PromotionDesk* desk) {
    connect(desk, &PromotionDesk::runSubmitted, this, &PromotionTaskList::addRun);
}

QList<QToolButton*> PromotionTaskList::buttons() const {
    return findChildren<QToolButton*>();
}

void PromotionTaskList::addRun(PromotionRun* run) {
    auto* button = new QToolButton(this);
    button->setAutoRaise(true);
    m_layout->addWidget(button);
    m_buttons.insert(run, button);
    connect(button, &QToolButton::clicked, run,
            [run] { run->abort(tr("aborted from the task list")); });
    connect(run, &PromotionRun::stateChanged, this, [this, run] { update(run); });
    connect(run, &PromotionRun::finished, this, [this, run] {
        notifyEnd(*run);
        if (QToolButton* button = m_buttons.take(run))
            button->deleteLater();
        setVisible(!m_buttons.isEmpty());
    });
    connect(run, &QObject::destroyed, this, [this, run] {
        if (QToolButton* button = m_buttons.take(run))
            button->deleteLater();
    });
    update(run);
    show();
}

void PromotionTaskList::update(PromotionRun* run) {
    QToolButton* button = m_buttons.value(run);
    if (!button)
        return;
    const QString text = promotionRunText(*run);
    button->setText(text);
    const bool beforePush = run->state() == PromotionRun::State::Planned ||
                            run->state() == PromotionRun::State::Committing;
    button->setToolTip(
        (run->detail().isEmpty() ? text : text + QStringLiteral("\n") + run->detail()) +
        QStringLiteral("\n") +
        (beforePush ? tr("Click to abort: nothing has been pushed yet.")
                    : tr("Click to stop following it: the commit is pushed and stays.")));
}

void PromotionTaskList::notifyEnd(const PromotionRun& run) {
    const core::PromotionRunRequest& request = run.request();
    switch (run.state()) {
    case PromotionRun::State::Succeeded:
        if (m_notifications.succeeded)
            notify(tr("Promoted %1 to %2").arg(request.freightAlias, request.stage), run.detail());
        break;
    case PromotionRun::State::Failed:
        if (m_notifications.failed)
            notify(tr("Promotion of %1 to %2 failed").arg(request.freightAlias, request.stage),
                   run.error() ? run.error()->toString() : run.detail());
        break;
    case PromotionRun::State::AwaitingApproval:
        if (m_notifications.approvalNeeded)
            notify(tr("%1 needs approval for %2").arg(request.freightAlias, request.stage),
                   run.detail());
        break;
    default:
        break;
    }
}

void PromotionTaskList::notify(const QString& title, const QString& text) {
    if (m_tray)
        m_tray->showMessage(title, text);
    Q_EMIT notified(title, text);
}

} // namespace fd::ui

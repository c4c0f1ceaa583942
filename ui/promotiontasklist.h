#pragma once

#include "promotionrun.h"

#include <QHash>
#include <QPointer>
#include <QWidget>

class QHBoxLayout;
class QSystemTrayIcon;
class QToolButton;

namespace fd::ui {

class PromotionDesk;

/** Which ends of a run are told as desktop notifications (the app's settings). */
struct PromotionNotifications final {
    bool succeeded = true;
    bool failed = true;
    bool approvalNeeded = true;
};

/**
 * The status bar's running promotions: one button per run with its stage, freight and step;
 * clicking it aborts the run (before the push nothing lands; after it the run only stops
 * following Argo CD). A run's end, or its wait for approvals, is told as a desktop notification
 * when the system has a tray; otherwise the button's last words are all there is.
 */
class PromotionTaskList final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PromotionTaskList)

public:
    explicit PromotionTaskList(QWidget* parent = nullptr);

    /** Shows @p desk's runs from now on. */
    void track(PromotionDesk* desk);
    void addRun(core::PromotionRun* run);
    void setNotifications(const PromotionNotifications& notifications) {
        m_notifications = notifications;
    }
    /** The buttons, for tests. */
    QList<QToolButton*> buttons() const;

Q_SIGNALS:
    /** For notifications and tests: a run ended or stopped for approvals, as the settings allow. */
    void notified(const QString& title, const QString& text);

private:
    void update(core::PromotionRun* run);
    void notifyEnd(const core::PromotionRun& run);
    void notify(const QString& title, const QString& text);

    QHBoxLayout* m_layout;
    QHash<core::PromotionRun*, QPointer<QToolButton>> m_buttons;
    QSystemTrayIcon* m_tray = nullptr;
    PromotionNotifications m_notifications;
};

/** "guestbook-prod ← 1.2.0 (quiet-fox): committing": a run for people. */
QString promotionRunText(const core::PromotionRun& run);

} // namespace fd::ui

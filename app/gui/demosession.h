#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

namespace fd::ui {
class MainWindow;
class RepositoryTab;
} // namespace fd::ui

/**
 * The demo's first minute in the window: once the repository and its freight are loaded it
 * shows the service whose newest tag went Degraded in dev, with that stage's live Argo CD status
 * in the details; ready() then says the first status has arrived (for --screenshot).
 */
class DemoSession final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemoSession)

public:
    DemoSession(fd::ui::RepositoryTab* tab, QString service, QString stage,
                QObject* parent = nullptr);

Q_SIGNALS:
    void ready();

private:
    void poll();

    fd::ui::RepositoryTab* m_tab;
    QString m_service;
    QString m_stage;
    QTimer m_poll;
    bool m_selected = false;
    QString m_statusOf; // the stage the details last received a status for
};

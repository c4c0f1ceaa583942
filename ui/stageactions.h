#pragma once

#include <QObject>
#include <QString>

class QAction;
class QWidget;

namespace fd::core {
struct RepositoryState;
}

namespace fd::ui {

/**
 * What a person can do to the stage in focus (the matrix's current column, the graph's selected
 * box): hold or release it, compare it with another stage, roll it back. One set of actions,
 * and a release train into its environment; shared by the views' context menus and the tab's shortcuts; each action's text names the stage
 * and what will happen to it, and follows the state (a held stage offers Release).
 */
class StageActions final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StageActions)

public:
    explicit StageActions(QObject* parent = nullptr);

    /** The stage in focus, judged on @p state; an empty @p stage disables every action. */
    void setStage(const core::RepositoryState* state, const QString& stage);
    const QString& stage() const { return m_stage; }
    bool isHeld() const { return m_held; }

    /** Adds every action to @p widget (context menu, shortcuts while it has the focus). */
    void addTo(QWidget* widget) const;

    QAction* holdAction() const { return m_hold; }
    QAction* compareAction() const { return m_compare; }
    QAction* rollbackAction() const { return m_rollback; }
    QAction* trainAction() const { return m_train; }

Q_SIGNALS:
    void holdRequested(const QString& stage);
    void releaseRequested(const QString& stage);
    void compareRequested(const QString& stage);
    void rollbackRequested(const QString& stage);
    /** A release train into @p environment, the stage's. */
    void trainRequested(const QString& environment);

private:
    QString m_stage;
    bool m_held = false;
    QAction* m_hold;
    QAction* m_compare;
    QAction* m_rollback;
    QAction* m_train;
    QString m_environment;
};

/** The version @p stage ran before its current one (newest other change); empty when none. */
QString previousVersion(const core::RepositoryState& state, const QString& stage);

} // namespace fd::ui

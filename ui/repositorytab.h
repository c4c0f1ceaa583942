#pragma once

#include "repositoryloader.h"

#include <QWidget>

#include <optional>

class QInputDialog;
class QLabel;
class QTabWidget;

namespace fd::core {
class PromotionRun;
}

namespace fd::ui {

class CompareStagesDialog;
class DetailsPane;
class FreightMatrixView;
class HistoryView;
class OverviewView;
class PipelineGraphView;
class PromotionDesk;
class PromotionReviewDialog;
class ReleaseTrainDialog;
class StageActions;

/**
 * One open repository: its overview above, the selected service's freight matrix below. Every
 * load goes through its RepositoryLoader, off the GUI thread; until the first one ends the
 * views stay empty, and after a failure they keep what the last load showed.
 */
class FreightFeed;

class RepositoryTab final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RepositoryTab)

public:
    RepositoryTab(const core::RepositoryRequest& request,
                  const core::RepositoryLoaderOptions& options, QWidget* parent = nullptr);

    void reload();
    const core::RepositoryRequest& request() const { return m_loader->request(); }
    /** The repository's address without secrets, for people. */
    QString location() const;
    /** "deploy (main)": for the tab. */
    QString title() const;
    /** Loading, loaded or failed with the error, for the status bar. */
    const QString& status() const { return m_status; }
    bool isLoading() const { return m_loader->isLoading(); }
    const std::optional<core::RepositoryState>& state() const { return m_state; }

    OverviewView* overview() const { return m_overview; }
    FreightMatrixView* matrix() const { return m_matrix; }
    PipelineGraphView* graph() const { return m_graph; }
    HistoryView* history() const { return m_history; }
    DetailsPane* details() const { return m_details; }
    /** Matrix | Graph | History. */
    QTabWidget* views() const { return m_views; }
    /** Reviews, approvals and promotion runs of this repository. */
    PromotionDesk* promotions() const { return m_promotions; }
    /** The freight discovery that keeps this tab's freight fresh. */
    FreightFeed* freight() const { return m_feed; }
    /** Opens the review of @p freightId into @p stage (of the selected service); null if unknown. */
    PromotionReviewDialog* reviewPromotion(const QString& freightId, const QString& stage);
    /** Selects @p stage's column in the matrix (keeping the row) and shows its details. */
    void selectStage(const QString& stage);
    /** Opens the review of rolling @p stage back to the freight it ran before; null if unknown. */
    PromotionReviewDialog* reviewRollback(const QString& stage);
    /** Opens the comparison of @p stage with its upstream stage; null if unknown. */
    CompareStagesDialog* compareStages(const QString& stage);
    /** Opens a release train into @p environment (every service there checked); null if unknown. */
    ReleaseTrainDialog* reviewTrain(const QString& environment);
    /** Hold, release, compare, roll back: for the stage in focus (matrix column, graph box). */
    StageActions* stageActions() const { return m_stageActions; }
    /** Asks why (optional), then holds @p stage, or with @p held false releases it. */
    QInputDialog* askHold(const QString& stage, bool held);
    /** Records the hold or release in the promotion log, then reloads; the status says how it went. */
    void setStageHeld(const QString& stage, bool held, const QString& reason);

Q_SIGNALS:
    void statusChanged(const QString& status);

private:
    void setStatus(const QString& status);
    /** Problems of the last load above the views; hidden when there are none. */
    void setProblems(const QStringList& problems);
    void showState(const core::RepositoryState& state);
    /** @p freight from a discovery, merged into the state shown (off the GUI thread). */
    void showFreight(const QList<core::Freight>& freight, const QList<core::Error>& problems);
    void showService(const QString& service);
    /** The details of the matrix's current cell. */
    void showCellDetails(const QModelIndex& index);
    void followRun(core::PromotionRun* run);
    void openReview(PromotionReviewDialog* dialog);
    /** The service state holding @p stage; null when none does. */
    const core::ServiceState* serviceOf(const QString& stage) const;

    core::RepositoryLoader* m_loader;
    QLabel* m_problems;
    OverviewView* m_overview;
    FreightMatrixView* m_matrix;
    PipelineGraphView* m_graph;
    HistoryView* m_history;
    DetailsPane* m_details;
    QTabWidget* m_views;
    PromotionDesk* m_promotions;
    FreightFeed* m_feed;
    StageActions* m_stageActions;
    std::optional<core::RepositoryState> m_state;
    /** What the last freight discovery could not read, shown with the load's problems. */
    QStringList m_freightProblems;
    QString m_status;
};

} // namespace fd::ui

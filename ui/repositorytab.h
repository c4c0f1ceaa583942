#pragma once

#include "repositoryloader.h"

#include <QWidget>

#include <optional>

class QLabel;
class QTabWidget;

namespace fd::core {
class PromotionRun;
}

namespace fd::ui {

class DetailsPane;
class FreightMatrixView;
class HistoryView;
class OverviewView;
class PipelineGraphView;
class PromotionDesk;
class PromotionReviewDialog;

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
    std::optional<core::RepositoryState> m_state;
    /** What the last freight discovery could not read, shown with the load's problems. */
    QStringList m_freightProblems;
    QString m_status;
};

} // namespace fd::ui

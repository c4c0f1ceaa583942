#include "repositorytab.h"

#include "comparestagesdialog.h"
#include "detailspane.h"
#include "freightfeed.h"
#include "freightmatrixmodel.h"
#include "freightmatrixview.h"
#include "freighttext.h"
#include "historyview.h"
#include "offthread.h"
#include "overviewview.h"
#include "pipelinegraphview.h"
#include "promotiondesk.h"
#include "promotionreviewdialog.h"
#include "promotionrun.h"
#include "releasetraindialog.h"
#include "stageactions.h"

#include <QFileInfo>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QScrollArea>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace fd::ui {

RepositoryTab::RepositoryTab(const core::RepositoryRequest& request,
                             const core::RepositoryLoaderOptions& options, QWidget* parent)
    : QWidget(parent)
    , m_loader(new core::RepositoryLoader(options, this))
    , m_problems(new QLabel(this))
    , m_overview(new OverviewView(this))
    , m_matrix(new FreightMatrixView(this))
    , m_graph(new PipelineGraphView(this))
    , m_history(new HistoryView(this))
    , m_details(new DetailsPane(this))
    , m_views(new QTabWidget(this))
    , m_promotions(new PromotionDesk(request.urlOrPath, options.snapshot.git, options.argocd, this))
    , m_feed(new FreightFeed(options, this))
    , m_stageActions(new StageActions(this)) {
    auto* graphArea = new QScrollArea(this);
    graphArea->setWidget(m_graph);
    graphArea->setWidgetResizable(true);
    m_views->addTab(m_matrix, tr("Matrix"));
    m_views->addTab(graphArea, tr("Graph"));
    m_views->addTab(m_history, tr("History"));
    auto* lower = new QSplitter(Qt::Horizontal, this);
    lower->addWidget(m_views);
    lower->addWidget(m_details);
    lower->setStretchFactor(0, 2);
    lower->setStretchFactor(1, 1);
    // Scaled to the window when first shown: the details get a third, enough for paths.
    lower->setSizes({600, 300});
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_overview);
    splitter->addWidget(lower);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_problems);
    layout->addWidget(splitter);
    m_problems->setWordWrap(true);
    m_problems->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problems->setContentsMargins(6, 4, 6, 4);
    m_problems->hide();

    connect(m_overview, &OverviewView::serviceSelected, this, &RepositoryTab::showService);
    connect(m_matrix->table()->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &RepositoryTab::showCellDetails);
    connect(m_graph, &PipelineGraphView::stageSelected, this, &RepositoryTab::selectStage);
    m_promotions->connection(this, [this](const core::Result<core::ArgoCdConnection>& connection) {
        m_details->setArgoCdConnection(connection);
    });
    connect(m_loader, &core::RepositoryLoader::started, this,
            [this] { setStatus(tr("Loading %1 (%2)…").arg(location(), this->request().branch)); });
    connect(m_loader, &core::RepositoryLoader::loaded, this, &RepositoryTab::showState);
    connect(m_loader, &core::RepositoryLoader::failed, this, [this](const core::Error& error) {
        // Errors name what they are about; name the repository only when this one does not.
        const QString text = error.toString();
        setStatus(text.contains(location()) ? tr("Failed to load: %1").arg(text)
                                            : tr("Failed to load %1: %2").arg(location(), text));
        setProblems({m_state ? tr("%1 Showing what the last load read.").arg(m_status) : m_status});
    });
    connect(m_matrix, &FreightMatrixView::promoteRequested, this, &RepositoryTab::reviewPromotion);
    connect(m_graph, &PipelineGraphView::promotionDropped, this, &RepositoryTab::reviewPromotion);
    connect(m_promotions, &PromotionDesk::runSubmitted, this, &RepositoryTab::followRun);
    connect(m_feed, &FreightFeed::discovered, this, &RepositoryTab::showFreight);
    m_stageActions->addTo(this);
    m_stageActions->addTo(m_matrix->table());
    m_stageActions->addTo(m_graph);
    connect(m_stageActions, &StageActions::holdRequested, this,
            [this](const QString& stage) { askHold(stage, true); });
    connect(m_stageActions, &StageActions::releaseRequested, this,
            [this](const QString& stage) { askHold(stage, false); });
    connect(m_stageActions, &StageActions::compareRequested, this, &RepositoryTab::compareStages);
    connect(m_stageActions, &StageActions::rollbackRequested, this, &RepositoryTab::reviewRollback);
    connect(m_stageActions, &StageActions::trainRequested, this, &RepositoryTab::reviewTrain);
    m_graph->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_loader->load(request);
}

PromotionReviewDialog* RepositoryTab::reviewPromotion(const QString& freightId,
                                                      const QString& stage) {
    const core::ServiceState* service =
        m_state ? m_state->service(m_matrix->model()->service()) : nullptr;
    if (!service)
        return nullptr;
    for (const core::Freight& freight : service->freight) {
        if (freight.id != freightId)
            continue;
        auto* dialog = new PromotionReviewDialog(*m_promotions, *m_state, stage, freight, this);
        openReview(dialog);
        return dialog;
    }
    return nullptr;
}

PromotionReviewDialog* RepositoryTab::reviewRollback(const QString& stage) {
    if (!serviceOf(stage))
        return nullptr;
    auto* dialog = new PromotionReviewDialog(*m_promotions, *m_state, stage,
                                             PromotionReviewDialog::Kind::Rollback, this);
    openReview(dialog);
    return dialog;
}

void RepositoryTab::openReview(PromotionReviewDialog* dialog) {
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &PromotionReviewDialog::approved, this, &RepositoryTab::reload);
    dialog->open();
}

ReleaseTrainDialog* RepositoryTab::reviewTrain(const QString& environment) {
    if (!m_state || !m_state->environments().contains(environment))
        return nullptr;
    auto* dialog = new ReleaseTrainDialog(*m_promotions, *m_state, environment, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ReleaseTrainDialog::trainEnded, this, [this](bool pushed) {
        if (pushed)
            reload();
    });
    dialog->open();
    return dialog;
}

CompareStagesDialog* RepositoryTab::compareStages(const QString& stage) {
    if (!serviceOf(stage))
        return nullptr;
    auto* dialog = new CompareStagesDialog(*m_promotions, *m_state, stage, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

const core::ServiceState* RepositoryTab::serviceOf(const QString& stage) const {
    const core::PipelineStage* found = m_state ? m_state->pipeline.stage(stage) : nullptr;
    return found ? m_state->service(found->service) : nullptr;
}

QInputDialog* RepositoryTab::askHold(const QString& stage, bool held) {
    if (!serviceOf(stage))
        return nullptr;
    auto* dialog = new QInputDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(held ? tr("Hold %1").arg(stage) : tr("Release %1").arg(stage));
    dialog->setLabelText(
        held ? tr("Nothing is promoted into %1 until it is released. Why (optional)?").arg(stage)
             : tr("Promotions into %1 may go ahead again. Why (optional)?").arg(stage));
    dialog->setOkButtonText(held ? tr("&Hold %1").arg(stage) : tr("&Release %1").arg(stage));
    connect(dialog, &QInputDialog::textValueSelected, this,
            [this, stage, held](const QString& reason) { setStageHeld(stage, held, reason); });
    dialog->open();
    return dialog;
}

void RepositoryTab::setStageHeld(const QString& stage, bool held, const QString& reason) {
    const core::ServiceState* service = serviceOf(stage);
    if (!service)
        return;
    // A hold pins what the stage runs: name the freight when one is that version.
    std::optional<core::Freight> freight;
    const qsizetype column = service->stages.indexOf(stage);
    if (held && column >= 0 && column < service->summaries.size() &&
        service->summaries[column].freightIndex >= 0)
        freight = service->freight[service->summaries[column].freightIndex];
    setStatus(held ? tr("Holding %1…").arg(stage) : tr("Releasing %1…").arg(stage));
    m_promotions->setHeld(
        held, service->service, stage, freight, reason, this,
        [this, stage, held](const core::Result<QString>& commit) {
            if (!commit) {
                setStatus((held ? tr("%1 was not held: %2") : tr("%1 was not released: %2"))
                              .arg(stage, commit.error().toString()));
                return;
            }
            setStatus((held ? tr("%1 held: recorded in the promotion log (%2)")
                            : tr("%1 released: recorded in the promotion log (%2)"))
                          .arg(stage, commit->left(12)));
            reload();
        });
}

void RepositoryTab::followRun(core::PromotionRun* run) {
    const QString freightId = run->request().freightId;
    const QString stage = run->request().stage;
    connect(run, &core::PromotionRun::stateChanged, this,
            [this, freightId, stage](core::PromotionRun::State state) {
                m_matrix->model()->setActivity(
                    freightId, stage,
                    tr("promoting: %1").arg(core::PromotionRun::stateName(state)));
            });
    connect(run, &core::PromotionRun::finished, this, [this, freightId, stage] {
        m_matrix->model()->setActivity(freightId, stage, {});
        reload();
    });
}

void RepositoryTab::reload() {
    m_loader->reload();
    m_feed->refresh();
}

QString RepositoryTab::title() const {
    QString name = QFileInfo(request().urlOrPath).fileName();
    if (name.isEmpty())
        name = request().urlOrPath;
    if (name.endsWith(QStringLiteral(".git")))
        name.chop(4);
    return tr("%1 (%2)").arg(name, request().branch);
}

void RepositoryTab::setStatus(const QString& status) {
    m_status = status;
    Q_EMIT statusChanged(status);
}

QString RepositoryTab::location() const {
    return locationText(request().urlOrPath);
}

void RepositoryTab::showFreight(const QList<core::Freight>& freight,
                                const QList<core::Error>& problems) {
    m_freightProblems.clear();
    for (const core::Error& problem : problems)
        m_freightProblems.append(tr("Freight discovery: %1").arg(problem.toString()));
    if (!m_state)
        return;
    core::offThread(
        this,
        [state = *m_state, freight] {
            return state.withFreight(freight, QDateTime::currentDateTimeUtc());
        },
        [this, tip = m_state->tip](const core::RepositoryState& state) {
            // A load that finished meanwhile read the store itself.
            if (m_state && m_state->tip == tip)
                showState(state);
        });
}

void RepositoryTab::showState(const core::RepositoryState& state) {
    m_state = state;
    m_feed->follow(state);
    m_overview->setState(state);
    m_history->setState(state);
    showService(m_overview->selectedService());
    QString status =
        tr("Loaded %1 at %2 (%3)")
            .arg(state.source, state.tip.isEmpty() ? tr("a folder") : state.tip.left(8),
                 counted(state.services.size(), tr("service"), tr("services")));
    QStringList problems;
    for (const core::Error& error : state.errors)
        problems.append(error.toString());
    problems.append(m_freightProblems);
    if (!problems.isEmpty())
        status += tr(" — %1").arg(counted(problems.size(), tr("problem"), tr("problems")));
    setStatus(status);
    setProblems(problems);
}

void RepositoryTab::setProblems(const QStringList& problems) {
    m_problems->setText(problems.join(QLatin1Char('\n')));
    m_problems->setVisible(!problems.isEmpty());
}

void RepositoryTab::showService(const QString& service) {
    const core::ServiceState* shown = m_state ? m_state->service(service) : nullptr;
    m_matrix->setService(shown);
    m_graph->setService(shown, m_state ? m_state->pipeline : core::Pipeline());
    // The details follow the service: its stage shown before, else its first stage.
    QString stage = m_details->stage();
    QString freight = m_details->freightId();
    if (shown && !shown->stages.contains(stage)) {
        stage = shown->stages.value(0);
        freight.clear();
    }
    if (!shown || stage.isEmpty()) {
        m_details->clear();
        m_stageActions->setStage(nullptr, {});
        return;
    }
    m_graph->setSelectedStage(stage);
    m_stageActions->setStage(&*m_state, stage);
    m_details->showStage(*m_state, service, stage, freight);
}

void RepositoryTab::showCellDetails(const QModelIndex& index) {
    const core::ServiceState* service =
        m_state ? m_state->service(m_matrix->model()->service()) : nullptr;
    if (!service || !index.isValid() || index.column() >= service->stages.size())
        return;
    const QString stage = service->stages[index.column()];
    m_graph->setSelectedStage(stage);
    m_stageActions->setStage(&*m_state, stage);
    m_details->showStage(*m_state, service->service, stage,
                         index.data(FreightMatrixModel::FreightIdRole).toString());
}

void RepositoryTab::selectStage(const QString& stage) {
    const core::ServiceState* service =
        m_state ? m_state->service(m_matrix->model()->service()) : nullptr;
    const int column = service ? int(service->stages.indexOf(stage)) : -1;
    if (column < 0)
        return;
    m_stageActions->setStage(&*m_state, stage);
    const QModelIndex current = m_matrix->table()->currentIndex();
    const int row = current.isValid() ? current.row() : 0;
    if (m_matrix->model()->rowCount() > 0)
        m_matrix->table()->setCurrentIndex(m_matrix->model()->index(row, column));
    // Without freight rows nothing changes in the matrix: show the stage from here.
    if (m_details->stage() != stage || m_matrix->model()->rowCount() == 0)
        m_details->showStage(*m_state, service->service, stage);
}

} // namespace fd::ui

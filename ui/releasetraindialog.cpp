#include "releasetraindialog.h"

#include "diffview.h"
#include "promotiondesk.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace fd::ui {

namespace {

QString actionText(const core::TrainCar& car) {
    switch (car.action) {
    case core::TrainCar::Action::Promote:
        return ReleaseTrainDialog::tr("promote");
    case core::TrainCar::Action::Skip:
        return ReleaseTrainDialog::tr("skip");
    case core::TrainCar::Action::Refuse:
        break;
    }
    return ReleaseTrainDialog::tr("refused");
}

} // namespace

ReleaseTrainDialog::ReleaseTrainDialog(PromotionDesk& desk, const core::RepositoryState& state,
                                       const QString& environment, QWidget* parent)
    : QDialog(parent)
    , m_desk(desk)
    , m_state(state)
    , m_environment(new QComboBox(this))
    , m_services(new QListWidget(this))
    , m_status(new QLabel(this))
    , m_cars(new QTreeWidget(this))
    , m_diff(new DiffView(this))
    , m_sideBySide(new QCheckBox(tr("&Side by side"), this))
    , m_message(new QPlainTextEdit(this))
    , m_confirmationLabel(new QLabel(this))
    , m_confirmation(new QLineEdit(this))
    , m_start(new QPushButton(this)) {
    setWindowTitle(tr("Release train"));
    m_environment->addItems(state.environments());
    m_environment->setCurrentText(environment);
    m_services->setAccessibleName(tr("Services on the train"));
    m_services->setMaximumHeight(m_services->fontMetrics().height() * 7);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_cars->setHeaderLabels(
        {tr("Service"), tr("Stage"), tr("Action"), tr("Runs now"), tr("Takes"), tr("Why")});
    m_cars->setRootIsDecorated(false);
    m_cars->setAccessibleName(tr("Cars"));
    m_cars->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_message->setAccessibleName(tr("Commit message"));
    m_message->setMaximumHeight(m_message->fontMetrics().height() * 6);
    m_confirmation->setAccessibleName(tr("Environment name to confirm"));
    m_start->setAutoDefault(false);

    auto* form = new QFormLayout;
    form->addRow(tr("&Into:"), m_environment);
    form->addRow(tr("S&ervices:"), m_services);
    auto* diffPane = new QWidget(this);
    auto* diffLayout = new QVBoxLayout(diffPane);
    diffLayout->setContentsMargins(0, 0, 0, 0);
    diffLayout->addWidget(m_sideBySide);
    diffLayout->addWidget(m_diff);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_cars);
    splitter->addWidget(diffPane);
    auto* lower = new QFormLayout;
    lower->addRow(tr("Commit message:"), m_message);
    lower->addRow(m_confirmationLabel, m_confirmation);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->addButton(m_start, QDialogButtonBox::AcceptRole);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(splitter, 1);
    layout->addLayout(lower);
    layout->addWidget(buttons);
    resize(1000, 750);

    connect(m_sideBySide, &QCheckBox::toggled, m_diff, &DiffView::setSideBySide);
    connect(m_confirmation, &QLineEdit::textChanged, this, &ReleaseTrainDialog::updateButtons);
    connect(m_start, &QPushButton::clicked, this, &ReleaseTrainDialog::start);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_environment, &QComboBox::currentTextChanged, this, [this] {
        fillServices();
        startReview();
    });
    connect(m_services, &QListWidget::itemChanged, this, &ReleaseTrainDialog::startReview);
    fillServices();
    startReview();
}

QString ReleaseTrainDialog::environment() const {
    return m_environment->currentText();
}

void ReleaseTrainDialog::setEnvironment(const QString& environment) {
    m_environment->setCurrentText(environment);
}

QStringList ReleaseTrainDialog::services() const {
    QStringList checked;
    for (int row = 0; row < m_services->count(); ++row) {
        if (m_services->item(row)->checkState() == Qt::Checked)
            checked.append(m_services->item(row)->text());
    }
    return checked;
}

void ReleaseTrainDialog::setServiceChecked(const QString& service, bool checked) {
    for (QListWidgetItem* item : m_services->findItems(service, Qt::MatchExactly))
        item->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
}

QString ReleaseTrainDialog::statusText() const {
    return m_status->text();
}

void ReleaseTrainDialog::fillServices() {
    const QSignalBlocker blocker(m_services);
    m_services->clear();
    for (const core::ServiceState& service : std::as_const(m_state.services)) {
        const bool inEnvironment = std::any_of(
            service.summaries.cbegin(), service.summaries.cend(),
            [&](const core::StageSummary& s) { return s.environment == environment(); });
        if (!inEnvironment)
            continue;
        auto* item = new QListWidgetItem(service.service, m_services);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Checked);
    }
}

void ReleaseTrainDialog::startReview() {
    if (m_busy) {
        m_again = true;
        return;
    }
    m_busy = true;
    updateButtons();
    const core::TrainRequest request{environment(), services(), {}};
    m_status->setText(tr("Planning the train into %1…").arg(request.environment));
    m_diff->setPlaceholder(tr("Computing the diff…"));
    if (request.services.isEmpty()) {
        m_busy = false;
        m_review.reset();
        m_cars->clear();
        m_status->setText(tr("Check at least one service to ride the train."));
        updateButtons();
        Q_EMIT reviewed();
        return;
    }
    m_desk.reviewTrain(m_state, request, this, [this](core::Result<core::TrainReview> review) {
        showReview(std::move(review));
    });
}

void ReleaseTrainDialog::showReview(core::Result<core::TrainReview> review) {
    m_busy = false;
    if (m_again) {
        m_again = false;
        startReview();
        return;
    }
    m_cars->clear();
    if (!review) {
        m_review.reset();
        m_diff->setPlaceholder(review.error().toString());
        m_status->setText(tr("Cannot plan this train: %1").arg(review.error().toString()));
        updateButtons();
        Q_EMIT reviewed();
        return;
    }
    m_review = std::move(*review);
    for (const core::TrainCar& car : std::as_const(m_review->plan.cars)) {
        new QTreeWidgetItem(m_cars,
                            {car.service, car.stage, actionText(car),
                             car.currentVersion.isEmpty() ? tr("(none)") : car.currentVersion,
                             car.freight ? car.freight->alias + QStringLiteral(" (") +
                                               car.versions().join(QStringLiteral(", ")) +
                                               QStringLiteral(")")
                                         : QStringLiteral("-"),
                             car.reason});
    }
    const int moving = int(m_review->plan.moving().size());
    if (m_review->plan.refused()) {
        m_diff->setPlaceholder(m_review->plan.refusals());
        m_status->setText(tr("The train into %1 is refused:\n%2")
                              .arg(m_review->plan.environment, m_review->plan.refusals()));
    } else if (moving == 0) {
        m_diff->setPlaceholder(tr("Nothing to promote."));
        m_status->setText(tr("Nothing to promote: every service in %1 already runs its "
                             "upstream's freight.")
                              .arg(m_review->plan.environment));
    } else if (m_review->previewError) {
        m_diff->setPlaceholder(m_review->previewError->toString());
        m_status->setText(
            tr("The train's files cannot be computed: %1").arg(m_review->previewError->toString()));
    } else {
        m_diff->setFiles(m_review->files);
        m_status->setText(tr("%1 into %2 as one commit on %3 at %4.")
                              .arg(moving == 1 ? tr("1 service") : tr("%1 services").arg(moving),
                                   m_review->plan.environment, m_review->push.branch,
                                   m_review->baseCommit.left(12)));
    }
    m_message->setPlainText(m_review->push.message);
    m_confirmationLabel->setText(tr("Type %1 to confirm:").arg(m_review->plan.environment));
    m_confirmationLabel->setVisible(m_review->protectedStages);
    m_confirmation->setVisible(m_review->protectedStages);
    m_confirmation->setPlaceholderText(m_review->plan.environment);
    updateButtons();
    Q_EMIT reviewed();
}

void ReleaseTrainDialog::updateButtons() {
    m_start->setText(tr("&Start train into %1").arg(environment()));
    const bool confirmed = !m_review || !m_review->protectedStages ||
                           m_confirmation->text().trimmed() == m_review->plan.environment;
    m_start->setEnabled(!m_busy && m_review && m_review->startable() && confirmed);
}

bool ReleaseTrainDialog::start() {
    if (m_busy || !m_review)
        return false;
    if (!m_review->startable()) {
        m_status->setText(tr("Not started: %1")
                              .arg(m_review->plan.refused() ? m_review->plan.refusals()
                                                            : tr("nothing to promote")));
        return false;
    }
    if (m_review->protectedStages &&
        m_confirmation->text().trimmed() != m_review->plan.environment) {
        m_status->setText(tr("Not started: type %1 exactly to confirm a train into it.")
                              .arg(m_review->plan.environment));
        return false;
    }
    const QString message = m_message->toPlainText().trimmed();
    if (message.isEmpty()) {
        m_status->setText(tr("Not started: the commit message is empty."));
        return false;
    }
    m_busy = true;
    updateButtons();
    m_status->setText(tr("Pushing the train into %1…").arg(m_review->plan.environment));
    m_desk.startTrain(
        *m_review, message, this, [this](const core::Result<core::PushOutcome>& outcome) {
            m_busy = false;
            if (!outcome) {
                m_status->setText(
                    tr("The train was not pushed: %1").arg(outcome.error().toString()));
                updateButtons();
                Q_EMIT trainEnded(false);
                return;
            }
            m_status->setText(tr("Pushed the train into %1 (%2).")
                                  .arg(m_review->plan.environment, outcome->commitId.left(12)));
            Q_EMIT trainEnded(true);
            accept();
        });
    return true;
}

} // namespace fd::ui

#include "comparestagesdialog.h"

#include "diffview.h"
#include "promotiondesk.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace fd::ui {

namespace {

/** The stage to compare @p stage with: its first upstream stage, else the next stage. */
QString counterpart(const core::RepositoryState& state, const QStringList& stages,
                    const QString& stage) {
    const core::PipelineStage* found = state.pipeline.stage(stage);
    if (found && !found->upstream.isEmpty() && stages.contains(found->upstream.constFirst()))
        return found->upstream.constFirst();
    for (const QString& other : stages) {
        if (other != stage)
            return other;
    }
    return stage;
}

} // namespace

CompareStagesDialog::CompareStagesDialog(PromotionDesk& desk, const core::RepositoryState& state,
                                         const QString& stage, QWidget* parent)
    : QDialog(parent)
    , m_desk(desk)
    , m_state(state)
    , m_left(new QComboBox(this))
    , m_right(new QComboBox(this))
    , m_status(new QLabel(this))
    , m_diff(new DiffView(this))
    , m_sideBySide(new QCheckBox(tr("&Side by side"), this)) {
    const core::PipelineStage* found = state.pipeline.stage(stage);
    const core::ServiceState* service = found ? state.service(found->service) : nullptr;
    const QStringList stages = service ? service->stages : QStringList{stage};
    setWindowTitle(tr("Compare stages of %1").arg(found ? found->service : stage));
    m_left->addItems(stages);
    m_right->addItems(stages);
    m_left->setAccessibleName(tr("Left stage"));
    m_right->setAccessibleName(tr("Right stage"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* form = new QFormLayout;
    form->addRow(tr("&Left (before):"), m_left);
    form->addRow(tr("&Right (after):"), m_right);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(m_sideBySide);
    layout->addWidget(m_diff, 1);
    layout->addWidget(buttons);
    resize(900, 600);

    connect(m_sideBySide, &QCheckBox::toggled, m_diff, &DiffView::setSideBySide);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    compare(counterpart(state, stages, stage), stage);
    for (QComboBox* box : {m_left, m_right})
        connect(box, &QComboBox::currentTextChanged, this, &CompareStagesDialog::start);
}

QString CompareStagesDialog::leftStage() const {
    return m_left->currentText();
}

QString CompareStagesDialog::rightStage() const {
    return m_right->currentText();
}

QString CompareStagesDialog::statusText() const {
    return m_status->text();
}

void CompareStagesDialog::compare(const QString& left, const QString& right) {
    const QSignalBlocker leftBlocker(m_left);
    const QSignalBlocker rightBlocker(m_right);
    m_left->setCurrentText(left);
    m_right->setCurrentText(right);
    start();
}

void CompareStagesDialog::start() {
    if (m_busy) {
        m_again = true;
        return;
    }
    m_busy = true;
    m_status->setText(
        tr("Reading what %1 and %2 write on %3…").arg(leftStage(), rightStage(), m_state.branch));
    m_diff->setPlaceholder(tr("Reading the values files…"));
    m_desk.compare(m_state, leftStage(), rightStage(), this,
                   [this](core::Result<core::StageComparison> comparison) {
                       showComparison(std::move(comparison));
                   });
}

void CompareStagesDialog::showComparison(core::Result<core::StageComparison> comparison) {
    m_busy = false;
    if (m_again) {
        m_again = false;
        start();
        return;
    }
    if (!comparison) {
        m_comparison.reset();
        m_diff->setPlaceholder(comparison.error().toString());
        m_status->setText(tr("Cannot compare: %1").arg(comparison.error().toString()));
        Q_EMIT compared();
        return;
    }
    m_comparison = std::move(*comparison);
    QStringList lines;
    QList<core::ReviewedFile> differing;
    for (const core::ReviewedFile& file : std::as_const(m_comparison->files)) {
        if (file.diff.isEmpty())
            lines.append(tr("%1: the same").arg(file.path));
        else
            differing.append(file);
    }
    for (const QString& target : std::as_const(m_comparison->unpaired))
        lines.append(tr("%1: written by one stage only").arg(target));
    if (differing.isEmpty())
        m_diff->setPlaceholder(
            tr("%1 and %2 write the same values.").arg(m_comparison->left, m_comparison->right));
    else
        m_diff->setFiles(differing);
    lines.prepend(tr("%1 → %2 on %3 at %4:")
                      .arg(m_comparison->left, m_comparison->right, m_state.branch,
                           m_comparison->commit.left(12)));
    m_status->setText(lines.join(QLatin1Char('\n')));
    Q_EMIT compared();
}

} // namespace fd::ui

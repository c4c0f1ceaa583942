#include "promotionreviewdialog.h"

#include "diffview.h"
#include "freighttext.h"
#include "promotiondesk.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStyle>
#include <QVBoxLayout>

namespace fd::ui {

PromotionReviewDialog::PromotionReviewDialog(PromotionDesk& desk,
                                             const core::RepositoryState& state,
                                             const QString& stage, const core::Freight& freight,
                                             QWidget* parent)
    : PromotionReviewDialog(desk, state, stage, Kind::Promotion, parent) {
    m_freight = freight;
    setUp();
}

PromotionReviewDialog::PromotionReviewDialog(PromotionDesk& desk,
                                             const core::RepositoryState& state,
                                             const QString& stage, Kind kind, QWidget* parent)
    : QDialog(parent)
    , m_desk(desk)
    , m_kind(kind)
    , m_state(state)
    , m_stage(stage)
    , m_title(new QLabel(this))
    , m_status(new QLabel(this))
    , m_checklist(new QListWidget(this))
    , m_diff(new DiffView(this))
    , m_sideBySide(new QCheckBox(tr("&Side by side"), this))
    , m_message(new QPlainTextEdit(this))
    , m_comment(new QLineEdit(this))
    , m_approve(new QPushButton(tr("&Approve"), this))
    , m_approveRow(new QHBoxLayout)
    , m_confirmationLabel(new QLabel(this))
    , m_confirmation(new QLineEdit(this))
    , m_promote(new QPushButton(kind == Kind::Rollback ? tr("&Roll back") : tr("&Promote"), this)) {
    if (kind == Kind::Rollback)
        setUp();
}

void PromotionReviewDialog::setTitle() {
    if (m_kind == Kind::Promotion) {
        setWindowTitle(tr("Promote %1 to %2").arg(freightLabel(m_freight), m_stage));
        m_title->setText(
            tr("Promote <b>%1</b> into <b>%2</b>")
                .arg(freightLabel(m_freight).toHtmlEscaped(), m_stage.toHtmlEscaped()));
    } else if (m_freight.id.isEmpty()) {
        setWindowTitle(tr("Roll back %1").arg(m_stage));
        m_title->setText(
            tr("Roll <b>%1</b> back to the version it ran before").arg(m_stage.toHtmlEscaped()));
    } else {
        setWindowTitle(tr("Roll back %1 to %2").arg(m_stage, freightLabel(m_freight)));
        m_title->setText(
            tr("Roll <b>%1</b> back to <b>%2</b>")
                .arg(m_stage.toHtmlEscaped(), freightLabel(m_freight).toHtmlEscaped()));
    }
}

void PromotionReviewDialog::setUp() {
    setTitle();
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_checklist->setAccessibleName(tr("Policies"));
    m_checklist->setMaximumHeight(m_checklist->fontMetrics().height() * 8);
    m_message->setAccessibleName(tr("Commit message"));
    m_message->setMaximumHeight(m_message->fontMetrics().height() * 6);
    m_comment->setPlaceholderText(tr("Optional comment, e.g. a change ticket"));
    m_confirmation->setAccessibleName(tr("Stage name to confirm"));
    m_confirmationLabel->hide();
    m_confirmation->hide();

    auto* diffPane = new QWidget(this);
    auto* diffLayout = new QVBoxLayout(diffPane);
    diffLayout->setContentsMargins(0, 0, 0, 0);
    diffLayout->addWidget(m_sideBySide);
    diffLayout->addWidget(m_diff);
    m_approveRow->addWidget(m_comment);
    m_approveRow->addWidget(m_approve);
    auto* form = new QFormLayout;
    form->addRow(tr("Policies:"), m_checklist);
    form->addRow(tr("Commit message:"), m_message);
    form->addRow(tr("Approval:"), m_approveRow);
    // A rollback asks for no approvals: the freight passed them when it entered the stage.
    form->setRowVisible(m_approveRow, m_kind == Kind::Promotion);
    form->addRow(m_confirmationLabel, m_confirmation);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->addButton(m_promote, QDialogButtonBox::AcceptRole);
    m_promote->setAutoDefault(false);
    m_approve->setAutoDefault(false);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_status);
    layout->addWidget(diffPane, 1);
    layout->addLayout(form);
    layout->addWidget(buttons);
    resize(900, 700);

    connect(m_sideBySide, &QCheckBox::toggled, m_diff, &DiffView::setSideBySide);
    connect(m_message, &QPlainTextEdit::textChanged, this, [this] { m_messageEdited = true; });
    connect(m_confirmation, &QLineEdit::textChanged, this, &PromotionReviewDialog::updateButtons);
    connect(m_approve, &QPushButton::clicked, this, &PromotionReviewDialog::approve);
    // Not accept(): the dialog closes only when promote() started the run.
    connect(m_promote, &QPushButton::clicked, this, &PromotionReviewDialog::promote);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    startReview();
}

QString PromotionReviewDialog::statusText() const {
    return m_status->text();
}

void PromotionReviewDialog::setStatus(const QString& text) {
    m_status->setText(text);
}

void PromotionReviewDialog::startReview() {
    m_busy = true;
    updateButtons();
    setStatus(tr("Reading %1 and the promotion log…").arg(m_state.branch));
    if (!m_review)
        m_diff->setPlaceholder(tr("Computing the diff…"));
    auto done = [this](core::Result<core::PromotionReview> review) {
        showReview(std::move(review));
    };
    if (m_kind == Kind::Rollback)
        m_desk.reviewRollback(m_state, m_stage, this, std::move(done));
    else
        m_desk.review(m_state, m_stage, m_freight, this, std::move(done));
}

void PromotionReviewDialog::showReview(core::Result<core::PromotionReview> review) {
    m_busy = false;
    if (!review) {
        m_review.reset();
        m_checklist->clear();
        m_diff->setPlaceholder(review.error().toString());
        setStatus((m_kind == Kind::Rollback ? tr("Cannot review this rollback: %1")
                                            : tr("Cannot review this promotion: %1"))
                      .arg(review.error().toString()));
        updateButtons();
        Q_EMIT reviewed();
        return;
    }
    m_review = std::move(*review);
    if (m_kind == Kind::Rollback) {
        m_freight = m_review->freight;
        setTitle();
    }
    m_checklist->clear();
    for (const core::PolicyCheck& check : std::as_const(m_review->checks)) {
        // Icon and text: a tick or a cross says it even without colour.
        auto* item = new QListWidgetItem(
            style()->standardIcon(check.passed ? QStyle::SP_DialogApplyButton
                                               : QStyle::SP_DialogCancelButton),
            (check.passed ? QStringLiteral("✓ ") : QStringLiteral("✗ ")) + check.text, m_checklist);
        item->setData(Qt::UserRole, check.passed);
    }
    if (m_review->previewError) {
        m_diff->setPlaceholder(m_review->previewError->toString());
        setStatus(tr("The promotion's files cannot be computed: %1")
                      .arg(m_review->previewError->toString()));
    } else if (m_review->files.isEmpty()) {
        m_diff->setPlaceholder(tr("Nothing to change: %1 already runs this version.").arg(m_stage));
        setStatus(
            tr("Nothing to change on %1 (%2).").arg(m_state.branch, m_review->baseCommit.left(12)));
    } else {
        m_diff->setFiles(m_review->files);
        QStringList paths;
        for (const core::ReviewedFile& file : std::as_const(m_review->files))
            paths.append(file.path);
        setStatus(tr("Changes %1 on %2 at %3.")
                      .arg(paths.join(QStringLiteral(", ")), m_review->request.push.branch,
                           m_review->baseCommit.left(12)));
    }
    if (!m_messageEdited) {
        m_message->setPlainText(m_review->request.push.message);
        m_messageEdited = false;
    }
    const bool protectedStage = core::isProtectedStage(m_review->stage);
    m_confirmationLabel->setText(tr("Type %1 to confirm:").arg(m_stage));
    m_confirmationLabel->setVisible(protectedStage);
    m_confirmation->setVisible(protectedStage);
    m_confirmation->setPlaceholderText(m_stage);
    updateButtons();
    Q_EMIT reviewed();
}

void PromotionReviewDialog::updateButtons() {
    const bool ready = !m_busy && m_review && m_review->promotable();
    const bool confirmed = !m_review || !core::isProtectedStage(m_review->stage) ||
                           m_confirmation->text().trimmed() == m_stage;
    m_promote->setEnabled(ready && confirmed);
    m_approve->setEnabled(m_kind == Kind::Promotion && !m_busy && m_review &&
                          m_review->stage.policy.requiredApprovals > 0);
}

void PromotionReviewDialog::approve() {
    if (m_busy || !m_review || m_kind != Kind::Promotion)
        return;
    m_busy = true;
    updateButtons();
    setStatus(tr("Recording your approval…"));
    m_desk.approve(
        m_review->stage.service, m_stage, m_freight, m_comment->text(), this,
        [this](const core::Result<QString>& commit) {
            m_busy = false;
            if (!commit) {
                setStatus(tr("The approval was not recorded: %1").arg(commit.error().toString()));
                updateButtons();
                return;
            }
            m_comment->clear();
            Q_EMIT approved();
            startReview();
        });
}

bool PromotionReviewDialog::promote() {
    if (!m_review || m_busy)
        return false;
    const auto refuse = [this](const QString& why) {
        setStatus((m_kind == Kind::Rollback ? tr("Not rolled back: %1") : tr("Not promoted: %1"))
                      .arg(why));
        return false;
    };
    if (!m_review->promotable())
        return refuse(m_review->standing.reason.isEmpty() ? tr("a policy does not pass")
                                                          : m_review->standing.reason);
    if (core::isProtectedStage(m_review->stage) && m_confirmation->text().trimmed() != m_stage)
        return refuse(tr("type %1 exactly to confirm a change to it.").arg(m_stage));
    const QString message = m_message->toPlainText().trimmed();
    if (message.isEmpty())
        return refuse(tr("the commit message is empty."));
    m_desk.promote(*m_review, message);
    accept();
    return true;
}

} // namespace fd::ui

#pragma once

#include "promotionreview.h"
#include "repositorystate.h"

#include <QDialog>

#include <optional>

class QCheckBox;
class QDialogButtonBox;
class QFormLayout;
class QLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace fd::ui {

class DiffView;
class PromotionDesk;

/**
 * Reviews one freight's promotion into one stage: every file the commit changes as a diff
 * (unified or side by side), the stage's policies as a checklist, the commit message (editable).
 * Approve records an approval and reviews again; Promote, enabled only when every policy passes
 * (and, for a protected stage, once its name is typed), starts the run and closes the dialog.
 * Everything that reads Git runs on the desk's worker: the dialog never waits.
 */
class PromotionReviewDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PromotionReviewDialog)

public:
    /** A promotion of @p freight, or a rollback to what the stage ran before its current one. */
    enum class Kind { Promotion, Rollback };

    PromotionReviewDialog(PromotionDesk& desk, const core::RepositoryState& state,
                          const QString& stage, const core::Freight& freight,
                          QWidget* parent = nullptr);
    /** Reviews rolling @p stage back (StageRollback): no approvals, the same confirmation. */
    PromotionReviewDialog(PromotionDesk& desk, const core::RepositoryState& state,
                          const QString& stage, Kind kind, QWidget* parent = nullptr);

    Kind kind() const { return m_kind; }

    /** The last review; none while the first is computed or when it failed. */
    const std::optional<core::PromotionReview>& review() const { return m_review; }
    bool isBusy() const { return m_busy; }

    DiffView* diff() const { return m_diff; }
    QCheckBox* sideBySide() const { return m_sideBySide; }
    QListWidget* checklist() const { return m_checklist; }
    QPlainTextEdit* message() const { return m_message; }
    QLineEdit* comment() const { return m_comment; }
    QPushButton* approveButton() const { return m_approve; }
    QLineEdit* confirmation() const { return m_confirmation; }
    QPushButton* promoteButton() const { return m_promote; }
    /** Computing, the error of the last action, or what was done: one line for people. */
    QString statusText() const;

    /** Promotes when allowed; false (and why in the status line) when not. */
    bool promote();
    void approve();

Q_SIGNALS:
    /** A review (the first, or one after an approval) arrived or failed. */
    void reviewed();
    /** An approval was recorded: the repository's state is out of date. */
    void approved();

private:
    void setUp();
    void startReview();
    void showReview(core::Result<core::PromotionReview> review);
    void updateButtons();
    void setStatus(const QString& text);
    void setTitle();

    PromotionDesk& m_desk;
    Kind m_kind;
    core::RepositoryState m_state;
    QString m_stage;
    core::Freight m_freight;
    std::optional<core::PromotionReview> m_review;
    bool m_busy = false;
    bool m_messageEdited = false;

    QLabel* m_title;
    QLabel* m_status;
    QListWidget* m_checklist;
    DiffView* m_diff;
    QCheckBox* m_sideBySide;
    QPlainTextEdit* m_message;
    QLineEdit* m_comment;
    QPushButton* m_approve;
    QLayout* m_approveRow;
    QLabel* m_confirmationLabel;
    QLineEdit* m_confirmation;
    QPushButton* m_promote;
};

} // namespace fd::ui

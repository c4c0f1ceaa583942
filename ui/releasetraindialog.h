#pragma once

#include "repositorystate.h"
#include "trainreview.h"

#include <QDialog>

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTreeWidget;

namespace fd::ui {

class DiffView;
class PromotionDesk;

/**
 * A release train reviewed as one: several services' freight into one environment (each from its
 * upstream stages, core ReleaseTrain), listed car by car (promote, skip, refuse and why), the one
 * commit's diff and message. Start is enabled when no car is refused and, when a car goes to a
 * protected stage, once the environment's name is typed; the commit is pushed through the desk.
 */
class ReleaseTrainDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReleaseTrainDialog)

public:
    ReleaseTrainDialog(PromotionDesk& desk, const core::RepositoryState& state,
                       const QString& environment, QWidget* parent = nullptr);

    QString environment() const;
    void setEnvironment(const QString& environment);
    /** The services checked to ride the train. */
    QStringList services() const;
    void setServiceChecked(const QString& service, bool checked);

    bool isBusy() const { return m_busy; }
    const std::optional<core::TrainReview>& review() const { return m_review; }
    QString statusText() const;

    QListWidget* serviceList() const { return m_services; }
    QTreeWidget* cars() const { return m_cars; }
    DiffView* diff() const { return m_diff; }
    QPlainTextEdit* message() const { return m_message; }
    QLineEdit* confirmation() const { return m_confirmation; }
    QPushButton* startButton() const { return m_start; }

    /** Starts the train when allowed; false (and why in the status line) when not. */
    bool start();

Q_SIGNALS:
    void reviewed();
    /** The train's commit was pushed (or the push failed: see the status). */
    void trainEnded(bool pushed);

private:
    void fillServices();
    void startReview();
    void showReview(core::Result<core::TrainReview> review);
    void updateButtons();

    PromotionDesk& m_desk;
    core::RepositoryState m_state;
    std::optional<core::TrainReview> m_review;
    bool m_busy = false;
    bool m_again = false;

    QComboBox* m_environment;
    QListWidget* m_services;
    QLabel* m_status;
    QTreeWidget* m_cars;
    DiffView* m_diff;
    QCheckBox* m_sideBySide;
    QPlainTextEdit* m_message;
    QLabel* m_confirmationLabel;
    QLineEdit* m_confirmation;
    QPushButton* m_start;
};

} // namespace fd::ui

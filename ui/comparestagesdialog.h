#pragma once

#include "repositorystate.h"
#include "stagecomparison.h"

#include <QDialog>

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;

namespace fd::ui {

class DiffView;
class PromotionDesk;

/**
 * What differs between two stages of a service now: the values files each writes at its branch's
 * tip, paired by target (same key or image: env/staging/x.yaml beside env/prod/x.yaml), as diffs
 * (unified or side by side) headed by both paths. The files are read on the desk's worker.
 */
class CompareStagesDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CompareStagesDialog)

public:
    /** Compares @p stage's upstream (left; else another stage) with @p stage (right). */
    CompareStagesDialog(PromotionDesk& desk, const core::RepositoryState& state,
                        const QString& stage, QWidget* parent = nullptr);

    /** Chooses the two stages and compares them. */
    void compare(const QString& left, const QString& right);
    QString leftStage() const;
    QString rightStage() const;
    bool isBusy() const { return m_busy; }
    const std::optional<core::StageComparison>& comparison() const { return m_comparison; }
    QString statusText() const;

    DiffView* diff() const { return m_diff; }
    QCheckBox* sideBySide() const { return m_sideBySide; }

Q_SIGNALS:
    /** A comparison arrived or failed. */
    void compared();

private:
    void start();
    void showComparison(core::Result<core::StageComparison> comparison);

    PromotionDesk& m_desk;
    core::RepositoryState m_state;
    std::optional<core::StageComparison> m_comparison;
    bool m_busy = false;
    /** A comparison asked for while one runs: started when it ends. */
    bool m_again = false;

    QComboBox* m_left;
    QComboBox* m_right;
    QLabel* m_status;
    DiffView* m_diff;
    QCheckBox* m_sideBySide;
};

} // namespace fd::ui

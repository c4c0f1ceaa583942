#pragma once

#include <QIcon>
#include <QString>

namespace fd::core {
struct Freight;
struct FreightInStage;
} // namespace fd::core

namespace fd::ui {

/**
 * Where one freight stands with one stage, as the freight matrix shows it: always with an icon
 * and a word, never by colour alone. Ordered by what matters most when several hold.
 */
enum class FreightCellState {
    Current,          // the stage runs it now
    Failed,           // its last verification or promotion there failed
    Verified,         // it was verified there
    WasHere,          // the stage ran it before
    Approved,         // a person approved it for the stage
    AwaitingApproval, // only approvals keep it out
    Eligible,         // it may be promoted there now
    NotEligible,      // the reason is in the tool tip
};

/** The state of @p freight in @p stage, from what the loader computed. */
FreightCellState freightCellState(const core::Freight& freight, const core::FreightInStage& cell,
                                  const QString& stage);
/** A short word for the cell ("current", "awaiting approval"). */
QString freightCellText(FreightCellState state);
/** The state's icon (an SVG in the resources, sharp at any scale). */
QIcon freightCellIcon(FreightCellState state);

} // namespace fd::ui

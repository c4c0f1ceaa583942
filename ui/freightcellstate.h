#pragma once

#include <QIcon>
#include <QString>

#include <array>

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
    CurrentFailed,    // the stage runs it, and its promotion or verification there failed
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
/** One icon per state, indexed by the state. */
using FreightCellIcons = std::array<QIcon, int(FreightCellState::NotEligible) + 1>;

/**
 * The states' icons (SVGs in the resources, sharp at any scale). Made by each model or delegate
 * that shows them and kept there, not in a static: an icon must not outlive the application
 * and the icon engine plugin it was made by.
 */
FreightCellIcons freightCellIcons();
/** A marker of the overview ("held", "frozen", "awaiting"): an SVG in the resources. */
QIcon markerIcon(const QString& name);

} // namespace fd::ui

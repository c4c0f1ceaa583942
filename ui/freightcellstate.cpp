#include "freightcellstate.h"

#include "repositorystate.h"

#include <array>

namespace fd::ui {

namespace {

constexpr int StateCount = int(FreightCellState::NotEligible) + 1;

const char* iconName(FreightCellState state) {
    switch (state) {
    case FreightCellState::Current:
        return "current";
    case FreightCellState::Failed:
        return "failed";
    case FreightCellState::Verified:
        return "verified";
    case FreightCellState::WasHere:
        return "washere";
    case FreightCellState::Approved:
        return "approved";
    case FreightCellState::AwaitingApproval:
        return "awaiting";
    case FreightCellState::Eligible:
        return "eligible";
    case FreightCellState::NotEligible:
        break;
    }
    return "noteligible";
}

} // namespace

FreightCellState freightCellState(const core::Freight& freight, const core::FreightInStage& cell,
                                  const QString& stage) {
    const core::FreightStageState marked = freight.stages.value(stage);
    if (marked.current)
        return FreightCellState::Current;
    if (cell.standing.verificationFailed || cell.promotionFailed)
        return FreightCellState::Failed;
    if (marked.verified)
        return FreightCellState::Verified;
    if (cell.wasHere)
        return FreightCellState::WasHere;
    if (marked.approved)
        return FreightCellState::Approved;
    if (cell.standing.awaitingApproval)
        return FreightCellState::AwaitingApproval;
    if (cell.standing.promotable)
        return FreightCellState::Eligible;
    return FreightCellState::NotEligible;
}

QString freightCellText(FreightCellState state) {
    switch (state) {
    case FreightCellState::Current:
        return QStringLiteral("current");
    case FreightCellState::Failed:
        return QStringLiteral("failed");
    case FreightCellState::Verified:
        return QStringLiteral("verified");
    case FreightCellState::WasHere:
        return QStringLiteral("was here");
    case FreightCellState::Approved:
        return QStringLiteral("approved");
    case FreightCellState::AwaitingApproval:
        return QStringLiteral("awaiting approval");
    case FreightCellState::Eligible:
        return QStringLiteral("eligible");
    case FreightCellState::NotEligible:
        break;
    }
    return QStringLiteral("not eligible");
}

QIcon freightCellIcon(FreightCellState state) {
    // Made once: data() hands out copies (a reference count), so a sweep costs no file reads.
    static const std::array<QIcon, StateCount> icons = [] {
        std::array<QIcon, StateCount> made;
        for (int i = 0; i < StateCount; ++i)
            made[i] = QIcon(QStringLiteral(":/freightdesk/icons/%1.svg")
                                .arg(QLatin1String(iconName(FreightCellState(i)))));
        return made;
    }();
    return icons[int(state)];
}

} // namespace fd::ui

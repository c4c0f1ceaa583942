#include "freightcellstate.h"

#include "freighttext.h"
#include "repositorystate.h"

namespace fd::ui {

namespace {

constexpr int StateCount = int(FreightCellState::NotEligible) + 1;

const char* iconName(FreightCellState state) {
    switch (state) {
    case FreightCellState::Current:
        return "current";
    case FreightCellState::CurrentFailed:
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
    const bool failed = cell.standing.verificationFailed || cell.promotionFailed;
    if (marked.current)
        return failed ? FreightCellState::CurrentFailed : FreightCellState::Current;
    if (failed)
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
    case FreightCellState::CurrentFailed:
        return QStringLiteral("current, failed");
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

FreightCellIcons freightCellIcons() {
    FreightCellIcons icons;
    for (int i = 0; i < StateCount; ++i)
        icons[i] = markerIcon(QLatin1String(iconName(FreightCellState(i))));
    return icons;
}

QIcon markerIcon(const QString& name) {
    initUiResources();
    return QIcon(QStringLiteral(":/freightdesk/icons/%1.svg").arg(name));
}

} // namespace fd::ui

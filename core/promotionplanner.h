#pragma once

#include "promotionplan.h"

#include <QList>

namespace fd::core {

class KargoManifests;

/**
 * Resolves each Stage's promotion template the way Kargo builds a Promotion from it, and maps
 * the result onto what Freightdesk performs natively (StagePlan):
 *  - task steps are inlined: the task's variable defaults, unless the promotion (Stage and
 *    template `vars`) sets the variable; then the task step's `vars`; then the inner step's own;
 *  - variables are evaluated in that order, each seeing the ones before, later ones winning;
 *  - a step whose `if:` is false is dropped; one that depends on the freight makes the Stage
 *    read-only, as do unsupported steps and expressions and paths outside every checkout.
 */
class PromotionPlanner final {
public:
    explicit PromotionPlanner(const KargoManifests& kargo)
        : m_kargo(kargo) {}

    StagePlan plan(const KargoStage& stage) const;
    /** The plan of every Stage, in file order. */
    QList<StagePlan> planAll() const;

private:
    const KargoManifests& m_kargo;
};

} // namespace fd::core

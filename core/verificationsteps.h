#pragma once

#include "promotioncheck.h"
#include "stageverification.h"

#include <QList>

#include <memory>

class QNetworkAccessManager;

namespace fd::core {

class ArgoCdClient;

/**
 * The steps PromotionRun's "verifying" state runs for a stage: its HTTP checks in order, then its
 * soak. (A manual verification is not a step: see PromotionRunRequest::manualVerification.)
 */
QList<std::shared_ptr<PromotionCheck>> verificationSteps(const StageVerification& verification,
                                                         QNetworkAccessManager* network,
                                                         ArgoCdClient* argocd);

} // namespace fd::core

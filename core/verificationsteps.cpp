#include "verificationsteps.h"

#include "httppromotioncheck.h"
#include "soakcheck.h"

namespace fd::core {

QList<std::shared_ptr<PromotionCheck>> verificationSteps(const StageVerification& verification,
                                                         QNetworkAccessManager* network,
                                                         ArgoCdClient* argocd) {
    QList<std::shared_ptr<PromotionCheck>> steps;
    for (const HttpCheckSpec& check : verification.httpChecks)
        steps.append(std::make_shared<HttpPromotionCheck>(network, check));
    if (verification.soak.count() > 0)
        steps.append(std::make_shared<SoakCheck>(argocd, verification.soak));
    return steps;
}

} // namespace fd::core

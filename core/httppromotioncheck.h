#pragma once

#include "promotioncheck.h"
#include "stageverification.h"

class QNetworkAccessManager;

namespace fd::core {

/** A stage's HTTP check as a step of PromotionRun's verification (see HttpCheck). */
class HttpPromotionCheck final : public PromotionCheck {
public:
    HttpPromotionCheck(QNetworkAccessManager* network, HttpCheckSpec spec);

    QString name() const override;
    void run(const PromotionCheckInput& input, QObject* context,
             std::function<void(Result<void>)> done) override;

private:
    QNetworkAccessManager* m_network;
    HttpCheckSpec m_spec;
};

} // namespace fd::core

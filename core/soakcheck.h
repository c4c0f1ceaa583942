#pragma once

#include "promotioncheck.h"

#include <chrono>

namespace fd::core {

class ArgoCdClient;

/**
 * The soak step of a stage's verification: the freight must stay healthy this long after it
 * passed its checks. Every `every` (and at the end) each application is read again; one that
 * turns Degraded or Missing, or that no longer runs a revision with the promotion in it, fails
 * the soak. Progressing while a newer commit rolls out is not held against it.
 */
class SoakCheck final : public PromotionCheck {
public:
    SoakCheck(ArgoCdClient* client, std::chrono::milliseconds duration,
              std::chrono::milliseconds every = std::chrono::seconds(30));

    QString name() const override;
    void run(const PromotionCheckInput& input, QObject* context,
             std::function<void(Result<void>)> done) override;

private:
    ArgoCdClient* m_client; // null: no applications to watch, the soak is only time
    std::chrono::milliseconds m_duration;
    std::chrono::milliseconds m_every;
};

} // namespace fd::core

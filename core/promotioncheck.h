#pragma once

#include "argocdappstatus.h"
#include "result.h"

#include <QList>
#include <QObject>
#include <QString>

#include <functional>

namespace fd::core {

/** What a verification step is told about the promotion it verifies. */
struct PromotionCheckInput final {
    QString service;
    QString stage;
    QString freightId;
    QString commit;
    QList<ArgoCdAppStatus> applications; // every app synced and healthy at the commit
};

/**
 * One verification step after every Argo CD application is healthy (an HTTP probe, a soak
 * time): PromotionRun's "verifying" state runs a stage's steps in order and the first failure
 * fails the promotion. The seam only; a stage has no steps yet.
 */
class PromotionCheck {
public:
    virtual ~PromotionCheck() = default;

    /** How the step is named in states and the log ("HTTP GET https://...", "soak 10m"). */
    virtual QString name() const = 0;
    /** Starts the step; @p done is called once, on @p context's thread, unless it is gone. */
    virtual void run(const PromotionCheckInput& input, QObject* context,
                     std::function<void(Result<void>)> done) = 0;
};

} // namespace fd::core

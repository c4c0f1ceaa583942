#include "promotionqueue.h"

#include "promotionrun.h"

namespace fd::core {

PromotionQueue::PromotionQueue(QObject* parent)
    : QObject(parent) {}

PromotionQueue::~PromotionQueue() = default;

PromotionRun* PromotionQueue::running(const QString& stage) const {
    return m_running.value(stage);
}

PromotionRun* PromotionQueue::waiting(const QString& stage) const {
    return m_waiting.value(stage);
}

void PromotionQueue::submit(PromotionRun* run) {
    run->setParent(this);
    connect(run, &PromotionRun::finished, this, [this, run] { onFinished(run); });
    const QString stage = run->request().stage;
    if (PromotionRun* older = m_waiting.take(stage)) {
        older->abort(QStringLiteral("superseded by %1").arg(run->request().freightAlias));
    }
    m_waiting.insert(stage, run);
    if (!m_running.value(stage))
        startNext(stage);
}

void PromotionQueue::startNext(const QString& stage) {
    PromotionRun* next = m_waiting.take(stage);
    if (!next)
        return;
    m_running.insert(stage, next);
    Q_EMIT started(next);
    next->start();
}

void PromotionQueue::onFinished(PromotionRun* run) {
    const QString stage = run->request().stage;
    const bool wasRunning = m_running.value(stage) == run;
    if (wasRunning)
        m_running.remove(stage);
    Q_EMIT ended(run);
    if (wasRunning)
        startNext(stage);
}

} // namespace fd::core

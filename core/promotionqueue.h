#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>

namespace fd::core {

class PromotionRun;

/**
 * Keeps promotions into one stage from racing: one run per stage at a time, and at most one
 * waiting behind it. A newer promotion for a stage replaces the one waiting there, which ends
 * aborted ("superseded by ..."): when the stage is free, the newest decision is the one that
 * counts. Different stages run side by side.
 */
class PromotionQueue final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PromotionQueue)

public:
    explicit PromotionQueue(QObject* parent = nullptr);
    ~PromotionQueue() override;

    /**
     * Takes @p run (the queue becomes its parent; finished runs stay until deleted) and starts
     * it when its stage is free, or queues it.
     */
    void submit(PromotionRun* run);
    PromotionRun* running(const QString& stage) const;
    PromotionRun* waiting(const QString& stage) const;

Q_SIGNALS:
    void started(fd::core::PromotionRun* run);
    void ended(fd::core::PromotionRun* run);

private:
    void onFinished(PromotionRun* run);
    void startNext(const QString& stage);

    QHash<QString, QPointer<PromotionRun>> m_running; // by stage
    QHash<QString, QPointer<PromotionRun>> m_waiting;
};

} // namespace fd::core

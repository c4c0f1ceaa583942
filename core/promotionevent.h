#pragma once

#include "result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace fd::core {

/**
 * One line of the promotion log: something a person or Freightdesk decided or saw about a
 * freight in a stage, with who (their Git identity), when, which commit and why.
 */
struct PromotionEvent final {
    enum class Kind {
        Approved,           // a person approved the freight for the stage
        Verified,           // the freight was verified in the stage (checks or by hand)
        VerificationFailed, // a check failed
        Held,               // the stage is pinned to its current freight
        Released,           // the hold is lifted
        Promoted,           // a promotion succeeded: pushed, synced and healthy
        PromotionFailed,    // pushed but unhealthy, or timed out
        Aborted,            // stopped after its push: the commit stays, its outcome unseen
    };

    Kind kind = Kind::Approved;
    QDateTime at;
    QString byName;
    QString byEmail;
    QString service;
    QString stage;
    QString freightId;
    QString freightAlias;
    /** The promotion commit the event is about, when there is one. */
    QString commit;
    QString reason;

    /** "approved", "verified", "verification-failed", "held", ... */
    static QString kindName(Kind kind);
    static std::optional<Kind> kindFromName(const QString& name);

    QJsonObject toJson() const;
    /** Errors say which field is missing or wrong. */
    static Result<PromotionEvent> fromJson(const QJsonObject& json);
    bool operator==(const PromotionEvent&) const = default;
};

} // namespace fd::core

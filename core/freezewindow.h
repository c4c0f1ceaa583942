#pragma once

#include "result.h"

#include <QDateTime>
#include <QString>
#include <QTime>

namespace fd::core {

/**
 * A time during which a stage takes no promotion: once (`from` .. `until`, e.g. a holiday
 * freeze) or every week ("Fri 16:00 - Mon 08:00" in a time zone, e.g. no weekend releases).
 */
struct FreezeWindow final {
    bool weekly = false;
    /** Once: the window, in UTC; `until` is not part of it. */
    QDateTime from;
    QDateTime until;
    /** Weekly: days 1 (Monday) to 7 and times, in timeZone (an IANA name; empty: UTC). */
    int fromDay = 0;
    QTime fromTime;
    int untilDay = 0;
    QTime untilTime;
    QString timeZone;
    QString reason;
    /** Where it is written ("freightdesk.yaml:12:9"). */
    QString location;

    /** "Fri 16:00 - Mon 08:00" (day names in English, 24-hour times). */
    static Result<FreezeWindow> parseWeekly(const QString& text, const QString& timeZone);
    bool contains(const QDateTime& when) const;
    /** When the window that contains @p when ends; invalid when it does not contain it. */
    QDateTime endOf(const QDateTime& when) const;
    bool operator==(const FreezeWindow&) const = default;
};

} // namespace fd::core

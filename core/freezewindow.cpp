#include "freezewindow.h"

#include <QRegularExpression>
#include <QTimeZone>

namespace fd::core {

namespace {

constexpr int minutesPerWeek = 7 * 24 * 60;

int dayNumber(const QString& name) {
    static const QStringList days{
        QStringLiteral("mon"), QStringLiteral("tue"), QStringLiteral("wed"), QStringLiteral("thu"),
        QStringLiteral("fri"), QStringLiteral("sat"), QStringLiteral("sun")};
    return int(days.indexOf(name.left(3).toLower())) + 1;
}

int minuteOfWeek(int day, const QTime& time) {
    return (day - 1) * 24 * 60 + time.hour() * 60 + time.minute();
}

QTimeZone zoneOf(const QString& name) {
    return name.isEmpty() ? QTimeZone::utc() : QTimeZone(name.toUtf8());
}

} // namespace

Result<FreezeWindow> FreezeWindow::parseWeekly(const QString& text, const QString& timeZone) {
    static const QRegularExpression pattern(QStringLiteral(
        "^\\s*([A-Za-z]+)\\s+(\\d{1,2}:\\d{2})\\s*-\\s*([A-Za-z]+)\\s+(\\d{1,2}:\\d{2})\\s*$"));
    const auto match = pattern.match(text);
    FreezeWindow window;
    window.weekly = true;
    window.timeZone = timeZone;
    window.fromDay = match.hasMatch() ? dayNumber(match.captured(1)) : 0;
    window.untilDay = match.hasMatch() ? dayNumber(match.captured(3)) : 0;
    window.fromTime = QTime::fromString(match.captured(2), QStringLiteral("H:mm"));
    window.untilTime = QTime::fromString(match.captured(4), QStringLiteral("H:mm"));
    if (window.fromDay == 0 || window.untilDay == 0 || !window.fromTime.isValid() ||
        !window.untilTime.isValid())
        return Error{Error::Kind::InvalidInput,
                     QStringLiteral("a weekly freeze reads like \"Fri 16:00 - Mon 08:00\", not "
                                    "\"%1\"")
                         .arg(text),
                     {}};
    if (!timeZone.isEmpty() && !QTimeZone(timeZone.toUtf8()).isValid())
        return Error{Error::Kind::InvalidInput,
                     QStringLiteral("\"%1\" is not a time zone (use an IANA name such as "
                                    "Europe/Berlin)")
                         .arg(timeZone),
                     {}};
    return window;
}

bool FreezeWindow::contains(const QDateTime& when) const {
    if (!weekly)
        return from.isValid() && until.isValid() && from <= when && when < until;
    const QDateTime local = when.toTimeZone(zoneOf(timeZone));
    const int now = minuteOfWeek(local.date().dayOfWeek(), local.time());
    const int start = minuteOfWeek(fromDay, fromTime);
    const int end = minuteOfWeek(untilDay, untilTime);
    return start <= end ? start <= now && now < end : now >= start || now < end;
}

QDateTime FreezeWindow::endOf(const QDateTime& when) const {
    if (!contains(when))
        return {};
    if (!weekly)
        return until;
    const QTimeZone zone = zoneOf(timeZone);
    const QDateTime local = when.toTimeZone(zone);
    const int now = minuteOfWeek(local.date().dayOfWeek(), local.time());
    const int end = minuteOfWeek(untilDay, untilTime);
    const int ahead = (end - now + minutesPerWeek) % minutesPerWeek;
    const QDateTime minute(local.date(), QTime(local.time().hour(), local.time().minute()), zone);
    return minute.addSecs(qint64(ahead) * 60).toUTC();
}

} // namespace fd::core

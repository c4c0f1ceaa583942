#include "goduration.h"

#include <cstdint>
#include <limits>

namespace fd::core {

namespace {

constexpr std::int64_t Nanosecond = 1;
constexpr std::int64_t Microsecond = 1000 * Nanosecond;
constexpr std::int64_t Millisecond = 1000 * Microsecond;
constexpr std::int64_t Second = 1000 * Millisecond;
constexpr std::int64_t Minute = 60 * Second;
constexpr std::int64_t Hour = 60 * Minute;

std::int64_t unitNanoseconds(QStringView unit) {
    if (unit == u"ns")
        return Nanosecond;
    if (unit == u"us" || unit == u"\u00b5s" || unit == u"\u03bcs")
        return Microsecond;
    if (unit == u"ms")
        return Millisecond;
    if (unit == u"s")
        return Second;
    if (unit == u"m")
        return Minute;
    if (unit == u"h")
        return Hour;
    return 0;
}

Error invalid(const QString& text, const QString& why) {
    return Error{
        Error::Kind::Parse,
        QStringLiteral("\"%1\" is not a Go duration (like 5m, 1h30m, 90s): %2").arg(text, why),
        {}};
}

} // namespace

Result<std::chrono::nanoseconds> parseGoDuration(const QString& text) {
    QStringView rest(text);
    bool negative = false;
    if (!rest.isEmpty() && (rest.front() == u'-' || rest.front() == u'+')) {
        negative = rest.front() == u'-';
        rest = rest.mid(1);
    }
    if (rest == u"0")
        return std::chrono::nanoseconds(0);
    if (rest.isEmpty())
        return invalid(text, QStringLiteral("empty"));
    // Accumulated in unsigned nanoseconds so that -2^63 is still representable, as in Go.
    const std::uint64_t limit =
        static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + (negative ? 1 : 0);
    std::uint64_t total = 0;
    while (!rest.isEmpty()) {
        qsizetype i = 0;
        std::uint64_t whole = 0;
        bool digits = false;
        for (; i < rest.size() && rest.at(i).isDigit(); ++i) {
            digits = true;
            const std::uint64_t digit = static_cast<std::uint64_t>(rest.at(i).digitValue());
            if (whole > (limit - digit) / 10)
                return invalid(text, QStringLiteral("too large"));
            whole = whole * 10 + digit;
        }
        double fraction = 0.0;
        if (i < rest.size() && rest.at(i) == u'.') {
            double scale = 0.1;
            for (++i; i < rest.size() && rest.at(i).isDigit(); ++i) {
                digits = true;
                fraction += scale * rest.at(i).digitValue();
                scale /= 10.0;
            }
        }
        if (!digits)
            return invalid(text, QStringLiteral("a number is missing"));
        qsizetype unitEnd = i;
        while (unitEnd < rest.size() && rest.at(unitEnd) != u'.' && !rest.at(unitEnd).isDigit())
            ++unitEnd;
        const QStringView unitText = rest.mid(i, unitEnd - i);
        if (unitText.isEmpty())
            return invalid(text, QStringLiteral("a unit is missing"));
        const std::int64_t unit = unitNanoseconds(unitText);
        if (unit == 0)
            return invalid(text, QStringLiteral("unknown unit \"%1\"").arg(unitText));
        const auto unitSize = static_cast<std::uint64_t>(unit);
        if (whole > limit / unitSize)
            return invalid(text, QStringLiteral("too large"));
        std::uint64_t value = whole * unitSize;
        value += static_cast<std::uint64_t>(fraction * static_cast<double>(unitSize));
        if (value > limit || total > limit - value)
            return invalid(text, QStringLiteral("too large"));
        total += value;
        rest = rest.mid(unitEnd);
    }
    if (negative)
        return std::chrono::nanoseconds(static_cast<std::int64_t>(0 - total));
    return std::chrono::nanoseconds(static_cast<std::int64_t>(total));
}

QString formatGoDuration(std::chrono::nanoseconds duration) {
    std::int64_t ns = duration.count();
    if (ns == 0)
        return QStringLiteral("0s");
    QString sign;
    std::uint64_t magnitude = static_cast<std::uint64_t>(ns);
    if (ns < 0) {
        sign = QStringLiteral("-");
        magnitude = 0 - magnitude;
    }
    if (magnitude < static_cast<std::uint64_t>(Second)) {
        // Go writes sub-second durations in the largest unit that keeps an integer part.
        if (magnitude < static_cast<std::uint64_t>(Microsecond))
            return sign + QString::number(magnitude) + QStringLiteral("ns");
        const bool micro = magnitude < static_cast<std::uint64_t>(Millisecond);
        const double unit = micro ? Microsecond : Millisecond;
        return sign + QString::number(static_cast<double>(magnitude) / unit, 'g', 15) +
               (micro ? QStringLiteral("\u00b5s") : QStringLiteral("ms"));
    }
    const std::uint64_t hours = magnitude / Hour;
    const std::uint64_t minutes = magnitude % Hour / Minute;
    const std::uint64_t secondsPart = magnitude % Minute;
    QString seconds = QString::number(secondsPart / Second);
    if (const std::uint64_t rest = secondsPart % Second; rest != 0) {
        QString digits = QString::number(rest).rightJustified(9, u'0');
        while (digits.endsWith(u'0'))
            digits.chop(1);
        seconds += u'.' + digits;
    }
    QString text = sign;
    if (hours > 0)
        text += QString::number(hours) + u'h';
    if (hours > 0 || minutes > 0)
        text += QString::number(minutes) + u'm';
    return text + seconds + u's';
}

QString formatDuration(std::chrono::milliseconds duration) {
    const qint64 ms = duration.count();
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(ms);
    if (ms % 1000 == 0)
        return QStringLiteral("%1 s").arg(ms / 1000);
    return QStringLiteral("%1 s").arg(static_cast<double>(ms) / 1000.0, 0, 'f', 1);
}

} // namespace fd::core

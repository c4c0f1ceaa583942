#pragma once

#include "result.h"

#include <QString>

#include <chrono>

namespace fd::core {

/**
 * A duration as Go's time.ParseDuration reads it, which is how Kargo reads `interval`,
 * `requiredSoakTime` and step `retry.timeout`: a sign, then one or more decimal numbers each with
 * a unit (ns, us, µs, ms, s, m, h), e.g. "1440m", "1h30m", "1.5h", "-90s"; "0" alone is zero.
 * Nanosecond precision like Go; values past ±292 years are an error, as in Go.
 */
Result<std::chrono::nanoseconds> parseGoDuration(const QString& text);

/** The shortest text Go's Duration.String() writes: "24h0m0s", "1m30s", "500ms", "0s". */
QString formatGoDuration(std::chrono::nanoseconds duration);

/** "30 s", "1.5 s", "800 ms": how long a person waited, for messages. */
QString formatDuration(std::chrono::milliseconds duration);

} // namespace fd::core

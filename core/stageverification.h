#pragma once

#include <QList>
#include <QString>

#include <chrono>

namespace fd::core {

/** An HTTP request whose answer says whether freight works in a stage. */
struct HttpCheckSpec final {
    QString url;
    /** The status the answer must have; 0: any 2xx. */
    int expectedStatus = 0;
    /** A JsonCondition on the answer's body; empty: the body is not looked at. */
    QString jsonCondition;
    std::chrono::seconds timeout{10};
    /** Tried again until it passes or this long after the first try; 0: tried once. */
    std::chrono::seconds within{0};
    std::chrono::seconds interval{5};
    /**
     * When above 0, the check is a series of this many measurements `interval` apart (as an Argo
     * Rollouts analysis runs) that fails once more than failureLimit of them failed.
     */
    int measurements = 0;
    int failureLimit = 0;
    /** Accept a self-signed certificate from this URL's server only. */
    bool insecure = false;
    QString location;

    bool operator==(const HttpCheckSpec&) const = default;
};

/**
 * What verifies freight in a stage once Argo CD reports it healthy: HTTP checks, then a soak
 * time during which it must stay healthy, then a person's "verified" where the stage asks for it.
 */
struct StageVerification final {
    QList<HttpCheckSpec> httpChecks;
    std::chrono::seconds soak{0};
    bool manual = false;
    QString location;

    bool isEmpty() const { return httpChecks.isEmpty() && soak.count() == 0 && !manual; }
    bool operator==(const StageVerification&) const = default;
};

} // namespace fd::core

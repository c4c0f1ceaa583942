#pragma once

#include <QStringList>

namespace fd::app {

/**
 * `freightdesk-cli watch`: Freightdesk unattended. Discovers freight, promotes where a stage's
 * policy lets it promote by itself, verifies what runs unverified, and records every outcome;
 * until interrupted, or with --until-idle until nothing is left to do.
 */
class WatchCommand final {
public:
    static int run(const QStringList& arguments);
};

} // namespace fd::app

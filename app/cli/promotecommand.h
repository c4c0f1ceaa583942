#pragma once

#include <QStringList>

namespace fd::app {

/**
 * `freightdesk-cli promote`: one freight into one stage of a service, as one commit that writes
 * the stage's targets, when the promotion rules allow it.
 */
class PromoteCommand final {
public:
    static int run(const QStringList& arguments);
};

} // namespace fd::app

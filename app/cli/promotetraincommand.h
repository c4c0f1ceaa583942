#pragma once

#include <QStringList>

namespace fd::app {

/**
 * `freightdesk-cli promote-train`: several services' freight into one environment as one
 * commit, each taking what its upstream runs, all or nothing.
 */
class PromoteTrainCommand final {
public:
    static int run(const QStringList& arguments);
};

} // namespace fd::app

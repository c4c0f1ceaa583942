#pragma once

#include <QStringList>

namespace fd::app {

/** `freightdesk-cli revert`: a promotion commit (one service's or a train's) undone by edits. */
class RevertCommand final {
public:
    static int run(const QStringList& arguments);
};

} // namespace fd::app

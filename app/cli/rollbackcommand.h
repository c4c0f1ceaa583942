#pragma once

#include <QStringList>

namespace fd::app {

/** `freightdesk-cli rollback`: a stage back to the freight it ran before. */
class RollbackCommand final {
public:
    static int run(const QStringList& arguments);
};

} // namespace fd::app

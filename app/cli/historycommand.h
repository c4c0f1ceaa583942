#pragma once

#include <QStringList>

namespace fd::app {

/** `freightdesk-cli history`: the promotion log, oldest first. */
class HistoryCommand final {
public:
    static int run(const QStringList& arguments);
};

} // namespace fd::app

#pragma once

#include <QStringList>

namespace fd::app {

/** `freightdesk-cli status`: every stage's current version, and who set it when. */
class StatusCommand final {
public:
    static int run(const QStringList& arguments);
};

} // namespace fd::app

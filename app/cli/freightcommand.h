#pragma once

#include <QStringList>

namespace fd::app {

/** `freightdesk-cli freight`: every service's versions, from its registries and repositories. */
class FreightCommand final {
public:
    static int run(const QStringList& arguments);
};

} // namespace fd::app

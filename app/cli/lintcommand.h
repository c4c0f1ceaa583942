#pragma once

#include <QStringList>

namespace fd::app {

/** `freightdesk-cli lint`: every inconsistency discovery found; exit 1 when one is an error. */
class LintCommand final {
public:
    static int run(const QStringList& arguments);
};

} // namespace fd::app

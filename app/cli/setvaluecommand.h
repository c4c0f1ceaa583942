#pragma once

#include <QStringList>

namespace fd::app {

/** `freightdesk-cli set-value`: edits values in a YAML file in place, keeping its formatting. */
class SetValueCommand final {
public:
    /** @p arguments starts with the program name, followed by the command's own arguments. */
    static int run(const QStringList& arguments);
};

} // namespace fd::app

#pragma once

#include <QStringList>

namespace fd::app {

/**
 * `freightdesk-cli push-values`: one commit with all edits on the remote tip of a branch, pushed
 * without a working tree, retried on a moved branch, refused on a conflicting change.
 */
class PushValuesCommand final {
public:
    /** @p arguments starts with the program name, followed by the command's own arguments. */
    static int run(const QStringList& arguments);
};

} // namespace fd::app

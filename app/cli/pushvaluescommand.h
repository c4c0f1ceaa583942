#pragma once

#include <QStringList>

namespace fd::core {
class GitRepository;
struct PushRequest;
} // namespace fd::core

namespace fd::app {

/**
 * `freightdesk-cli push-values`: one commit with all edits on the remote tip of a branch, pushed
 * without a working tree, retried on a moved branch, refused on a conflicting change.
 */
class PushValuesCommand final {
public:
    /** @p arguments starts with the program name, followed by the command's own arguments. */
    static int run(const QStringList& arguments);
    /**
     * Pushes @p request (or with @p dryRun prints its diff) and reports the outcome as the
     * command does; for other commands that end in a push (promote).
     */
    static int execute(const class CliReporter& reporter, core::GitRepository& repository,
                       const core::PushRequest& request, bool dryRun);
};

} // namespace fd::app

#pragma once

#include "stageverification.h"

#include "argocdconnection.h"
#include "promotionrun.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QJsonObject>
#include <QList>

#include <optional>

namespace fd::core {
class GitRepository;
} // namespace fd::core

namespace fd::app {

class CliReporter;

/**
 * `freightdesk-cli promote --wait`: the promotion as a PromotionRun, followed through Argo CD to
 * its outcome. States go to stderr as they change; the outcome to stdout (or --json).
 */
class PromoteWait final {
public:
    /** --wait, --timeout and the Argo CD connection options. */
    static QList<QCommandLineOption> options();
    /** The --timeout in seconds, or a usage error's message. */
    static core::Result<std::chrono::seconds> timeout(const QCommandLineParser& parser);
    static core::ArgoCdConnectionOptions connection(const QCommandLineParser& parser);
    /**
     * Runs @p request to its end, verifying as @p verification says: 0 succeeded, 3 failed
     * (unhealthy, timeout, a check), 1 otherwise.
     */
    static int execute(const CliReporter& reporter, core::GitRepository& repository,
                       core::PromotionRunRequest request,
                       const core::ArgoCdConnectionOptions& argocd,
                       const core::StageVerification& verification = {});
    /** 0 succeeded, 3 failed on a verdict (unhealthy, timeout, a check), 1 otherwise. */
    static int exitCodeOf(const core::PromotionRun& run);
    /** The outcome as --json prints it: state, detail, stage, freight, commit, apps, failure. */
    static QJsonObject outcomeJson(const core::PromotionRun& run);
};

} // namespace fd::app

#pragma once

#include "pipeline.h"

namespace fd::core {

class ArgoCDApps;
class RepositoryFiles;

/**
 * The consistency checks between a pipeline, the Argo CD apps and the files, added to the
 * pipeline's findings (the lint report), each pointing at the file and line to fix:
 * - an app authorized for a Kargo stage that does not exist (`unknown-authorized-stage`);
 * - a stage target no Argo CD app reads, when the repository has apps (`unread-target`);
 * - a values file read by an app that no stage promotes (`unpromoted-file`, a note);
 * - a service's image repository that differs from the values file's `repository:` beyond the
 *   registry (`image-mismatch`);
 * - a stage that auto-promotes although it requires approvals (`auto-promotion-with-approvals`).
 */
void lintPipeline(Pipeline& pipeline, const ArgoCDApps& apps, const RepositoryFiles& files,
                  const QString& defaultBranch);

/**
 * The names of the Argo CD apps that deploy @p target: they read its file (as a value file or
 * inside a source folder) at the branch it is written to. An app at HEAD reads the default
 * branch; a target written on no branch (a checkout by commit) is the default branch's.
 */
QStringList applicationsDeploying(const ArgoCDApps& apps, const PipelineTarget& target,
                                  const QString& defaultBranch);

} // namespace fd::core

#pragma once

#include "pipeline.h"

#include <functional>

namespace fd::core {

class ArgoCDApps;
class RepositoryFiles;

/**
 * The consistency checks between a pipeline, the Argo CD apps and the files, added to the
 * pipeline's findings (the lint report), each pointing at the file and line to fix:
 * - an app authorized for a Kargo stage that does not exist (`unknown-authorized-stage`);
 * - a stage target no Argo CD app reads, when the repository has apps (`unread-target`);
 * - a values file read by an app that no stage promotes (`unpromoted-file`, a note);
 * - a stage that auto-promotes although it requires approvals (`auto-promotion-with-approvals`);
 * - a service's image repository that differs from the values file's `repository:` beyond the
 *   registry (`image-mismatch`): these come last, imageMismatches() of the pipeline.
 * @p repositoryOf answers repositoryBeside() for each tag target; empty: read from @p files.
 */
void lintPipeline(Pipeline& pipeline, const ArgoCDApps& apps, const RepositoryFiles& files,
                  const QString& defaultBranch,
                  const std::function<QString(const PipelineTarget&)>& repositoryOf = {});

/**
 * The `repository:` beside a target's `...tag` key in its values file, or empty (another kind of
 * target, no such key, a file that cannot be read). The only file content lint reads.
 */
QString repositoryBeside(const PipelineTarget& target, const RepositoryFiles& files);

/** The `image-mismatch` findings of @p pipeline, in stage and target order. */
Findings imageMismatches(const Pipeline& pipeline,
                         const std::function<QString(const PipelineTarget&)>& repositoryOf);

/**
 * The names of the Argo CD apps that deploy @p target: they read its file (as a value file or
 * inside a source folder) at the branch it is written to. An app at HEAD reads the default
 * branch; a target written on no branch (a checkout by commit) is the default branch's.
 */
QStringList applicationsDeploying(const ArgoCDApps& apps, const PipelineTarget& target,
                                  const QString& defaultBranch);

} // namespace fd::core

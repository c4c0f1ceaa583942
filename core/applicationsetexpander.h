#pragma once

#include "applicationsettemplate.h"
#include "finding.h"

#include <QList>

#include <functional>

namespace fd::core {

class RepositoryFiles;
struct Manifest;

/**
 * The parameter sets of an ApplicationSet's generators: one per Application it generates, in
 * Argo CD's order. Supported: the Git directory generator over this repository's own folders
 * (`directories` with Go `path.Match` globs and `exclude: true`, `pathParamPrefix`, `values`)
 * and the list generator (`elements`, and `elementsYaml` without templates). Any other
 * generator (cluster, matrix, merge, SCM provider, pull request, plugin, Git files, ...) is a
 * warning naming it and its place, and generates nothing here.
 */
class ApplicationSetExpander final {
public:
    /** Answers whether a generator's `repoURL` is the repository @p files were read from. */
    using RepositoryTest = std::function<bool(const QString& repoUrl)>;

    /** The parameter sets of @p appSet; problems are appended to @p findings. */
    static QList<TemplateParameters> parameterSets(const Manifest& appSet,
                                                   const RepositoryFiles& files,
                                                   const RepositoryTest& isThisRepository,
                                                   Findings& findings);
};

} // namespace fd::core

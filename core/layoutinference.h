#pragma once

#include "pipeline.h"

#include <QString>

namespace fd::core {

class RepositoryFiles;

/**
 * A pipeline guessed from a repository's layout when it has neither Kargo manifests nor a
 * freightdesk.yaml:
 * - Helm values per environment and service: `<env-root>/<environment>/<service>/<file>.yaml`
 *   holding `image.tag` (env-root: env, envs, environments, stages, clusters), one stage per
 *   (service, environment), target key `image.tag`;
 * - Kustomize overlays `<env-root>/<environment>/kustomization.yaml` with `images:`, one stage
 *   per (image, environment), target the image's entry.
 * The order of environments is not in the layout: it is taken from their names (dev, test/qa,
 * staging/uat, then names that say nothing, then prod...), each environment fed by the nearest
 * earlier group (prod-east and prod-west both follow prod). Every guess is a note in the findings, so the lint
 * report says what to write into freightdesk.yaml if a guess is wrong.
 */
class LayoutInference final {
public:
    static Pipeline infer(const RepositoryFiles& files, const QString& project);

    /**
     * Where @p environment sits among the usual names: 0 development, 1 test/integration,
     * 2 staging/pre-production, 3 production; -1 when the name says nothing.
     */
    static int environmentRank(const QString& environment);
};

} // namespace fd::core

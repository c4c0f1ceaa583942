#pragma once

#include "freight.h"
#include "promotionrun.h"
#include "repositoryloader.h"

#include <QString>

namespace fd::testsupport {

/**
 * The Argo CD simulator's deploy repository made in @p folder, with a freightdesk.yaml: one
 * service, api, whose dev stage the automated app team-a/api-dev deploys. The bare repository's
 * path; empty when it could not be made.
 */
QString createSimPipeline(const QString& folder);
/** @p base with its caches (history, mirrors, freight) under @p folder. */
core::RepositoryLoaderOptions optionsUnder(core::RepositoryLoaderOptions base,
                                           const QString& folder);
/** Short ticks, retries and polling, for runs against the simulator. */
core::PromotionRunOptions fastRunOptions();
/** A freight of the simulator repository's api service, with a digest of its own. */
core::Freight apiFreight(const QString& tag);

} // namespace fd::testsupport

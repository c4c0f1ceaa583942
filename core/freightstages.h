#pragma once

#include "freight.h"
#include "versionhistory.h"

#include <QList>

namespace fd::core {

/**
 * Marks each freight current in the stages whose desired version (read from the branch tip) is
 * one of its artifacts: an image's tag or digest ("@sha256:..." as a values file may pin it), a
 * chart's version, or a commit's ID (or its abbreviation); of several that match (a mutable tag),
 * the first, which is the newest. @p freight is newest first. Other states are left as they are.
 */
void markCurrentStages(QList<Freight>& freight, const QList<VersionRecord>& current);

/** Whether @p version, as a stage's target holds it, names one of @p freight's artifacts. */
bool freightMatchesVersion(const Freight& freight, const QString& version);

} // namespace fd::core

#pragma once

#include <QJsonObject>
#include <QStringList>

namespace fd::argocdsim {

/**
 * Keeps only @p paths of @p object, as Argo CD's API server does for `?fields=`: dotted paths
 * ("items.metadata.name") step into arrays element by element; a path that names an object
 * keeps all of it. Paths that lead nowhere are ignored.
 */
QJsonObject projectFields(const QJsonObject& object, const QStringList& paths);

} // namespace fd::argocdsim

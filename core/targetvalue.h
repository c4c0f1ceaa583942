#pragma once

#include "pipeline.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace fd::core {

/**
 * The version a stage target holds in @p bytes (the target file's content): the key's scalar,
 * the Kustomize image's newTag (its digest as "@sha256:..." when it is pinned by digest), or the
 * version of a Chart.yaml dependency named by the target's key.
 * Nullopt when the file cannot be read as YAML or the key or image entry is missing.
 */
std::optional<QString> readTargetValue(const PipelineTarget& target, const QByteArray& bytes);

/** A short, stable text naming what @p target addresses (file and key or image). */
QString targetKey(const PipelineTarget& target);

} // namespace fd::core

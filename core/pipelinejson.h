#pragma once

#include <QJsonObject>

namespace fd::core {

struct Pipeline;

/**
 * The pipeline as `freightdesk-cli pipeline --json` prints it: `source`, `project`, `services`
 * (name, imageRepository, subscriptions), `stages` in pipeline order (name, environment,
 * service, upstream, direct, autoPromotion, requiredApprovals, soakTimeSeconds, promotion,
 * readOnly, readOnlyReason, color, argocdApps, targets: file, key or image, branch, value,
 * argocdApps) and `findings`.
 */
QJsonObject pipelineToJson(const Pipeline& pipeline);

} // namespace fd::core

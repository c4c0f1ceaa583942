#pragma once

// Private to core: a stage's `verification:` block in freightdesk.yaml.

#include "finding.h"
#include "stageverification.h"

namespace fd::core {

class YamlValue;

/**
 * Reads `verification:` (`http:` checks with `url`, `status`, `json`, `timeout`, `within`,
 * `every`, `insecure`; `soak`; `manual`); what is wrong becomes a finding with its line and is
 * left out, so a bad check never passes silently as an empty one.
 */
StageVerification readVerification(const YamlValue& block, Findings& findings);

} // namespace fd::core

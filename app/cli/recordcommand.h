#pragma once

#include "promotionevent.h"

#include <QStringList>

namespace fd::app {

/**
 * `freightdesk-cli approve | verify | hold | release`: a person's decision about a stage,
 * recorded in the repository's promotion log (see core::PromotionLog).
 */
class RecordCommand final {
public:
    static int run(core::PromotionEvent::Kind kind, const QStringList& arguments);
};

} // namespace fd::app

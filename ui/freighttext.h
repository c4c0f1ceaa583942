#pragma once

#include <QString>

namespace fd::core {
struct Freight;
}

namespace fd::ui {

/** The freight's versions as a person reads them: "1.4.0", "chart 0.3.1 + 1.4.0", "a1b2c3d". */
QString freightVersionText(const core::Freight& freight);
/** Its version and alias: "1.4.0 (quiet-fox)". */
QString freightLabel(const core::Freight& freight);

/** A repository's address for people: a URL without user name or password; a path as it is. */
QString locationText(const QString& urlOrPath);

/**
 * "1 service", "3 services": English plurals, which tr()'s %n gives only with a translation
 * loaded.
 */
QString counted(qsizetype count, const QString& one, const QString& many);

/** Makes the icons and other resources of the ui library available (static linking drops them). */
void initUiResources();

} // namespace fd::ui

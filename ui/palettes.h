#pragma once

#include <QPalette>
#include <QString>

namespace fd::ui {

/** The app's colour scheme: the platform's, or Fusion with a palette of our own. */
enum class PaletteChoice { System, Light, Dark };

QString paletteChoiceName(PaletteChoice choice);
/** Reads what paletteChoiceName() wrote; anything else is System. */
PaletteChoice paletteChoiceFromName(const QString& name);

QPalette lightPalette();
QPalette darkPalette();
/** Whether text on @p palette's base is light: custom painting picks its dark variants then. */
bool isDark(const QPalette& palette);

/**
 * Applies @p choice app-wide at once. Light and Dark use the Fusion style, which follows the
 * palette everywhere; System goes back to the style and palette the app started with.
 */
void applyPalette(PaletteChoice choice);

} // namespace fd::ui

#include "palettes.h"

#include <QApplication>
#include <QStyle>
#include <QStyleFactory>

namespace fd::ui {

namespace {

struct Colours final {
    QColor window, windowText, base, alternateBase, text, button, highlight, highlightedText, link,
        mid, disabledText;
};

QPalette paletteOf(const Colours& c) {
    QPalette palette;
    palette.setColor(QPalette::Window, c.window);
    palette.setColor(QPalette::WindowText, c.windowText);
    palette.setColor(QPalette::Base, c.base);
    palette.setColor(QPalette::AlternateBase, c.alternateBase);
    palette.setColor(QPalette::ToolTipBase, c.base);
    palette.setColor(QPalette::ToolTipText, c.text);
    palette.setColor(QPalette::PlaceholderText, c.disabledText);
    palette.setColor(QPalette::Text, c.text);
    palette.setColor(QPalette::Button, c.button);
    palette.setColor(QPalette::ButtonText, c.windowText);
    palette.setColor(QPalette::BrightText, Qt::red);
    palette.setColor(QPalette::Highlight, c.highlight);
    palette.setColor(QPalette::HighlightedText, c.highlightedText);
    palette.setColor(QPalette::Link, c.link);
    palette.setColor(QPalette::LinkVisited, c.link.darker(120));
    palette.setColor(QPalette::Light, c.button.lighter(130));
    palette.setColor(QPalette::Midlight, c.button.lighter(115));
    palette.setColor(QPalette::Mid, c.mid);
    palette.setColor(QPalette::Dark, c.mid.darker(130));
    palette.setColor(QPalette::Shadow, Qt::black);
    for (const QPalette::ColorRole role :
         {QPalette::WindowText, QPalette::Text, QPalette::ButtonText, QPalette::HighlightedText})
        palette.setColor(QPalette::Disabled, role, c.disabledText);
    return palette;
}

/** What the platform gave, remembered before our first change so System can go back to it. */
struct Startup final {
    QString style = QApplication::style()->name();
    QPalette palette = QApplication::palette();
    bool changed = false;
};

Startup& startup() {
    static Startup remembered;
    return remembered;
}

} // namespace

QString paletteChoiceName(PaletteChoice choice) {
    switch (choice) {
    case PaletteChoice::Light:
        return QStringLiteral("light");
    case PaletteChoice::Dark:
        return QStringLiteral("dark");
    case PaletteChoice::System:
        break;
    }
    return QStringLiteral("system");
}

PaletteChoice paletteChoiceFromName(const QString& name) {
    if (name == QLatin1String("light"))
        return PaletteChoice::Light;
    if (name == QLatin1String("dark"))
        return PaletteChoice::Dark;
    return PaletteChoice::System;
}

QPalette lightPalette() {
    return paletteOf({QColor(0xef, 0xf0, 0xf1), QColor(0x23, 0x26, 0x29), Qt::white,
                      QColor(0xf5, 0xf6, 0xf7), QColor(0x23, 0x26, 0x29), QColor(0xe3, 0xe5, 0xe7),
                      QColor(0x30, 0x8c, 0xc6), Qt::white, QColor(0x1d, 0x6f, 0xb8),
                      QColor(0xa0, 0xa4, 0xa8), QColor(0x8a, 0x8e, 0x92)});
}

QPalette darkPalette() {
    return paletteOf({QColor(0x2a, 0x2e, 0x32), QColor(0xe8, 0xea, 0xed), QColor(0x1e, 0x21, 0x24),
                      QColor(0x26, 0x2a, 0x2e), QColor(0xe8, 0xea, 0xed), QColor(0x35, 0x3a, 0x3f),
                      QColor(0x3d, 0x8e, 0xd9), Qt::white, QColor(0x6c, 0xb4, 0xf0),
                      QColor(0x5a, 0x60, 0x66), QColor(0x7d, 0x83, 0x89)});
}

bool isDark(const QPalette& palette) {
    return palette.color(QPalette::Base).lightness() < 128;
}

void applyPalette(PaletteChoice choice) {
    Startup& original = startup();
    if (choice == PaletteChoice::System) {
        if (!original.changed)
            return;
        QApplication::setStyle(QStyleFactory::create(original.style));
        QApplication::setPalette(original.palette);
        original.changed = false;
        return;
    }
    original.changed = true;
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QApplication::setPalette(choice == PaletteChoice::Dark ? darkPalette() : lightPalette());
}

} // namespace fd::ui

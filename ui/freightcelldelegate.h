#pragma once

#include "freightcellstate.h"

#include <QStyledItemDelegate>

namespace fd::ui {

/**
 * Paints a freight matrix cell as its state's icon and word, so a state reads without colour;
 * the icon is an SVG drawn at the screen's scale. Collapsed rows read as their text only.
 */
class FreightCellDelegate final : public QStyledItemDelegate {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FreightCellDelegate)

public:
    explicit FreightCellDelegate(QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    const FreightCellIcons m_icons = freightCellIcons();
};

} // namespace fd::ui

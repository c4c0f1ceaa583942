#include "freightcelldelegate.h"

#include "freightcellstate.h"
#include "freightmatrixmodel.h"

#include <QApplication>
#include <QPainter>

namespace fd::ui {

namespace {

constexpr int Margin = 4;

int iconSize(const QStyleOptionViewItem& option) {
    return option.fontMetrics.height();
}

/** The state's word, or the promotion under way in the cell. */
QString cellText(FreightCellState state, const QModelIndex& index) {
    const QString activity = index.data(FreightMatrixModel::ActivityRole).toString();
    return activity.isEmpty() ? freightCellText(state) : activity;
}

} // namespace

FreightCellDelegate::FreightCellDelegate(QObject* parent)
    : QStyledItemDelegate(parent) {}

void FreightCellDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                                const QModelIndex& index) const {
    const int raw = index.data(FreightMatrixModel::RawValueRole).toInt();
    if (raw < 0) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    const auto state = FreightCellState(raw);
    // The background and focus as the style draws them, without the default text and icon.
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    background.icon = QIcon();
    const QWidget* widget = option.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);

    const int size = iconSize(option);
    const QRect iconRect(option.rect.left() + Margin,
                         option.rect.top() + (option.rect.height() - size) / 2, size, size);
    // QIcon::paint renders the SVG at the painter's device pixel ratio: sharp on high-DPI screens.
    m_icons[size_t(state)].paint(painter, iconRect);

    const QRect textRect = option.rect.adjusted(Margin * 2 + size, 0, -Margin, 0);
    const bool selected = option.state.testFlag(QStyle::State_Selected);
    painter->save();
    painter->setPen(option.palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
    const QString text =
        option.fontMetrics.elidedText(cellText(state, index), Qt::ElideRight, textRect.width());
    painter->drawText(textRect, Qt::AlignVCenter | Qt::AlignLeft, text);
    painter->restore();
}

QSize FreightCellDelegate::sizeHint(const QStyleOptionViewItem& option,
                                    const QModelIndex& index) const {
    const int raw = index.data(FreightMatrixModel::RawValueRole).toInt();
    if (raw < 0)
        return QStyledItemDelegate::sizeHint(option, index);
    const int size = iconSize(option);
    const int text = option.fontMetrics.horizontalAdvance(cellText(FreightCellState(raw), index));
    return {Margin * 3 + size + text, std::max(size, option.fontMetrics.height()) + Margin};
}

} // namespace fd::ui

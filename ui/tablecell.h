#pragma once

#include <QAbstractItemModel>

namespace fd::ui {

/**
 * Whether @p index is a cell of the table @p model. Quietly: checkIndex() would log a warning for
 * the invalid indexes views and QAbstractItemModelTester legitimately ask about.
 */
inline bool isCell(const QAbstractItemModel* model, const QModelIndex& index) {
    return index.isValid() && index.model() == model && index.row() < model->rowCount() &&
           index.column() < model->columnCount();
}

} // namespace fd::ui

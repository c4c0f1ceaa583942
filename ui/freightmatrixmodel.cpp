#include "freightmatrixmodel.h"

#include "freightdrag.h"
#include "freighttext.h"
#include "tablecell.h"

#include <QColor>
#include <QLocale>
#include <QMimeData>
#include <QPainter>
#include <QPixmap>

namespace fd::ui {

namespace {

/** A single freight no stage ran stays a row of its own: collapsing it would hide nothing. */
constexpr int MinimumRun = 2;

/** A round swatch of @p color, drawn at 1x and 2x so it stays sharp on high-DPI screens. */
QIcon colorSwatch(const QColor& color) {
    QIcon icon;
    for (const int scale : {1, 2}) {
        QPixmap pixmap(12 * scale, 12 * scale);
        pixmap.setDevicePixelRatio(scale);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(color.darker(130));
        painter.setBrush(color);
        painter.drawEllipse(QRectF(1.5, 1.5, 9, 9));
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

} // namespace

FreightMatrixModel::FreightMatrixModel(QObject* parent)
    : QAbstractTableModel(parent) {}

void FreightMatrixModel::setService(const core::ServiceState& service) {
    beginResetModel();
    if (service.service != m_service.service)
        m_expanded.clear();
    m_service = service;
    m_stageIcons.clear();
    for (const QString& name : m_service.stageColors) {
        const QColor color = QColor::fromString(name);
        m_stageIcons.append(color.isValid() ? colorSwatch(color) : QIcon());
    }
    computeCells();
    m_rows = layoutRows();
    endResetModel();
}

void FreightMatrixModel::clear() {
    setService({});
}

void FreightMatrixModel::computeCells() {
    const qsizetype stages = m_service.stages.size();
    m_cells.assign(size_t(m_service.freight.size() * stages), FreightCellState::NotEligible);
    m_everDeployed.assign(size_t(m_service.freight.size()), false);
    for (qsizetype f = 0; f < m_service.freight.size(); ++f) {
        const core::Freight& freight = m_service.freight[f];
        for (qsizetype s = 0; s < stages; ++s) {
            const core::FreightInStage& cell = m_service.cells[f * stages + s];
            m_cells[size_t(f * stages + s)] = freightCellState(freight, cell, m_service.stages[s]);
            if (cell.wasHere)
                m_everDeployed[size_t(f)] = true;
        }
    }
}

QList<FreightMatrixModel::Row> FreightMatrixModel::layoutRows() const {
    QList<Row> rows;
    const int count = int(m_service.freight.size());
    bool olderThanDeployed = false;
    for (int f = 0; f < count;) {
        int end = f;
        while (olderThanDeployed && end < count && !m_everDeployed[size_t(end)])
            ++end;
        if (end - f >= MinimumRun && !m_expanded.contains(m_service.freight[f].id)) {
            rows.append({f, end - f, true});
            f = end;
            continue;
        }
        for (end = std::max(end, f + 1); f < end; ++f) {
            rows.append({f, 1, false});
            olderThanDeployed = olderThanDeployed || m_everDeployed[size_t(f)];
        }
    }
    return rows;
}

void FreightMatrixModel::expand(int row) {
    if (!isCollapsed(row))
        return;
    const Row run = m_rows[row];
    m_expanded.insert(m_service.freight[run.first].id);
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
    beginInsertRows({}, row, row + run.count - 1);
    for (int i = 0; i < run.count; ++i)
        m_rows.insert(row + i, {run.first + i, 1, false});
    endInsertRows();
}

bool FreightMatrixModel::isCollapsed(int row) const {
    return row >= 0 && row < m_rows.size() && m_rows[row].collapsed;
}

FreightCellState FreightMatrixModel::cellState(int row, int column) const {
    return m_cells[size_t(m_rows[row].first * m_service.stages.size() + column)];
}

QString FreightMatrixModel::stageAt(int column) const {
    return column >= 0 && column < m_service.stages.size() ? m_service.stages[column] : QString();
}

void FreightMatrixModel::setActivity(const QString& freightId, const QString& stage,
                                     const QString& text) {
    if (text.isEmpty())
        m_activity.remove({freightId, stage});
    else
        m_activity.insert({freightId, stage}, text);
    const int column = int(m_service.stages.indexOf(stage));
    for (int row = 0; column >= 0 && row < m_rows.size(); ++row) {
        if (!m_rows[row].collapsed && m_service.freight[m_rows[row].first].id == freightId) {
            const QModelIndex cell = index(row, column);
            Q_EMIT dataChanged(cell, cell, {Qt::DisplayRole, Qt::ToolTipRole, ActivityRole});
        }
    }
}

int FreightMatrixModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

int FreightMatrixModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_service.stages.size());
}

QVariant FreightMatrixModel::data(const QModelIndex& index, int role) const {
    if (!isCell(this, index))
        return {};
    return cellData(m_rows[index.row()], index.column(), role);
}

QVariant FreightMatrixModel::cellData(const Row& row, int column, int role) const {
    if (row.collapsed) {
        switch (role) {
        case Qt::DisplayRole:
            return column == 0
                       ? tr("▸ %1 that no stage ran (double-click to show)")
                             .arg(counted(row.count, tr("older version"), tr("older versions")))
                       : QVariant();
        case Qt::ToolTipRole:
            return tr("No stage ever ran these. Double-click or press Enter to show them.");
        case RawValueRole:
            return -1;
        case CollapsedCountRole:
            return row.count;
        case FreightIdRole:
            return QString();
        default:
            return {};
        }
    }
    const FreightCellState state = m_cells[size_t(row.first * m_service.stages.size() + column)];
    const QString activity =
        m_activity.value({m_service.freight[row.first].id, m_service.stages[column]});
    switch (role) {
    case Qt::DisplayRole:
        return activity.isEmpty() ? freightCellText(state) : activity;
    case ActivityRole:
        return activity;
    case Qt::DecorationRole:
        return m_icons[size_t(state)];
    case Qt::ToolTipRole:
        return activity.isEmpty() ? cellToolTip(row.first, column)
                                  : activity + QLatin1Char('\n') + cellToolTip(row.first, column);
    case RawValueRole:
        return int(state);
    case FreightIdRole:
        return m_service.freight[row.first].id;
    case CollapsedCountRole:
        return 0;
    default:
        return {};
    }
}

QString FreightMatrixModel::cellToolTip(int freight, int stage) const {
    const core::FreightInStage& cell = m_service.cell(freight, stage);
    const FreightCellState state = m_cells[size_t(freight * m_service.stages.size() + stage)];
    QStringList lines{QStringLiteral("%1 in %2: %3")
                          .arg(freightLabel(m_service.freight[freight]), m_service.stages[stage],
                               freightCellText(state))};
    if (cell.standing.verificationFailed)
        lines.append(tr("The last verification here failed"));
    if (cell.promotionFailed)
        lines.append(tr("The last promotion here failed"));
    if (!cell.standing.reason.isEmpty())
        lines.append(cell.standing.reason);
    if (!cell.standing.approvers.isEmpty())
        lines.append(tr("Approved by %1").arg(cell.standing.approvers.join(QStringLiteral(", "))));
    if (cell.standing.verified)
        lines.append(tr("Verified %1")
                         .arg(QLocale().toString(cell.standing.verifiedAt.toLocalTime(),
                                                 QLocale::ShortFormat)));
    return lines.join(QLatin1Char('\n'));
}

QVariant FreightMatrixModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation == Qt::Horizontal) {
        if (section < 0 || section >= m_service.stages.size())
            return {};
        return stageHeader(section, role);
    }
    if (section < 0 || section >= m_rows.size())
        return {};
    return rowHeader(m_rows[section], role);
}

QVariant FreightMatrixModel::stageHeader(int stage, int role) const {
    switch (role) {
    case Qt::DisplayRole:
        return m_service.stages[stage];
    case Qt::DecorationRole:
        // Kargo's stage colour, beside the name: the name says which stage it is.
        return m_stageIcons[stage].isNull() ? QVariant() : QVariant(m_stageIcons[stage]);
    case StageColorRole: {
        const QColor color = QColor::fromString(m_service.stageColors.value(stage));
        return color.isValid() ? QVariant(color) : QVariant();
    }
    case Qt::ToolTipRole: {
        if (m_service.summaries.size() <= stage)
            return m_service.stages[stage];
        const core::StageSummary& summary = m_service.summaries[stage];
        const QString name = tr("%1 (%2)").arg(summary.stage, summary.environment);
        // A hold or freeze explains a whole column of "not eligible".
        return summary.blocked.isEmpty() ? name : name + QLatin1Char('\n') + summary.blocked;
    }
    default:
        return {};
    }
}

QVariant FreightMatrixModel::rowHeader(const Row& row, int role) const {
    if (row.collapsed) {
        if (role == Qt::DisplayRole)
            return tr("%n older", nullptr, row.count);
        return role == Qt::ToolTipRole ? cellData(row, 0, role) : QVariant();
    }
    const core::Freight& freight = m_service.freight[row.first];
    switch (role) {
    case Qt::DisplayRole:
        return freightLabel(freight);
    case Qt::ToolTipRole:
        return tr("%1\nID %2\nfound %3")
            .arg(freightLabel(freight), freight.id,
                 QLocale().toString(freight.discoveredAt.toLocalTime(), QLocale::ShortFormat));
    default:
        return {};
    }
}

Qt::ItemFlags FreightMatrixModel::flags(const QModelIndex& index) const {
    if (!isCell(this, index))
        return Qt::NoItemFlags;
    const Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDropEnabled;
    return m_rows[index.row()].collapsed ? flags : flags | Qt::ItemIsDragEnabled;
}

QStringList FreightMatrixModel::mimeTypes() const {
    return {FreightDrag::mimeType()};
}

QMimeData* FreightMatrixModel::mimeData(const QModelIndexList& indexes) const {
    for (const QModelIndex& index : indexes) {
        const QString id = index.data(FreightIdRole).toString();
        if (!id.isEmpty())
            return FreightDrag{m_service.service, id}.toMimeData();
    }
    return nullptr;
}

bool FreightMatrixModel::canDropMimeData(const QMimeData* data, Qt::DropAction, int, int column,
                                         const QModelIndex& parent) const {
    const std::optional<FreightDrag> drag = FreightDrag::from(data);
    const int stage = parent.isValid() ? parent.column() : column;
    if (!drag || drag->service != m_service.service || stage < 0 ||
        stage >= m_service.stages.size())
        return false;
    for (qsizetype freight = 0; freight < m_service.freight.size(); ++freight) {
        if (m_service.freight[freight].id == drag->freightId)
            return m_cells[size_t(freight * m_service.stages.size() + stage)] !=
                   FreightCellState::Current;
    }
    return false;
}

bool FreightMatrixModel::dropMimeData(const QMimeData* data, Qt::DropAction action, int row,
                                      int column, const QModelIndex& parent) {
    if (!canDropMimeData(data, action, row, column, parent))
        return false;
    const int stage = parent.isValid() ? parent.column() : column;
    Q_EMIT promotionDropped(FreightDrag::from(data)->freightId, m_service.stages[stage]);
    return true;
}

} // namespace fd::ui

#include "overviewmodel.h"

#include "freighttext.h"
#include "tablecell.h"

namespace fd::ui {

OverviewModel::OverviewModel(QObject* parent)
    : QAbstractTableModel(parent) {}

void OverviewModel::setState(const core::RepositoryState& state) {
    beginResetModel();
    m_environments = state.environments();
    m_rows.clear();
    for (const core::ServiceState& service : state.services) {
        Row row{service.service, QList<Cell>(m_environments.size()), 0};
        for (const core::StageSummary& summary : service.summaries) {
            Cell& cell = row.cells[m_environments.indexOf(summary.environment)];
            if (!cell.stage.isEmpty())
                continue; // the first stage of the service in the environment speaks for it
            cell = makeCell(service, summary);
            row.drift += std::max(0, cell.behind);
        }
        m_rows.append(row);
    }
    endResetModel();
}

void OverviewModel::clear() {
    setState({});
}

OverviewModel::Cell OverviewModel::makeCell(const core::ServiceState& service,
                                            const core::StageSummary& summary) {
    Cell cell;
    cell.stage = summary.stage;
    cell.behind = summary.behind;
    cell.held = summary.hold.has_value();
    cell.frozen = !summary.blocked.isEmpty() && !cell.held;
    cell.awaitingApproval = summary.awaitingApproval;

    QStringList parts{summary.freightIndex >= 0
                          ? freightLabel(service.freight[summary.freightIndex])
                      : summary.version.isEmpty() ? tr("no version")
                                                  : summary.version};
    if (summary.behind > 0)
        parts.append(tr("%n behind", nullptr, summary.behind));
    if (cell.held)
        parts.append(tr("held"));
    if (cell.frozen)
        parts.append(tr("frozen"));
    if (summary.awaitingApproval > 0)
        parts.append(tr("%n awaiting approval", nullptr, summary.awaitingApproval));
    cell.text = parts.join(QStringLiteral(" · "));

    QStringList tip{tr("%1 runs %2").arg(summary.stage, parts.constFirst())};
    if (summary.behind > 0)
        tip.append(tr("%1 already in %2")
                       .arg(counted(summary.behind, tr("newer version"), tr("newer versions")),
                            summary.behindUpstream));
    else if (summary.behind == 0)
        tip.append(tr("Up to date with %1").arg(summary.behindUpstream));
    if (!summary.blocked.isEmpty())
        tip.append(summary.blocked);
    if (summary.awaitingApproval > 0)
        tip.append(
            tr("%1 only for approval")
                .arg(counted(summary.awaitingApproval, tr("version waits"), tr("versions wait"))));
    cell.toolTip = tip.join(QLatin1Char('\n'));
    return cell;
}

int OverviewModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

int OverviewModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_environments.size()) + 2;
}

QVariant OverviewModel::data(const QModelIndex& index, int role) const {
    if (!isCell(this, index))
        return {};
    const Row& row = m_rows[index.row()];
    if (role == ServiceRole)
        return row.service;
    if (index.column() == ServiceColumn)
        return serviceData(row, role);
    if (index.column() == driftColumn()) {
        if (role == Qt::DisplayRole)
            return row.drift > 0 ? tr("%n behind", nullptr, row.drift) : tr("up to date");
        if (role == RawValueRole)
            return row.drift;
        if (role == Qt::TextAlignmentRole)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    }
    return cellData(row.cells[index.column() - 1], role);
}

QVariant OverviewModel::serviceData(const Row& row, int role) const {
    switch (role) {
    case Qt::DisplayRole:
    case RawValueRole:
        return row.service;
    default:
        return {};
    }
}

QVariant OverviewModel::cellData(const Cell& cell, int role) const {
    switch (role) {
    case Qt::DisplayRole:
        return cell.stage.isEmpty() ? QString() : cell.text;
    case Qt::ToolTipRole:
        return cell.stage.isEmpty() ? QVariant() : cell.toolTip;
    case Qt::DecorationRole:
        // An icon beside the word, never instead of it.
        if (cell.held)
            return m_heldIcon;
        if (cell.frozen)
            return m_frozenIcon;
        if (cell.awaitingApproval > 0)
            return m_awaitingIcon;
        return {};
    case RawValueRole:
        return cell.behind;
    case StageRole:
        return cell.stage;
    default:
        return {};
    }
}

QVariant OverviewModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 ||
        section >= columnCount())
        return {};
    if (section == ServiceColumn)
        return tr("Service");
    if (section == driftColumn())
        return tr("Drift");
    return m_environments[section - 1];
}

Qt::ItemFlags OverviewModel::flags(const QModelIndex& index) const {
    if (!isCell(this, index))
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable;
}

} // namespace fd::ui

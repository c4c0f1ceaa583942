#include "historymodel.h"

#include "freighttext.h"
#include "repositorystate.h"
#include "tablecell.h"

namespace fd::ui {

namespace {

/** The freight matrix's icon file that says the same as @p kind. */
QString iconName(HistoryKind kind) {
    switch (kind) {
    case HistoryKind::Promoted:
        return QStringLiteral("current");
    case HistoryKind::PromotionFailed:
    case HistoryKind::VerificationFailed:
    case HistoryKind::Aborted:
        return QStringLiteral("failed");
    case HistoryKind::Approved:
        return QStringLiteral("approved");
    case HistoryKind::Verified:
        return QStringLiteral("verified");
    case HistoryKind::Held:
        return QStringLiteral("held");
    case HistoryKind::Released:
        return QStringLiteral("eligible");
    case HistoryKind::VersionChanged:
        return QStringLiteral("washere");
    }
    return {};
}

} // namespace

HistoryModel::HistoryModel(QObject* parent)
    : QAbstractTableModel(parent) {
    initUiResources();
    for (HistoryKind kind : historyKinds())
        m_icons.append(QIcon(QStringLiteral(":/freightdesk/icons/%1.svg").arg(iconName(kind))));
}

void HistoryModel::setState(const core::RepositoryState& state) {
    beginResetModel();
    m_entries = historyEntries(state);
    endResetModel();
}

void HistoryModel::clear() {
    beginResetModel();
    m_entries.clear();
    endResetModel();
}

int HistoryModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_entries.size());
}

int HistoryModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString HistoryModel::text(const HistoryEntry& entry, int column) const {
    switch (column) {
    case TimeColumn:
        return entry.at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case KindColumn:
        return historyKindText(entry.kind);
    case ServiceColumn:
        return entry.service;
    case StageColumn:
        return entry.stage;
    case VersionColumn:
        return entry.version;
    case WhoColumn:
        return entry.who;
    case CommitColumn:
        return entry.commit.left(8);
    case CommentColumn:
        return entry.comment;
    }
    return {};
}

QVariant HistoryModel::data(const QModelIndex& index, int role) const {
    if (!isCell(this, index))
        return {};
    const HistoryEntry& entry = m_entries.at(index.row());
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return text(entry, column);
    case Qt::DecorationRole:
        return column == KindColumn ? QVariant(m_icons.value(int(entry.kind))) : QVariant();
    case Qt::ToolTipRole:
        if (column == WhoColumn && !entry.whoEmail.isEmpty())
            return QStringLiteral("%1 <%2>").arg(entry.who, entry.whoEmail);
        if (column == CommitColumn)
            return entry.commit;
        if (column == TimeColumn)
            return entry.at.toUTC().toString(Qt::ISODate);
        return text(entry, column);
    case RawValueRole:
        return column == TimeColumn ? QVariant(entry.at) : QVariant(text(entry, column));
    case KindRole:
        return int(entry.kind);
    case ExportRole:
        if (column == TimeColumn)
            return entry.at.toUTC().toString(Qt::ISODate);
        return column == CommitColumn ? entry.commit : text(entry, column);
    default:
        return {};
    }
}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case KindColumn:
        return tr("Kind");
    case ServiceColumn:
        return tr("Service");
    case StageColumn:
        return tr("Stage");
    case VersionColumn:
        return tr("Freight / version");
    case WhoColumn:
        return tr("Who");
    case CommitColumn:
        return tr("Commit");
    case CommentColumn:
        return tr("Comment");
    }
    return {};
}

} // namespace fd::ui

#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

namespace fd::core {
struct RepositoryState;
}

namespace fd::ui {

/** What happened: a promotion log event's kind, or a change of a stage's version in Git. */
enum class HistoryKind {
    Promoted,
    PromotionFailed,
    Aborted,
    Approved,
    Verified,
    VerificationFailed,
    Held,
    Released,
    VersionChanged,
};

/** One line of a repository's history: a promotion log event or a version change. */
struct HistoryEntry final {
    QDateTime at;
    HistoryKind kind = HistoryKind::VersionChanged;
    QString service;
    QString stage;
    /** The freight ("1.4.0 (quiet-fox)") or, for a version change, the version written. */
    QString version;
    QString who;
    QString whoEmail;
    QString commit;
    /** The event's reason, or the commit's summary. */
    QString comment;
};

/** "promoted", "version changed", ...: what the history view and the CSV say. */
QString historyKindText(HistoryKind kind);
/** Every kind, in the order the kind filter lists them. */
QList<HistoryKind> historyKinds();

/** Every event and version change of @p state, newest first (stable for equal times). */
QList<HistoryEntry> historyEntries(const core::RepositoryState& state);

} // namespace fd::ui

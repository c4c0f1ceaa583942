#include "historyentry.h"

#include "freighttext.h"
#include "repositorystate.h"

#include <QCoreApplication>

#include <algorithm>

namespace fd::ui {

namespace {

HistoryKind kindOf(core::PromotionEvent::Kind kind) {
    using Kind = core::PromotionEvent::Kind;
    switch (kind) {
    case Kind::Approved:
        return HistoryKind::Approved;
    case Kind::Verified:
        return HistoryKind::Verified;
    case Kind::VerificationFailed:
        return HistoryKind::VerificationFailed;
    case Kind::Held:
        return HistoryKind::Held;
    case Kind::Released:
        return HistoryKind::Released;
    case Kind::Promoted:
        return HistoryKind::Promoted;
    case Kind::PromotionFailed:
        return HistoryKind::PromotionFailed;
    case Kind::Aborted:
        return HistoryKind::Aborted;
    }
    return HistoryKind::Promoted;
}

/** The freight as the matrix names it; the log's alias or a short ID when it is not known. */
QString freightText(const core::RepositoryState& state, const core::PromotionEvent& event) {
    if (event.freightId.isEmpty())
        return {};
    if (const core::ServiceState* service = state.service(event.service)) {
        for (const core::Freight& freight : service->freight) {
            if (freight.id == event.freightId)
                return freightLabel(freight);
        }
    }
    return event.freightAlias.isEmpty() ? event.freightId.left(12) : event.freightAlias;
}

} // namespace

QString historyKindText(HistoryKind kind) {
    const auto tr = [](const char* text) {
        return QCoreApplication::translate("fd::ui::HistoryModel", text);
    };
    switch (kind) {
    case HistoryKind::Promoted:
        return tr("promoted");
    case HistoryKind::PromotionFailed:
        return tr("promotion failed");
    case HistoryKind::Aborted:
        return tr("aborted");
    case HistoryKind::Approved:
        return tr("approved");
    case HistoryKind::Verified:
        return tr("verified");
    case HistoryKind::VerificationFailed:
        return tr("verification failed");
    case HistoryKind::Held:
        return tr("held");
    case HistoryKind::Released:
        return tr("released");
    case HistoryKind::VersionChanged:
        return tr("version changed");
    }
    return {};
}

QList<HistoryKind> historyKinds() {
    return {HistoryKind::Promoted, HistoryKind::PromotionFailed, HistoryKind::Aborted,
            HistoryKind::Approved, HistoryKind::Verified,        HistoryKind::VerificationFailed,
            HistoryKind::Held,     HistoryKind::Released,        HistoryKind::VersionChanged};
}

QList<HistoryEntry> historyEntries(const core::RepositoryState& state) {
    QList<HistoryEntry> entries;
    entries.reserve(state.events.size() + state.changes.size());
    for (const core::PromotionEvent& event : state.events)
        entries.append({event.at, kindOf(event.kind), event.service, event.stage,
                        freightText(state, event), event.byName, event.byEmail, event.commit,
                        event.reason});
    for (const core::VersionRecord& change : state.changes)
        entries.append({change.date, HistoryKind::VersionChanged, change.service, change.stage,
                        change.version, change.author, change.authorEmail, change.commit,
                        change.summary});
    std::stable_sort(entries.begin(), entries.end(),
                     [](const HistoryEntry& a, const HistoryEntry& b) { return a.at > b.at; });
    return entries;
}

} // namespace fd::ui

#include "valuespush.h"

#include "gitrepository.h"
#include "yamldocument.h"

#include <QHash>

#include <optional>

namespace fd::core {

namespace {

using Value = std::optional<QString>;

QString shown(const Value& value) {
    return value ? QLatin1Char('"') + *value + QLatin1Char('"') : QStringLiteral("(absent)");
}

Result<void> checkRequest(const PushRequest& request) {
    if (request.edits.isEmpty())
        return Error{Error::Kind::InvalidInput,
                     QStringLiteral("nothing to change: give at least one edit"),
                     {}};
    if (request.branch.isEmpty())
        return Error{Error::Kind::InvalidInput, QStringLiteral("no branch given"), {}};
    QHash<QString, QString> seen;
    for (const ValueEdit& edit : request.edits) {
        const QString target = edit.describe();
        const auto it = seen.constFind(target);
        if (it != seen.cend() && *it != edit.value)
            return Error{
                Error::Kind::InvalidInput,
                QStringLiteral("%1 is given two values (%2 and %3)").arg(target, *it, edit.value),
                {}};
        seen.insert(target, edit.value);
    }
    return {};
}

/**
 * Applies the edits to the files at @p revision. @p baseline holds each edit's value as first
 * seen: on the first attempt it is filled; later, a value that differs from both the baseline
 * and ours was changed by someone else, which is a conflict.
 */
Result<QList<FileChange>> applyEdits(const GitRepository& repository, const QString& revision,
                                     const QList<ValueEdit>& edits, QList<Value>& baseline,
                                     bool firstAttempt) {
    QStringList paths;
    for (const ValueEdit& edit : edits) {
        if (!paths.contains(edit.path))
            paths.append(edit.path);
    }
    QList<FileChange> changes;
    for (const QString& path : paths) {
        auto bytes = repository.readFile(revision, path);
        if (!bytes)
            return std::move(bytes).error();
        auto document = YamlDocument::parse(*bytes, path);
        if (!document)
            return std::move(document).error();
        for (qsizetype i = 0; i < edits.size(); ++i) {
            const ValueEdit& edit = edits.at(i);
            if (edit.path != path)
                continue;
            auto current = edit.currentIn(*document);
            if (!current)
                return std::move(current).error();
            if (firstAttempt)
                baseline[i] = *current;
            if (*current == edit.value)
                continue;
            if (*current != baseline.at(i))
                return Error{Error::Kind::Conflict,
                             QStringLiteral("%1 was changed to %2 by someone else while "
                                            "Freightdesk was setting it to %3 (it was %4); "
                                            "review their change, then promote again")
                                 .arg(edit.describe(), shown(*current), shown(edit.value),
                                      shown(baseline.at(i))),
                             path};
            if (auto applied = edit.applyTo(*document); !applied)
                return std::move(applied).error();
        }
        if (document->bytes() != *bytes)
            changes.append(FileChange{path, *bytes, document->bytes()});
    }
    return changes;
}

QString describeEdits(const QList<ValueEdit>& edits) {
    if (edits.size() == 1) {
        const ValueEdit& edit = edits.constFirst();
        return QStringLiteral("Set %1 to %2\n\nIn %3.")
            .arg(edit.describe().mid(edit.path.size() + 2), edit.value, edit.path);
    }
    QString text = QStringLiteral("Set %1 values\n").arg(edits.size());
    for (const ValueEdit& edit : edits)
        text += QStringLiteral("\n- %1 = %2").arg(edit.describe(), edit.value);
    return text;
}

/** The values the request's edits were decided against: at its reviewed commit, if any. */
Result<bool> readBaseline(const GitRepository& repository, const PushRequest& request,
                          QList<Value>& baseline) {
    if (request.reviewedCommit.isEmpty())
        return false;
    auto read = applyEdits(repository, request.reviewedCommit, request.edits, baseline, true);
    if (!read)
        return std::move(read).error();
    return true;
}

} // namespace

ValuesPush::ValuesPush(GitRepository& repository)
    : m_repository(repository) {}

QString ValuesPush::composeMessage(const PushRequest& request) {
    QString text = request.message.trimmed();
    if (text.isEmpty())
        text = describeEdits(request.edits);
    if (!request.trailers.isEmpty()) {
        text += QStringLiteral("\n\n");
        for (const auto& [key, value] : request.trailers)
            text += key + QStringLiteral(": ") + value + QLatin1Char('\n');
    }
    if (!text.endsWith(QLatin1Char('\n')))
        text += QLatin1Char('\n');
    return text;
}

Result<PushOutcome> ValuesPush::preview(const PushRequest& request) {
    if (auto valid = checkRequest(request); !valid)
        return std::move(valid).error();
    auto tip = m_repository.fetch(request.branch);
    if (!tip)
        return std::move(tip).error();
    QList<Value> baseline(request.edits.size());
    const auto reviewed = readBaseline(m_repository, request, baseline);
    if (!reviewed)
        return reviewed.error();
    auto changes = applyEdits(m_repository, *tip, request.edits, baseline, !*reviewed);
    if (!changes)
        return std::move(changes).error();
    return PushOutcome{{}, *tip, 1, *changes};
}

bool ValuesPush::branchMoved(const QString& tip, const QString& branch) {
    // Servers word a lost race differently ("failed to update ref", "cannot lock ref", ...):
    // a refusal while the branch moved is taken as that race, one on a still branch as final.
    auto now = m_repository.fetch(branch);
    return now && *now != tip;
}

Result<PushOutcome> ValuesPush::run(const PushRequest& request) {
    if (auto valid = checkRequest(request); !valid)
        return std::move(valid).error();
    const QString message = composeMessage(request);
    QList<Value> baseline(request.edits.size());
    const auto reviewed = readBaseline(m_repository, request, baseline);
    if (!reviewed)
        return reviewed.error();
    const int attempts = qMax(1, request.maxAttempts);
    for (int attempt = 1; attempt <= attempts; ++attempt) {
        auto tip = m_repository.fetch(request.branch);
        if (!tip)
            return std::move(tip).error();
        auto changes =
            applyEdits(m_repository, *tip, request.edits, baseline, attempt == 1 && !*reviewed);
        if (!changes)
            return std::move(changes).error();
        if (changes->isEmpty())
            return PushOutcome{{}, *tip, attempt, {}};
        QHash<QString, QByteArray> files;
        for (const FileChange& change : std::as_const(*changes))
            files.insert(change.path, change.after);
        auto commit = m_repository.createCommit(*tip, files, message);
        if (!commit)
            return std::move(commit).error();
        if (request.mayPush && !request.mayPush())
            return Error{Error::Kind::Cancelled,
                         QStringLiteral("stopped before the push: nothing was pushed"),
                         m_repository.remoteUrl() + QStringLiteral(" (refs/heads/") +
                             request.branch + QLatin1Char(')')};
        auto pushed = m_repository.push(*commit, request.branch);
        if (pushed)
            return PushOutcome{*commit, *tip, attempt, *changes};
        // Rejected: the branch moved, so its new tip is there to fetch at once. No back-off:
        // some writer always wins each round, so waiting would only hand the next one to it.
        if (pushed.error().kind == Error::Kind::Rejected)
            continue;
        if (pushed.error().kind != Error::Kind::Refused || !branchMoved(*tip, request.branch))
            return std::move(pushed).error();
    }
    return Error{Error::Kind::Rejected,
                 QStringLiteral("the branch kept moving: the push was rejected %1 times; "
                                "nothing was lost, try again")
                     .arg(attempts),
                 m_repository.remoteUrl() + QStringLiteral(" (refs/heads/") + request.branch +
                     QLatin1Char(')')};
}

} // namespace fd::core

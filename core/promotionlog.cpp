#include "promotionlog.h"

#include "githistory.h"
#include "gitrepository.h"
#include "gittreefiles.h"

#include <QJsonDocument>

namespace fd::core {

namespace {

QString summary(const QList<PromotionEvent>& events) {
    const PromotionEvent& first = events.constFirst();
    QString text =
        QStringLiteral("%1 %2 in %3")
            .arg(PromotionEvent::kindName(first.kind),
                 first.freightAlias.isEmpty() ? first.service : first.freightAlias, first.stage);
    text[0] = text.at(0).toUpper();
    if (events.size() > 1)
        text += QStringLiteral(" (and %1 more)").arg(events.size() - 1);
    return text;
}

QString message(const QList<PromotionEvent>& events) {
    QString text = summary(events) + QStringLiteral("\n\n");
    for (const PromotionEvent& event : events) {
        if (!event.reason.isEmpty())
            text += event.reason + QLatin1Char('\n');
    }
    if (!text.endsWith(QStringLiteral("\n\n")))
        text += QLatin1Char('\n');
    for (const PromotionEvent& event : events) {
        text += QStringLiteral("Freightdesk-Event: %1\nFreightdesk-Stage: %2\n")
                    .arg(PromotionEvent::kindName(event.kind), event.stage);
        if (!event.freightId.isEmpty())
            text += QStringLiteral("Freightdesk-Freight: %1\n").arg(event.freightId);
        if (!event.commit.isEmpty())
            text += QStringLiteral("Freightdesk-Commit: %1\n").arg(event.commit);
    }
    return text;
}

} // namespace

QString PromotionLog::fileFor(const QDateTime& at) {
    return QStringLiteral("log/%1.jsonl").arg(at.toUTC().toString(QStringLiteral("yyyy-MM")));
}

PromotionLog::PromotionLog(GitRepository& repository, QString branch)
    : m_repository(repository)
    , m_branch(std::move(branch)) {}

Result<QString> PromotionLog::fetchTip() {
    auto tip = m_repository.fetch(m_branch);
    if (!tip && tip.error().kind == Error::Kind::NotFound)
        return QString(); // the first record makes the branch
    return tip;
}

Result<PromotionLogContents> PromotionLog::read(bool fetch) {
    PromotionLogContents contents;
    if (fetch) {
        auto tip = fetchTip();
        if (!tip)
            return std::move(tip).error();
        if (tip->isEmpty())
            return contents;
    }
    auto history = GitHistory::open(m_repository.gitDirectory());
    if (!history)
        return std::move(history).error();
    auto files = GitTreeFiles::open(std::move(*history), GitRepository::trackingRef(m_branch));
    if (!files) {
        if (!fetch && files.error().kind == Error::Kind::NotFound)
            return contents; // never fetched: nothing known offline
        return std::move(files).error();
    }
    contents.tip = (*files)->commitId();
    // Month files sort by name in time order; lines are in the order they were appended.
    for (const QString& path : (*files)->paths()) {
        if (!path.startsWith(QStringLiteral("log/")) || !path.endsWith(QStringLiteral(".jsonl")))
            continue;
        auto bytes = (*files)->read(path);
        if (!bytes)
            return std::move(bytes).error();
        const QList<QByteArray> lines = bytes->split('\n');
        for (qsizetype i = 0; i < lines.size(); ++i) {
            if (lines.at(i).trimmed().isEmpty())
                continue;
            const QString where = QStringLiteral("%1:%2").arg(path).arg(i + 1);
            QJsonParseError parseError;
            const QJsonDocument document = QJsonDocument::fromJson(lines.at(i), &parseError);
            auto event = document.isObject()
                             ? PromotionEvent::fromJson(document.object())
                             : Result<PromotionEvent>(Error{
                                   Error::Kind::Parse,
                                   QStringLiteral("a promotion log line is not a JSON object (%1)")
                                       .arg(parseError.errorString()),
                                   {}});
            if (!event) {
                contents.problems.append(Error{event.error().kind, event.error().message, where});
                continue;
            }
            contents.events.append(std::move(*event));
        }
    }
    std::stable_sort(contents.events.begin(), contents.events.end(),
                     [](const PromotionEvent& a, const PromotionEvent& b) { return a.at < b.at; });
    return contents;
}

Result<QString> PromotionLog::append(QList<PromotionEvent> events, int maxAttempts) {
    if (events.isEmpty())
        return Error{Error::Kind::InvalidInput, QStringLiteral("no events to record"), {}};
    auto identity = m_repository.identity();
    if (!identity)
        return std::move(identity).error();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (PromotionEvent& event : events) {
        if (!event.at.isValid())
            event.at = now;
        if (event.byName.isEmpty() && event.byEmail.isEmpty()) {
            event.byName = identity->name;
            event.byEmail = identity->email;
        }
    }
    for (int attempt = 1; attempt <= qMax(1, maxAttempts); ++attempt) {
        auto tip = fetchTip();
        if (!tip)
            return std::move(tip).error();
        QHash<QString, QByteArray> files;
        for (const PromotionEvent& event : events) {
            const QString path = fileFor(event.at);
            if (!files.contains(path)) {
                auto existing = tip->isEmpty() ? Result<QByteArray>(QByteArray())
                                               : m_repository.readFile(*tip, path);
                if (!existing && existing.error().kind != Error::Kind::NotFound)
                    return std::move(existing).error();
                QByteArray text = existing ? *existing : QByteArray();
                if (!text.isEmpty() && !text.endsWith('\n'))
                    text += '\n';
                files.insert(path, text);
            }
            files[path] += QJsonDocument(event.toJson()).toJson(QJsonDocument::Compact) + '\n';
        }
        auto commit = m_repository.createCommit(*tip, files, message(events));
        if (!commit)
            return std::move(commit).error();
        auto pushed = m_repository.push(*commit, m_branch);
        if (pushed)
            return commit;
        if (pushed.error().kind != Error::Kind::Rejected)
            return std::move(pushed).error();
    }
    return Error{Error::Kind::Rejected,
                 QStringLiteral("the promotion log branch %1 kept moving; %2 attempts were "
                                "rejected, try again")
                     .arg(m_branch)
                     .arg(maxAttempts),
                 {}};
}

} // namespace fd::core

#include "versionhistory.h"

#include "githistory.h"
#include "pipeline.h"
#include "targetvalue.h"
#include "targetvaluebatch.h"
#include "versionrecordtable.h"

#include <QCryptographicHash>
#include <QHash>
#include <QIODevice>
#include <QJsonObject>
#include <QSet>

namespace fd::core {

namespace {

constexpr quint32 cacheMagic = 0x46444848;   // "FDHH"
constexpr quint32 journalMagic = 0x4644484a; // "FDHJ"
constexpr quint32 cacheFormat = 2;
constexpr qsizetype checksumSize = 20; // SHA-1

/** One part of the cache: its size, its bytes and their checksum, so a torn append shows. */
QByteArray framed(const QByteArray& payload) {
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out << quint32(payload.size());
    return bytes + payload + QCryptographicHash::hash(payload, QCryptographicHash::Sha1);
}

/** The next part's payload at @p offset, advancing it; nothing when damaged or at the end. */
std::optional<QByteArray> nextFrame(const QByteArray& bytes, qsizetype& offset) {
    if (bytes.size() - offset < 4)
        return std::nullopt;
    QDataStream in(bytes.mid(offset, 4));
    quint32 size = 0;
    in >> size;
    if (qsizetype(size) > bytes.size() - offset - 4 - checksumSize)
        return std::nullopt;
    const QByteArray payload = bytes.mid(offset + 4, size);
    if (QCryptographicHash::hash(payload, QCryptographicHash::Sha1) !=
        bytes.mid(offset + 4 + size, checksumSize))
        return std::nullopt;
    offset += 4 + size + checksumSize;
    return payload;
}

/** A target of a stage, found by its file during the walk. */
struct TargetRef final {
    const PipelineStage* stage;
    const PipelineTarget* target;
};

/** The targets the history follows: the first of each stage in the pipeline's repository. */
QList<TargetRef> followedTargets(const Pipeline& pipeline) {
    QList<TargetRef> targets;
    for (const PipelineStage& stage : pipeline.stages) {
        for (const PipelineTarget& target : stage.targets) {
            if (target.repoUrl.isEmpty()) {
                targets.append({&stage, &target});
                break;
            }
        }
    }
    return targets;
}

QString keyOf(const QList<TargetRef>& targets) {
    QCryptographicHash hash(QCryptographicHash::Sha1);
    for (const TargetRef& ref : targets) {
        hash.addData(
            (ref.stage->name + QLatin1Char('\n') + targetKey(*ref.target) + QLatin1Char('\n'))
                .toUtf8());
    }
    return QString::fromLatin1(hash.result().toHex());
}

/** The top folders (or root files) holding the targets: the walk's path filter. */
QStringList walkPrefixes(const QList<TargetRef>& targets) {
    QStringList prefixes;
    for (const TargetRef& ref : targets) {
        const QString top = ref.target->file.section(QLatin1Char('/'), 0, 0);
        if (!prefixes.contains(top))
            prefixes.append(top);
    }
    return prefixes;
}

} // namespace

QJsonObject versionRecordToJson(const VersionRecord& record) {
    return {{QStringLiteral("stage"), record.stage},
            {QStringLiteral("service"), record.service},
            {QStringLiteral("environment"), record.environment},
            {QStringLiteral("version"), record.version},
            {QStringLiteral("file"), record.file},
            {QStringLiteral("commit"), record.commit},
            {QStringLiteral("author"), record.author},
            {QStringLiteral("authorEmail"), record.authorEmail},
            {QStringLiteral("date"),
             record.date.isValid() ? record.date.toString(Qt::ISODate) : QString()},
            {QStringLiteral("summary"), record.summary}};
}

Result<VersionHistory> VersionHistory::load(const GitHistory& git, const QString& tip,
                                            const Pipeline& pipeline,
                                            const VersionHistory* previous) {
    auto tipId = git.resolve(tip);
    if (!tipId)
        return std::move(tipId).error();
    const QList<TargetRef> targets = followedTargets(pipeline);
    VersionHistory history;
    history.m_tip = *tipId;
    history.m_targetsKey = keyOf(targets);

    QHash<QString, QList<TargetRef>> byFile;
    for (const TargetRef& ref : targets)
        byFile[ref.target->file].append(ref);

    // Continuing needs the same targets and the old tip in the new tip's history; after a
    // force-push or a reset the old changes may be gone, so everything is read again.
    bool continues = previous && previous->m_targetsKey == history.m_targetsKey;
    if (continues) {
        auto ancestor = git.isAncestor(previous->m_tip, history.m_tip);
        continues = ancestor && *ancestor;
    }
    // Target files the new commits touched; the other stages' current versions stand. A merge
    // may change files its parents did not, so one among them means every file is read again.
    QSet<QString> touched;
    bool reread = !continues;
    if (continues && previous->m_tip == history.m_tip) {
        history.m_changes = previous->m_changes;
    } else if (!targets.isEmpty()) {
        GitWalkOptions options;
        options.pathPrefixes = walkPrefixes(targets);
        if (continues)
            options.hide = {previous->m_tip};
        // The walk only notes which values each change needs; they are read afterwards in one
        // batch, on several threads (reading and parsing blobs is most of a full load).
        struct Pending final {
            qsizetype commit;
            const TargetRef* ref;
            int before;
            int after;
            QString path;
        };
        TargetValueBatch values;
        QList<GitCommitInfo> commits;
        std::vector<Pending> pending;
        const auto visit = [&](const GitCommitInfo& commit, const QList<GitPathChange>& changes) {
            ++history.m_commitsVisited;
            reread = reread || commit.parentIds.size() > 1;
            bool noted = false;
            for (const GitPathChange& change : changes) {
                const auto refs = byFile.constFind(change.path);
                if (refs == byFile.constEnd())
                    continue;
                touched.insert(change.path);
                for (const TargetRef& ref : *refs) {
                    pending.push_back({commits.size(), &ref,
                                       values.request(change.oldBlobId, *ref.target),
                                       values.request(change.newBlobId, *ref.target), change.path});
                    noted = true;
                }
            }
            if (noted)
                commits.append(commit);
            return true;
        };
        auto walked = git.walk(history.m_tip, options, visit);
        if (!walked)
            return std::move(walked).error();
        if (auto read = values.resolve(git); !read)
            return std::move(read).error();
        QList<VersionRecord> found;
        for (const Pending& change : pending) {
            const QString& after = values.value(change.after);
            if (after == values.value(change.before))
                continue;
            const GitCommitInfo& commit = commits.at(change.commit);
            const PipelineStage& stage = *change.ref->stage;
            found.append({stage.name, stage.service, stage.environment, after, change.path,
                          commit.id, commit.author.name, commit.author.email, commit.author.time,
                          commit.summary});
        }
        history.m_changes = found;
        if (continues) {
            history.m_changes.append(previous->m_changes);
            history.m_previousTip = previous->m_tip;
        }
    }

    // The newest change of each stage to each version: the one that set a current version.
    // Looked up, not searched: a thousand stages times ten thousand changes adds up.
    const auto versionKey = [](const QString& stage, const QString& version) {
        return stage + QLatin1Char('\n') + version;
    };
    QHash<QString, const VersionRecord*> newest;
    for (const VersionRecord& change : history.m_changes) {
        const QString key = versionKey(change.stage, change.version);
        if (!newest.contains(key))
            newest.insert(key, &change);
    }
    QHash<const PipelineStage*, const PipelineTarget*> targetOf;
    for (const TargetRef& ref : targets)
        targetOf.insert(ref.stage, ref.target);
    QHash<QString, const VersionRecord*> before;
    if (!reread) {
        for (const VersionRecord& record : previous->m_current)
            before.insert(record.stage, &record);
    }
    for (const PipelineStage& stage : pipeline.stages) {
        VersionRecord record{stage.name, stage.service, stage.environment, {}, {}, {}, {}, {}, {},
                             {}};
        const PipelineTarget* target = targetOf.value(&stage);
        if (const VersionRecord* kept = before.value(stage.name);
            kept && (!target || !touched.contains(target->file))) {
            history.m_current.append(*kept);
            continue;
        }
        if (target) {
            record.file = target->file;
            if (auto bytes = git.readFile(history.m_tip, record.file))
                record.version = readTargetValue(*target, *bytes).value_or(QString());
            if (const VersionRecord* change = newest.value(versionKey(stage.name, record.version));
                change && !record.version.isEmpty())
                record = *change;
        }
        history.m_current.append(record);
    }
    return history;
}

VersionHistory VersionHistory::fromRecords(QString tip, QList<VersionRecord> current,
                                           QList<VersionRecord> changes) {
    VersionHistory history;
    history.m_tip = std::move(tip);
    history.m_current = std::move(current);
    history.m_changes = std::move(changes);
    return history;
}

QList<VersionRecord> VersionHistory::changesOf(const QString& stage) const {
    QList<VersionRecord> result;
    for (const VersionRecord& record : m_changes) {
        if (record.stage == stage)
            result.append(record);
    }
    return result;
}

QByteArray VersionHistory::serialize() const {
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out.setVersion(QDataStream::Qt_6_4);
    out << cacheMagic << cacheFormat << m_tip << m_targetsKey;
    VersionRecordTable::write(out, {m_current, m_changes});
    return framed(bytes);
}

std::optional<QByteArray> VersionHistory::serializeAfter(const VersionHistory& previous) const {
    if (m_previousTip.isEmpty() || m_previousTip != previous.m_tip ||
        m_targetsKey != previous.m_targetsKey || m_changes.size() < previous.m_changes.size())
        return std::nullopt;
    // The current versions by index, only those that moved (all when the stages changed).
    const bool sameStages = m_current.size() == previous.m_current.size();
    QList<quint32> indices;
    QList<VersionRecord> moved;
    for (qsizetype i = 0; i < m_current.size(); ++i) {
        const VersionRecord& now = m_current.at(i);
        if (sameStages) {
            const VersionRecord& before = previous.m_current.at(i);
            if (now.stage == before.stage && now.version == before.version &&
                now.commit == before.commit && now.file == before.file)
                continue;
        }
        indices.append(quint32(i));
        moved.append(now);
    }
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out.setVersion(QDataStream::Qt_6_4);
    out << journalMagic << cacheFormat << previous.m_tip << m_tip << m_targetsKey
        << quint32(m_current.size()) << indices;
    VersionRecordTable::write(
        out, {moved, m_changes.first(m_changes.size() - previous.m_changes.size())});
    return framed(bytes);
}

namespace {

/** Applies one appended part to @p history; false when it is damaged or does not follow it. */
bool applyJournal(const QByteArray& payload, QString& tip, const QString& targetsKey,
                  QList<VersionRecord>& current, QList<QList<VersionRecord>>& added) {
    QDataStream in(payload);
    in.setVersion(QDataStream::Qt_6_4);
    quint32 magic = 0;
    quint32 format = 0;
    QString base;
    QString next;
    QString key;
    quint32 count = 0;
    QList<quint32> indices;
    QList<QList<VersionRecord>> lists;
    in >> magic >> format >> base >> next >> key >> count >> indices;
    if (in.status() != QDataStream::Ok || magic != journalMagic || format != cacheFormat ||
        base != tip || key != targetsKey || next.isEmpty() ||
        !VersionRecordTable::read(in, lists) || lists.size() != 2 || !in.atEnd() ||
        lists.at(0).size() != indices.size())
        return false;
    if (count != quint32(current.size()) && indices.size() != qsizetype(count))
        return false; // the stages changed, yet not every current version came along
    QList<VersionRecord> updated = current;
    updated.resize(count);
    for (qsizetype i = 0; i < indices.size(); ++i) {
        if (indices.at(i) >= count)
            return false;
        updated[indices.at(i)] = lists.at(0).at(i);
    }
    current = std::move(updated);
    added.append(lists.at(1));
    tip = next;
    return true;
}

} // namespace

Result<VersionHistory> VersionHistory::deserialize(const QByteArray& bytes) {
    const Error damaged{
        Error::Kind::Parse, QStringLiteral("not a version history Freightdesk wrote"), {}};
    qsizetype offset = 0;
    const std::optional<QByteArray> full = nextFrame(bytes, offset);
    if (!full)
        return damaged;
    QDataStream in(*full);
    in.setVersion(QDataStream::Qt_6_4);
    quint32 magic = 0;
    quint32 format = 0;
    VersionHistory history;
    in >> magic >> format;
    QList<QList<VersionRecord>> lists;
    if (in.status() != QDataStream::Ok || magic != cacheMagic || format != cacheFormat)
        return damaged;
    in >> history.m_tip >> history.m_targetsKey;
    if (!VersionRecordTable::read(in, lists) || lists.size() != 2 || !in.atEnd() ||
        history.m_tip.isEmpty())
        return damaged;
    history.m_current = lists.at(0);
    QList<QList<VersionRecord>> added; // oldest part first
    while (offset < bytes.size()) {
        const std::optional<QByteArray> part = nextFrame(bytes, offset);
        if (!part ||
            !applyJournal(*part, history.m_tip, history.m_targetsKey, history.m_current, added)) {
            history.m_journalIntact = false;
            break;
        }
        ++history.m_journalLength;
    }
    // Newest first: the last part's changes, ..., the first part's, then the full part's.
    for (auto part = added.crbegin(); part != added.crend(); ++part)
        history.m_changes.append(*part);
    history.m_changes.append(lists.at(1));
    return history;
}

} // namespace fd::core

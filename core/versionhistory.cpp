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

constexpr quint32 cacheMagic = 0x46444848; // "FDHH"
constexpr quint32 cacheFormat = 1;

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
        if (continues)
            history.m_changes.append(previous->m_changes);
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
    return bytes;
}

Result<VersionHistory> VersionHistory::deserialize(const QByteArray& bytes) {
    QDataStream in(bytes);
    in.setVersion(QDataStream::Qt_6_4);
    quint32 magic = 0;
    quint32 format = 0;
    VersionHistory history;
    in >> magic >> format;
    QList<QList<VersionRecord>> lists;
    if (in.status() == QDataStream::Ok && magic == cacheMagic && format == cacheFormat) {
        in >> history.m_tip >> history.m_targetsKey;
        if (VersionRecordTable::read(in, lists) && lists.size() == 2 && in.atEnd() &&
            !history.m_tip.isEmpty()) {
            history.m_current = lists.at(0);
            history.m_changes = lists.at(1);
            return history;
        }
    }
    return Error{Error::Kind::Parse, QStringLiteral("not a version history Freightdesk wrote"), {}};
}

} // namespace fd::core

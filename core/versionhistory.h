#pragma once

#include "result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace fd::core {

class GitHistory;
struct Pipeline;

/** A version a stage's target was set to, by whom, when, in which commit. */
struct VersionRecord final {
    QString stage;
    QString service;
    QString environment;
    /** The value written (an image tag, a digest as "@sha256:..."); empty when it was removed. */
    QString version;
    QString file;
    QString commit;
    QString author;
    QString authorEmail;
    QDateTime date;
    QString summary;
};

/** @p record as JSON: the fields by name, the date in ISO 8601 with its UTC offset. */
QJsonObject versionRecordToJson(const VersionRecord& record);

/**
 * The current desired version of every stage of a pipeline at a branch tip, and the history of
 * how each got there, read in one walk over the history of the target files (not one per file).
 * A change is a commit after which a stage's target reads differently than before it; commits
 * that touch the file but not the value (replicaCount, a comment) are not changes.
 *
 * load() with the previous result walks only the commits that are new since its tip, when the
 * pipeline's targets are the same and the old tip is still in the new tip's history.
 */
class VersionHistory final {
public:
    static Result<VersionHistory> load(const GitHistory& git, const QString& tip,
                                       const Pipeline& pipeline,
                                       const VersionHistory* previous = nullptr);

    /** A history of records read before (a RepositoryState's), for the queries that need one. */
    static VersionHistory fromRecords(QString tip, QList<VersionRecord> current,
                                      QList<VersionRecord> changes);

    /** The commit the versions were read at. */
    const QString& tip() const { return m_tip; }
    /**
     * Per stage (pipeline order), its version at the tip and the commit that set it; a stage
     * whose target is missing has an empty version and no commit.
     */
    const QList<VersionRecord>& current() const { return m_current; }
    /** Every change, newest first. */
    const QList<VersionRecord>& changes() const { return m_changes; }
    /** The changes of @p stage, newest first. */
    QList<VersionRecord> changesOf(const QString& stage) const;
    /** Commits the last load() visited (for the incremental check and the benchmark). */
    int commitsVisited() const { return m_commitsVisited; }

    /** For the disk cache: everything needed to continue from this result, compactly. */
    QByteArray serialize() const;
    /**
     * What to append to the cache that @p previous was read from so that it reads as this
     * result: the new changes and the current versions that moved, a few hundred bytes for a
     * commit instead of the whole history again. Nothing when this result does not continue
     * @p previous (other targets, history rewritten): then the cache is written anew.
     */
    std::optional<QByteArray> serializeAfter(const VersionHistory& previous) const;
    /**
     * What serialize() wrote followed by what serializeAfter() appended; an error for anything
     * else (another format, damage). A damaged or torn appended part reads as the result
     * before it, with journalIntact() false.
     */
    static Result<VersionHistory> deserialize(const QByteArray& bytes);
    /** The parts appended after the full one in the bytes this was read from. */
    int journalLength() const { return m_journalLength; }
    /** False when the bytes this was read from end in a damaged part: append nothing there. */
    bool journalIntact() const { return m_journalIntact; }

private:
    QString m_tip;
    /** Identifies the targets the history was read for; a different pipeline reads anew. */
    QString m_targetsKey;
    QList<VersionRecord> m_current;
    QList<VersionRecord> m_changes;
    int m_commitsVisited = 0;
    /** The tip of the previous result this one continues (its changes follow ours). */
    QString m_previousTip;
    int m_journalLength = 0;
    bool m_journalIntact = true;
};

} // namespace fd::core

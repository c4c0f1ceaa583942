#pragma once

#include "pipeline.h"
#include "pipelinediscovery.h"
#include "result.h"

#include <QByteArray>
#include <QHash>
#include <QSet>
#include <QString>

#include <optional>

namespace fd::core {

class GitTreeFiles;

/**
 * A discovery's pipeline together with what it read: the file listing, each file read with its
 * blob id and why (a manifest, freightdesk.yaml, a values file probed for `apiVersion`, a values
 * file's `repository:` for lint). A later commit is compared with the reads alone, so a load
 * after a promotion reads the files that commit changed and nothing else:
 * - same options, same paths, every file that fed the model unchanged: the pipeline stands;
 * - a changed file that was only probed is read again, and must still hold no manifest;
 * - a changed file lint read for `repository:` is read again and its image findings redone.
 * Anything else (a new or deleted file, a changed manifest or freightdesk.yaml, a values file
 * that now holds `apiVersion`) means a full discovery. Either way the result is what a full
 * discovery of the new commit finds.
 */
class DiscoveryCache final {
public:
    /**
     * The pipeline of @p files: brought up to date from @p previous when its reads allow,
     * else discovered in full.
     */
    static Result<DiscoveryCache> load(const GitTreeFiles& files, const DiscoveryOptions& options,
                                       const DiscoveryCache* previous = nullptr);

    const Pipeline& pipeline() const { return m_pipeline; }
    /** The commit the pipeline is of. */
    const QString& commitId() const { return m_commitId; }
    /** True when load() reused @p previous rather than discovering in full. */
    bool reused() const { return m_reused; }
    /**
     * True when the reuse was decided by comparing the cached commit's tree with this one (the
     * cached commit is in the repository), so the cache stays good for the next load as it is.
     */
    bool comparedTrees() const { return m_comparedTrees; }
    /** Files load() read to bring @p previous up to date (0 when it discovered in full). */
    int filesReread() const { return m_filesReread; }

    QByteArray serialize() const;
    /** A Parse error for bytes this version did not write (damaged, older or newer format). */
    static Result<DiscoveryCache> deserialize(const QByteArray& bytes);

private:
    struct FileRead final {
        QString blobId;
        quint8 purposes = 0; // RecordingFiles::Purpose bits
    };

    static Result<DiscoveryCache> discover(const GitTreeFiles& files,
                                           const DiscoveryOptions& options);
    /** This cache moved to @p files, or nullopt when a full discovery is needed. */
    std::optional<DiscoveryCache> update(const GitTreeFiles& files,
                                         const DiscoveryOptions& options) const;
    void redoImageFindings(const GitTreeFiles& files, const QSet<QString>& changed);

    QString m_commitId;
    QByteArray m_optionsKey;
    QByteArray m_listingKey;
    QHash<QString, FileRead> m_reads;
    /** repositoryBeside() of each tag target lint checked, by targetKey(). */
    QHash<QString, QString> m_repositories;
    Pipeline m_pipeline;
    /** The pipeline's findings end with this many from imageMismatches(). */
    qint64 m_imageFindings = 0;
    bool m_reused = false;
    bool m_comparedTrees = false;
    int m_filesReread = 0;
};

} // namespace fd::core

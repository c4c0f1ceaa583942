#pragma once

// Private to core: what discovery read, for DiscoveryCache.

#include "repositoryfiles.h"

#include <QHash>

namespace fd::core {

class GitTreeFiles;

/**
 * GitTreeFiles that note every file read with its blob id and why it was read, so that a later
 * tree can be compared with the reads alone. Reads are Model unless set otherwise; a manifest
 * probe that finds a file able to hold a manifest (or cannot read it) counts as Model, since
 * what it found then fed the model. Not thread-safe: discovery reads on one thread.
 */
class RecordingFiles final : public RepositoryFiles {
public:
    enum Purpose : quint8 {
        Model = 1,         // anything in the file may change the pipeline
        ManifestProbe = 2, // read only to see that it holds no manifest (mayHoldManifest)
        ImageLint = 4,     // read only for the `repository:` beside a tag target
    };

    struct Read final {
        /** Empty for a path that is no file. */
        QString blobId;
        /** Purpose bits. */
        quint8 purposes = 0;
    };

    explicit RecordingFiles(const GitTreeFiles& files);

    /** The purpose of the reads that follow. */
    void setPurpose(Purpose purpose) { m_purpose = purpose; }
    /** Every path read. */
    const QHash<QString, Read>& reads() const { return m_reads; }

    QStringList paths() const override;
    bool contains(const QString& path) const override;
    Result<QByteArray> read(const QString& path) const override;
    QString description() const override;

private:
    const GitTreeFiles& m_files;
    Purpose m_purpose = Model;
    mutable QHash<QString, Read> m_reads;
};

} // namespace fd::core

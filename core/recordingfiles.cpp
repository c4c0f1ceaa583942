#include "recordingfiles.h"

#include "gittreefiles.h"
#include "manifestscan.h"

namespace fd::core {

RecordingFiles::RecordingFiles(const GitTreeFiles& files)
    : m_files(files) {}

QStringList RecordingFiles::paths() const {
    return m_files.paths();
}

bool RecordingFiles::contains(const QString& path) const {
    return m_files.contains(path);
}

Result<QByteArray> RecordingFiles::read(const QString& path) const {
    auto bytes = m_files.read(path);
    quint8 purpose = m_purpose;
    if (purpose == ManifestProbe && (!bytes || mayHoldManifest(*bytes)))
        purpose = Model;
    Read& entry = m_reads[path];
    entry.blobId = m_files.blobId(path);
    entry.purposes |= purpose;
    return bytes;
}

QString RecordingFiles::description() const {
    return m_files.description();
}

} // namespace fd::core

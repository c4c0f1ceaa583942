#include "discoverycache.h"

#include "gittreefiles.h"
#include "manifestscan.h"
#include "pipelinecodec.h"
#include "pipelinelint.h"
#include "recordingfiles.h"

#include <QCryptographicHash>
#include <QDataStream>
#include <QIODevice>
#include <QSet>

namespace fd::core {

namespace {

constexpr quint32 cacheMagic = 0x46444450; // "FDDP"
constexpr quint32 cacheFormat = 4;

QString targetKey(const PipelineTarget& target) {
    return target.file + u'\n' + target.key;
}

QByteArray optionsKey(const DiscoveryOptions& options) {
    QByteArray key;
    QDataStream out(&key, QIODevice::WriteOnly);
    out << options.project << options.branch << options.repositoryUrls;
    return key;
}

/** Discovery lists the paths (Argo CD and layout look at them): any new or deleted file counts. */
QByteArray listingKey(const GitTreeFiles& files) {
    QCryptographicHash hash(QCryptographicHash::Sha1);
    for (const QString& path : files.paths()) {
        hash.addData(path.toUtf8());
        hash.addData(QByteArrayView("\n", 1));
    }
    return hash.result();
}

} // namespace

Result<DiscoveryCache> DiscoveryCache::load(const GitTreeFiles& files,
                                            const DiscoveryOptions& options,
                                            const DiscoveryCache* previous) {
    if (previous) {
        if (auto next = previous->update(files, options))
            return std::move(*next);
    }
    return discover(files, options);
}

Result<DiscoveryCache> DiscoveryCache::discover(const GitTreeFiles& files,
                                                const DiscoveryOptions& options) {
    if (auto listed = files.list(); !listed)
        return std::move(listed).error();
    DiscoveryCache cache;
    RecordingFiles recording(files);
    recording.setPurpose(RecordingFiles::ManifestProbe);
    const ManifestScan scan = ManifestScan::read(recording);
    recording.setPurpose(RecordingFiles::Model);
    const auto repositoryOf = [&](const PipelineTarget& target) {
        recording.setPurpose(RecordingFiles::ImageLint);
        const QString repository = repositoryBeside(target, recording);
        recording.setPurpose(RecordingFiles::Model);
        cache.m_repositories.insert(targetKey(target), repository);
        return repository;
    };
    auto pipeline = PipelineDiscovery::discover(scan, recording, options, repositoryOf);
    if (!pipeline)
        return std::move(pipeline).error();
    cache.m_pipeline = std::move(*pipeline);
    cache.m_imageFindings = imageMismatches(cache.m_pipeline, [&](const PipelineTarget& target) {
                                return cache.m_repositories.value(targetKey(target));
                            }).size();
    for (auto it = recording.reads().cbegin(); it != recording.reads().cend(); ++it)
        cache.m_reads.insert(it.key(), {it->blobId, it->purposes});
    cache.m_commitId = files.commitId();
    cache.m_optionsKey = optionsKey(options);
    cache.m_listingKey = listingKey(files);
    return cache;
}

std::optional<DiscoveryCache> DiscoveryCache::update(const GitTreeFiles& files,
                                                     const DiscoveryOptions& options) const {
    if (optionsKey(options) != m_optionsKey)
        return std::nullopt;
    // The trees compared from the cached commit: a promotion's one file, not the whole listing.
    QHash<QString, QString> changedBlobs; // path -> new blob id
    bool comparedTrees = true;
    if (files.commitId() != m_commitId) {
        const auto changes = files.changesSince(m_commitId);
        comparedTrees = changes.has_value();
        if (changes) {
            for (const GitPathChange& change : *changes) {
                if (change.status != GitPathChange::Status::Modified)
                    return std::nullopt; // a new or deleted file: the listing discovery saw moved
                changedBlobs.insert(change.path, change.newBlobId);
            }
        } else if (listingKey(files) != m_listingKey) { // the cached commit is gone
            return std::nullopt;
        } else {
            for (auto it = m_reads.cbegin(); it != m_reads.cend(); ++it)
                changedBlobs.insert(it.key(), files.blobId(it.key()));
        }
    }
    DiscoveryCache next = *this;
    next.m_commitId = files.commitId();
    next.m_reused = true;
    next.m_comparedTrees = comparedTrees;
    next.m_filesReread = 0;
    QSet<QString> lintChanged;
    for (auto changed = changedBlobs.cbegin(); changed != changedBlobs.cend(); ++changed) {
        const auto it = next.m_reads.find(changed.key());
        if (it == next.m_reads.end() || it->blobId == changed.value())
            continue;
        if (it->purposes & RecordingFiles::Model)
            return std::nullopt;
        ++next.m_filesReread;
        if (it->purposes & RecordingFiles::ManifestProbe) {
            const auto bytes = files.read(it.key());
            if (!bytes || mayHoldManifest(*bytes))
                return std::nullopt;
        }
        if (it->purposes & RecordingFiles::ImageLint)
            lintChanged.insert(it.key());
        it->blobId = changed.value();
    }
    if (!lintChanged.isEmpty())
        next.redoImageFindings(files, lintChanged);
    return next;
}

void DiscoveryCache::redoImageFindings(const GitTreeFiles& files, const QSet<QString>& changed) {
    for (const PipelineStage& stage : m_pipeline.stages) {
        for (const PipelineTarget& target : stage.targets) {
            const auto repository = m_repositories.find(targetKey(target));
            if (changed.contains(target.file) && repository != m_repositories.end())
                *repository = repositoryBeside(target, files);
        }
    }
    Findings& findings = m_pipeline.findings;
    findings.resize(findings.size() - m_imageFindings);
    const Findings redone = imageMismatches(m_pipeline, [this](const PipelineTarget& target) {
        return m_repositories.value(targetKey(target));
    });
    findings += redone;
    m_imageFindings = redone.size();
}

QByteArray DiscoveryCache::serialize() const {
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out.setVersion(QDataStream::Qt_6_4);
    out << cacheMagic << cacheFormat << m_commitId << m_optionsKey << m_listingKey
        << m_imageFindings << quint32(m_reads.size());
    for (auto it = m_reads.cbegin(); it != m_reads.cend(); ++it)
        out << it.key() << QByteArray::fromHex(it->blobId.toLatin1()) << it->purposes;
    out << m_repositories;
    PipelineCodec::write(out, m_pipeline);
    // A checksum, because a damaged string would otherwise read as a wrong pipeline.
    return bytes + QCryptographicHash::hash(bytes, QCryptographicHash::Sha1);
}

Result<DiscoveryCache> DiscoveryCache::deserialize(const QByteArray& bytes) {
    const auto damaged = [] {
        return Error{
            Error::Kind::Parse, QStringLiteral("not a discovery cache Freightdesk wrote"), {}};
    };
    const qsizetype checksumSize = QCryptographicHash::hashLength(QCryptographicHash::Sha1);
    if (bytes.size() < checksumSize)
        return damaged();
    const QByteArray payload = bytes.left(bytes.size() - checksumSize);
    if (QCryptographicHash::hash(payload, QCryptographicHash::Sha1) != bytes.right(checksumSize))
        return damaged();
    QDataStream in(payload);
    in.setVersion(QDataStream::Qt_6_4);
    quint32 magic = 0;
    quint32 format = 0;
    quint32 reads = 0;
    DiscoveryCache cache;
    in >> magic >> format;
    if (in.status() != QDataStream::Ok || magic != cacheMagic || format != cacheFormat)
        return damaged();
    in >> cache.m_commitId >> cache.m_optionsKey >> cache.m_listingKey >> cache.m_imageFindings >>
        reads;
    for (quint32 i = 0; i < reads && in.status() == QDataStream::Ok; ++i) {
        QString path;
        QByteArray blobId;
        FileRead read;
        in >> path >> blobId >> read.purposes;
        read.blobId = QString::fromLatin1(blobId.toHex());
        constexpr quint8 allPurposes =
            RecordingFiles::Model | RecordingFiles::ManifestProbe | RecordingFiles::ImageLint;
        if (read.purposes == 0 || (read.purposes & ~allPurposes) != 0)
            return damaged();
        cache.m_reads.insert(path, read);
    }
    in >> cache.m_repositories;
    if (in.status() != QDataStream::Ok || !PipelineCodec::read(in, cache.m_pipeline) ||
        !in.atEnd() || cache.m_commitId.isEmpty() || cache.m_imageFindings < 0 ||
        cache.m_imageFindings > cache.m_pipeline.findings.size())
        return damaged();
    return cache;
}

} // namespace fd::core

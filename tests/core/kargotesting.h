#pragma once

#include "kargomanifests.h"
#include "manifestscan.h"
#include "memoryfiles.h"

namespace fd::test {

/** The Kargo manifests of a repository in ../shared/fixtures. */
inline core::KargoManifests readKargoFixture(const QString& repository) {
    return core::KargoManifests::read(core::ManifestScan::read(
        MemoryFiles::fromFolder(QStringLiteral(FREIGHTDESK_FIXTURES_DIR "/") + repository)));
}

/** The Kargo manifests of one file holding @p yaml. */
inline core::KargoManifests readKargoText(const QByteArray& yaml) {
    MemoryFiles files;
    files.insert(QStringLiteral("kargo.yaml"), yaml);
    return core::KargoManifests::read(core::ManifestScan::read(files));
}

} // namespace fd::test

#include "directoryfiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

namespace fd::core {

Result<std::unique_ptr<DirectoryFiles>> DirectoryFiles::open(const QString& folder,
                                                             qint64 maximumFileSize) {
    const QFileInfo info(folder);
    if (!info.isDir())
        return Error{Error::Kind::NotFound, QStringLiteral("there is no folder '%1'").arg(folder),
                     folder};
    // Canonical, so that a link's target can be compared with it whatever links lead to it.
    std::unique_ptr<DirectoryFiles> files(
        new DirectoryFiles(info.canonicalFilePath(), maximumFileSize));
    files->scan(files->m_folder, {});
    std::sort(files->m_paths.begin(), files->m_paths.end());
    return files;
}

DirectoryFiles::DirectoryFiles(QString folder, qint64 maximumFileSize)
    : m_folder(std::move(folder))
    , m_maximumFileSize(maximumFileSize) {}

void DirectoryFiles::scan(const QString& absolute, const QString& relative) {
    const QFileInfoList entries = QDir(absolute).entryInfoList(QDir::AllEntries | QDir::Hidden |
                                                               QDir::System | QDir::NoDotAndDotDot);
    for (const QFileInfo& entry : entries) {
        const QString name = entry.fileName();
        // A checkout's Git folder, or the `.git` file of a work tree or submodule.
        if (name == QStringLiteral(".git"))
            continue;
        const QString path = relative.isEmpty() ? name : relative + u'/' + name;
        if (entry.isSymLink()) {
            const QString target = entry.canonicalFilePath(); // empty when dangling
            const bool inside = target.startsWith(m_folder + u'/');
            if (!inside || !QFileInfo(target).isFile())
                continue;
        } else if (entry.isDir()) {
            scan(entry.filePath(), path);
            continue;
        } else if (!entry.isFile()) {
            continue; // sockets, fifos, devices
        }
        if (entry.size() > m_maximumFileSize) {
            m_tooLarge.insert(path);
            continue;
        }
        m_paths.append(path);
        m_files.insert(path);
    }
}

QStringList DirectoryFiles::paths() const {
    return m_paths;
}

Result<QByteArray> DirectoryFiles::read(const QString& path) const {
    const QString absolute = m_folder + u'/' + path;
    const auto tooLarge = [&] {
        return Error{Error::Kind::TooLarge,
                     QStringLiteral("'%1' in %2 is over the %3-byte limit for repository files")
                         .arg(path, m_folder)
                         .arg(m_maximumFileSize),
                     absolute};
    };
    if (m_tooLarge.contains(path))
        return tooLarge();
    // Only listed paths: anything else ("../x", a skipped link) is not one of this folder's files.
    if (!m_files.contains(path))
        return Error{Error::Kind::NotFound,
                     QStringLiteral("'%1' is not a file in %2").arg(path, m_folder), absolute};
    QFile file(absolute);
    if (!file.open(QIODevice::ReadOnly))
        return Error{Error::Kind::Io,
                     QStringLiteral("could not read '%1': %2").arg(path, file.errorString()),
                     absolute};
    QByteArray bytes = file.read(m_maximumFileSize + 1);
    if (bytes.size() > m_maximumFileSize) // grew since the listing
        return tooLarge();
    if (file.error() != QFileDevice::NoError)
        return Error{Error::Kind::Io,
                     QStringLiteral("could not read '%1': %2").arg(path, file.errorString()),
                     absolute};
    return bytes;
}

QString DirectoryFiles::description() const {
    return m_folder;
}

} // namespace fd::core

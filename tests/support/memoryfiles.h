#pragma once

#include "repositoryfiles.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QMap>

namespace fd::test {

/** Repository files held in memory, for hand-made discovery cases and fixture folders. */
class MemoryFiles final : public core::RepositoryFiles {
public:
    MemoryFiles() = default;
    explicit MemoryFiles(QMap<QString, QByteArray> files)
        : m_files(std::move(files)) {}

    /** Every file under @p folder (e.g. a fixture repository), with relative paths. */
    static MemoryFiles fromFolder(const QString& folder) {
        QMap<QString, QByteArray> files;
        const QDir root(folder);
        QDirIterator it(folder, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QFile file(path);
            if (file.open(QIODevice::ReadOnly))
                files.insert(root.relativeFilePath(path), file.readAll());
        }
        return MemoryFiles(files);
    }

    void insert(const QString& path, const QByteArray& bytes) { m_files.insert(path, bytes); }

    bool contains(const QString& path) const override { return m_files.contains(path); }
    QStringList paths() const override { return m_files.keys(); }
    core::Result<QByteArray> read(const QString& path) const override {
        const auto found = m_files.constFind(path);
        if (found == m_files.constEnd())
            return core::Error{core::Error::Kind::NotFound, QStringLiteral("no such file"), path};
        return *found;
    }
    QString description() const override { return QStringLiteral("memory"); }

private:
    QMap<QString, QByteArray> m_files;
};

} // namespace fd::test

#pragma once

#include "repositoryfiles.h"

#include <QSet>

#include <memory>

namespace fd::core {

/**
 * The files of a folder on disk, as discovery reads a checkout. Left out: `.git` (folder or
 * file), symbolic links that lead outside the folder or to a folder (never followed, so a link
 * cannot loop), and files over the size limit, which read() reports as TooLarge. Paths use '/'
 * on every OS. The listing is taken once, at open(); read() reads the file as it is then.
 */
class DirectoryFiles final : public RepositoryFiles {
public:
    static constexpr qint64 defaultMaximumFileSize = 8 * 1024 * 1024;

    static Result<std::unique_ptr<DirectoryFiles>>
    open(const QString& folder, qint64 maximumFileSize = defaultMaximumFileSize);

    QStringList paths() const override;
    bool contains(const QString& path) const override { return m_files.contains(path); }
    Result<QByteArray> read(const QString& path) const override;
    /** The folder. */
    QString description() const override;

private:
    DirectoryFiles(QString folder, qint64 maximumFileSize);
    void scan(const QString& absolute, const QString& relative);

    QString m_folder; // canonical
    qint64 m_maximumFileSize;
    QStringList m_paths;
    QSet<QString> m_files; // m_paths, for lookups
    QSet<QString> m_tooLarge;
};

} // namespace fd::core

#pragma once

#include "result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace fd::core {

/**
 * The files of a repository as discovery reads them: one revision of a Git repository, or a
 * folder on disk. Paths are repository-relative with '/' separators, in sorted order.
 */
class RepositoryFiles {
public:
    virtual ~RepositoryFiles() = default;

    /** Every regular file (not folders, not submodules), sorted. */
    virtual QStringList paths() const = 0;
    /** Whether @p path is one of paths(), without copying or scanning the list. */
    virtual bool contains(const QString& path) const = 0;
    /** The bytes of @p path; NotFound when it is not one of paths(). */
    virtual Result<QByteArray> read(const QString& path) const = 0;
    /** Names the source in messages: a folder, or "<repository>@<short commit>". */
    virtual QString description() const = 0;
};

} // namespace fd::core

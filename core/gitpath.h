#pragma once

#include "result.h"

#include <QByteArray>
#include <QString>

namespace fd::core {

/**
 * Checks a repository-relative path ("env/prod/values.yaml") before it reaches the object
 * database, and returns it as the UTF-8 bytes Git stores. Refused, as InvalidInput: empty paths,
 * absolute paths, backslashes, NUL and line breaks, and empty, ".", ".." or ".git" components
 * (".git" in any case, because case-insensitive file systems treat ".GIT" as the Git folder).
 */
Result<QByteArray> validateRepositoryPath(const QString& path);

} // namespace fd::core

#pragma once

#include "result.h"

#include <QString>

namespace fd::core {

/**
 * Repository-relative paths as manifests write them: `/env/dev/values.yaml` from the
 * repository root, `../../env/dev/values.yaml` or `./` relative to a folder. Normalised results
 * have '/' separators, no `.`/`..` components, no leading, trailing or doubled '/', and the root
 * is the empty string.
 */
class RepositoryPath final {
public:
    /**
     * @p path resolved against @p folder (itself a normalised repository path), or from the
     * root when it starts with '/'. InvalidInput when it climbs above the root.
     */
    static Result<QString> resolve(const QString& folder, const QString& path);
    /** True when @p path is @p folder or lies under it (the root contains everything). */
    static bool contains(const QString& folder, const QString& path);
    /** The folder holding @p path; empty for a path at the root. */
    static QString parentOf(const QString& path);
    /**
     * Go's `path.Match`, as Argo CD matches directory generator paths: `*` any run of characters
     * but '/', `?` one such character, `[a-z]` / `[^a-z]` classes, `\` escapes. Whole text only.
     */
    static bool matchesGlob(const QString& pattern, const QString& text);
};

} // namespace fd::core

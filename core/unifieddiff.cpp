#include "unifieddiff.h"

#include "githandles.h"
#include "gitpath.h"
#include "gitsupport.h"

namespace fd::core {

Result<QString> UnifiedDiff::between(const QString& path, const QByteArray& before,
                                     const QByteArray& after) {
    return between(path, path, before, after);
}

Result<QString> UnifiedDiff::between(const QString& oldPath, const QString& newPath,
                                     const QByteArray& before, const QByteArray& after) {
    ensureLibgit2();
    const QString& path = newPath;
    // The paths end up in header lines; a line break in one would forge further lines.
    auto oldGitPath = validateRepositoryPath(oldPath);
    if (!oldGitPath)
        return std::move(oldGitPath).error();
    auto gitPath = validateRepositoryPath(newPath);
    if (!gitPath)
        return std::move(gitPath).error();

    // Defaults match `git diff`: 3 lines of context, no inter-hunk context, Myers, and the same
    // xdiff engine, so hunks, "@@ ... @@ <context line>" headers, CRLF bytes and
    // "\ No newline at end of file" come out as git prints them. Both sides are 100644 blobs.
    git_diff_options options;
    git_diff_options_init(&options, GIT_DIFF_OPTIONS_VERSION);
    git_patch* raw = nullptr;
    const int rc = git_patch_from_buffers(
        &raw, before.constData(), static_cast<size_t>(before.size()), oldGitPath->constData(),
        after.constData(), static_cast<size_t>(after.size()), gitPath->constData(), &options);
    const GitPatchHandle patch(raw);
    if (rc < 0) {
        const GitFailure failure = GitFailure::capture(rc);
        return Error{Error::Kind::Git, QStringLiteral("could not diff: %1").arg(failure.message),
                     path};
    }
    GitBuffer text;
    if (const int printRc = git_patch_to_buf(text.get(), patch.get()); printRc < 0) {
        const GitFailure failure = GitFailure::capture(printRc);
        return Error{Error::Kind::Git,
                     QStringLiteral("could not print the diff: %1").arg(failure.message), path};
    }
    return QString::fromUtf8(text.toByteArray());
}

} // namespace fd::core

#pragma once

#include <QString>

namespace fd::core {

/**
 * Kargo's URL normalisation (its pkg/urls), which goes into freight IDs: to agree with Kargo on
 * identity these follow its rules, quirks included, not Freightdesk's own RemoteUrl.
 */

/**
 * A Git URL: whitespace and invisible characters trimmed, user info dropped from http(s),
 * one trailing "/" then ".git" removed, scp-like `[user@]host:path` turned into
 * "ssh://[user@]host/path", all lower-case. Anything else (internal spaces, a query, a form it
 * does not know) is returned as given.
 */
QString kargoNormalizeGitUrl(const QString& url);

/**
 * An image repository as go-containerregistry reads it (weak validation): tag or digest dropped;
 * Docker Hub names ("docker.io/library/x", "index.docker.io/x", "x") shortened to "x" or
 * "org/x"; other registries as "host[:port]/path". Whitespace is removed first; what does not
 * parse is returned as given.
 */
QString kargoNormalizeImageUrl(const QString& url);

/** A chart repository: trimmed, lower-case, without "oci://", then as an image repository. */
QString kargoNormalizeChartUrl(const QString& url);

/** Go's path.Join: the non-empty elements joined by '/', then cleaned ("//" → "/", "." and ".."). */
QString goPathJoin(const QString& first, const QString& second);

} // namespace fd::core

#pragma once

#include "result.h"

#include <QString>
#include <QStringList>

namespace fd::core {

struct WarehouseSubscription;

/**
 * How a Warehouse subscription picks tags, as Kargo defines it: an image's
 * `imageSelectionStrategy` (SemVer by default, Lexical, NewestBuild, Digest) or the tag-based
 * `commitSelectionStrategy` of a Git subscription (SemVer, Lexical, NewestTag), with
 * `allowTagsRegexes` / `ignoreTagsRegexes`, the constraint and `discoveryLimit`.
 */
struct TagSelectionPolicy final {
    enum class Strategy { SemVer, Lexical, NewestBuild, Digest, NewestTag };

    static constexpr int defaultDiscoveryLimit = 20; // Kargo's CRD default
    static constexpr int maxDiscoveryLimit = 100;    // and its maximum

    Strategy strategy = Strategy::SemVer;
    /** SemVer: only MAJOR.MINOR.PATCH tags (an optional leading "v" allowed). */
    bool strictSemvers = true;
    /** SemVer: a SemVerConstraint (empty: any version); Digest: the tag to follow. */
    QString constraint;
    /** A tag must match one of these (when there are any); Go RE2 syntax, unanchored. */
    QStringList allowTagsRegexes;
    /** A tag matching any of these is never selected. */
    QStringList ignoreTagsRegexes;
    /** The deprecated `ignoreTags`: exact tag names. */
    QStringList ignoreTags;
    int discoveryLimit = defaultDiscoveryLimit;

    /**
     * The policy of an image subscription, a Git subscription with a tag-based strategy, or a
     * chart subscription (SemVer by `semverConstraint`). Errors for an unknown strategy, a Git
     * subscription that follows a branch, or Digest without the tag to follow.
     */
    static Result<TagSelectionPolicy> fromSubscription(const WarehouseSubscription& subscription);

    /** Kargo's spelling: "SemVer", "Lexical", "NewestBuild", "Digest", "NewestTag". */
    static QString strategyName(Strategy strategy);
};

} // namespace fd::core

#pragma once

#include "result.h"
#include "semverconstraint.h"
#include "tagselectionpolicy.h"

#include <QDateTime>
#include <QList>
#include <QRegularExpression>
#include <QStringList>

#include <optional>

namespace fd::core {

/** A tag with when it was made (an image's build time, a Git tag's date); invalid if unknown. */
struct DatedTag final {
    QString tag;
    QDateTime created;
};

/**
 * Orders the tags a repository lists the way Kargo's selectors do, without any network:
 * filter (ignore, then allow; for SemVer also parse and constraint), then order best first:
 * - SemVer: highest version first; equal versions by tag, descending ("1.0.0" before "1.0");
 * - Lexical: tags descending;
 * - NewestBuild, NewestTag: newest first, ties by tag descending; needs the times, which cost a
 *   request each for images: fetch them for eligible() only, then call select() with them;
 * - Digest: just the followed tag, when it is listed.
 *
 * The result holds every candidate: a caller with a platform constraint walks it and keeps the
 * first discoveryLimit() images that pass, as Kargo does.
 */
class TagSelector final {
public:
    /** Errors name the regular expression or constraint that does not compile. */
    static Result<TagSelector> create(const TagSelectionPolicy& policy);
    /** create() with the policy a Warehouse subscription states. */
    static Result<TagSelector> forSubscription(const WarehouseSubscription& subscription);

    const TagSelectionPolicy& policy() const { return m_policy; }
    int discoveryLimit() const { return m_policy.discoveryLimit; }
    /** NewestBuild and NewestTag order by time. */
    bool needsCreationTimes() const;

    bool accepts(const QString& tag) const;
    /** The accepted tags, in the order given: those whose times select() needs. */
    QStringList eligible(const QStringList& tags) const;
    /** Accepted tags, best first. For the time strategies every time is unknown here. */
    QStringList select(const QStringList& tags) const;
    /** Accepted tags, best first; a tag with an unknown time comes after all dated ones. */
    QStringList select(const QList<DatedTag>& tags) const;

private:
    bool passesFilters(const QString& tag) const;
    QStringList selectSemVer(const QList<DatedTag>& tags) const;

    TagSelectionPolicy m_policy;
    QList<QRegularExpression> m_allow;
    QList<QRegularExpression> m_ignore;
    std::optional<SemVerConstraint> m_constraint;
};

} // namespace fd::core

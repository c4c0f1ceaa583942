#pragma once

#include "result.h"
#include "semver.h"

#include <QList>
#include <QString>

namespace fd::core {

/**
 * A version range in the syntax and meaning of Masterminds/semver v3 `NewConstraint`, which is
 * what Kargo's `constraint` / `semverConstraint` are: comparisons `=` (or none), `!=`, `>`, `<`,
 * `>=` (`=>`), `<=` (`=<`), `~` (`~>`), `^`; wildcards `x`, `X`, `*` in any position ("1.2.x",
 * "1.2" alike); hyphen ranges "1.2 - 1.4.5"; AND by comma or space; OR by `||`.
 *
 * Pre-release versions only match an OR-group that names a pre-release itself (">= 1.2.3-0"),
 * as in npm and Cargo; everything else compares by SemVer precedence.
 */
class SemVerConstraint final {
public:
    enum class Op { Equal, NotEqual, Greater, Less, GreaterEqual, LessEqual, Tilde, Caret };

    /** One comparison; the flags say which parts were wildcards or left out ("1.x" is minor). */
    struct Comparator final {
        Op op = Op::Equal;
        SemVer version;
        bool wildcard = false;      // some part is a wildcard or missing
        bool minorWildcard = false; // "1", "1.x"
        bool patchWildcard = false; // "1.2", "1.2.x"

        bool matches(const SemVer& v, bool includePreReleases) const;
    };
    /** Comparisons that must all hold. */
    struct Group final {
        QList<Comparator> comparators;
        /** Some comparison names a pre-release: pre-releases may match this group. */
        bool namesPreRelease = false;
    };

    /** The constraint, or an error naming it and the column where reading it failed. */
    static Result<SemVerConstraint> parse(const QString& text);

    bool matches(const SemVer& version) const;
    const QString& text() const { return m_text; }
    /** The OR-groups. */
    const QList<Group>& groups() const { return m_groups; }

private:
    QString m_text;
    QList<Group> m_groups;
};

} // namespace fd::core

#pragma once

#include "result.h"

#include <QString>
#include <QStringView>

#include <optional>

namespace fd::core {

/**
 * A Semantic Version 2.0.0: MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], ordered by the
 * specification's precedence (build metadata ignored).
 *
 * Two readings, as Kargo's library (Masterminds/semver v3) has them:
 * - strict: exactly the specification (three numbers without leading zeros, no "v");
 * - lenient (`NewVersion`): an optional "v", one to three numbers ("1.2" is 1.2.0) that may have
 *   leading zeros; pre-release and build identifiers as strict. At most 256 characters.
 */
class SemVer final {
public:
    enum class Mode { Strict, Lenient };

    SemVer() = default;
    /** A version from its parts; @p preRelease and @p build are taken as they are. */
    SemVer(quint64 major, quint64 minor, quint64 patch, QString preRelease = {},
           QString build = {});

    /** The version, or an error saying which part is wrong and where. */
    static Result<SemVer> parse(QStringView text, Mode mode = Mode::Strict);
    /** parse() without the error message: for the many tags that are not versions at all. */
    static std::optional<SemVer> tryParse(QStringView text, Mode mode = Mode::Strict);
    /**
     * A tag as Kargo reads it (its semver.Parse): lenient, and when @p strict also a strict
     * version once one leading "v" is dropped.
     */
    static std::optional<SemVer> fromTag(const QString& tag, bool strict);

    quint64 major() const { return m_major; }
    quint64 minor() const { return m_minor; }
    quint64 patch() const { return m_patch; }
    /** Dot-separated identifiers after '-', without it; empty for a release. */
    const QString& preRelease() const { return m_preRelease; }
    const QString& build() const { return m_build; }
    bool isPreRelease() const { return !m_preRelease.isEmpty(); }
    /** The text it was parsed from (with any "v"); toString() for one built from parts. */
    QString original() const;
    /** "1.2.0-rc.1+b5": the normal form, without "v". */
    QString toString() const;

    /** <0, 0 or >0 by precedence: 1.0.0-alpha < 1.0.0; 1.0.0+a and 1.0.0+b are equal. */
    int compare(const SemVer& other) const;

private:
    quint64 m_major = 0;
    quint64 m_minor = 0;
    quint64 m_patch = 0;
    QString m_preRelease;
    QString m_build;
    QString m_original;
};

/** Pre-release precedence of two dot-separated identifier lists (both non-empty). */
int compareSemVerPreRelease(QStringView left, QStringView right);

} // namespace fd::core

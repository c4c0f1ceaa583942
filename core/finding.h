#pragma once

#include <QList>
#include <QString>

namespace fd::core {

/**
 * One entry of discovery's lint report: something inconsistent, unsupported or inferred in a
 * repository, with where it is written. Errors make the affected part read-only or unusable;
 * warnings are worth fixing; notes say what Freightdesk inferred or skipped.
 */
struct Finding final {
    enum class Severity { Error, Warning, Note };

    Severity severity = Severity::Error;
    /** A stable kebab-case identifier, e.g. "unsupported-step", "deprecated-field". */
    QString code;
    QString message;
    /** "file:line:column", "file", or empty for the repository as a whole. */
    QString location;

    /** "location: severity: message [code]". */
    QString toString() const;
    /** "error", "warning" or "note". */
    QString severityName() const;
};

using Findings = QList<Finding>;

/** True when @p findings hold at least one error. */
bool hasErrors(const Findings& findings);

} // namespace fd::core

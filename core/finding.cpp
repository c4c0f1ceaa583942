#include "finding.h"

#include <algorithm>

namespace fd::core {

QString Finding::severityName() const {
    switch (severity) {
    case Severity::Error:
        return QStringLiteral("error");
    case Severity::Warning:
        return QStringLiteral("warning");
    case Severity::Note:
        break;
    }
    return QStringLiteral("note");
}

QString Finding::toString() const {
    QString text = location.isEmpty() ? QString() : location + QStringLiteral(": ");
    text += severityName() + QStringLiteral(": ") + message;
    if (!code.isEmpty())
        text += QStringLiteral(" [") + code + QLatin1Char(']');
    return text;
}

bool hasErrors(const Findings& findings) {
    return std::any_of(findings.begin(), findings.end(), [](const Finding& finding) {
        return finding.severity == Finding::Severity::Error;
    });
}

} // namespace fd::core

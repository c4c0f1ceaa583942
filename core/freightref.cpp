#include "freightref.h"

#include "freightstages.h"

namespace fd::core {

namespace {

constexpr qsizetype minimumIdPrefix = 7;

QString describe(const Freight& freight) {
    QStringList versions;
    for (const FreightArtifact& artifact : freight.artifacts) {
        versions.append(artifact.kind == FreightArtifact::Kind::Chart    ? artifact.version
                        : artifact.kind == FreightArtifact::Kind::Commit ? artifact.id.left(12)
                                                                         : artifact.tag);
    }
    return QStringLiteral("%1 (%2, %3)")
        .arg(freight.alias, versions.join(QStringLiteral(" + ")), freight.id.left(12));
}

} // namespace

Result<Freight> resolveFreight(const QList<Freight>& freight, const QString& ref) {
    const QString wanted = ref.trimmed();
    if (wanted.isEmpty())
        return Error{Error::Kind::InvalidInput, QStringLiteral("no freight named"), {}};
    // Exact names first: an alias or full ID wins over a tag that happens to look like one.
    for (const Freight& each : freight) {
        if (each.id == wanted || each.alias == wanted)
            return each;
    }
    QList<Freight> matches;
    for (const Freight& each : freight) {
        if ((wanted.size() >= minimumIdPrefix && each.id.startsWith(wanted)) ||
            freightMatchesVersion(each, wanted))
            matches.append(each);
    }
    if (matches.size() == 1)
        return matches.constFirst();
    if (matches.isEmpty())
        return Error{Error::Kind::NotFound,
                     QStringLiteral("no freight is named \"%1\" (give an ID, an alias or a tag; "
                                    "`freightdesk-cli freight` lists them)")
                         .arg(wanted),
                     {}};
    QStringList names;
    for (const Freight& each : matches)
        names.append(describe(each));
    return Error{Error::Kind::InvalidInput,
                 QStringLiteral("\"%1\" names %2 freight: %3; give the alias")
                     .arg(wanted)
                     .arg(matches.size())
                     .arg(names.join(QStringLiteral(", "))),
                 {}};
}

} // namespace fd::core

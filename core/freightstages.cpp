#include "freightstages.h"

namespace fd::core {

namespace {

bool artifactMatches(const FreightArtifact& artifact, const QString& version) {
    switch (artifact.kind) {
    case FreightArtifact::Kind::Image:
        if (version.startsWith(QLatin1Char('@')))
            return !artifact.digest.isEmpty() && version.mid(1) == artifact.digest;
        return version == artifact.tag ||
               (!artifact.digest.isEmpty() && version == artifact.digest);
    case FreightArtifact::Kind::Chart:
        return version == artifact.version;
    case FreightArtifact::Kind::Commit:
        break;
    }
    // Seven hex digits is the shortest abbreviation Git itself prints.
    return (version.size() >= 7 && artifact.id.startsWith(version)) ||
           (!artifact.tag.isEmpty() && version == artifact.tag);
}

} // namespace

bool freightMatchesVersion(const Freight& freight, const QString& version) {
    if (version.isEmpty())
        return false;
    return std::any_of(
        freight.artifacts.cbegin(), freight.artifacts.cend(),
        [&](const FreightArtifact& artifact) { return artifactMatches(artifact, version); });
}

void markCurrentStages(QList<Freight>& freight, const QList<VersionRecord>& current) {
    for (const VersionRecord& record : current) {
        // A mutable tag ("latest") matches every freight it ever named: the newest is current.
        bool found = false;
        for (Freight& each : freight) {
            if (each.service != record.service)
                continue;
            const bool matches = !found && freightMatchesVersion(each, record.version);
            found = found || matches;
            if (matches || each.stages.contains(record.stage))
                each.stages[record.stage].current = matches;
        }
    }
}

} // namespace fd::core

#include "argocdapplication.h"

#include "repositorypath.h"

namespace fd::core {

namespace {

QString valueOf(const QList<std::pair<QString, QString>>& pairs, const QString& key) {
    for (const auto& [name, value] : pairs) {
        if (name == key)
            return value;
    }
    return {};
}

} // namespace

QStringList ArgoCDApplication::revisionsOfThisRepository() const {
    QStringList revisions;
    const auto add = [&revisions](const QString& revision) {
        if (!revisions.contains(revision))
            revisions.append(revision);
    };
    for (const ArgoCDSource& source : sources) {
        if (source.inThisRepository)
            add(source.targetRevision);
        for (const ArgoCDValueFile& file : source.valueFiles) {
            if (file.inThisRepository)
                add(file.revision);
        }
    }
    return revisions;
}

bool ArgoCDApplication::isAuthorizedFor(const QString& project, const QString& stage) const {
    for (const QString& entry : authorizedStages) {
        const qsizetype colon = entry.indexOf(u':');
        // Project and stage names hold no '/', so Go path globs match them as Kargo did.
        if (RepositoryPath::matchesGlob(entry.left(colon), project) &&
            RepositoryPath::matchesGlob(entry.mid(colon + 1), stage))
            return true;
    }
    return false;
}

QString ArgoCDApplication::annotation(const QString& key) const {
    return valueOf(annotations, key);
}

QString ArgoCDApplication::label(const QString& key) const {
    return valueOf(labels, key);
}

} // namespace fd::core

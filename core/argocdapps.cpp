#include "argocdapps.h"

#include "applicationsetexpander.h"
#include "argocdappreader.h"
#include "manifestscan.h"
#include "repositorypath.h"

#include <QSet>

#include <algorithm>

namespace fd::core {

namespace {

const QString argoGroup = QStringLiteral("argoproj.io");
// Argo CD's control-plane namespace when a manifest names none.
const QString defaultNamespace = QStringLiteral("argocd");

/** Reads template strings through the ApplicationSet's parameters, reporting what is unfilled. */
ArgoCDAppReader::Text templateText(const TemplateParameters& parameters, bool goTemplate,
                                   bool missingKeyError, Findings& findings) {
    return [&parameters, goTemplate, missingKeyError, &findings](const YamlValue& value) {
        const QString text = value.scalar();
        if (!ApplicationSetTemplate::isTemplated(text))
            return text;
        const auto rendered = ApplicationSetTemplate::render(text, parameters, goTemplate);
        for (const QString& name : rendered.unknown)
            findings.append(Finding{
                missingKeyError ? Finding::Severity::Error : Finding::Severity::Warning,
                QStringLiteral("template-parameter"),
                QStringLiteral("template parameter '%1' does not exist for this generator%2")
                    .arg(name, goTemplate ? (missingKeyError
                                                 ? QStringLiteral(" (missingkey=error: Argo CD "
                                                                  "generates nothing)")
                                                 : QStringLiteral(" (Go prints <no value>)"))
                                          : QStringLiteral(" (left as written)")),
                value.location()});
        if (!rendered.unsupported.isEmpty())
            findings.append(Finding{
                Finding::Severity::Warning, QStringLiteral("unsupported-template"),
                QStringLiteral("cannot evaluate %1").arg(rendered.unsupported), value.location()});
        return rendered.text;
    };
}

QStringList scalars(const YamlValue& list) {
    QStringList result;
    for (const YamlValue& item : list.items())
        result.append(item.scalar());
    return result;
}

} // namespace

ArgoCDApps ArgoCDApps::read(const ManifestScan& scan, const RepositoryFiles& files,
                            const QStringList& repositoryUrls) {
    ArgoCDApps apps;
    ArgoCDAppReader reader(files, repositoryUrls);
    for (const Manifest& manifest : scan.manifests()) {
        if (manifest.group() != argoGroup)
            continue;
        Findings found;
        if (manifest.kind == u"Application") {
            if (auto app = reader.read(manifest.object, defaultNamespace,
                                       &ArgoCDAppReader::plainText, found))
                apps.m_applications.append(*app);
        } else if (manifest.kind == u"AppProject") {
            apps.readProject(manifest.object);
        } else if (manifest.kind == u"ApplicationSet") {
            const YamlValue spec = manifest.spec();
            const bool goTemplate = spec["goTemplate"].toBool(false);
            const bool missingKeyError =
                goTemplate && scalars(spec["goTemplateOptions"]).contains(u"missingkey=error");
            if (spec["templatePatch"].isDefined())
                found.append(Finding{Finding::Severity::Warning,
                                     QStringLiteral("unsupported-template"),
                                     QStringLiteral("templatePatch is not applied"),
                                     spec["templatePatch"].location()});
            const auto parameterSets = ApplicationSetExpander::parameterSets(
                manifest, files,
                [&reader](const QString& url) { return reader.isThisRepositoryUrl(url); }, found);
            const QString appSetNamespace =
                manifest.namespaceName.isEmpty() ? defaultNamespace : manifest.namespaceName;
            QList<ArgoCDApplication> generated;
            for (const TemplateParameters& parameters : parameterSets) {
                const qsizetype before = found.size();
                auto app = reader.read(spec["template"], appSetNamespace,
                                       templateText(parameters, goTemplate, missingKeyError, found),
                                       found);
                const bool failed = missingKeyError && hasErrors(found.mid(before));
                if (app && !failed) {
                    app->applicationSet = manifest.name;
                    app->location = manifest.location();
                    generated.append(*app);
                }
            }
            apps.m_applications += generated;
        }
        for (const Finding& finding : found)
            apps.addFinding(finding);
    }
    QSet<QString> seen;
    for (const ArgoCDApplication& app : apps.m_applications) {
        if (seen.contains(app.qualifiedName()))
            apps.addFinding(Finding{Finding::Severity::Warning,
                                    QStringLiteral("duplicate-application"),
                                    QStringLiteral("more than one Application is called '%1'; "
                                                   "Argo CD keeps only one")
                                        .arg(app.qualifiedName()),
                                    app.location});
        seen.insert(app.qualifiedName());
    }
    apps.buildIndexes();
    if (reader.judgedByPaths())
        apps.addFinding(Finding{Finding::Severity::Note,
                                QStringLiteral("repository-by-paths"),
                                QStringLiteral("no repository URL given: Argo CD sources count as "
                                               "this repository when the paths they read exist "
                                               "here"),
                                {}});
    return apps;
}

void ArgoCDApps::addFinding(const Finding& finding) {
    // Generated Applications share their template: one finding per place is enough.
    for (const Finding& known : m_findings) {
        if (known.location == finding.location && known.code == finding.code &&
            known.message == finding.message)
            return;
    }
    m_findings.append(finding);
}

void ArgoCDApps::readProject(const YamlValue& object) {
    ArgoCDProject project;
    project.location = object.location();
    project.name = object["metadata"]["name"].scalar();
    project.namespaceName = object["metadata"]["namespace"].scalar(defaultNamespace);
    const YamlValue spec = object["spec"];
    project.sourceRepos = scalars(spec["sourceRepos"]);
    for (const YamlValue& destination : spec["destinations"].items())
        project.destinations.append({destination["server"].scalar(), destination["name"].scalar(),
                                     destination["namespace"].scalar()});
    m_projects.append(project);
}

void ArgoCDApps::buildIndexes() {
    for (int a = 0; a < m_applications.size(); ++a) {
        const ArgoCDApplication& app = m_applications.at(a);
        const auto index = [&](const QString& path) {
            QList<int>& apps = m_appsByPath[path];
            if (apps.isEmpty() || apps.constLast() != a) {
                apps.append(a);
                m_pathsInOrder.emplace_back(path, a);
            }
        };
        // Only what readersOf() can match: this repository's folders and value files.
        for (const ArgoCDSource& source : app.sources) {
            if (source.inThisRepository && !(source.path.isEmpty() && !source.ref.isEmpty()))
                index(source.folder);
            for (const ArgoCDValueFile& file : source.valueFiles) {
                if (file.inThisRepository)
                    index(file.path);
            }
        }
        for (const QString& entry : app.authorizedStages) {
            const bool glob = !entry.contains(u':') || entry.contains(u'*') ||
                              entry.contains(u'?') || entry.contains(u'[') || entry.contains(u'\\');
            QList<int>& apps = glob ? m_appsAuthorizedByGlob : m_appsByAuthorizedStage[entry];
            if (apps.isEmpty() || apps.constLast() != a)
                apps.append(a);
        }
    }
    std::sort(m_pathsInOrder.begin(), m_pathsInOrder.end());
}

QList<int> ArgoCDApps::candidatesReading(const QString& path) const {
    QList<int> candidates;
    if (path.isEmpty()) { // the root holds every path
        for (int a = 0; a < m_applications.size(); ++a)
            candidates.append(a);
        return candidates;
    }
    // Folders and files that are the path or hold it: the path cut at each '/', and the root.
    candidates += m_appsByPath.value(QString());
    for (qsizetype slash = path.indexOf(u'/'); slash >= 0; slash = path.indexOf(u'/', slash + 1))
        candidates += m_appsByPath.value(path.left(slash));
    candidates += m_appsByPath.value(path);
    // Folders and files under the path.
    const QString folder = path + u'/';
    for (auto it = std::lower_bound(m_pathsInOrder.begin(), m_pathsInOrder.end(),
                                    std::pair<QString, int>(folder, -1));
         it != m_pathsInOrder.end() && it->first.startsWith(folder); ++it)
        candidates.append(it->second);
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    return candidates;
}

QList<ArgoCDPathUse> ArgoCDApps::readersOf(const QString& path,
                                           const std::optional<QString>& revision) const {
    QList<ArgoCDPathUse> uses;
    const auto wanted = RepositoryPath::resolve(QString(), path);
    if (!wanted)
        return uses;
    for (const int a : candidatesReading(*wanted)) {
        const ArgoCDApplication& app = m_applications.at(a);
        for (int s = 0; s < app.sources.size(); ++s) {
            const ArgoCDSource& source = app.sources.at(s);
            const bool readsFolder =
                source.inThisRepository && !(source.path.isEmpty() && !source.ref.isEmpty());
            if (readsFolder && (!revision || source.targetRevision == *revision) &&
                (RepositoryPath::contains(source.folder, *wanted) ||
                 RepositoryPath::contains(*wanted, source.folder)))
                uses.append(
                    {a, s, ArgoCDPathUse::Via::SourceFolder, source.folder, source.targetRevision});
            for (const ArgoCDValueFile& file : source.valueFiles) {
                if (file.inThisRepository && RepositoryPath::contains(*wanted, file.path) &&
                    (!revision || file.revision == *revision))
                    uses.append({a, s, ArgoCDPathUse::Via::ValueFile, file.path, file.revision});
            }
        }
    }
    return uses;
}

QList<ArgoCDApplication>
ArgoCDApps::applicationsReading(const QString& path, const std::optional<QString>& revision) const {
    QList<ArgoCDApplication> result;
    int last = -1;
    for (const ArgoCDPathUse& use : readersOf(path, revision)) {
        if (use.application != last)
            result.append(m_applications.at(use.application));
        last = use.application;
    }
    return result;
}

QList<ArgoCDApplication> ArgoCDApps::named(const QString& name) const {
    QList<ArgoCDApplication> result;
    for (const ArgoCDApplication& app : m_applications) {
        if (app.name == name || app.qualifiedName() == name)
            result.append(app);
    }
    return result;
}

QList<ArgoCDApplication> ArgoCDApps::authorizedFor(const QString& projectAndStage) const {
    QList<ArgoCDApplication> result;
    const qsizetype colon = projectAndStage.indexOf(u':');
    if (colon < 0)
        return result;
    QList<int> candidates = m_appsByAuthorizedStage.value(projectAndStage) + m_appsAuthorizedByGlob;
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    for (const int a : candidates) {
        const ArgoCDApplication& app = m_applications.at(a);
        if (app.isAuthorizedFor(projectAndStage.left(colon), projectAndStage.mid(colon + 1)))
            result.append(app);
    }
    return result;
}

const ArgoCDProject* ArgoCDApps::project(const QString& name) const {
    for (const ArgoCDProject& project : m_projects) {
        if (project.name == name)
            return &project;
    }
    return nullptr;
}

} // namespace fd::core

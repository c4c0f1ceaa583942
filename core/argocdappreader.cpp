#include "argocdappreader.h"

#include "remoteurl.h"
#include "repositoryfiles.h"
#include "repositorypath.h"

namespace fd::core {

namespace {

const QString authorizedStageKey = QStringLiteral("kargo.akuity.io/authorized-stage");

Finding finding(Finding::Severity severity, const QString& code, const QString& message,
                const YamlValue& where) {
    return Finding{severity, code, message, where.location()};
}

bool given(const YamlValue& value) {
    return value.isDefined() && !value.isNull();
}

QList<std::pair<QString, QString>> textMap(const YamlValue& map,
                                           const ArgoCDAppReader::Text& text) {
    QList<std::pair<QString, QString>> pairs;
    for (const QString& key : map.keys()) {
        const YamlValue value = map[key];
        if (value.isScalar() || value.isNull())
            pairs.append({key, text(value)});
    }
    return pairs;
}

/**
 * Kargo's "project:stage" entries. Current Kargo accepts a comma-separated list and rejects
 * globs, which older releases matched; both are kept so a query can still find the app.
 */
QStringList authorizedStages(const QString& annotation, const YamlValue& where,
                             Findings& findings) {
    QStringList stages;
    for (QString entry : annotation.split(u',')) {
        entry = entry.trimmed();
        if (entry.isEmpty())
            continue;
        const qsizetype colon = entry.indexOf(u':');
        const QString project = entry.left(colon).trimmed();
        const QString stage = colon < 0 ? QString() : entry.mid(colon + 1).trimmed();
        if (project.isEmpty() || stage.isEmpty()) {
            findings.append(
                finding(Finding::Severity::Warning, QStringLiteral("malformed-authorized-stage"),
                        QStringLiteral("'%1' is not '<project>:<stage>'").arg(entry), where));
            continue;
        }
        if (entry.contains(u'*'))
            findings.append(finding(Finding::Severity::Warning,
                                    QStringLiteral("authorized-stage-glob"),
                                    QStringLiteral("'%1' is a glob; current Kargo releases "
                                                   "refuse globs in %2 and name each stage")
                                        .arg(entry, authorizedStageKey),
                                    where));
        stages.append(project + u':' + stage);
    }
    return stages;
}

const QStringList kustomizationNames{QStringLiteral("kustomization.yaml"),
                                     QStringLiteral("kustomization.yml"),
                                     QStringLiteral("Kustomization")};

} // namespace

ArgoCDAppReader::ArgoCDAppReader(const RepositoryFiles& files, const QStringList& repositoryUrls) {
    m_folders.insert(QString());
    for (const QString& path : files.paths()) {
        m_files.insert(path);
        QString folder = RepositoryPath::parentOf(path);
        while (!folder.isEmpty() && !m_folders.contains(folder)) {
            m_folders.insert(folder);
            folder = RepositoryPath::parentOf(folder);
        }
    }
    for (const QString& url : repositoryUrls) {
        if (const auto remote = RemoteUrl::parse(url.trimmed()))
            m_repositoryIdentities.insert(remote->repositoryIdentity());
    }
}

bool ArgoCDAppReader::isThisRepositoryUrl(const QString& repoUrl) const {
    if (m_repositoryIdentities.isEmpty())
        return true;
    const auto remote = RemoteUrl::parse(repoUrl.trimmed());
    return remote && m_repositoryIdentities.contains(remote->repositoryIdentity());
}

std::optional<ArgoCDApplication> ArgoCDAppReader::read(const YamlValue& object,
                                                       const QString& defaultNamespace,
                                                       const Text& text, Findings& findings) {
    const YamlValue metadata = object["metadata"];
    const YamlValue spec = object["spec"];
    ArgoCDApplication app;
    app.location = object.location();
    app.name = text(metadata["name"]);
    if (app.name.isEmpty()) {
        findings.append(finding(Finding::Severity::Error, QStringLiteral("missing-name"),
                                QStringLiteral("an Application without metadata.name"), object));
        return std::nullopt;
    }
    if (!spec.isMap()) {
        findings.append(finding(Finding::Severity::Error, QStringLiteral("missing-spec"),
                                QStringLiteral("Application '%1' has no spec").arg(app.name),
                                spec.isDefined() ? spec : object));
        return std::nullopt;
    }
    app.namespaceName = text(metadata["namespace"]);
    if (app.namespaceName.isEmpty())
        app.namespaceName = defaultNamespace;
    app.labels = textMap(metadata["labels"], text);
    app.annotations = textMap(metadata["annotations"], text);
    if (const YamlValue stage = metadata["annotations"][authorizedStageKey]; stage.isDefined())
        app.authorizedStages = authorizedStages(text(stage), stage, findings);
    app.project = text(spec["project"]);
    if (app.project.isEmpty())
        findings.append(finding(Finding::Severity::Warning, QStringLiteral("missing-project"),
                                QStringLiteral("Application '%1' names no project").arg(app.name),
                                spec));
    const YamlValue destination = spec["destination"];
    app.destinationServer = text(destination["server"]);
    app.destinationName = text(destination["name"]);
    app.destinationNamespace = text(destination["namespace"]);
    const YamlValue automated = spec["syncPolicy"]["automated"];
    app.automatedSync = automated.isMap() && automated["enabled"].toBool(true);

    QList<YamlValue> entries;
    const YamlValue sources = spec["sources"];
    const YamlValue source = spec["source"];
    if (given(sources) && !sources.isSequence()) {
        findings.append(finding(
            Finding::Severity::Error, QStringLiteral("malformed-sources"),
            QStringLiteral("'sources' of Application '%1' is not a list").arg(app.name), sources));
    } else if (sources.isSequence() && sources.size() > 0) {
        // Argo CD reads spec.sources whenever it holds an entry and ignores spec.source.
        app.multiSource = true;
        entries = sources.items();
        if (given(source))
            findings.append(finding(Finding::Severity::Warning, QStringLiteral("source-ignored"),
                                    QStringLiteral("'source' is ignored: Application '%1' has "
                                                   "'sources'")
                                        .arg(app.name),
                                    source));
    } else if (source.isMap()) {
        entries.append(source);
    } else {
        findings.append(
            finding(Finding::Severity::Error, QStringLiteral("missing-source"),
                    QStringLiteral("Application '%1' has no 'source' or 'sources'").arg(app.name),
                    given(source) ? source : spec));
    }
    QList<YamlValue> mapEntries;
    for (const YamlValue& entry : entries) {
        if (!entry.isMap()) {
            findings.append(finding(
                Finding::Severity::Error, QStringLiteral("malformed-sources"),
                QStringLiteral("a source of Application '%1' is not a map").arg(app.name), entry));
            continue;
        }
        mapEntries.append(entry);
        app.sources.append(readSource(entry, text, findings));
    }
    decideRepository(app.sources, mapEntries, text);
    for (int i = 0; i < app.sources.size(); ++i)
        detectType(app.sources[i], mapEntries.at(i), findings);
    resolveValueFiles(app.sources, mapEntries, text, findings);
    return app;
}

ArgoCDSource ArgoCDAppReader::readSource(const YamlValue& entry, const Text& text,
                                         Findings& findings) const {
    ArgoCDSource source;
    source.location = entry.location();
    source.repoUrl = text(entry["repoURL"]);
    source.targetRevision = text(entry["targetRevision"]);
    source.path = text(entry["path"]);
    source.chart = text(entry["chart"]);
    source.ref = text(entry["ref"]);
    if (source.repoUrl.isEmpty())
        findings.append(finding(Finding::Severity::Error, QStringLiteral("missing-repo-url"),
                                QStringLiteral("a source without repoURL"), entry));
    const YamlValue helm = entry["helm"];
    source.ignoreMissingValueFiles = helm["ignoreMissingValueFiles"].toBool(false);
    source.hasInlineValues = given(helm["values"]) || given(helm["valuesObject"]);
    for (const YamlValue& parameter : helm["parameters"].items())
        source.helmParameters.append({text(parameter["name"]), text(parameter["value"])});
    for (const YamlValue& image : entry["kustomize"]["images"].items())
        source.kustomizeImages.append(text(image));
    if (const auto folder = RepositoryPath::resolve(QString(), source.path))
        source.folder = *folder;
    else
        findings.append(
            finding(Finding::Severity::Error, QStringLiteral("path-outside-repository"),
                    QStringLiteral("source path '%1' leaves the repository").arg(source.path),
                    entry["path"]));
    return source;
}

void ArgoCDAppReader::decideRepository(QList<ArgoCDSource>& sources,
                                       const QList<YamlValue>& entries, const Text& text) {
    for (int i = 0; i < sources.size(); ++i) {
        ArgoCDSource& source = sources[i];
        // A chart comes from a Helm repository or an OCI registry.
        if (!source.chart.isEmpty() || source.repoUrl.isEmpty() ||
            !RepositoryPath::resolve(QString(), source.path))
            continue;
        if (!m_repositoryIdentities.isEmpty()) {
            source.inThisRepository = isThisRepositoryUrl(source.repoUrl);
            continue;
        }
        // No URL to compare: this repository when what the source reads is here.
        bool here = false;
        if (!source.path.isEmpty() || source.ref.isEmpty()) {
            here = folderExists(source.folder);
        } else {
            const QString prefix = u'$' + source.ref + u'/';
            for (const YamlValue& other : entries) {
                for (const YamlValue& file : other["helm"]["valueFiles"].items()) {
                    const QString written = text(file);
                    if (!written.startsWith(prefix))
                        continue;
                    const auto path =
                        RepositoryPath::resolve(QString(), written.mid(prefix.size()));
                    here = here || (path && m_files.contains(*path));
                }
            }
        }
        source.inThisRepository = here;
        m_judgedByPaths = m_judgedByPaths || here;
    }
}

void ArgoCDAppReader::detectType(ArgoCDSource& source, const YamlValue& entry,
                                 Findings& findings) const {
    QList<std::pair<ArgoCDSource::Type, QString>> explicitTypes;
    if (!source.chart.isEmpty() || given(entry["helm"]))
        explicitTypes.append({ArgoCDSource::Type::Helm, QStringLiteral("helm")});
    if (given(entry["kustomize"]))
        explicitTypes.append({ArgoCDSource::Type::Kustomize, QStringLiteral("kustomize")});
    if (given(entry["plugin"]))
        explicitTypes.append({ArgoCDSource::Type::Plugin, QStringLiteral("plugin")});
    if (given(entry["directory"]))
        explicitTypes.append({ArgoCDSource::Type::Directory, QStringLiteral("directory")});
    if (explicitTypes.size() > 1) {
        QStringList names;
        for (const auto& type : explicitTypes)
            names.append(type.second);
        findings.append(finding(Finding::Severity::Error, QStringLiteral("multiple-source-types"),
                                QStringLiteral("a source may set only one of %1 (Argo CD refuses "
                                               "it)")
                                    .arg(names.join(QStringLiteral(", "))),
                                entry));
    }
    const bool refOnly = source.path.isEmpty() && !source.ref.isEmpty();
    const bool readsFolder = source.inThisRepository && !refOnly;
    if (readsFolder && !folderExists(source.folder))
        findings.append(finding(Finding::Severity::Warning, QStringLiteral("missing-source-path"),
                                QStringLiteral("source path '%1' is not a folder of this "
                                               "repository")
                                    .arg(source.path),
                                entry["path"].isDefined() ? entry["path"] : entry));
    if (!explicitTypes.isEmpty()) {
        source.type = explicitTypes.first().first;
        return;
    }
    if (!readsFolder || !folderExists(source.folder))
        return;
    // Argo CD's discovery: a kustomization wins over a Chart.yaml in the same folder.
    const QString prefix = source.folder.isEmpty() ? QString() : source.folder + u'/';
    source.type = ArgoCDSource::Type::Directory;
    if (m_files.contains(prefix + QStringLiteral("Chart.yaml")))
        source.type = ArgoCDSource::Type::Helm;
    for (const QString& name : kustomizationNames)
        if (m_files.contains(prefix + name))
            source.type = ArgoCDSource::Type::Kustomize;
}

void ArgoCDAppReader::resolveValueFiles(QList<ArgoCDSource>& sources,
                                        const QList<YamlValue>& entries, const Text& text,
                                        Findings& findings) const {
    for (int i = 0; i < sources.size(); ++i) {
        ArgoCDSource& source = sources[i];
        const YamlValue valueFiles = entries.at(i)["helm"]["valueFiles"];
        if (given(valueFiles) && !valueFiles.isSequence()) {
            findings.append(finding(Finding::Severity::Error,
                                    QStringLiteral("malformed-value-files"),
                                    QStringLiteral("'valueFiles' is not a list"), valueFiles));
            continue;
        }
        for (const YamlValue& entry : valueFiles.items()) {
            ArgoCDValueFile file;
            file.written = text(entry);
            file.location = entry.location();
            file.revision = source.targetRevision;
            const ArgoCDSource* target = &source;
            QString relative = file.written;
            if (file.written.contains(QStringLiteral("://"))) {
                source.valueFiles.append(file); // a URL: fetched by Argo CD, not in any repository
                continue;
            }
            if (file.written.startsWith(u'$')) {
                const QString ref = file.written.mid(1).section(u'/', 0, 0);
                target = nullptr;
                for (const ArgoCDSource& candidate : sources) {
                    if (!ref.isEmpty() && candidate.ref == ref) {
                        target = &candidate;
                        break;
                    }
                }
                if (!target) {
                    findings.append(finding(Finding::Severity::Error,
                                            QStringLiteral("unknown-source-ref"),
                                            QStringLiteral("value file '%1' names '$%2', but no "
                                                           "source has 'ref: %2'")
                                                .arg(file.written, ref),
                                            entry));
                    continue;
                }
                // "$ref/x" is read from the root of the ref source, whatever its path.
                relative = u'/' + file.written.section(u'/', 1);
                file.revision = target->targetRevision;
            }
            if (!target->inThisRepository || !target->chart.isEmpty()) {
                source.valueFiles.append(file);
                continue;
            }
            const auto path = RepositoryPath::resolve(target->folder, relative);
            if (!path) {
                findings.append(finding(
                    Finding::Severity::Error, QStringLiteral("value-file-outside-repository"),
                    QStringLiteral("value file '%1' leaves the repository").arg(file.written),
                    entry));
                continue;
            }
            file.path = *path;
            file.inThisRepository = true;
            file.exists = m_files.contains(file.path);
            if (!file.exists)
                findings.append(
                    finding(source.ignoreMissingValueFiles ? Finding::Severity::Note
                                                           : Finding::Severity::Warning,
                            QStringLiteral("missing-value-file"),
                            source.ignoreMissingValueFiles
                                ? QStringLiteral("value file '%1' does not exist (ignored: "
                                                 "ignoreMissingValueFiles)")
                                      .arg(file.path)
                                : QStringLiteral("value file '%1' does not exist; Argo CD fails to "
                                                 "render the Application")
                                      .arg(file.path),
                            entry));
            source.valueFiles.append(file);
        }
    }
}

} // namespace fd::core

#include "applicationsetexpander.h"

#include "manifestscan.h"
#include "repositoryfiles.h"
#include "repositorypath.h"

#include <QSet>

#include <algorithm>

namespace fd::core {

namespace {

Finding finding(Finding::Severity severity, const QString& code, const QString& message,
                const YamlValue& where) {
    return Finding{severity, code, message, where.location()};
}

/**
 * Every folder of the repository but the root, as Argo CD's repo server lists them for the
 * directory generator: folders whose name starts with '.' are skipped with all they hold.
 */
QStringList folders(const RepositoryFiles& files) {
    QSet<QString> seen;
    for (const QString& file : files.paths()) {
        QString folder = RepositoryPath::parentOf(file);
        while (!folder.isEmpty() && !seen.contains(folder)) {
            seen.insert(folder);
            folder = RepositoryPath::parentOf(folder);
        }
    }
    QList<QStringList> split;
    for (const QString& folder : seen) {
        const QStringList parts = folder.split(u'/');
        if (std::none_of(parts.begin(), parts.end(),
                         [](const QString& part) { return part.startsWith(u'.'); }))
            split.append(parts);
    }
    // Component by component, as a depth-first walk visits them ("env" < "env/a" < "env-b").
    std::sort(split.begin(), split.end());
    QStringList result;
    for (const QStringList& parts : split)
        result.append(parts.join(u'/'));
    return result;
}

TemplateParameters directoryParameters(const QString& folder, const QString& prefix,
                                       bool goTemplate) {
    TemplateParameters parameters;
    const QString base = folder.mid(folder.lastIndexOf(u'/') + 1);
    const QStringList segments = folder.split(u'/');
    const QString name =
        prefix.isEmpty() ? QStringLiteral("path") : prefix + QStringLiteral(".path");
    if (goTemplate) {
        // goTemplate nests them: .path.path, .path.basename, .path.segments.
        parameters.values.insert(name + QStringLiteral(".path"), folder);
        parameters.values.insert(name + QStringLiteral(".basename"), base);
        parameters.values.insert(name + QStringLiteral(".basenameNormalized"),
                                 ApplicationSetTemplate::sanitizeName(base));
        parameters.lists.insert(name + QStringLiteral(".segments"), segments);
        return parameters;
    }
    parameters.values.insert(name, folder);
    parameters.values.insert(name + QStringLiteral(".basename"), base);
    parameters.values.insert(name + QStringLiteral(".basenameNormalized"),
                             ApplicationSetTemplate::sanitizeName(base));
    for (int i = 0; i < segments.size(); ++i)
        parameters.values.insert(name + QStringLiteral("[%1]").arg(i), segments.at(i));
    return parameters;
}

/** A generator's `values`: templated strings filled from its own parameters, as "values.k". */
void appendValues(const YamlValue& values, bool goTemplate, TemplateParameters& parameters,
                  Findings& findings) {
    const TemplateParameters own = parameters;
    for (const QString& key : values.keys()) {
        const YamlValue value = values[key];
        const auto rendered = ApplicationSetTemplate::render(value.scalar(), own, goTemplate);
        if (!rendered.unsupported.isEmpty() || !rendered.unknown.isEmpty())
            findings.append(finding(Finding::Severity::Warning,
                                    QStringLiteral("template-parameter"),
                                    QStringLiteral("generator value '%1' cannot be filled: %2")
                                        .arg(key, rendered.unsupported.isEmpty()
                                                      ? rendered.unknown.join(QStringLiteral(", "))
                                                      : rendered.unsupported),
                                    value));
        parameters.values.insert(QStringLiteral("values.") + key, rendered.text);
    }
}

QList<TemplateParameters> gitGenerator(const YamlValue& git, bool goTemplate,
                                       const RepositoryFiles& files,
                                       const ApplicationSetExpander::RepositoryTest& isThis,
                                       Findings& findings) {
    const YamlValue directories = git["directories"];
    if (git["files"].isDefined() && !directories.isDefined()) {
        findings.append(finding(Finding::Severity::Warning, QStringLiteral("unsupported-generator"),
                                QStringLiteral("the Git files generator is not supported; the "
                                               "Applications it generates are not discovered"),
                                git));
        return {};
    }
    if (!directories.isSequence() || directories.size() == 0) {
        findings.append(finding(Finding::Severity::Error, QStringLiteral("malformed-generator"),
                                QStringLiteral("a Git generator needs a list of 'directories' or "
                                               "'files'"),
                                git));
        return {};
    }
    const QString repoUrl = git["repoURL"].scalar();
    if (!isThis(repoUrl)) {
        findings.append(
            finding(Finding::Severity::Warning, QStringLiteral("foreign-repository"),
                    QStringLiteral("the Git generator lists the folders of %1, not of "
                                   "this repository; its Applications are not "
                                   "discovered")
                        .arg(repoUrl.isEmpty() ? QStringLiteral("(no repoURL)") : repoUrl),
                    git["repoURL"]));
        return {};
    }
    const QString prefix = git["pathParamPrefix"].scalar();
    QList<TemplateParameters> result;
    for (const QString& folder : folders(files)) {
        bool included = false;
        bool excluded = false;
        for (const YamlValue& item : directories.items()) {
            if (!RepositoryPath::matchesGlob(item["path"].scalar(), folder))
                continue;
            // An exclude wins over every include, whatever their order.
            (item["exclude"].toBool(false) ? excluded : included) = true;
        }
        if (!included || excluded)
            continue;
        TemplateParameters parameters = directoryParameters(folder, prefix, goTemplate);
        appendValues(git["values"], goTemplate, parameters, findings);
        result.append(parameters);
    }
    return result;
}

/** One list element: strings by key; "values" flattened; nested maps too with goTemplate. */
bool flattenElement(const YamlValue& value, const QString& name, bool goTemplate,
                    TemplateParameters& parameters) {
    if (value.isScalar() || value.isNull()) {
        parameters.values.insert(name, value.scalar());
        return true;
    }
    const bool nested = goTemplate || name == u"values";
    if (value.isMap() && nested) {
        for (const QString& key : value.keys()) {
            if (!flattenElement(value[key], name + u'.' + key, goTemplate, parameters))
                return false;
        }
        return true;
    }
    if (value.isSequence() && goTemplate) {
        QStringList items;
        for (const YamlValue& item : value.items()) {
            if (!item.isScalar())
                return false;
            items.append(item.scalar());
        }
        parameters.lists.insert(name, items);
        return true;
    }
    return false;
}

QList<TemplateParameters> listElements(const YamlValue& elements, bool goTemplate,
                                       Findings& findings) {
    QList<TemplateParameters> result;
    for (const YamlValue& element : elements.items()) {
        if (!element.isMap()) {
            findings.append(finding(Finding::Severity::Error, QStringLiteral("malformed-generator"),
                                    QStringLiteral("a list generator element must be a map"),
                                    element));
            continue;
        }
        TemplateParameters parameters;
        bool ok = true;
        for (const QString& key : element.keys())
            ok = ok && flattenElement(element[key], key, goTemplate, parameters);
        if (!ok) {
            // Argo CD refuses such an element (non-string values without goTemplate).
            findings.append(finding(Finding::Severity::Error, QStringLiteral("malformed-generator"),
                                    QStringLiteral("list element values must be strings unless "
                                                   "goTemplate is on"),
                                    element));
            continue;
        }
        result.append(parameters);
    }
    return result;
}

QList<TemplateParameters> listGenerator(const YamlValue& list, bool goTemplate,
                                        Findings& findings) {
    const YamlValue elements = list["elements"];
    const YamlValue elementsYaml = list["elementsYaml"];
    if (elements.isDefined() && !elements.isSequence()) {
        findings.append(finding(Finding::Severity::Error, QStringLiteral("malformed-generator"),
                                QStringLiteral("'elements' must be a list"), elements));
        return {};
    }
    QList<TemplateParameters> result = listElements(elements, goTemplate, findings);
    if (!elementsYaml.isDefined())
        return result;
    const QString text = elementsYaml.scalar();
    if (ApplicationSetTemplate::isTemplated(text)) {
        findings.append(finding(Finding::Severity::Warning, QStringLiteral("unsupported-generator"),
                                QStringLiteral("templated 'elementsYaml' (filled by an outer "
                                               "matrix or merge generator) is not supported"),
                                elementsYaml));
        return result;
    }
    const auto documents = YamlValue::parseAll(text.toUtf8(), elementsYaml.location());
    if (!documents || documents->size() != 1 || !documents->first().isSequence()) {
        findings.append(finding(Finding::Severity::Error, QStringLiteral("malformed-generator"),
                                QStringLiteral("'elementsYaml' must hold a YAML list of maps"),
                                elementsYaml));
        return result;
    }
    result += listElements(documents->first(), goTemplate, findings);
    return result;
}

} // namespace

QList<TemplateParameters> ApplicationSetExpander::parameterSets(const Manifest& appSet,
                                                                const RepositoryFiles& files,
                                                                const RepositoryTest& isThis,
                                                                Findings& findings) {
    const YamlValue spec = appSet.spec();
    const YamlValue generators = spec["generators"];
    if (!generators.isSequence()) {
        findings.append(finding(
            Finding::Severity::Error, QStringLiteral("malformed-applicationset"),
            QStringLiteral("ApplicationSet '%1' has no list of 'generators'").arg(appSet.name),
            generators.isDefined() ? generators : spec));
        return {};
    }
    const bool goTemplate = spec["goTemplate"].toBool(false);
    QList<TemplateParameters> result;
    for (const YamlValue& generator : generators.items()) {
        for (const QString& kind : generator.keys()) {
            const YamlValue body = generator[kind];
            if (kind == u"selector") {
                findings.append(finding(Finding::Severity::Warning,
                                        QStringLiteral("unsupported-generator"),
                                        QStringLiteral("generator selectors are not applied: "
                                                       "Argo CD may generate fewer Applications"),
                                        body));
                continue;
            }
            if (body["template"].isDefined())
                findings.append(finding(Finding::Severity::Warning,
                                        QStringLiteral("unsupported-generator"),
                                        QStringLiteral("a generator's own template is not merged "
                                                       "into the ApplicationSet's template"),
                                        body["template"]));
            if (kind == u"git") {
                result += gitGenerator(body, goTemplate, files, isThis, findings);
            } else if (kind == u"list") {
                result += listGenerator(body, goTemplate, findings);
            } else {
                findings.append(finding(
                    Finding::Severity::Warning, QStringLiteral("unsupported-generator"),
                    QStringLiteral("the %1 generator of ApplicationSet '%2' is not supported; the "
                                   "Applications it generates are not discovered")
                        .arg(kind, appSet.name),
                    body));
            }
        }
    }
    return result;
}

} // namespace fd::core

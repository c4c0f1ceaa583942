#include "manifestscan.h"

#include "repositoryfiles.h"
#include "repositorypath.h"

#include <QSet>

namespace fd::core {

namespace {

QString joined(const QString& folder, const QString& name) {
    return folder.isEmpty() ? name : folder + QLatin1Char('/') + name;
}

/** The chart folder whose templates/ holds @p path, or empty. */
QString helmChartOf(const QString& path, const QSet<QString>& charts) {
    const QString marker = QStringLiteral("/templates/");
    qsizetype at = (QLatin1Char('/') + path).indexOf(marker);
    while (at >= 0) {
        const QString chart = path.left(at > 0 ? at - 1 : 0);
        if (charts.contains(chart))
            return chart.isEmpty() ? QStringLiteral(".") : chart;
        at = (QLatin1Char('/') + path).indexOf(marker, at + 1);
    }
    return {};
}

} // namespace

bool isYamlPath(const QString& path) {
    return path.endsWith(QLatin1String(".yaml"), Qt::CaseInsensitive) ||
           path.endsWith(QLatin1String(".yml"), Qt::CaseInsensitive);
}

QString Manifest::group() const {
    const qsizetype slash = apiVersion.indexOf(QLatin1Char('/'));
    return slash < 0 ? QString() : apiVersion.left(slash);
}

QString Manifest::annotation(const QString& key) const {
    return metadata()["annotations"][key].scalar();
}

QString Manifest::label(const QString& key) const {
    return metadata()["labels"][key].scalar();
}

ManifestScan ManifestScan::read(const RepositoryFiles& files) {
    ManifestScan scan;
    const QStringList paths = files.paths();
    QSet<QString> charts;
    for (const QString& path : paths) {
        const QString name = path.mid(path.lastIndexOf(QLatin1Char('/')) + 1);
        if (name == u"Chart.yaml")
            charts.insert(RepositoryPath::parentOf(path));
    }
    QSet<QString> skippedCharts;
    for (const QString& path : paths) {
        if (!isYamlPath(path))
            continue;
        const QString chart = helmChartOf(path, charts);
        if (chart.isEmpty()) {
            scan.readFile(files, path);
            continue;
        }
        if (!skippedCharts.contains(chart)) {
            skippedCharts.insert(chart);
            scan.m_findings.append(
                {Finding::Severity::Note, QStringLiteral("helm-template"),
                 QStringLiteral("Helm chart templates are Go templates, not plain YAML: skipped"),
                 joined(chart == u"." ? QString() : chart, QStringLiteral("templates/"))});
        }
    }
    return scan;
}

void ManifestScan::readFile(const RepositoryFiles& files, const QString& path) {
    auto bytes = files.read(path);
    if (!bytes) {
        m_findings.append({Finding::Severity::Error, QStringLiteral("unreadable-file"),
                           bytes.error().message, path});
        return;
    }
    // Values files far outnumber manifests; only files that can hold one are parsed here.
    if (!bytes->contains("apiVersion"))
        return;
    auto documents = YamlValue::parseAll(*bytes, path);
    if (!documents) {
        const Error& error = documents.error();
        m_findings.append({Finding::Severity::Error, QStringLiteral("invalid-yaml"), error.message,
                           error.location.isEmpty() ? path : error.location});
        return;
    }
    for (const YamlValue& document : *documents) {
        const QString apiVersion = document["apiVersion"].scalar();
        const QString kind = document["kind"].scalar();
        if (apiVersion.isEmpty() || kind.isEmpty())
            continue;
        const YamlValue metadata = document["metadata"];
        m_manifests.append({apiVersion, kind, metadata["name"].scalar(),
                            metadata["namespace"].scalar(), document});
    }
}

QList<Manifest> ManifestScan::ofKind(const QString& group, const QString& kind) const {
    QList<Manifest> result;
    for (const Manifest& manifest : m_manifests) {
        if (manifest.kind == kind && manifest.group() == group)
            result.append(manifest);
    }
    return result;
}

} // namespace fd::core

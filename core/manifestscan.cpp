#include "manifestscan.h"

#include "parallelfor.h"
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

bool mayHoldManifest(const QByteArray& bytes) {
    return bytes.contains("apiVersion");
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
    const QStringList paths = files.paths();
    QSet<QString> charts;
    for (const QString& path : paths) {
        const QString name = path.mid(path.lastIndexOf(QLatin1Char('/')) + 1);
        if (name == u"Chart.yaml")
            charts.insert(RepositoryPath::parentOf(path));
    }
    // Read in order (libgit2 is used by one thread), parse in parallel (the bulk of the time:
    // real repositories hold a thousand manifests and more), report in path order.
    std::vector<PendingFile> pending;
    QSet<QString> skippedCharts;
    for (const QString& path : paths) {
        if (!isYamlPath(path))
            continue;
        const QString chart = helmChartOf(path, charts);
        if (chart.isEmpty()) {
            if (auto file = readCandidate(files, path))
                pending.push_back(std::move(*file));
            continue;
        }
        if (!skippedCharts.contains(chart)) {
            skippedCharts.insert(chart);
            pending.push_back(
                {path,
                 {},
                 Finding{Finding::Severity::Note, QStringLiteral("helm-template"),
                         QStringLiteral("Helm chart templates are Go "
                                        "templates, not plain YAML: "
                                        "skipped"),
                         joined(chart == u"." ? QString() : chart, QStringLiteral("templates/"))}});
        }
    }
    parallelFor(pending.size(), [&](std::size_t i) {
        PendingFile& file = pending[i];
        if (!file.finding)
            file.documents = YamlValue::parseAll(file.bytes, file.path);
    });
    ManifestScan scan;
    for (PendingFile& file : pending)
        scan.add(file);
    return scan;
}

std::optional<ManifestScan::PendingFile> ManifestScan::readCandidate(const RepositoryFiles& files,
                                                                     const QString& path) {
    auto bytes = files.read(path);
    if (!bytes)
        return PendingFile{path,
                           {},
                           Finding{Finding::Severity::Error, QStringLiteral("unreadable-file"),
                                   bytes.error().message, path}};
    // Values files far outnumber manifests; only files that can hold one are parsed here.
    if (!mayHoldManifest(*bytes))
        return std::nullopt;
    return PendingFile{path, std::move(*bytes), std::nullopt};
}

void ManifestScan::add(const PendingFile& file) {
    if (file.finding) {
        m_findings.append(*file.finding);
        return;
    }
    const auto& documents = *file.documents;
    if (!documents) {
        const Error& error = documents.error();
        m_findings.append({Finding::Severity::Error, QStringLiteral("invalid-yaml"), error.message,
                           error.location.isEmpty() ? file.path : error.location});
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

#pragma once

#include "finding.h"
#include "yamlvalue.h"

#include <QList>
#include <QString>

#include <optional>

namespace fd::core {

class RepositoryFiles;

/** One Kubernetes object found in a repository file (a file may hold several). */
struct Manifest final {
    QString apiVersion;
    QString kind;
    QString name;
    QString namespaceName;
    YamlValue object;

    /** The API group: "kargo.akuity.io" of "kargo.akuity.io/v1alpha1"; empty for core. */
    QString group() const;
    YamlValue metadata() const { return object["metadata"]; }
    YamlValue spec() const { return object["spec"]; }
    QString annotation(const QString& key) const;
    QString label(const QString& key) const;
    const QString& file() const { return object.fileName(); }
    /** "file:line:column" of the object. */
    QString location() const { return object.location(); }
};

/**
 * Every Kubernetes manifest of a repository: each YAML file that holds `apiVersion` is read
 * whole (all its documents). Never fails as a whole: a file that cannot be read or parsed
 * becomes an error finding naming it and the rest is still read. Helm chart templates
 * (`templates/` beside a Chart.yaml) are Go templates, not YAML: skipped with a note per chart.
 */
class ManifestScan final {
public:
    static ManifestScan read(const RepositoryFiles& files);

    const QList<Manifest>& manifests() const { return m_manifests; }
    /** The manifests of @p group (e.g. "argoproj.io") and @p kind, in path order. */
    QList<Manifest> ofKind(const QString& group, const QString& kind) const;
    const Findings& findings() const { return m_findings; }

private:
    /** A file to report on: a finding already, or bytes to parse (then their documents). */
    struct PendingFile final {
        QString path;
        QByteArray bytes;
        std::optional<Finding> finding;
        std::optional<Result<QList<YamlValue>>> documents = {};
    };

    /** @p path's bytes when it may hold a manifest, a finding when it cannot be read. */
    static std::optional<PendingFile> readCandidate(const RepositoryFiles& files,
                                                    const QString& path);
    void add(const PendingFile& file);

    QList<Manifest> m_manifests;
    Findings m_findings;
};

/** True for .yaml and .yml files. */
bool isYamlPath(const QString& path);

/**
 * False when a YAML file's @p bytes cannot hold a manifest (no `apiVersion`): the scan reads
 * such a file (values files mostly) but parses nothing of it.
 */
bool mayHoldManifest(const QByteArray& bytes);

} // namespace fd::core

#include "targetvalue.h"

#include "yamldocument.h"
#include "yamlsimplescalar.h"
#include "yamlvalue.h"

namespace fd::core {

namespace {

/** The version of the dependency named @p chart in a Chart.yaml, as helm-update-chart sets it. */
std::optional<QString> chartDependencyVersion(const QString& chart, const QByteArray& bytes,
                                              const QString& fileName) {
    auto documents = YamlValue::parseAll(bytes, fileName);
    if (!documents || documents->isEmpty())
        return std::nullopt;
    for (const YamlValue& dependency : documents->first()["dependencies"].items()) {
        if (dependency["name"].scalar() == chart && dependency["version"].isScalar())
            return dependency["version"].scalar();
    }
    return std::nullopt;
}

} // namespace

std::optional<QString> readTargetValue(const PipelineTarget& target, const QByteArray& bytes) {
    if (target.kind == PipelineTarget::Kind::HelmChart)
        return chartDependencyVersion(target.key, bytes, target.file);
    if (target.kind == PipelineTarget::Kind::YamlKey) {
        SimpleYamlScalar simple = readSimpleYamlScalar(bytes, target.key);
        if (simple.outcome == SimpleYamlScalar::Outcome::Found)
            return std::move(simple.value);
        if (simple.outcome == SimpleYamlScalar::Outcome::Absent)
            return std::nullopt;
    }
    auto document = YamlDocument::parse(bytes, target.file);
    if (!document)
        return std::nullopt;
    switch (target.kind) {
    case PipelineTarget::Kind::YamlKey: {
        auto value = document->scalar(target.key);
        return value ? std::optional<QString>(*value) : std::nullopt;
    }
    case PipelineTarget::Kind::KustomizeImage: {
        auto digest = document->kustomizeImageField(target.image, KustomizeField::Digest);
        if (digest && digest->has_value() && !(*digest)->isEmpty())
            return QLatin1Char('@') + **digest;
        auto tag = document->kustomizeImageField(target.image, KustomizeField::NewTag);
        return tag && tag->has_value() ? std::optional<QString>(**tag) : std::nullopt;
    }
    case PipelineTarget::Kind::HelmChart:
        break;
    }
    return std::nullopt;
}

QString targetKey(const PipelineTarget& target) {
    switch (target.kind) {
    case PipelineTarget::Kind::YamlKey:
        return target.file + QLatin1Char(':') + target.key;
    case PipelineTarget::Kind::KustomizeImage:
        return target.file + QStringLiteral(":images[") + target.image + QLatin1Char(']');
    case PipelineTarget::Kind::HelmChart:
        break;
    }
    return target.file + QStringLiteral(":chart[") + target.key + QLatin1Char(']');
}

} // namespace fd::core

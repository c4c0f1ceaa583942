#include "stagecomparison.h"

#include "gitrepository.h"
#include "unifieddiff.h"

#include <QHash>

namespace fd::core {

namespace {

/** What makes two stages' targets the same one: a Helm value's key, a Kustomize image. */
QString targetKey(const PipelineTarget& target) {
    switch (target.kind) {
    case PipelineTarget::Kind::KustomizeImage:
        return QStringLiteral("image ") + target.image;
    case PipelineTarget::Kind::HelmChart:
        return QStringLiteral("chart ") + target.key;
    case PipelineTarget::Kind::YamlKey:
        break;
    }
    return target.key;
}

QString describe(const PipelineTarget& target) {
    return target.file + QStringLiteral(": ") + targetKey(target);
}

/** The file at @p branch's fetched tip; the tip is fetched once per branch. */
class BranchFiles final {
public:
    BranchFiles(GitRepository& repository, QString defaultBranch)
        : m_repository(repository)
        , m_defaultBranch(std::move(defaultBranch)) {}

    Result<QByteArray> read(const PipelineTarget& target) {
        const QString branch = target.branch.isEmpty() ? m_defaultBranch : target.branch;
        if (!m_tips.contains(branch)) {
            auto tip = m_repository.fetch(branch);
            if (!tip)
                return tip.error();
            m_tips.insert(branch, *tip);
        }
        return m_repository.readFile(m_tips.value(branch), target.file);
    }
    QString tipOf(const QString& branch) const {
        return m_tips.value(branch.isEmpty() ? m_defaultBranch : branch);
    }

private:
    GitRepository& m_repository;
    QString m_defaultBranch;
    QHash<QString, QString> m_tips;
};

} // namespace

Result<StageComparison> compareStages(GitRepository& repository, const Pipeline& pipeline,
                                      const QString& left, const QString& right,
                                      const QString& defaultBranch) {
    const PipelineStage* leftStage = pipeline.stage(left);
    const PipelineStage* rightStage = pipeline.stage(right);
    for (const auto& [stage, name] : {std::pair{leftStage, left}, std::pair{rightStage, right}}) {
        if (!stage)
            return Error{Error::Kind::NotFound,
                         QStringLiteral("there is no stage %1 in the pipeline").arg(name),
                         {}};
    }
    StageComparison comparison{left, right, {}, {}, {}};
    BranchFiles files(repository, defaultBranch);
    QList<const PipelineTarget*> rightTargets;
    for (const PipelineTarget& target : rightStage->targets)
        rightTargets.append(&target);
    QStringList pairedFiles;
    for (const PipelineTarget& target : leftStage->targets) {
        const auto match = std::find_if(
            rightTargets.begin(), rightTargets.end(), [&](const PipelineTarget* other) {
                return other->kind == target.kind && targetKey(*other) == targetKey(target);
            });
        if (match == rightTargets.end()) {
            comparison.unpaired.append(describe(target));
            continue;
        }
        const PipelineTarget& other = **match;
        rightTargets.erase(match);
        // Several targets in one pair of files: one diff says it all.
        const QString path = target.file + QStringLiteral(" → ") + other.file;
        if (pairedFiles.contains(path))
            continue;
        pairedFiles.append(path);
        auto before = files.read(target);
        if (!before)
            return before.error();
        auto after = files.read(other);
        if (!after)
            return after.error();
        auto diff = UnifiedDiff::between(target.file, other.file, *before, *after);
        if (!diff)
            return diff.error();
        comparison.files.append({path, *before, *after, *before == *after ? QString() : *diff});
    }
    for (const PipelineTarget* target : std::as_const(rightTargets))
        comparison.unpaired.append(describe(*target));
    comparison.commit = files.tipOf(
        leftStage->targets.isEmpty() ? QString() : leftStage->targets.constFirst().branch);
    return comparison;
}

} // namespace fd::core

#include "promotionrevert.h"

#include "githistory.h"
#include "promotionedits.h"
#include "yamldocument.h"

#include <algorithm>

namespace fd::core {

namespace {

Result<YamlDocument> documentAt(const GitHistory& history, const QString& revision,
                                const QString& path) {
    auto bytes = history.readFile(revision, path);
    if (!bytes)
        return std::move(bytes).error();
    return YamlDocument::parse(*bytes, path);
}

Result<GitCommitInfo> commitInfo(const GitHistory& history, const QString& id) {
    std::optional<GitCommitInfo> found;
    auto walked = history.walk(id, {}, [&](const GitCommitInfo& info, const QList<GitPathChange>&) {
        found = info;
        return false;
    });
    if (!walked)
        return std::move(walked).error();
    if (!found)
        return Error{Error::Kind::NotFound, QStringLiteral("no commit %1").arg(id), {}};
    return *found;
}

Error unsupported(const QString& commit, const QString& what, const QString& path) {
    return Error{Error::Kind::Unsupported,
                 QStringLiteral("%1 %2, which is more than a promotion: revert it with `git "
                                "revert`")
                     .arg(commit.left(12), what),
                 path};
}

} // namespace

PromotionRevert::PromotionRevert(const GitHistory& history, const Pipeline& pipeline)
    : m_history(history)
    , m_pipeline(pipeline) {}

Result<QList<PromotionRevert::Key>> PromotionRevert::keysChangedIn(const QString& commit,
                                                                   const QString& parent,
                                                                   const QString& path) const {
    auto before = documentAt(m_history, parent, path);
    if (!before)
        return std::move(before).error();
    auto after = documentAt(m_history, commit, path);
    if (!after)
        return std::move(after).error();
    QList<Key> keys;
    QStringList seen;
    for (const PipelineStage& stage : m_pipeline.stages) {
        for (const PipelineTarget& target : stage.targets) {
            if (target.file != path || !target.repoUrl.isEmpty() ||
                target.kind == PipelineTarget::Kind::HelmChart)
                continue;
            ValueEdit edit = targetEdit(target, {});
            auto old = edit.currentIn(*before);
            auto now = edit.currentIn(*after);
            if (!old || !now)
                return std::move(!old ? old : now).error();
            if (*old == *now || seen.contains(edit.describe()))
                continue;
            if (!*old)
                return unsupported(commit, QStringLiteral("adds %1").arg(edit.describe()), path);
            seen.append(edit.describe());
            edit.value = **old;
            keys.append({edit, now->value_or(QString()), stage.name});
        }
    }
    // What the commit changed besides stage versions would survive the revert: refuse it.
    YamlDocument reverted = *after;
    for (const Key& key : std::as_const(keys)) {
        if (auto applied = key.edit.applyTo(reverted); !applied)
            return std::move(applied).error();
    }
    if (reverted.bytes() != before->bytes())
        return unsupported(commit,
                           keys.isEmpty() ? QStringLiteral("changes %1 but no stage's version in "
                                                           "it")
                                                .arg(path)
                                          : QStringLiteral("changes more of %1 than stage "
                                                           "versions")
                                                .arg(path),
                           path);
    return keys;
}

Result<void> PromotionRevert::checkTip(const QString& tip, const QString& commit,
                                       const QString& path, const QList<Key>& keys,
                                       RevertPlan& plan) const {
    auto current = documentAt(m_history, tip, path);
    if (!current && current.error().kind == Error::Kind::NotFound)
        return Error{Error::Kind::Conflict,
                     QStringLiteral("%1 was deleted after %2: nothing to revert it in")
                         .arg(path, commit.left(12)),
                     path};
    if (!current)
        return std::move(current).error();
    for (const Key& key : keys) {
        auto value = key.edit.currentIn(*current);
        if (!value)
            return std::move(value).error();
        if (*value == key.edit.value) {
            plan.alreadyBack.append(key.edit.describe());
            continue;
        }
        if (*value != key.after)
            return Error{Error::Kind::Conflict,
                         QStringLiteral("%1 was changed again after %2: it is \"%3\" now, %2 set "
                                        "\"%4\" (it was \"%5\"); reverting would undo that later "
                                        "change too, so promote the version you want instead")
                             .arg(key.edit.describe(), commit.left(12), value->value_or(QString()),
                                  key.after, key.edit.value),
                         path};
        plan.edits.append(key.edit);
        if (!plan.stages.contains(key.stage))
            plan.stages.append(key.stage);
    }
    return {};
}

Result<RevertPlan> PromotionRevert::plan(const QString& commit, const QString& tip) const {
    auto id = m_history.resolve(commit);
    if (!id)
        return std::move(id).error();
    auto info = commitInfo(m_history, *id);
    if (!info)
        return std::move(info).error();
    if (info->parentIds.size() != 1)
        return unsupported(*id,
                           info->parentIds.isEmpty() ? QStringLiteral("is the first commit")
                                                     : QStringLiteral("is a merge"),
                           {});
    auto onBranch = m_history.isAncestor(*id, tip);
    if (!onBranch)
        return std::move(onBranch).error();
    if (!*onBranch)
        return Error{Error::Kind::InvalidInput,
                     QStringLiteral("%1 is not in the branch's history (its tip is %2)")
                         .arg(id->left(12), tip.left(12)),
                     {}};
    auto changes = m_history.changes(*id);
    if (!changes)
        return std::move(changes).error();
    RevertPlan plan;
    plan.commit = *id;
    plan.summary = info->summary;
    for (const GitPathChange& change : *changes) {
        if (change.status != GitPathChange::Status::Modified)
            return unsupported(*id,
                               (change.status == GitPathChange::Status::Added
                                    ? QStringLiteral("adds %1")
                                    : QStringLiteral("deletes %1"))
                                   .arg(change.path),
                               change.path);
        auto keys = keysChangedIn(*id, info->parentIds.constFirst(), change.path);
        if (!keys)
            return std::move(keys).error();
        if (auto checked = checkTip(tip, *id, change.path, *keys, plan); !checked)
            return std::move(checked).error();
    }
    const auto order = [&](const QString& stage) {
        return std::find_if(m_pipeline.stages.cbegin(), m_pipeline.stages.cend(),
                            [&](const PipelineStage& each) { return each.name == stage; });
    };
    std::sort(plan.stages.begin(), plan.stages.end(),
              [&](const QString& a, const QString& b) { return order(a) < order(b); });
    return plan;
}

PushRequest RevertPlan::request(const QString& branch) const {
    PushRequest request;
    request.branch = branch;
    request.edits = edits;
    request.message =
        QStringLiteral("Revert \"%1\"\n\nPuts back what %2 changed:").arg(summary, commit.left(12));
    for (const ValueEdit& edit : edits)
        request.message += QStringLiteral("\n- %1 = %2").arg(edit.describe(), edit.value);
    request.trailers.append({QStringLiteral("Freightdesk-Reverts"), commit});
    for (const QString& stage : stages)
        request.trailers.append({QStringLiteral("Freightdesk-Stage"), stage});
    return request;
}

} // namespace fd::core

#include "tagselectionpolicy.h"

#include "kargomodel.h"

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace fd::core {
namespace {

using Strategy = TagSelectionPolicy::Strategy;
using Kind = WarehouseSubscription::Kind;

std::optional<Strategy> strategyNamed(const QString& name, const QList<Strategy>& allowed) {
    for (const Strategy strategy : allowed) {
        if (name == TagSelectionPolicy::strategyName(strategy))
            return strategy;
    }
    return std::nullopt;
}

Result<Strategy> strategyOf(const WarehouseSubscription& sub) {
    const QString location = sub.position.toString();
    if (sub.kind == Kind::Chart)
        return Strategy::SemVer;
    if (sub.kind == Kind::Image) {
        if (sub.selectionStrategy.isEmpty())
            return Strategy::SemVer;
        if (auto s =
                strategyNamed(sub.selectionStrategy, {Strategy::SemVer, Strategy::Lexical,
                                                      Strategy::NewestBuild, Strategy::Digest}))
            return *s;
        return Error{Error::Kind::InvalidInput,
                     QStringLiteral("imageSelectionStrategy \"%1\" of %2 is not one Kargo knows: "
                                    "use SemVer, Lexical, NewestBuild or Digest")
                         .arg(sub.selectionStrategy, sub.repoURL),
                     location};
    }
    if (sub.selectionStrategy.isEmpty() || sub.selectionStrategy == u"NewestFromBranch")
        return Error{Error::Kind::Unsupported,
                     QStringLiteral("%1 follows the newest commit of a branch, not tags: there "
                                    "are no tags to select")
                         .arg(sub.repoURL),
                     location};
    if (auto s = strategyNamed(sub.selectionStrategy,
                               {Strategy::SemVer, Strategy::Lexical, Strategy::NewestTag}))
        return *s;
    return Error{Error::Kind::InvalidInput,
                 QStringLiteral("commitSelectionStrategy \"%1\" of %2 is not one Kargo knows: use "
                                "NewestFromBranch, SemVer, Lexical or NewestTag")
                     .arg(sub.selectionStrategy, sub.repoURL),
                 location};
}

} // namespace

Result<TagSelectionPolicy> TagSelectionPolicy::fromSubscription(const WarehouseSubscription& sub) {
    auto strategy = strategyOf(sub);
    if (!strategy)
        return std::move(strategy).error();
    TagSelectionPolicy policy;
    policy.strategy = *strategy;
    // Images read `constraint` (older Kargo `semverConstraint`); Git and charts read
    // `semverConstraint`.
    const bool image = sub.kind == Kind::Image;
    const QString& first = image ? sub.constraint : sub.semverConstraint;
    const QString& second = image ? sub.semverConstraint : sub.constraint;
    policy.constraint = first.isEmpty() ? second : first;
    // Helm reads chart versions leniently; Kargo's strictSemvers is for images and Git tags.
    policy.strictSemvers = sub.kind != Kind::Chart && sub.strictSemvers;
    policy.allowTagsRegexes = sub.allowTagsRegexes;
    if (!sub.allowTags.isEmpty())
        policy.allowTagsRegexes << sub.allowTags;
    policy.ignoreTagsRegexes = sub.ignoreTagsRegexes;
    policy.ignoreTags = sub.ignoreTags;
    policy.discoveryLimit =
        std::clamp(sub.discoveryLimit.value_or(defaultDiscoveryLimit), 1, maxDiscoveryLimit);
    if (policy.strategy == Strategy::Digest && policy.constraint.isEmpty())
        return Error{Error::Kind::InvalidInput,
                     QStringLiteral("Digest selection of %1 needs `constraint`: the tag to follow "
                                    "(like latest)")
                         .arg(sub.repoURL),
                     sub.position.toString()};
    return policy;
}

QString TagSelectionPolicy::strategyName(Strategy strategy) {
    switch (strategy) {
    case Strategy::SemVer:
        return u"SemVer"_s;
    case Strategy::Lexical:
        return u"Lexical"_s;
    case Strategy::NewestBuild:
        return u"NewestBuild"_s;
    case Strategy::Digest:
        return u"Digest"_s;
    case Strategy::NewestTag:
        return u"NewestTag"_s;
    }
    return {};
}

} // namespace fd::core

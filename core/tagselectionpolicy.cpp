#include "tagselectionpolicy.h"

#include "kargomodel.h"

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace fd::core {
namespace {

using Strategy = TagSelectionPolicy::Strategy;
using Kind = WarehouseSubscription::Kind;

/** The strategy @p sub names in @p field, one of @p known. */
Result<Strategy> strategyFrom(const WarehouseSubscription& sub, const QString& field,
                              const QList<Strategy>& known) {
    QStringList names;
    for (const Strategy strategy : known) {
        names << TagSelectionPolicy::strategyName(strategy);
        if (sub.selectionStrategy == names.last())
            return strategy;
    }
    if (field == u"commitSelectionStrategy")
        names.prepend(u"NewestFromBranch"_s);
    return Error{Error::Kind::InvalidInput,
                 QStringLiteral("%1 \"%2\" of %3 is not one Kargo knows: use %4")
                     .arg(field, sub.selectionStrategy, sub.repoURL, names.join(u", "_s)),
                 sub.position.toString()};
}

Result<Strategy> strategyOf(const WarehouseSubscription& sub) {
    if (sub.kind == Kind::Chart)
        return Strategy::SemVer;
    if (sub.kind == Kind::Image) {
        if (sub.selectionStrategy.isEmpty())
            return Strategy::SemVer;
        return strategyFrom(
            sub, u"imageSelectionStrategy"_s,
            {Strategy::SemVer, Strategy::Lexical, Strategy::NewestBuild, Strategy::Digest});
    }
    if (sub.selectionStrategy.isEmpty() || sub.selectionStrategy == u"NewestFromBranch")
        return Error{Error::Kind::Unsupported,
                     QStringLiteral("%1 follows the newest commit of a branch, not tags: there "
                                    "are no tags to select")
                         .arg(sub.repoURL),
                     sub.position.toString()};
    return strategyFrom(sub, u"commitSelectionStrategy"_s,
                        {Strategy::SemVer, Strategy::Lexical, Strategy::NewestTag});
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

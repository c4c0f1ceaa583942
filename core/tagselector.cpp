#include "tagselector.h"

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace fd::core {
namespace {

using Strategy = TagSelectionPolicy::Strategy;

Result<QList<QRegularExpression>> compile(const QStringList& patterns, const QString& field) {
    QList<QRegularExpression> compiled;
    for (const QString& pattern : patterns) {
        QRegularExpression regex(pattern);
        if (!regex.isValid())
            return Error{Error::Kind::InvalidInput,
                         QStringLiteral("%1: \"%2\" is not a valid regular expression: %3 "
                                        "(column %4)")
                             .arg(field, pattern, regex.errorString())
                             .arg(regex.patternErrorOffset() + 1),
                         {}};
        regex.optimize();
        compiled << regex;
    }
    return compiled;
}

bool anyMatches(const QList<QRegularExpression>& regexes, const QString& tag) {
    return std::any_of(regexes.cbegin(), regexes.cend(), [&](const QRegularExpression& regex) {
        return regex.match(tag).hasMatch();
    });
}

QStringList tagsOf(const QList<DatedTag>& tags) {
    QStringList names;
    names.reserve(tags.size());
    for (const DatedTag& dated : tags)
        names << dated.tag;
    return names;
}

/** Newest first; unknown times last; ties by tag, descending. */
bool newerFirst(const DatedTag& a, const DatedTag& b) {
    if (a.created.isValid() != b.created.isValid())
        return a.created.isValid();
    if (a.created != b.created)
        return a.created > b.created;
    return a.tag > b.tag;
}

} // namespace

Result<TagSelector> TagSelector::forSubscription(const WarehouseSubscription& subscription) {
    auto policy = TagSelectionPolicy::fromSubscription(subscription);
    if (!policy)
        return std::move(policy).error();
    return create(*policy);
}

Result<TagSelector> TagSelector::create(const TagSelectionPolicy& policy) {
    TagSelector selector;
    selector.m_policy = policy;
    auto allow = compile(policy.allowTagsRegexes, u"allowTagsRegexes"_s);
    if (!allow)
        return std::move(allow).error();
    auto ignore = compile(policy.ignoreTagsRegexes, u"ignoreTagsRegexes"_s);
    if (!ignore)
        return std::move(ignore).error();
    selector.m_allow = *std::move(allow);
    selector.m_ignore = *std::move(ignore);
    if (policy.strategy == Strategy::SemVer && !policy.constraint.isEmpty()) {
        auto constraint = SemVerConstraint::parse(policy.constraint);
        if (!constraint)
            return std::move(constraint).error();
        selector.m_constraint = *std::move(constraint);
    }
    return selector;
}

bool TagSelector::needsCreationTimes() const {
    return m_policy.strategy == Strategy::NewestBuild || m_policy.strategy == Strategy::NewestTag;
}

bool TagSelector::passesFilters(const QString& tag) const {
    if (m_policy.strategy == Strategy::Digest)
        return tag == m_policy.constraint;
    if (m_policy.ignoreTags.contains(tag) || anyMatches(m_ignore, tag))
        return false;
    return m_allow.isEmpty() || anyMatches(m_allow, tag);
}

bool TagSelector::accepts(const QString& tag) const {
    if (!passesFilters(tag))
        return false;
    if (m_policy.strategy != Strategy::SemVer)
        return true;
    const auto version = SemVer::fromTag(tag, m_policy.strictSemvers);
    return version && (!m_constraint || m_constraint->matches(*version));
}

QStringList TagSelector::eligible(const QStringList& tags) const {
    QStringList result;
    for (const QString& tag : tags) {
        if (accepts(tag))
            result << tag;
    }
    return result;
}

QStringList TagSelector::select(const QStringList& tags) const {
    QList<DatedTag> dated;
    dated.reserve(tags.size());
    for (const QString& tag : tags)
        dated << DatedTag{tag, {}};
    return select(dated);
}

QStringList TagSelector::select(const QList<DatedTag>& tags) const {
    if (m_policy.strategy == Strategy::SemVer)
        return selectSemVer(tags);
    QList<DatedTag> kept;
    for (const DatedTag& dated : tags) {
        if (passesFilters(dated.tag))
            kept << dated;
    }
    switch (m_policy.strategy) {
    case Strategy::Lexical:
        std::sort(kept.begin(), kept.end(),
                  [](const DatedTag& a, const DatedTag& b) { return a.tag > b.tag; });
        break;
    case Strategy::NewestBuild:
    case Strategy::NewestTag:
        std::sort(kept.begin(), kept.end(), newerFirst);
        break;
    case Strategy::Digest:
        kept.resize(std::min<qsizetype>(kept.size(), 1));
        break;
    case Strategy::SemVer:
        break;
    }
    return tagsOf(kept);
}

QStringList TagSelector::selectSemVer(const QList<DatedTag>& tags) const {
    struct Candidate final {
        SemVer version;
        const QString* tag;
    };
    std::vector<Candidate> candidates;
    for (const DatedTag& dated : tags) {
        // Kargo filters by the regexes first; all must hold, so the cheaper tests go first.
        auto version = SemVer::fromTag(dated.tag, m_policy.strictSemvers);
        if (version && (!m_constraint || m_constraint->matches(*version)) &&
            passesFilters(dated.tag))
            candidates.push_back(Candidate{*std::move(version), &dated.tag});
    }
    std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
        const int order = a.version.compare(b.version);
        return order != 0 ? order > 0 : *a.tag > *b.tag;
    });
    QStringList result;
    result.reserve(qsizetype(candidates.size()));
    for (const Candidate& candidate : candidates)
        result << *candidate.tag;
    return result;
}

} // namespace fd::core

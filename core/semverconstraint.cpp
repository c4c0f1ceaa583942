#include "semverconstraint.h"

#include <optional>

using namespace Qt::Literals::StringLiterals;

namespace fd::core {
namespace {

using Op = SemVerConstraint::Op;
using Comparator = SemVerConstraint::Comparator;
using Group = SemVerConstraint::Group;

// Masterminds' limits, so that what Kargo refuses is refused here too.
constexpr qsizetype maxLength = 512;
constexpr qsizetype maxGroups = 32;
constexpr qsizetype maxVersionLength = 256;

bool isSpace(QChar c) { // Go's \s
    return c == u' ' || c == u'\t' || c == u'\n' || c == u'\f' || c == u'\r';
}
bool isDigit(QChar c) {
    return c >= u'0' && c <= u'9';
}
bool isWildcard(QStringView s) {
    return s == u"x" || s == u"X" || s == u"*";
}
bool isSegmentChar(QChar c) {
    return isDigit(c) || c == u'x' || c == u'X' || c == u'*';
}
bool isIdentifierChar(QChar c) {
    return isDigit(c) || (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'-';
}

struct ScanError final {
    qsizetype at = 0;
    QString why;
};

/** One comparison as scanned: the operator's text and the version's pieces. */
struct Scanned final {
    Comparator comparator;
    bool hasOperator = false;
    qsizetype end = 0; // index just past the version
};

class Scanner final {
public:
    explicit Scanner(QStringView text)
        : m_text(text) {}

    std::optional<ScanError> group(qsizetype begin, qsizetype end, Group& out);

private:
    qsizetype skipSpace(qsizetype i, qsizetype end) const {
        while (i < end && isSpace(m_text[i]))
            ++i;
        return i;
    }
    qsizetype identifiersEnd(qsizetype i, qsizetype end) const;
    std::optional<ScanError> comparator(qsizetype i, qsizetype end, Scanned& out) const;
    std::optional<ScanError> version(qsizetype i, qsizetype end, Scanned& out) const;
    /** After a version without operator: the upper end of "A - B", if that is what follows. */
    std::optional<qsizetype> hyphenAt(qsizetype i, qsizetype end) const;

    QStringView m_text;
};

qsizetype Scanner::identifiersEnd(qsizetype i, qsizetype end) const {
    qsizetype at = i;
    for (;;) {
        const qsizetype start = at;
        while (at < end && isIdentifierChar(m_text[at]))
            ++at;
        if (at == start)
            return start;
        if (at + 1 < end && m_text[at] == u'.' && isIdentifierChar(m_text[at + 1])) {
            ++at;
            continue;
        }
        return at;
    }
}

std::optional<ScanError> Scanner::version(qsizetype i, qsizetype end, Scanned& out) const {
    const qsizetype begin = i;
    if (i < end && m_text[i] == u'v')
        ++i;
    QStringView segments[3];
    qsizetype starts[3] = {0, 0, 0};
    int count = 0;
    for (;;) {
        const qsizetype start = i;
        while (i < end && isSegmentChar(m_text[i]))
            ++i;
        if (i == start)
            return ScanError{start, u"a version (a number, x or *) is expected here"_s};
        starts[count] = start;
        segments[count++] = m_text.sliced(start, i - start);
        // Only three numbers, and a '.' separates only when a number follows it.
        if (count == 3 || i + 1 >= end || m_text[i] != u'.' || !isSegmentChar(m_text[i + 1]))
            break;
        ++i;
    }
    QStringView preRelease;
    if (i < end && m_text[i] == u'-') {
        const qsizetype stop = identifiersEnd(i + 1, end);
        if (stop > i + 1) {
            preRelease = m_text.sliced(i + 1, stop - i - 1);
            i = stop;
        }
    }
    if (i < end && m_text[i] == u'+') {
        const qsizetype stop = identifiersEnd(i + 1, end);
        if (stop > i + 1)
            i = stop;
    }
    if (i - begin > maxVersionLength)
        return ScanError{begin, u"the version is longer than 256 characters"_s};

    Comparator& c = out.comparator;
    quint64 numbers[3] = {0, 0, 0};
    // A wildcard drops the parts after it: "1.x.3" is "1.x".
    int exact = count;
    for (int k = 0; k < count; ++k) {
        if (isWildcard(segments[k])) {
            exact = k;
            break;
        }
    }
    for (int k = 0; k < exact; ++k) {
        bool ok = true;
        for (const QChar ch : segments[k])
            ok = ok && isDigit(ch);
        const quint64 value = ok ? segments[k].toULongLong(&ok) : 0;
        if (!ok)
            return ScanError{
                starts[k],
                QStringLiteral("\"%1\" is not a number (below 2^64), x or *").arg(segments[k])};
        numbers[k] = value;
    }
    c.wildcard = exact < 3;
    c.minorWildcard = exact == 1;
    c.patchWildcard = exact == 2;
    if (!preRelease.isEmpty()) {
        auto checked = SemVer::parse(u"0.0.0-"_s + preRelease.toString(), SemVer::Mode::Strict);
        if (!checked)
            return ScanError{preRelease.data() - m_text.data(),
                             u"a numeric pre-release identifier has a leading zero"_s};
    }
    c.version = SemVer(numbers[0], numbers[1], numbers[2], preRelease.toString());
    out.end = i;
    return std::nullopt;
}

std::optional<ScanError> Scanner::comparator(qsizetype i, qsizetype end, Scanned& out) const {
    static const std::pair<QStringView, Op> ops[] = {
        {u"!=", Op::NotEqual},  {u">=", Op::GreaterEqual}, {u"=>", Op::GreaterEqual},
        {u"<=", Op::LessEqual}, {u"=<", Op::LessEqual},    {u"~>", Op::Tilde},
        {u"=", Op::Equal},      {u">", Op::Greater},       {u"<", Op::Less},
        {u"~", Op::Tilde},      {u"^", Op::Caret},
    };
    const QStringView rest = m_text.sliced(i, end - i);
    out = Scanned{};
    for (const auto& [text, op] : ops) {
        if (rest.startsWith(text)) {
            out.comparator.op = op;
            out.hasOperator = true;
            i += text.size();
            break;
        }
    }
    return version(skipSpace(i, end), end, out);
}

std::optional<qsizetype> Scanner::hyphenAt(qsizetype i, qsizetype end) const {
    const qsizetype dash = skipSpace(i, end);
    if (dash == i || dash + 1 >= end || m_text[dash] != u'-' || !isSpace(m_text[dash + 1]))
        return std::nullopt;
    return skipSpace(dash + 1, end);
}

std::optional<ScanError> Scanner::group(qsizetype begin, qsizetype end, Group& out) {
    qsizetype i = skipSpace(begin, end);
    if (i == end)
        return ScanError{i, u"a comparison is expected here"_s};
    bool afterRange = false;
    bool spaceSeparated = false;
    for (bool first = true;; first = false) {
        Scanned scanned;
        if (auto error = comparator(i, end, scanned))
            return error;
        const auto upperAt = scanned.hasOperator ? std::nullopt : hyphenAt(scanned.end, end);
        if (upperAt) {
            // Masterminds rewrites "A - B" in the text, which glues it to a comparison before it
            // that only a space separates.
            if (!first && spaceSeparated && !afterRange)
                return ScanError{i, u"a hyphen range must follow a ',' or another range"_s};
            Scanned upper;
            if (auto error = version(*upperAt, end, upper))
                return error;
            scanned.comparator.op = Op::GreaterEqual;
            upper.comparator.op = Op::LessEqual;
            out.comparators << scanned.comparator << upper.comparator;
            scanned.end = upper.end;
        } else {
            out.comparators << scanned.comparator;
        }
        const bool wasRange = upperAt.has_value();
        qsizetype next = skipSpace(scanned.end, end);
        if (next == end)
            break;
        spaceSeparated = m_text[next] != u',';
        if (!spaceSeparated) {
            next = skipSpace(next + 1, end);
            if (next == end)
                return ScanError{next, u"a comparison is expected after ','"_s};
        } else if (next == scanned.end && !wasRange) {
            return ScanError{next, u"comparisons must be separated by ',' or a space"_s};
        }
        afterRange = wasRange;
        i = next;
    }
    for (const Comparator& c : std::as_const(out.comparators))
        out.namesPreRelease = out.namesPreRelease || c.version.isPreRelease();
    return std::nullopt;
}

Error invalid(const QString& text, const QString& why, qsizetype at) {
    return Error{Error::Kind::Parse,
                 QStringLiteral("\"%1\" is not a valid SemVer constraint: %2 (column %3)")
                     .arg(text.left(maxLength), why)
                     .arg(at + 1),
                 {}};
}

} // namespace

Result<SemVerConstraint> SemVerConstraint::parse(const QString& text) {
    if (text.size() > maxLength)
        return invalid(text, u"longer than 512 characters"_s, maxLength);
    SemVerConstraint constraint;
    constraint.m_text = text;
    Scanner scanner(text);
    qsizetype begin = 0;
    for (;;) {
        const qsizetype bar = text.indexOf(u"||", begin);
        const qsizetype end = bar < 0 ? text.size() : bar;
        if (constraint.m_groups.size() == maxGroups)
            return invalid(text, u"more than 32 alternatives joined by ||"_s, begin);
        Group group;
        if (auto error = scanner.group(begin, end, group))
            return invalid(text, error->why, error->at);
        constraint.m_groups << group;
        if (bar < 0)
            break;
        begin = bar + 2;
    }
    return constraint;
}

bool SemVerConstraint::matches(const SemVer& version) const {
    for (const Group& group : m_groups) {
        bool all = true;
        for (const Comparator& c : group.comparators) {
            if (!c.matches(version, group.namesPreRelease)) {
                all = false;
                break;
            }
        }
        if (all)
            return true;
    }
    return false;
}

bool SemVerConstraint::Comparator::matches(const SemVer& v, bool includePreReleases) const {
    if (v.isPreRelease() && !includePreReleases)
        return false;
    const SemVer& c = version;
    const int order = v.compare(c);
    const bool sameMajor = v.major() == c.major();
    switch (op) {
    case Op::Equal:
        if (!wildcard)
            return order == 0;
        [[fallthrough]]; // "1.2.x" and "1.2" mean "~1.2"
    case Op::Tilde:
        if (order < 0)
            return false;
        if (c.major() == 0 && c.minor() == 0 && c.patch() == 0 && !minorWildcard && !patchWildcard)
            return true; // "~0.0.0" and "*" take anything
        return sameMajor && (minorWildcard || v.minor() == c.minor());
    case Op::NotEqual:
        if (wildcard) {
            if (!sameMajor || (v.minor() != c.minor() && !minorWildcard))
                return true;
            if (minorWildcard)
                return false;
            if (v.patch() != c.patch() && !patchWildcard)
                return true;
            if (patchWildcard)
                return compareSemVerPreRelease(v.preRelease(), c.preRelease()) != 0;
        }
        return order != 0;
    case Op::Greater:
        if (!wildcard)
            return order > 0;
        if (!sameMajor)
            return v.major() > c.major();
        if (minorWildcard)
            return false; // ">1" wants 2 or more
        if (patchWildcard)
            return v.minor() > c.minor();
        return order > 0;
    case Op::Less:
        return order < 0;
    case Op::GreaterEqual:
        return order >= 0;
    case Op::LessEqual:
        if (!wildcard)
            return order <= 0;
        if (v.major() != c.major())
            return v.major() < c.major();
        return minorWildcard || v.minor() <= c.minor();
    case Op::Caret:
        if (order < 0)
            return false;
        if (c.major() > 0 || minorWildcard)
            return sameMajor;
        if (v.major() > 0)
            return false;
        if (c.minor() > 0 || patchWildcard)
            return v.minor() == c.minor();
        return v.minor() == 0 && v.patch() == c.patch();
    }
    return false;
}

} // namespace fd::core

#include "semver.h"

#include <limits>

using namespace Qt::Literals::StringLiterals;

namespace fd::core {
namespace {

constexpr qsizetype maxLength = 256;

bool isDigit(QChar c) {
    return c >= u'0' && c <= u'9';
}

bool isIdentifierChar(QChar c) {
    return isDigit(c) || (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'-';
}

bool allDigits(QStringView text) {
    for (const QChar c : text) {
        if (!isDigit(c))
            return false;
    }
    return true;
}

/** Decimal digits to a number; nullopt past 2^64 - 1 (or for no digits at all). */
std::optional<quint64> toNumber(QStringView digits) {
    if (digits.isEmpty())
        return std::nullopt;
    quint64 value = 0;
    for (const QChar c : digits) {
        const quint64 digit = c.unicode() - u'0';
        if (value > (std::numeric_limits<quint64>::max() - digit) / 10)
            return std::nullopt;
        value = value * 10 + digit;
    }
    return value;
}

/** Where parsing stopped and why; only filled in when someone will read it. */
struct Failure final {
    qsizetype at = 0;
    QString why;
};

class Parser final {
public:
    Parser(QStringView text, SemVer::Mode mode, Failure* failure)
        : m_text(text)
        , m_mode(mode)
        , m_failure(failure) {}

    std::optional<SemVer> run();
    /** Three numbers without leading zeros: what a strict reading also needs. */
    bool strictShape() const { return m_strictShape; }

private:
    bool fail(qsizetype at, const QString& why) {
        if (m_failure)
            *m_failure = Failure{at, why};
        return false;
    }
    bool identifiers(qsizetype begin, qsizetype end, bool preRelease);
    bool numbers(qsizetype begin, qsizetype end, quint64 (&out)[3]);

    QStringView m_text;
    SemVer::Mode m_mode;
    Failure* m_failure;
    bool m_strictShape = true;
};

bool Parser::identifiers(qsizetype begin, qsizetype end, bool preRelease) {
    const QString part = preRelease ? u"pre-release"_s : u"build metadata"_s;
    qsizetype start = begin;
    for (qsizetype i = begin; i <= end; ++i) {
        if (i < end && m_text[i] != u'.') {
            if (!isIdentifierChar(m_text[i]))
                return fail(i, QStringLiteral("\"%1\" is not allowed in %2 (only 0-9, A-Z, a-z "
                                              "and '-')")
                                   .arg(QString(m_text[i]), part));
            continue;
        }
        const QStringView identifier = m_text.sliced(start, i - start);
        if (identifier.isEmpty())
            return fail(i, QStringLiteral("empty %1 identifier").arg(part));
        if (preRelease && identifier.size() > 1 && identifier.front() == u'0' &&
            allDigits(identifier))
            return fail(start, QStringLiteral("numeric pre-release identifier \"%1\" has a "
                                              "leading zero")
                                   .arg(identifier));
        start = i + 1;
    }
    return true;
}

bool Parser::numbers(qsizetype begin, qsizetype end, quint64 (&out)[3]) {
    static const QString names[] = {u"major"_s, u"minor"_s, u"patch"_s};
    const bool strict = m_mode == SemVer::Mode::Strict;
    int count = 0;
    qsizetype start = begin;
    for (qsizetype i = begin; i <= end; ++i) {
        if (i < end && m_text[i] != u'.')
            continue;
        const QStringView digits = m_text.sliced(start, i - start);
        if (count == 3)
            return fail(start - 1, digits.isEmpty() ? u"a '.' with nothing after it"_s
                                                    : u"more than three version numbers"_s);
        if (digits.isEmpty())
            return fail(start, QStringLiteral("the %1 version is missing").arg(names[count]));
        if (!allDigits(digits))
            return fail(
                start,
                QStringLiteral("the %1 version \"%2\" is not a number").arg(names[count], digits));
        if (digits.size() > 1 && digits.front() == u'0') {
            if (strict)
                return fail(start,
                            QStringLiteral("the %1 version has a leading zero").arg(names[count]));
            m_strictShape = false;
        }
        const auto value = toNumber(digits);
        if (!value)
            return fail(start, QStringLiteral("the %1 version is too large").arg(names[count]));
        out[count++] = *value;
        start = i + 1;
    }
    if (count < 3) {
        if (strict)
            return fail(end, u"MAJOR.MINOR.PATCH needs three numbers"_s);
        m_strictShape = false;
    }
    return true;
}

std::optional<SemVer> Parser::run() {
    if (m_text.isEmpty()) {
        fail(0, u"the text is empty"_s);
        return std::nullopt;
    }
    if (m_text.size() > maxLength) {
        fail(maxLength, u"longer than 256 characters"_s);
        return std::nullopt;
    }
    qsizetype begin = 0;
    if (m_mode == SemVer::Mode::Lenient && m_text.front() == u'v')
        begin = 1;
    const qsizetype plus = m_text.indexOf(u'+', begin);
    const qsizetype coreEnd = plus < 0 ? m_text.size() : plus;
    const qsizetype dash = m_text.first(coreEnd).indexOf(u'-', begin);
    const qsizetype numbersEnd = dash < 0 ? coreEnd : dash;

    quint64 parts[3] = {0, 0, 0};
    if (!numbers(begin, numbersEnd, parts))
        return std::nullopt;
    if (dash >= 0 && !identifiers(dash + 1, coreEnd, true))
        return std::nullopt;
    if (plus >= 0 && !identifiers(plus + 1, m_text.size(), false))
        return std::nullopt;
    const auto slice = [&](qsizetype separator, qsizetype end) {
        return separator < 0 ? QString()
                             : m_text.sliced(separator + 1, end - separator - 1).toString();
    };
    return SemVer(parts[0], parts[1], parts[2], slice(dash, coreEnd), slice(plus, m_text.size()));
}

/** A numeric identifier's value; nullopt for alphanumerics (and, as Masterminds, past 2^64). */
std::optional<quint64> numericIdentifier(QStringView identifier) {
    return allDigits(identifier) ? toNumber(identifier) : std::nullopt;
}

int compareIdentifiers(QStringView left, QStringView right) {
    const auto l = numericIdentifier(left);
    const auto r = numericIdentifier(right);
    if (l && r)
        return *l < *r ? -1 : (*l > *r ? 1 : 0);
    if (l || r)
        return l ? -1 : 1;      // numeric identifiers have lower precedence than alphanumeric ones
    return left.compare(right); // ASCII order
}

int compareNumbers(quint64 left, quint64 right) {
    return left < right ? -1 : (left > right);
}

} // namespace

SemVer::SemVer(quint64 major, quint64 minor, quint64 patch, QString preRelease, QString build)
    : m_major(major)
    , m_minor(minor)
    , m_patch(patch)
    , m_preRelease(std::move(preRelease))
    , m_build(std::move(build)) {}

Result<SemVer> SemVer::parse(QStringView text, Mode mode) {
    Failure failure;
    if (auto version = Parser(text, mode, &failure).run()) {
        version->m_original = text.toString();
        return *std::move(version);
    }
    return Error{Error::Kind::Parse,
                 QStringLiteral("\"%1\" is not a %2 SemVer 2.0.0 version: %3 (column %4)")
                     .arg(text.left(maxLength), mode == Mode::Strict ? u"strict"_s : u"lenient"_s,
                          failure.why)
                     .arg(failure.at + 1),
                 {}};
}

std::optional<SemVer> SemVer::tryParse(QStringView text, Mode mode) {
    auto version = Parser(text, mode, nullptr).run();
    if (version)
        version->m_original = text.toString();
    return version;
}

std::optional<SemVer> SemVer::fromTag(const QString& tag, bool strict) {
    // Kargo parses leniently, then strictly without one leading "v": the same as a lenient
    // reading with three numbers and no leading zeros.
    Parser parser(tag, Mode::Lenient, nullptr);
    auto version = parser.run();
    if (!version || (strict && !parser.strictShape()))
        return std::nullopt;
    version->m_original = tag;
    return version;
}

QString SemVer::original() const {
    return m_original.isEmpty() ? toString() : m_original;
}

QString SemVer::toString() const {
    QString text = QString::number(m_major) + u'.' + QString::number(m_minor) + u'.' +
                   QString::number(m_patch);
    if (!m_preRelease.isEmpty())
        text += u'-' + m_preRelease;
    if (!m_build.isEmpty())
        text += u'+' + m_build;
    return text;
}

int SemVer::compare(const SemVer& other) const {
    if (const int c = compareNumbers(m_major, other.m_major))
        return c;
    if (const int c = compareNumbers(m_minor, other.m_minor))
        return c;
    if (const int c = compareNumbers(m_patch, other.m_patch))
        return c;
    if (m_preRelease.isEmpty() || other.m_preRelease.isEmpty())
        return int(m_preRelease.isEmpty()) - int(other.m_preRelease.isEmpty());
    return compareSemVerPreRelease(m_preRelease, other.m_preRelease);
}

int compareSemVerPreRelease(QStringView left, QStringView right) {
    while (!left.isEmpty() && !right.isEmpty()) {
        const qsizetype l = left.indexOf(u'.');
        const qsizetype r = right.indexOf(u'.');
        const QStringView a = l < 0 ? left : left.first(l);
        const QStringView b = r < 0 ? right : right.first(r);
        if (const int c = compareIdentifiers(a, b))
            return c < 0 ? -1 : 1;
        left = l < 0 ? QStringView() : left.sliced(l + 1);
        right = r < 0 ? QStringView() : right.sliced(r + 1);
    }
    // A larger set of fields has higher precedence when all before are equal.
    return int(!left.isEmpty()) - int(!right.isEmpty());
}

} // namespace fd::core

#include "repositorypath.h"

#include <QStringList>

namespace fd::core {

Result<QString> RepositoryPath::resolve(const QString& folder, const QString& path) {
    const bool fromRoot = path.startsWith(u'/');
    QStringList parts = fromRoot ? QStringList() : folder.split(u'/', Qt::SkipEmptyParts);
    for (const QString& part : path.split(u'/', Qt::SkipEmptyParts)) {
        if (part == u".")
            continue;
        if (part == u"..") {
            // Argo CD refuses a file that resolves outside the repository root; so do we.
            if (parts.isEmpty())
                return Error{Error::Kind::InvalidInput,
                             QStringLiteral("'%1' leaves the repository").arg(path),
                             {}};
            parts.removeLast();
            continue;
        }
        parts.append(part);
    }
    return parts.join(u'/');
}

bool RepositoryPath::contains(const QString& folder, const QString& path) {
    return folder.isEmpty() || path == folder ||
           (path.startsWith(folder) && path.at(folder.size()) == u'/');
}

QString RepositoryPath::parentOf(const QString& path) {
    const qsizetype slash = path.lastIndexOf(u'/');
    return slash < 0 ? QString() : path.left(slash);
}

namespace {

/** Matches the class at @p pattern[at] (just after '[') against @p c; moves @p at past ']'. */
bool matchClass(const QString& pattern, qsizetype& at, QChar c, bool& ok) {
    const bool negated = at < pattern.size() && pattern.at(at) == u'^';
    if (negated)
        ++at;
    bool matched = false;
    bool first = true;
    while (at < pattern.size() && (first || pattern.at(at) != u']')) {
        first = false;
        QChar low = pattern.at(at++);
        if (low == u'\\' && at < pattern.size())
            low = pattern.at(at++);
        QChar high = low;
        if (at + 1 < pattern.size() && pattern.at(at) == u'-' && pattern.at(at + 1) != u']') {
            high = pattern.at(at + 1);
            at += 2;
            if (high == u'\\' && at < pattern.size())
                high = pattern.at(at++);
        }
        if (low <= c && c <= high)
            matched = true;
    }
    ok = at < pattern.size(); // an unterminated class is a bad pattern: Go matches nothing
    ++at;
    return matched != negated;
}

bool matchFrom(const QString& pattern, qsizetype p, const QString& text, qsizetype t) {
    while (p < pattern.size()) {
        const QChar c = pattern.at(p);
        if (c == u'*') {
            while (p < pattern.size() && pattern.at(p) == u'*')
                ++p;
            for (qsizetype end = t;; ++end) {
                if (matchFrom(pattern, p, text, end))
                    return true;
                if (end >= text.size() || text.at(end) == u'/')
                    return false;
            }
        }
        if (t >= text.size())
            return false;
        // Only a literal '/' matches the separator, never '?' or a class.
        if (text.at(t) == u'/' && c != u'/' && c != u'\\')
            return false;
        if (c == u'?') {
            ++p;
        } else if (c == u'[') {
            ++p;
            bool ok = true;
            if (!matchClass(pattern, p, text.at(t), ok) || !ok)
                return false;
        } else {
            QChar literal = c;
            if (c == u'\\' && p + 1 < pattern.size())
                literal = pattern.at(++p);
            if (literal != text.at(t))
                return false;
            ++p;
        }
        ++t;
    }
    return t == text.size();
}

} // namespace

bool RepositoryPath::matchesGlob(const QString& pattern, const QString& text) {
    return matchFrom(pattern, 0, text, 0);
}

} // namespace fd::core

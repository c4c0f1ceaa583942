#include "gitpathfilter.h"

#include "repositorypath.h"

namespace fd::core {

bool GitPathFilter::Selector::matches(const QString& path) const {
    switch (kind) {
    case Kind::Regex:
        return regex.match(path).hasMatch();
    case Kind::Glob:
        return RepositoryPath::matchesGlob(pattern, path);
    case Kind::Folder:
        return RepositoryPath::contains(pattern, path);
    }
    return false;
}

Result<QList<GitPathFilter::Selector>> GitPathFilter::parseAll(const QStringList& selectors,
                                                               const char* field) {
    QList<Selector> result;
    for (const QString& text : selectors) {
        const qsizetype regexPrefix = text.startsWith(u"regexp:")  ? 7
                                      : text.startsWith(u"regex:") ? 6
                                                                   : 0;
        if (regexPrefix > 0) {
            // Go's RE2 syntax, which QRegularExpression (PCRE2) reads the same for the usual
            // patterns; searched, not anchored, as Go's MatchString does.
            const QString pattern = text.mid(regexPrefix);
            QRegularExpression regex(pattern);
            if (!regex.isValid())
                return Error{Error::Kind::InvalidInput,
                             QStringLiteral("%1 '%2' is not a valid regular expression: %3")
                                 .arg(QLatin1String(field), text, regex.errorString()),
                             {}};
            result.append({Selector::Kind::Regex, pattern, regex});
            continue;
        }
        if (text.startsWith(u"glob:")) {
            result.append({Selector::Kind::Glob, text.mid(5), {}});
            continue;
        }
        QString folder = text;
        while (folder.startsWith(u"./"))
            folder.remove(0, 2);
        while (folder.endsWith(u'/'))
            folder.chop(1);
        if (folder == u".")
            folder.clear();
        result.append({Selector::Kind::Folder, folder, {}});
    }
    return result;
}

Result<GitPathFilter> GitPathFilter::parse(const QStringList& includePaths,
                                           const QStringList& excludePaths) {
    GitPathFilter filter;
    auto include = parseAll(includePaths, "includePaths");
    if (!include)
        return std::move(include).error();
    auto exclude = parseAll(excludePaths, "excludePaths");
    if (!exclude)
        return std::move(exclude).error();
    filter.m_include = std::move(*include);
    filter.m_exclude = std::move(*exclude);
    return filter;
}

bool GitPathFilter::anyMatches(const QList<Selector>& selectors, const QString& path) {
    for (const Selector& selector : selectors) {
        if (selector.matches(path))
            return true;
    }
    return false;
}

bool GitPathFilter::selects(const QStringList& changedPaths) const {
    for (const QString& path : changedPaths) {
        if (!m_include.isEmpty() && !anyMatches(m_include, path))
            continue;
        if (anyMatches(m_exclude, path))
            continue;
        return true;
    }
    return false;
}

} // namespace fd::core

#pragma once

#include "result.h"

#include <QList>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

namespace fd::core {

/**
 * A Git subscription's `includePaths` / `excludePaths`, as Kargo applies them to the files a
 * commit changes: each selector is `regexp:<re>` (or `regex:`), `glob:<pattern>` (Go's
 * `path.Match` on the whole path), or a folder or file that the path is or lies under. A commit
 * is selected when at least one changed path is included (every path is, without include
 * selectors) and not excluded.
 */
class GitPathFilter final {
public:
    /** InvalidInput naming the selector when a regular expression does not compile. */
    static Result<GitPathFilter> parse(const QStringList& includePaths,
                                       const QStringList& excludePaths);

    /** True when there are no selectors at all: every commit is selected. */
    bool isEmpty() const { return m_include.isEmpty() && m_exclude.isEmpty(); }
    bool selects(const QStringList& changedPaths) const;

private:
    struct Selector final {
        enum class Kind { Regex, Glob, Folder };
        Kind kind;
        QString pattern;
        QRegularExpression regex;

        bool matches(const QString& path) const;
    };
    static Result<QList<Selector>> parseAll(const QStringList& selectors, const char* field);
    static bool anyMatches(const QList<Selector>& selectors, const QString& path);

    QList<Selector> m_include;
    QList<Selector> m_exclude;
};

} // namespace fd::core

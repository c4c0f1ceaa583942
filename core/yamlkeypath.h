#pragma once

#include "result.h"

#include <QList>
#include <QString>

#include <optional>

namespace fd::core {

class YamlSource;
class YamlTree;

/** One step of a key path: a map key, or (when it is a plain number) also a sequence index. */
struct YamlKeySegment final {
    QString key;
    std::optional<int> index;
};

/**
 * A key path as Kargo's yaml-update step writes it (sjson syntax): keys separated by dots, a
 * backslash escaping the next character (`\.` for a dot inside a key), numbers indexing
 * sequences. `metadata.annotations.kargo\.akuity\.io/color`, `spec.containers.0.image`.
 */
class YamlKeyPath final {
public:
    static Result<YamlKeyPath> parse(const QString& text);

    const QString& text() const { return m_text; }
    const QList<YamlKeySegment>& segments() const { return m_segments; }
    /** The first @p count segments written as a key path again, or "the top level" for none. */
    QString describePrefix(qsizetype count) const;

private:
    QString m_text;
    QList<YamlKeySegment> m_segments;
};

/** Where a key path leads in the first document. */
struct YamlPathTarget final {
    int node = -1;  // the value, aliases resolved
    int alias = -1; // the first alias crossed on the way, or -1
};

Result<YamlPathTarget> resolveYamlKeyPath(const YamlTree& tree, const YamlSource& source,
                                          const YamlKeyPath& path);

} // namespace fd::core

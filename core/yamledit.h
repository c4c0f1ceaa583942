#pragma once

#include "result.h"
#include "yamlsyntax.h"

#include <QByteArray>

#include <optional>
#include <string>
#include <vector>

namespace fd::core {

class YamlSource;
class YamlTree;

/** Replace bytes [begin, end) of the file with text. */
struct YamlByteEdit final {
    qsizetype begin = 0;
    qsizetype end = 0;
    QByteArray text;
};

/** The bytes of a scalar's text (quotes included; tag and anchor not). */
struct YamlScalarText final {
    qsizetype begin = 0;
    qsizetype end = 0;
    yamlsyntax::ScalarStyle style = yamlsyntax::ScalarStyle::Plain;
    /**
     * The new text needs a space before it: for an empty value (`key:`, an empty span right
     * after the colon), or a value that follows its tag without one (`!x` would be a new tag).
     */
    bool needsSpace = false;
};

/** Finds the text of the scalar or empty value @p node; Unsupported when it cannot be rewritten. */
Result<YamlScalarText> locateYamlScalar(const YamlTree& tree, const YamlSource& source, int node);

/** The edit that makes @p node (a scalar or empty value) read as the string @p value. */
Result<YamlByteEdit> planYamlScalarEdit(const YamlTree& tree, const YamlSource& source, int node,
                                        const std::string& value);

/** Where the last token of @p node's subtree ends; nullopt when that cannot be told safely. */
std::optional<qsizetype> yamlSubtreeEnd(const YamlTree& tree, const YamlSource& source, int node);

/** The offset right after the ':' that follows the one-line key @p key, or nullopt. */
std::optional<qsizetype> yamlColonAfterKey(const YamlTree& tree, const YamlSource& source, int key);

/** The indentation (in columns) of the collection holding @p node, or -1 at the top level. */
int yamlParentIndent(const YamlTree& tree, const YamlSource& source, int node);

/** Applies non-overlapping edits. */
QByteArray applyYamlEdits(QByteArray bytes, std::vector<YamlByteEdit> edits);

} // namespace fd::core

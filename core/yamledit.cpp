#include "yamledit.h"

#include "yamlsource.h"
#include "yamltree.h"

#include <algorithm>

namespace fd::core {

namespace {

using yamlsyntax::ScalarStyle;

constexpr const char* StringTag = "tag:yaml.org,2002:str";

Error unsupported(const YamlSource& source, qsizetype pos, const QString& message) {
    return source.error(Error::Kind::Unsupported, pos, message);
}

/**
 * Where a scalar's content starts: after its tag and anchor, which may sit on lines of their
 * own (more indented than the parent); for an empty value, right after them.
 */
qsizetype contentStart(const YamlTree& tree, const YamlSource& source, int index) {
    const QByteArray& bytes = source.bytes();
    const YamlNode& node = tree.node(index);
    for (qsizetype pos = node.pos;;) {
        const qsizetype after = yamlsyntax::skipProperties(bytes, pos);
        if (after == pos || !yamlsyntax::restOfLineIsEmpty(bytes, after))
            return after;
        const qsizetype next = yamlsyntax::skipSpaceAndComments(bytes, after);
        if (next >= bytes.size() || source.columnOf(next) <= yamlParentIndent(tree, source, index))
            return after;
        if (bytes[next] == '!' || bytes[next] == '&')
            pos = next;
        else if (node.value.empty() && bytes[next] != '"' && bytes[next] != '\'')
            return after;
        else
            return next;
    }
}

/** The end of a single-line plain scalar, checked against what yaml-cpp read. */
std::optional<qsizetype> checkedPlainEnd(const QByteArray& bytes, const YamlNode& node,
                                         qsizetype begin) {
    const qsizetype end = yamlsyntax::plainEnd(bytes, begin, node.inFlow);
    const QByteArray raw = bytes.mid(begin, end - begin);
    if (raw.size() != static_cast<qsizetype>(node.value.size()) ||
        raw != QByteArray::fromStdString(node.value))
        return std::nullopt;
    return end;
}

/** The length of a null written as a word (`~`, `null`...) at @p pos, or 0. */
qsizetype nullWordAt(const QByteArray& bytes, qsizetype pos, bool inFlow) {
    for (const char* word : {"~", "null", "Null", "NULL"}) {
        const auto length = static_cast<qsizetype>(qstrlen(word));
        if (bytes.mid(pos, length) != word)
            continue;
        const qsizetype after = pos + length;
        if (yamlsyntax::isBreakOrEnd(bytes, after) || yamlsyntax::isBlank(bytes[after]) ||
            (inFlow && yamlsyntax::isFlowIndicator(bytes[after])))
            return length;
    }
    return 0;
}

// yaml-cpp reports `~`, `null` and an empty value alike, and places an empty value at the next
// token: find the word, or else the key's colon.
Result<YamlScalarText> locateNull(const YamlTree& tree, const YamlSource& source, int index) {
    const QByteArray& bytes = source.bytes();
    const YamlNode& node = tree.node(index);
    const int key = tree.keyOf(index);
    const YamlNode& parent = tree.node(qMax(node.parent, 0));
    const qsizetype where = key >= 0 ? tree.node(key).pos : parent.pos;
    const auto refuse = [&] {
        return unsupported(source, where,
                           QStringLiteral("the value here is empty and not written as `key:` "
                                          "in a block map; write a value by hand first"));
    };
    if (!node.anchor.empty())
        return refuse();
    if (key < 0 || parent.flowStyle) {
        // The word must follow its `-`, `[`, `,` or `:` on the same line: yaml-cpp places an
        // empty item at the next token, which may be a `~` of the next node or document.
        qsizetype before = node.pos;
        while (before > 0 && yamlsyntax::isBlank(bytes[before - 1]))
            --before;
        const char prior = before > 0 ? bytes[before - 1] : '\n';
        const bool placed = parent.flowStyle
                                ? prior == '[' || prior == ',' || prior == ':' || prior == '{'
                                : prior == '-';
        const qsizetype word = nullWordAt(bytes, node.pos, node.inFlow);
        if (node.parent < 0 || !placed || word == 0)
            return refuse();
        return YamlScalarText{node.pos, node.pos + word, ScalarStyle::Plain, false};
    }
    const std::optional<qsizetype> colon = yamlColonAfterKey(tree, source, key);
    if (!colon)
        return unsupported(source, where,
                           QStringLiteral("the key of this empty value is not a simple one-line "
                                          "key followed by ':'; write a value by hand first"));
    qsizetype word = *colon;
    while (word < bytes.size() && yamlsyntax::isBlank(bytes[word]))
        ++word;
    if (yamlsyntax::restOfLineIsEmpty(bytes, word)) {
        // A null word on a later line is this value only when indented below the key; else it
        // is the next node, where yaml-cpp also places an empty value.
        const qsizetype next = yamlsyntax::skipSpaceAndComments(bytes, word);
        if (next != node.pos || nullWordAt(bytes, next, false) == 0 ||
            source.columnOf(next) <= source.columnOf(tree.node(key).pos))
            return YamlScalarText{*colon, *colon, ScalarStyle::Plain, true};
        word = next;
    }
    const qsizetype length = nullWordAt(bytes, word, false);
    if (length == 0)
        return refuse();
    return YamlScalarText{word, word + length, ScalarStyle::Plain, false};
}

} // namespace

Result<YamlScalarText> locateYamlScalar(const YamlTree& tree, const YamlSource& source, int index) {
    const QByteArray& bytes = source.bytes();
    const YamlNode& node = tree.node(index);
    if (node.kind == YamlNode::Kind::Null)
        return locateNull(tree, source, index);
    if (node.kind != YamlNode::Kind::Scalar)
        return unsupported(source, node.pos, QStringLiteral("this is not a single value"));

    const qsizetype begin = contentStart(tree, source, index);
    const ScalarStyle style = yamlsyntax::styleAt(bytes, begin);
    if (node.value.empty() && begin != node.pos && yamlsyntax::restOfLineIsEmpty(bytes, begin))
        return unsupported(source, node.pos,
                           QStringLiteral("this value is empty apart from its tag or anchor; "
                                          "write a value by hand first"));
    if (style == ScalarStyle::Literal || style == ScalarStyle::Folded)
        return unsupported(source, begin,
                           QStringLiteral("the value is a block scalar (| or >); Freightdesk "
                                          "only rewrites one-line values: edit it by hand"));
    const bool abutsProperty = begin != node.pos && !yamlsyntax::isBlank(bytes[begin - 1]);
    if (style == ScalarStyle::Plain) {
        const std::optional<qsizetype> end = checkedPlainEnd(bytes, node, begin);
        if (!end)
            return unsupported(source, begin,
                               QStringLiteral("the value is an unquoted text spread over "
                                              "several lines; put it on one line or quote it, "
                                              "then try again"));
        return YamlScalarText{begin, *end, style, abutsProperty};
    }
    const std::optional<qsizetype> end = yamlsyntax::quotedEnd(bytes, begin);
    if (!end)
        return source.error(Error::Kind::Parse, begin,
                            QStringLiteral("this quoted string is never closed; add the closing "
                                           "quote"));
    return YamlScalarText{begin, *end, style, abutsProperty};
}

Result<YamlByteEdit> planYamlScalarEdit(const YamlTree& tree, const YamlSource& source, int index,
                                        const std::string& value) {
    const YamlNode& node = tree.node(index);
    const bool untagged = node.tag.empty() || node.tag == "?" || node.tag == "!";
    if (!untagged && node.tag != StringTag)
        return unsupported(source, node.pos,
                           QStringLiteral("the value has the tag %1; Freightdesk writes only "
                                          "strings (untagged or !!str): edit it by hand")
                               .arg(QString::fromStdString(node.tag)));
    Result<YamlScalarText> text = locateYamlScalar(tree, source, index);
    if (!text)
        return std::move(text).error();
    // `! 1.0` and `!!str 1.0` are strings whatever they look like, so plain stays plain.
    const bool taggedString =
        node.tag == StringTag || (node.tag == "!" && text->style == ScalarStyle::Plain);
    const std::string_view currentPlain = untagged && text->style == ScalarStyle::Plain
                                              ? std::string_view(node.value)
                                              : std::string_view();
    QByteArray rendered =
        yamlsyntax::render(value, text->style, node.inFlow, taggedString, currentPlain);
    if (text->needsSpace)
        rendered.prepend(' ');
    return YamlByteEdit{text->begin, text->end, rendered};
}

std::optional<qsizetype> yamlColonAfterKey(const YamlTree& tree, const YamlSource& source,
                                           int keyIndex) {
    const QByteArray& bytes = source.bytes();
    const YamlNode& key = tree.node(keyIndex);
    if (key.kind != YamlNode::Kind::Scalar)
        return std::nullopt;
    const qsizetype begin = contentStart(tree, source, keyIndex);
    std::optional<qsizetype> end;
    switch (yamlsyntax::styleAt(bytes, begin)) {
    case ScalarStyle::Plain:
        end = checkedPlainEnd(bytes, key, begin);
        break;
    case ScalarStyle::SingleQuoted:
    case ScalarStyle::DoubleQuoted:
        end = yamlsyntax::quotedEnd(bytes, begin);
        break;
    case ScalarStyle::Literal:
    case ScalarStyle::Folded:
        break;
    }
    if (!end)
        return std::nullopt;
    qsizetype i = *end;
    while (i < bytes.size() && yamlsyntax::isBlank(bytes[i]))
        ++i;
    if (i >= bytes.size() || bytes[i] != ':')
        return std::nullopt;
    return i + 1;
}

int yamlParentIndent(const YamlTree& tree, const YamlSource& source, int index) {
    const int parent = tree.node(index).parent;
    if (parent < 0)
        return -1;
    const YamlNode& container = tree.node(parent);
    if (container.kind == YamlNode::Kind::Map)
        return source.columnOf(tree.node(container.children.front()).pos);
    // A block sequence's position is its first dash.
    return source.columnOf(container.pos);
}

std::optional<qsizetype> yamlSubtreeEnd(const YamlTree& tree, const YamlSource& source, int index) {
    const QByteArray& bytes = source.bytes();
    // Block collections end where their last child ends; walk down instead of recursing.
    while (true) {
        const YamlNode& node = tree.node(index);
        switch (node.kind) {
        case YamlNode::Kind::Alias:
            return node.pos + 1;
        case YamlNode::Kind::Null: {
            const Result<YamlScalarText> text = locateYamlScalar(tree, source, index);
            return text ? std::optional<qsizetype>(text->end) : std::nullopt;
        }
        case YamlNode::Kind::Scalar: {
            const qsizetype begin = contentStart(tree, source, index);
            switch (yamlsyntax::styleAt(bytes, begin)) {
            case ScalarStyle::Plain:
                return checkedPlainEnd(bytes, node, begin);
            case ScalarStyle::SingleQuoted:
            case ScalarStyle::DoubleQuoted:
                return yamlsyntax::quotedEnd(bytes, begin);
            case ScalarStyle::Literal:
            case ScalarStyle::Folded: {
                const std::optional<qsizetype> end =
                    yamlsyntax::blockScalarEnd(bytes, begin, yamlParentIndent(tree, source, index));
                // Its last line has no line break; adding one after it would change its value.
                return end && *end < bytes.size() ? end : std::nullopt;
            }
            }
            return std::nullopt;
        }
        case YamlNode::Kind::Sequence:
        case YamlNode::Kind::Map:
            if (node.flowStyle)
                return yamlsyntax::flowCollectionEnd(bytes,
                                                     yamlsyntax::skipProperties(bytes, node.pos));
            if (node.children.empty())
                return std::nullopt;
            index = node.children.back();
            break;
        }
    }
}

QByteArray applyYamlEdits(QByteArray bytes, std::vector<YamlByteEdit> edits) {
    // From the back, so that earlier offsets stay valid.
    std::sort(edits.begin(), edits.end(),
              [](const YamlByteEdit& a, const YamlByteEdit& b) { return a.begin > b.begin; });
    for (const YamlByteEdit& edit : edits)
        bytes.replace(edit.begin, edit.end - edit.begin, edit.text);
    return bytes;
}

} // namespace fd::core

#include "yamlkustomize.h"

#include "yamlsource.h"

namespace fd::core {

namespace {

using yamlsyntax::ScalarStyle;

QByteArray spaces(int count) {
    return QByteArray(qMax(count, 0), ' ');
}

QByteArray plainOrQuoted(const std::string& value) {
    return yamlsyntax::render(value, ScalarStyle::Plain, false, false);
}

YamlNode scalarNode(const std::string& value, bool expectString = false) {
    YamlNode node;
    node.kind = YamlNode::Kind::Scalar;
    node.tag = "?";
    node.value = value;
    node.expectString = expectString;
    return node;
}

YamlNode collectionNode(YamlNode::Kind kind) {
    YamlNode node;
    node.kind = kind;
    node.tag = "?";
    return node;
}

QString describe(const std::string& text) {
    return QString::fromStdString(text);
}

/** The key node named @p key in map @p map, or -1; Unsupported when it appears twice. */
Result<int> findKey(const YamlTree& tree, const YamlSource& source, int map,
                    const std::string& key) {
    int found = -1;
    const std::vector<int>& children = tree.node(map).children;
    for (std::size_t i = 0; i < children.size(); i += 2) {
        const YamlNode& candidate = tree.node(tree.resolved(children[i]));
        if (candidate.kind != YamlNode::Kind::Scalar || candidate.value != key)
            continue;
        if (found >= 0)
            return source.error(Error::Kind::Unsupported, tree.node(children[i]).pos,
                                QStringLiteral("key '%1' appears twice in this map; YAML readers "
                                               "disagree on which one counts: remove one")
                                    .arg(describe(key)));
        found = children[i];
    }
    return found;
}

int valueOf(const YamlTree& tree, int key) {
    const std::vector<int>& children = tree.node(tree.node(key).parent).children;
    for (std::size_t i = 0; i + 1 < children.size(); i += 2) {
        if (children[i] == key)
            return children[i + 1];
    }
    return -1;
}

/**
 * New keys are indented like the map's first key, which must then be a plain one that starts its
 * line (after the `- ` of a list entry), not the `? key` of an explicit entry.
 */
bool startsWithSimpleKey(const YamlTree& tree, const QByteArray& bytes, int map) {
    const YamlNode& key = tree.node(tree.node(map).children.front());
    if (key.kind != YamlNode::Kind::Scalar || !key.anchor.empty() || key.tag != "?")
        return false;
    for (qsizetype i = yamlsyntax::lineStart(bytes, key.pos); i < key.pos; ++i) {
        const bool dash = bytes[i] == '-' && yamlsyntax::isBlank(bytes[i + 1]);
        if (bytes[i] != ' ' && !dash)
            return false;
    }
    return true;
}

/**
 * An empty document may still carry a tag or anchor (which yaml-cpp does not report for an empty
 * node) that would then apply to the added map; accept only comments, directives and markers.
 */
bool onlyMarkersAndComments(const QByteArray& bytes, qsizetype from) {
    for (qsizetype line = from; line < bytes.size();) {
        const qsizetype end = yamlsyntax::lineEnd(bytes, line);
        const QByteArray text = bytes.mid(line, end - line).trimmed();
        if (!(text.isEmpty() || text.startsWith('#') || text.startsWith('%') || text == "---" ||
              text.startsWith("--- #")))
            return false;
        line = end + (end < bytes.size() && bytes[end] == '\r' ? 2 : 1);
    }
    return true;
}

} // namespace

KustomizeImages::KustomizeImages(const YamlTree& tree, const YamlSource& source)
    : m_tree(&tree)
    , m_source(&source) {}

Result<KustomizeImages> KustomizeImages::find(const YamlTree& tree, const YamlSource& source,
                                              const std::string& imageName,
                                              const std::string& field) {
    KustomizeImages images(tree, source);
    images.m_imageName = imageName;
    images.m_fieldName = field;
    images.m_root = tree.firstRoot();
    if (images.m_root < 0 || tree.node(images.m_root).kind == YamlNode::Kind::Null)
        return images;
    if (tree.node(images.m_root).kind != YamlNode::Kind::Map)
        return source.error(Error::Kind::Unsupported, tree.node(images.m_root).pos,
                            QStringLiteral("the first document is not a map, so this is not a "
                                           "kustomization.yaml"));
    // Follows aliases for reading, remembering the first one: edits must not go through it.
    const auto follow = [&](int index) {
        if (tree.node(index).kind == YamlNode::Kind::Alias && images.m_alias < 0)
            images.m_alias = index;
        return tree.resolved(index);
    };

    Result<int> imagesKey = findKey(tree, source, images.m_root, "images");
    if (!imagesKey)
        return std::move(imagesKey).error();
    if (*imagesKey < 0)
        return images;
    images.m_imagesKey = *imagesKey;
    images.m_images = follow(valueOf(tree, *imagesKey));
    const YamlNode& list = tree.node(images.m_images);
    if (list.kind == YamlNode::Kind::Null)
        return images;
    if (list.kind != YamlNode::Kind::Sequence)
        return source.error(Error::Kind::Unsupported, list.pos,
                            QStringLiteral("images: is not a list; a kustomization lists its "
                                           "images as `- name: ...` entries"));

    int entryAlias = -1;
    for (const int item : list.children) {
        const int entry = tree.resolved(item);
        if (tree.node(entry).kind != YamlNode::Kind::Map)
            return source.error(Error::Kind::Unsupported, tree.node(item).pos,
                                QStringLiteral("this images entry is not a map; each entry "
                                               "needs `name:` and the fields to set"));
        Result<int> nameKey = findKey(tree, source, entry, "name");
        if (!nameKey)
            return std::move(nameKey).error();
        if (*nameKey < 0)
            continue;
        const YamlNode& name = tree.node(tree.resolved(valueOf(tree, *nameKey)));
        if (name.kind != YamlNode::Kind::Scalar || name.value != imageName)
            continue;
        if (images.m_entry >= 0)
            return source.error(Error::Kind::Unsupported, tree.node(item).pos,
                                QStringLiteral("image '%1' has two entries under images:; "
                                               "Kustomize would apply only one: remove the other")
                                    .arg(describe(imageName)));
        images.m_entry = entry;
        entryAlias = item != entry ? item : -1;
    }
    if (images.m_entry < 0)
        return images;
    if (entryAlias >= 0 && images.m_alias < 0)
        images.m_alias = entryAlias;

    Result<int> fieldKey = findKey(tree, source, images.m_entry, field);
    if (!fieldKey)
        return std::move(fieldKey).error();
    if (*fieldKey >= 0)
        images.m_fieldValue = follow(valueOf(tree, *fieldKey));
    return images;
}

Result<std::optional<std::string>> KustomizeImages::value() const {
    if (m_fieldValue < 0)
        return std::optional<std::string>();
    const YamlNode& node = m_tree->node(m_fieldValue);
    if (node.kind == YamlNode::Kind::Null)
        return std::optional<std::string>();
    if (node.kind != YamlNode::Kind::Scalar)
        return m_source->error(Error::Kind::Unsupported, node.pos,
                               QStringLiteral("%1 of image '%2' is not a single value")
                                   .arg(describe(m_fieldName), describe(m_imageName)));
    return std::optional<std::string>(node.value);
}

Result<YamlEditPlan> KustomizeImages::planSet(const std::string& value) const {
    if (m_fieldValue >= 0)
        return planFieldEdit(value);
    if (m_entry >= 0)
        return planFieldInsert(value);
    if (m_images >= 0)
        return planEntryInsert(value);
    if (m_root >= 0 && m_tree->node(m_root).kind == YamlNode::Kind::Map)
        return planListInsert(value);
    return planFirstDocument(value);
}

std::optional<Error> KustomizeImages::checkNotShared(int container) const {
    if (m_alias >= 0)
        return m_source->error(Error::Kind::Unsupported, m_tree->node(m_alias).pos,
                               QStringLiteral("the images list reaches this entry through an "
                                              "alias; Freightdesk does not edit through aliases: "
                                              "write the value out instead of the alias"));
    const int shared = m_tree->aliasedAncestor(container);
    if (shared >= 0)
        return m_source->error(Error::Kind::Unsupported, m_tree->node(shared).firstAliasPos,
                               QStringLiteral("the part of the file to change is anchored and "
                                              "reused by this alias, which would change too; "
                                              "edit it by hand"));
    return std::nullopt;
}

Result<YamlEditPlan> KustomizeImages::planFieldEdit(const std::string& value) const {
    if (std::optional<Error> error = checkNotShared(m_fieldValue))
        return *error;
    const YamlNode& field = m_tree->node(m_fieldValue);
    if (field.kind != YamlNode::Kind::Scalar && field.kind != YamlNode::Kind::Null)
        return m_source->error(
            Error::Kind::Unsupported, field.pos,
            QStringLiteral("%1 holds a map or list, not a value").arg(describe(m_fieldName)));
    Result<YamlByteEdit> edit = planYamlScalarEdit(*m_tree, *m_source, m_fieldValue, value);
    if (!edit)
        return std::move(edit).error();
    YamlEditPlan plan{{*edit}, *m_tree};
    YamlNode& expected = plan.expected.node(m_fieldValue);
    expected.kind = YamlNode::Kind::Scalar;
    expected.value = value;
    expected.expectString = true;
    if (expected.tag.empty())
        expected.tag = "?";
    return plan;
}

Result<YamlEditPlan> KustomizeImages::planFieldInsert(const std::string& value) const {
    if (std::optional<Error> error = checkNotShared(m_entry))
        return *error;
    const YamlNode& entry = m_tree->node(m_entry);
    const std::optional<qsizetype> end = yamlSubtreeEnd(*m_tree, *m_source, m_entry);
    if (entry.flowStyle || !end || !startsWithSimpleKey(*m_tree, m_source->bytes(), m_entry))
        return m_source->error(Error::Kind::Unsupported, entry.pos,
                               QStringLiteral("the entry of image '%1' is written in flow style "
                                              "({...}) or ends in a way Freightdesk does not "
                                              "extend; add %2 by hand")
                                   .arg(describe(m_imageName), describe(m_fieldName)));
    const int keyColumn = m_source->columnOf(m_tree->node(entry.children.front()).pos);
    const qsizetype at = yamlsyntax::lineEnd(m_source->bytes(), *end);
    const QByteArray text = m_source->lineBreak() + spaces(keyColumn) +
                            QByteArray::fromStdString(m_fieldName) + ": " + plainOrQuoted(value);
    YamlEditPlan plan{{YamlByteEdit{at, at, text}}, *m_tree};
    plan.expected.append(m_entry, scalarNode(m_fieldName));
    plan.expected.append(m_entry, scalarNode(value, true));
    return plan;
}

Result<YamlEditPlan> KustomizeImages::planEntryInsert(const std::string& value) const {
    if (std::optional<Error> error = checkNotShared(m_images))
        return *error;
    const QByteArray& bytes = m_source->bytes();
    const YamlNode& list = m_tree->node(m_images);
    YamlEditPlan plan{{}, *m_tree};
    const int keyColumn = m_source->columnOf(m_tree->node(m_imagesKey).pos);
    const int dashColumn = keyColumn + sequenceIndent();

    if (list.kind == YamlNode::Kind::Null || (list.flowStyle && list.children.empty())) {
        // `images:`, `images: ~` and `images: []` become a block list under the key.
        const std::optional<qsizetype> colon = yamlColonAfterKey(*m_tree, *m_source, m_imagesKey);
        std::optional<qsizetype> valueEnd;
        if (list.kind == YamlNode::Kind::Null) {
            const Result<YamlScalarText> text = locateYamlScalar(*m_tree, *m_source, m_images);
            if (text)
                valueEnd = text->end;
        } else if (list.anchor.empty() && list.tag == "?") {
            valueEnd = yamlsyntax::flowCollectionEnd(bytes, list.pos);
        }
        if (!colon || !valueEnd)
            return m_source->error(Error::Kind::Unsupported, m_tree->node(m_imagesKey).pos,
                                   QStringLiteral("images: is empty in a way Freightdesk does "
                                                  "not extend; add the entry by hand"));
        const qsizetype at = yamlsyntax::lineEnd(bytes, *valueEnd);
        if (*valueEnd > *colon)
            plan.edits.push_back({*colon, *valueEnd, {}});
        plan.edits.push_back(
            {at, at, m_source->lineBreak() + entryText(dashColumn, dashColumn + 2, value)});
        YamlNode& expected = plan.expected.node(m_images);
        expected.kind = YamlNode::Kind::Sequence;
        expected.tag = "?";
    } else if (list.flowStyle) {
        return m_source->error(Error::Kind::Unsupported, list.pos,
                               QStringLiteral("images is a flow list ([...]); Freightdesk adds "
                                              "entries only to block lists (`- name: ...`): "
                                              "rewrite it as one, or add the entry by hand"));
    } else {
        const std::optional<qsizetype> end = yamlSubtreeEnd(*m_tree, *m_source, m_images);
        const int first = list.children.front();
        qsizetype dash = m_tree->node(first).pos;
        while (dash > 0 && yamlsyntax::isBlank(bytes[dash - 1]))
            --dash;
        if (!end || dash == 0 || bytes[dash - 1] != '-')
            return m_source->error(Error::Kind::Unsupported, list.pos,
                                   QStringLiteral("the images list ends or starts in a way "
                                                  "Freightdesk does not extend; add the entry "
                                                  "for '%1' by hand")
                                       .arg(describe(m_imageName)));
        const int existingDash = m_source->columnOf(dash - 1);
        const YamlNode& firstEntry = m_tree->node(first);
        const int entryKeyColumn = firstEntry.kind == YamlNode::Kind::Map && !firstEntry.flowStyle
                                       ? m_source->columnOf(firstEntry.pos)
                                       : existingDash + 2;
        const qsizetype at = yamlsyntax::lineEnd(bytes, *end);
        plan.edits.push_back(
            {at, at, m_source->lineBreak() + entryText(existingDash, entryKeyColumn, value)});
    }
    appendEntry(plan.expected, m_images, value);
    return plan;
}

Result<YamlEditPlan> KustomizeImages::planListInsert(const std::string& value) const {
    if (std::optional<Error> error = checkNotShared(m_root))
        return *error;
    const YamlNode& root = m_tree->node(m_root);
    const std::optional<qsizetype> end = yamlSubtreeEnd(*m_tree, *m_source, m_root);
    if (root.flowStyle || !end || !startsWithSimpleKey(*m_tree, m_source->bytes(), m_root))
        return m_source->error(Error::Kind::Unsupported, root.pos,
                               QStringLiteral("the top-level map is written in flow style or "
                                              "ends in a way Freightdesk does not extend; add "
                                              "images: by hand"));
    const int keyColumn = m_source->columnOf(m_tree->node(root.children.front()).pos);
    const int dashColumn = keyColumn + sequenceIndent();
    const qsizetype at = yamlsyntax::lineEnd(m_source->bytes(), *end);
    const QByteArray& lineBreak = m_source->lineBreak();
    const QByteArray text = lineBreak + spaces(keyColumn) + "images:" + lineBreak +
                            entryText(dashColumn, dashColumn + 2, value);
    YamlEditPlan plan{{YamlByteEdit{at, at, text}}, *m_tree};
    plan.expected.append(m_root, scalarNode("images"));
    appendEntry(plan.expected,
                plan.expected.append(m_root, collectionNode(YamlNode::Kind::Sequence)), value);
    return plan;
}

Result<YamlEditPlan> KustomizeImages::planFirstDocument(const std::string& value) const {
    const std::vector<int>& documents = m_tree->documents();
    if (documents.size() > 1 ||
        (m_root >= 0 && !onlyMarkersAndComments(m_source->bytes(), m_source->bomLength())))
        return m_source->error(Error::Kind::Unsupported, m_root >= 0 ? m_tree->node(m_root).pos : 0,
                               QStringLiteral("the first document is empty, yet followed by "
                                              "other documents or carrying a tag or anchor; "
                                              "add images: to it by hand"));
    const QByteArray& bytes = m_source->bytes();
    const QByteArray& lineBreak = m_source->lineBreak();
    const bool empty = bytes.size() <= m_source->bomLength();
    const bool endsWithBreak = bytes.endsWith('\n');
    QByteArray text = empty || endsWithBreak ? QByteArray() : lineBreak;
    text += "images:" + lineBreak + entryText(0, 2, value);
    if (empty || endsWithBreak)
        text += lineBreak;
    YamlEditPlan plan{{YamlByteEdit{bytes.size(), bytes.size(), text}}, *m_tree};
    int root = m_root;
    if (root < 0) {
        root = plan.expected.append(-1, collectionNode(YamlNode::Kind::Map));
    } else {
        plan.expected.node(root).kind = YamlNode::Kind::Map;
        plan.expected.node(root).tag = "?";
    }
    plan.expected.append(root, scalarNode("images"));
    appendEntry(plan.expected, plan.expected.append(root, collectionNode(YamlNode::Kind::Sequence)),
                value);
    return plan;
}

void KustomizeImages::appendEntry(YamlTree& expected, int sequence,
                                  const std::string& value) const {
    const int entry = expected.append(sequence, collectionNode(YamlNode::Kind::Map));
    expected.append(entry, scalarNode("name"));
    expected.append(entry, scalarNode(m_imageName, true));
    expected.append(entry, scalarNode(m_fieldName));
    expected.append(entry, scalarNode(value, true));
}

QByteArray KustomizeImages::entryText(int dashColumn, int keyColumn,
                                      const std::string& value) const {
    return spaces(dashColumn) + '-' + spaces(qMax(1, keyColumn - dashColumn - 1)) +
           "name: " + plainOrQuoted(m_imageName) + m_source->lineBreak() + spaces(keyColumn) +
           QByteArray::fromStdString(m_fieldName) + ": " + plainOrQuoted(value);
}

int KustomizeImages::sequenceIndent() const {
    // Real kustomizations write lists both as `key:\n- item` and `key:\n  - item`; follow the
    // file, preferring the images list itself, else the first block list under a key.
    const auto indentOf = [this](int index) -> std::optional<int> {
        const YamlNode& node = m_tree->node(index);
        if (node.kind != YamlNode::Kind::Sequence || node.flowStyle || !node.anchor.empty() ||
            node.tag != "?" || node.parent < 0 || m_tree->node(node.parent).flowStyle)
            return std::nullopt;
        const int key = m_tree->keyOf(index); // only now: it scans the parent's children
        if (key < 0)
            return std::nullopt;
        return qBound(0, m_source->columnOf(node.pos) - m_source->columnOf(m_tree->node(key).pos),
                      8);
    };
    if (m_images >= 0 && m_alias < 0) {
        if (const std::optional<int> indent = indentOf(m_images))
            return *indent;
    }
    const std::vector<int>& documents = m_tree->documents();
    const int end = documents.size() > 1 ? documents[1] : m_tree->nodeCount();
    for (int index = qMax(m_root, 0); index < end; ++index) {
        if (const std::optional<int> indent = indentOf(index))
            return *indent;
    }
    return 0;
}

} // namespace fd::core

#include "yamltree.h"

#include "yamlevents.h"
#include "yamlsource.h"
#include "yamlsyntax.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/mark.h>

#include <algorithm>
#include <unordered_map>
#include <utility>

namespace fd::core {

namespace {

std::uint64_t saturatedAdd(std::uint64_t a, std::uint64_t b) {
    return std::min<std::uint64_t>(a + b, YamlTree::MaxExpandedNodes + 1);
}

} // namespace

class YamlTreeBuilder final : public YAML::EventHandler {
public:
    YamlTreeBuilder(qsizetype offset, qsizetype size)
        : m_guard(offset, size) {}

    YamlTree take() { return std::move(m_tree); }

    void OnDocumentStart(const YAML::Mark& mark) override {
        m_guard.documentStarted(mark);
        m_anchors.clear();
    }
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        addLeaf(add(YamlNode::Kind::Null, mark, {}, anchor), mark);
    }

    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        const auto found = m_anchors.find(anchor);
        if (found == m_anchors.end())
            throw YamlEventAbort{Error::Kind::Parse, position(mark),
                                 QStringLiteral("an alias refers to an unknown anchor; define the "
                                                "anchor (&name) before using it (*name)")};
        const int target = found->second;
        if (std::find(m_open.begin(), m_open.end(), target) != m_open.end())
            throw YamlEventAbort{Error::Kind::Unsupported, position(mark),
                                 QStringLiteral("this alias refers to a node that contains it (a "
                                                "recursive alias), which Freightdesk cannot edit "
                                                "safely; remove the recursion")};
        const int index = add(YamlNode::Kind::Alias, mark, {}, 0);
        m_tree.node(index).aliasOf = target;
        if (m_tree.node(target).firstAliasPos < 0)
            m_tree.node(target).firstAliasPos = position(mark);
        m_expanded[static_cast<std::size_t>(index)] = m_expanded[static_cast<std::size_t>(target)];
        count(m_expanded[static_cast<std::size_t>(target)], mark);
    }

    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& value) override {
        const int index = add(YamlNode::Kind::Scalar, mark, tag, anchor);
        m_tree.node(index).value = value;
        addLeaf(index, mark);
    }

    void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value style) override {
        open(add(YamlNode::Kind::Sequence, mark, tag, anchor), mark, style);
    }
    void OnSequenceEnd() override { close(); }

    void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value style) override {
        open(add(YamlNode::Kind::Map, mark, tag, anchor), mark, style);
    }
    void OnMapEnd() override { close(); }

    void OnAnchor(const YAML::Mark&, const std::string& name) override { m_pendingAnchor = name; }

private:
    qsizetype position(const YAML::Mark& mark) const { return m_guard.position(mark); }

    int add(YamlNode::Kind kind, const YAML::Mark& mark, const std::string& tag,
            YAML::anchor_t anchor) {
        YamlNode node;
        node.kind = kind;
        node.pos = position(mark);
        node.tag = tag;
        if (anchor != 0) {
            node.anchorId = anchor;
            node.anchor = std::exchange(m_pendingAnchor, {});
        }
        const int parent = m_open.empty() ? -1 : m_open.back();
        m_guard.valueRead(mark);
        const int index = m_tree.append(parent, std::move(node));
        if (anchor != 0)
            m_anchors[anchor] = index;
        m_expanded.push_back(1);
        return index;
    }

    void addLeaf(int, const YAML::Mark& mark) { count(1, mark); }

    void open(int index, const YAML::Mark& mark, YAML::EmitterStyle::value style) {
        m_tree.node(index).flowStyle = style == YAML::EmitterStyle::Flow;
        if (static_cast<int>(m_open.size()) >= YamlTree::MaxDepth)
            throw YamlEventAbort{Error::Kind::TooLarge, position(mark),
                                 QStringLiteral("the YAML is nested more than %1 levels deep; "
                                                "Freightdesk refuses such files to stay safe from "
                                                "stack exhaustion")
                                     .arg(YamlTree::MaxDepth)};
        m_open.push_back(index);
        count(1, mark);
    }

    void close() {
        if (m_open.empty())
            return;
        const int index = m_open.back();
        m_open.pop_back();
        std::uint64_t total = 1;
        for (const int child : m_tree.node(index).children)
            total = saturatedAdd(total, m_expanded[static_cast<std::size_t>(child)]);
        m_expanded[static_cast<std::size_t>(index)] = total;
    }

    // Counts the nodes a reader that expands aliases would build ("billion laughs" guard).
    void count(std::uint64_t nodes, const YAML::Mark& mark) {
        m_total = saturatedAdd(m_total, nodes);
        if (m_total > YamlTree::MaxExpandedNodes)
            throw YamlEventAbort{
                Error::Kind::TooLarge, position(mark),
                QStringLiteral("expanding the aliases of this file gives more than "
                               "%1 nodes (an \"alias bomb\"); Freightdesk refuses it, "
                               "as Kubernetes tools do")
                    .arg(YamlTree::MaxExpandedNodes)};
    }

    YamlRunawayGuard m_guard;
    YamlTree m_tree;
    std::vector<int> m_open;
    std::vector<std::uint64_t> m_expanded; // per node, aliases expanded
    std::uint64_t m_total = 0;
    std::unordered_map<YAML::anchor_t, int> m_anchors;
    std::string m_pendingAnchor;
};

namespace {

// yaml-cpp 0.7 accepts a quoted scalar that runs to the end of the file; other readers do not.
std::optional<qsizetype> findUnterminatedQuote(const YamlTree& tree, const QByteArray& bytes) {
    for (int i = 0; i < tree.nodeCount(); ++i) {
        const YamlNode& node = tree.node(i);
        if (node.kind != YamlNode::Kind::Scalar || node.tag == "?")
            continue;
        qsizetype content = yamlsyntax::skipProperties(bytes, node.pos);
        if (yamlsyntax::restOfLineIsEmpty(bytes, content))
            content = yamlsyntax::skipSpaceAndComments(bytes, content);
        const yamlsyntax::ScalarStyle style = yamlsyntax::styleAt(bytes, content);
        if ((style == yamlsyntax::ScalarStyle::DoubleQuoted ||
             style == yamlsyntax::ScalarStyle::SingleQuoted) &&
            !yamlsyntax::quotedEnd(bytes, content))
            return content;
    }
    return std::nullopt;
}

} // namespace

Result<YamlTree> YamlTree::build(const YamlSource& source) {
    const QByteArray& bytes = source.bytes();
    YamlTreeBuilder builder(source.bomLength(), bytes.size());
    if (auto read = readYamlEvents(source, builder); !read)
        return std::move(read).error();
    YamlTree tree = builder.take();
    if (const std::optional<qsizetype> quote = findUnterminatedQuote(tree, bytes))
        return source.error(Error::Kind::Parse, *quote,
                            QStringLiteral("this quoted string is never closed; add the closing "
                                           "quote"));
    return tree;
}

int YamlTree::append(int parent, YamlNode node) {
    const int index = nodeCount();
    node.parent = parent;
    if (parent >= 0) {
        const YamlNode& container = this->node(parent);
        node.inFlow = container.flowStyle || container.inFlow;
    }
    m_nodes.push_back(std::move(node));
    if (parent < 0)
        m_documents.push_back(index);
    else
        this->node(parent).children.push_back(index);
    return index;
}

int YamlTree::resolved(int index) const {
    // yaml-cpp never lets an alias name another alias, but do not trust a loop to end.
    for (int step = 0; step < 8 && index >= 0 && node(index).kind == YamlNode::Kind::Alias; ++step)
        index = node(index).aliasOf;
    return index;
}

int YamlTree::keyOf(int index) const {
    const int parent = node(index).parent;
    if (parent < 0 || node(parent).kind != YamlNode::Kind::Map)
        return -1;
    const std::vector<int>& children = node(parent).children;
    const auto found = std::find(children.begin(), children.end(), index);
    const auto position = found - children.begin();
    return found != children.end() && position % 2 == 1
               ? children[static_cast<std::size_t>(position - 1)]
               : -1;
}

int YamlTree::aliasedAncestor(int index) const {
    for (; index >= 0; index = node(index).parent) {
        if (node(index).firstAliasPos >= 0)
            return index;
    }
    return -1;
}

namespace {

bool sameNode(const YamlTree& expectedTree, const YamlNode& expected, const YamlTree& actualTree,
              const YamlNode& actual) {
    if (expected.anchor != actual.anchor || expected.anchorId != actual.anchorId)
        return false;
    if (expected.expectString) {
        const bool untagged = expected.tag == "?" || expected.tag == "!";
        return actual.kind == YamlNode::Kind::Scalar && actual.value == expected.value &&
               yamlsyntax::readsAsString(actual.tag, actual.value) &&
               (untagged ? actual.tag == "?" || actual.tag == "!" : actual.tag == expected.tag);
    }
    if (expected.kind != actual.kind || expected.tag != actual.tag)
        return false;
    switch (expected.kind) {
    case YamlNode::Kind::Null:
        return true;
    case YamlNode::Kind::Scalar:
        return expected.value == actual.value;
    case YamlNode::Kind::Alias:
        return expectedTree.node(expected.aliasOf).anchorId ==
               actualTree.node(actual.aliasOf).anchorId;
    case YamlNode::Kind::Sequence:
    case YamlNode::Kind::Map:
        return expected.children.size() == actual.children.size();
    }
    return false;
}

} // namespace

std::optional<qsizetype> YamlTree::firstDifference(const YamlTree& actual) const {
    const std::size_t documents = std::min(m_documents.size(), actual.m_documents.size());
    if (m_documents.size() != actual.m_documents.size()) {
        if (actual.m_documents.empty())
            return 0;
        return actual.node(actual.m_documents[std::min(documents, actual.m_documents.size() - 1)])
            .pos;
    }
    // Iterative: the trees can be as deep as MaxDepth and as wide as the file is long.
    std::vector<std::pair<int, int>> pending;
    for (std::size_t i = documents; i-- > 0;)
        pending.emplace_back(m_documents[i], actual.m_documents[i]);
    while (!pending.empty()) {
        const auto [expectedIndex, actualIndex] = pending.back();
        pending.pop_back();
        const YamlNode& expected = node(expectedIndex);
        const YamlNode& actualNode = actual.node(actualIndex);
        if (!sameNode(*this, expected, actual, actualNode))
            return actualNode.pos;
        if (expected.expectString)
            continue;
        for (std::size_t i = expected.children.size(); i-- > 0;)
            pending.emplace_back(expected.children[i], actualNode.children[i]);
    }
    return std::nullopt;
}

} // namespace fd::core

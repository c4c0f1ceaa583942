#pragma once

#include "result.h"

#include <QtGlobal>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fd::core {

class YamlSource;

/** One node of a YamlTree; aliases stay aliases (they are not expanded). */
struct YamlNode final {
    enum class Kind : std::uint8_t { Null, Scalar, Sequence, Map, Alias };

    Kind kind = Kind::Null;
    bool flowStyle = false; // a collection written with [] or {}
    bool inFlow = false;    // inside a flow collection, where plain scalars end at , [ ] { }
    /** Only in an expected tree: the node is an edited value that must read as this string. */
    bool expectString = false;
    int parent = -1;
    /** Byte offset in the file of the node's first byte (its tag or anchor, if any). */
    qsizetype pos = 0;
    std::string tag;   // "?" untagged plain, "!" untagged quoted or block, else the full tag
    std::string value; // scalars
    std::string anchor;
    std::size_t anchorId = 0; // yaml-cpp's id, unique per anchor definition in a document
    int aliasOf = -1;         // Alias: the node its anchor names
    /** Where the first alias of this node is, or -1 when nothing refers to it. */
    qsizetype firstAliasPos = -1;
    std::vector<int> children; // Map: key, value, key, value...
};

/**
 * The documents of a YAML file as yaml-cpp's events describe them, with byte offsets. Built from
 * events rather than YAML::Node so that aliases, styles and tags stay visible and an alias bomb
 * costs nothing until someone counts its expansion (which the builder does, with a limit).
 */
class YamlTree final {
public:
    /** yaml-cpp recurses once per level; deeper input is refused before it can exhaust the stack. */
    static constexpr int MaxDepth = 100;
    /** Nodes after expanding aliases; more than a 4 MiB file can hold without aliases. */
    static constexpr std::uint64_t MaxExpandedNodes = 4'000'000;

    static Result<YamlTree> build(const YamlSource& source);

    const YamlNode& node(int index) const { return m_nodes[static_cast<std::size_t>(index)]; }
    YamlNode& node(int index) { return m_nodes[static_cast<std::size_t>(index)]; }
    int nodeCount() const { return static_cast<int>(m_nodes.size()); }
    const std::vector<int>& documents() const { return m_documents; }
    /** The root of the first document, or -1 when the file has no document. */
    int firstRoot() const { return m_documents.empty() ? -1 : m_documents.front(); }

    /** Adds @p node as the last child of @p parent, or as a new document when parent is -1. */
    int append(int parent, YamlNode node);
    /** The node an alias refers to (the node itself when it is not an alias). */
    int resolved(int index) const;
    /** The map key whose value is @p index, or -1. */
    int keyOf(int index) const;
    /** The first of @p index and its ancestors that an alias refers to, or -1. */
    int aliasedAncestor(int index) const;
    /**
     * Compares this expected tree with @p actual as a YAML reader sees them (kinds, tags, values,
     * anchors and aliases; not styles or positions). Returns the offset in actual's file of the
     * first difference, or nullopt when they read the same.
     */
    std::optional<qsizetype> firstDifference(const YamlTree& actual) const;

private:
    std::vector<YamlNode> m_nodes;
    std::vector<int> m_documents;

    friend class YamlTreeBuilder;
};

} // namespace fd::core

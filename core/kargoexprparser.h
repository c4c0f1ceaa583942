#pragma once

#include "kargovalue.h"
#include "result.h"

#include <QList>
#include <QString>

namespace fd::core {

/** One node of a parsed expr-lang expression; children are indexes into KargoExprTree::nodes. */
struct KargoExprNode final {
    enum class Kind {
        Literal,     // literal: nil, bool, number, string
        Identifier,  // name
        Member,      // children[0].name, or ?. when optional
        Index,       // children[0][children[1]]
        Call,        // name(children...)
        Unary,       // name is "!", "-" or "+"
        Binary,      // children[0] name children[1]; "and"/"or" are written "&&"/"||"
        Conditional, // children[0] ? children[1] : children[2]
        List,        // [children...]
        Map,         // {children[0]: children[1], ...}; keys are string literals
    };

    Kind kind = Kind::Literal;
    qsizetype column = 0; // 1-based, in the string the caller parsed
    QString name;
    KargoValue literal;
    bool optional = false;
    QList<int> children;
    int depth = 1;
};

/** A parsed expression: its nodes, the root last. */
struct KargoExprTree final {
    QList<KargoExprNode> nodes;
    int root = -1;
};

/**
 * Parses the expr-lang subset Kargo configs use. Syntax errors are Parse errors naming the column
 * (@p columnOffset is added, so that columns count in the whole config string); operators and
 * forms Freightdesk does not evaluate are Unsupported; a tree deeper than a fixed bound is TooLarge.
 */
class KargoExprParser final {
public:
    static Result<KargoExprTree> parse(const QString& expression, qsizetype columnOffset = 0);

    /** How deep a tree may nest, so that evaluating it cannot exhaust the stack. */
    static constexpr int maxDepth = 128;
};

} // namespace fd::core

#pragma once

#include "kargoexpression.h"
#include "kargoexprparser.h"

namespace fd::core {

/**
 * Evaluates a parsed expression against a KargoContext with expr-lang's semantics. Functions of
 * the freight and outputs of other steps give deferred values; operations that need a deferred
 * value's content are Unsupported errors naming it.
 */
class KargoExprEvaluator final {
public:
    /** Both must outlive the evaluator. */
    KargoExprEvaluator(const KargoExprTree& tree, const KargoContext& context);

    /** The value of the tree's root. */
    Result<KargoValue> run() const;

    /** An evaluated node; defined in the .cpp. */
    struct Operand;

private:
    Result<Operand> evaluate(int index) const;
    Result<Operand> identifier(const KargoExprNode& node) const;
    Result<Operand> member(const KargoExprNode& node, const Operand& object,
                           const KargoValue& key) const;
    Result<Operand> call(const KargoExprNode& node) const;
    Result<Operand> unary(const KargoExprNode& node) const;
    Result<Operand> binary(const KargoExprNode& node) const;
    Result<Operand> logical(const KargoExprNode& node) const;
    Result<Operand> conditional(const KargoExprNode& node) const;
    Result<KargoValue> valueOf(const Operand& operand) const;
    /** evaluate() and valueOf() of the node at @p index. */
    Result<KargoValue> evaluateValue(int index) const;

    const KargoExprTree& m_tree;
    const KargoContext& m_context;
};

} // namespace fd::core

#include "kargoexprevaluator.h"

#include <QSet>

#include <cmath>

namespace fd::core {

/** An evaluated node: a value, or one of the environment's maps (kept apart for exact errors). */
struct KargoExprEvaluator::Operand final {
    enum class Kind { Value, Vars, Ctx, Outputs, Task, TaskOutputs, Origin };
    Kind kind = Kind::Value;
    KargoValue value;
    QString origin; // Origin: the warehouse name
};

namespace {

using Operand = KargoExprEvaluator::Operand;
using Kind = KargoValue::Type;

Error invalid(const QString& message) {
    return Error{Error::Kind::InvalidInput, message, {}};
}

Error unsupported(const QString& message) {
    return Error{Error::Kind::Unsupported, message, {}};
}

// The deferred values an operation needed, by name, for an error a person can act on.
Error needsDeferred(const QString& what, const QList<KargoValue>& values) {
    QStringList names;
    for (const KargoValue& value : values) {
        for (const KargoDeferred& deferred : value.deferred())
            names.append(deferred.toString());
    }
    names.removeDuplicates();
    return unsupported(QStringLiteral("%1 depends on %2, known only at promotion time")
                           .arg(what, names.join(QStringLiteral(", "))));
}

Operand valueOperand(const KargoValue& value) {
    Operand operand;
    operand.value = value;
    return operand;
}

Operand kindOperand(Operand::Kind kind) {
    Operand operand;
    operand.kind = kind;
    return operand;
}

bool isStringLike(const KargoValue& value) {
    return value.isString() || !value.isKnown();
}

QString keyText(const KargoValue& key) {
    return key.isString() ? key.toString() : goJson(key);
}

// The fields Kargo's freight types have, as expr-lang names them (Go field names).
const QStringList& freightFields(KargoDeferred::Source source) {
    static const QStringList image{QStringLiteral("RepoURL"), QStringLiteral("Tag"),
                                   QStringLiteral("Digest"), QStringLiteral("Annotations")};
    static const QStringList commit{QStringLiteral("RepoURL"),  QStringLiteral("ID"),
                                    QStringLiteral("Branch"),   QStringLiteral("Tag"),
                                    QStringLiteral("Message"),  QStringLiteral("Author"),
                                    QStringLiteral("Committer")};
    static const QStringList chart{QStringLiteral("RepoURL"), QStringLiteral("Name"),
                                   QStringLiteral("Version")};
    return source == KargoDeferred::Source::Image    ? image
           : source == KargoDeferred::Source::Commit ? commit
                                                     : chart;
}

QString functionName(KargoDeferred::Source source) {
    return source == KargoDeferred::Source::Image    ? QStringLiteral("imageFrom()")
           : source == KargoDeferred::Source::Commit ? QStringLiteral("commitFrom()")
                                                     : QStringLiteral("chartFrom()");
}

Result<KargoValue> extendDeferred(KargoDeferred deferred, const QString& key,
                                  const KargoContext& context) {
    const QString field = deferred.field.isEmpty() ? key : deferred.field + QLatin1Char('.') + key;
    switch (deferred.source) {
    case KargoDeferred::Source::Image:
    case KargoDeferred::Source::Commit:
    case KargoDeferred::Source::Chart: {
        const QStringList& fields = freightFields(deferred.source);
        const bool annotation = deferred.field == QStringLiteral("Annotations");
        if (!annotation && !deferred.field.isEmpty())
            return invalid(
                QStringLiteral("cannot fetch %1 from %2 (a string)").arg(key, deferred.toString()));
        if (!annotation && !fields.contains(key))
            return invalid(
                QStringLiteral("%1 has no field '%2' (it has %3)")
                    .arg(functionName(deferred.source), key, fields.join(QStringLiteral(", "))));
        break;
    }
    case KargoDeferred::Source::Context: {
        // What Kargo's promotion environment puts under ctx besides project and stage.
        static const QSet<QString> paths{QStringLiteral("promotion"),
                                         QStringLiteral("targetFreight"),
                                         QStringLiteral("targetFreight.name"),
                                         QStringLiteral("targetFreight.origin"),
                                         QStringLiteral("targetFreight.origin.name"),
                                         QStringLiteral("meta"),
                                         QStringLiteral("meta.promotion"),
                                         QStringLiteral("meta.promotion.actor")};
        if (!paths.contains(field))
            return Error{
                Error::Kind::NotFound, QStringLiteral("ctx has no field '%1'").arg(field), {}};
        if (field == QStringLiteral("targetFreight.origin.name") &&
            !context.targetFreightOrigin.isEmpty())
            return KargoValue(context.targetFreightOrigin);
        break;
    }
    case KargoDeferred::Source::StepOutput:
    case KargoDeferred::Source::TaskOutput:
        break;
    }
    deferred.field = field;
    return KargoValue(deferred);
}

bool equal(const KargoValue& a, const KargoValue& b) {
    return a == b; // expr compares numbers by value, anything else by type and content
}

Result<KargoValue> compare(const QString& op, const KargoValue& a, const KargoValue& b) {
    int order = 0;
    if (a.type() == Kind::Number && b.type() == Kind::Number)
        order = a.toNumber() < b.toNumber() ? -1 : a.toNumber() > b.toNumber() ? 1 : 0;
    else if (a.isString() && b.isString())
        order = a.toString().compare(b.toString());
    else
        return invalid(QStringLiteral("invalid operation: %1 (mismatched types %2 and %3)")
                           .arg(op, a.typeName(), b.typeName()));
    if (op == QStringLiteral("<"))
        return KargoValue(order < 0);
    if (op == QStringLiteral("<="))
        return KargoValue(order <= 0);
    if (op == QStringLiteral(">"))
        return KargoValue(order > 0);
    return KargoValue(order >= 0);
}

Result<KargoValue> arithmetic(const QString& op, const KargoValue& a, const KargoValue& b) {
    if (a.type() != Kind::Number || b.type() != Kind::Number)
        return invalid(QStringLiteral("invalid operation: %1 (mismatched types %2 and %3)")
                           .arg(op, a.typeName(), b.typeName()));
    const double x = a.toNumber();
    const double y = b.toNumber();
    if (op == QStringLiteral("+"))
        return KargoValue(x + y);
    if (op == QStringLiteral("-"))
        return KargoValue(x - y);
    if (op == QStringLiteral("*"))
        return KargoValue(x * y);
    if (op == QStringLiteral("/"))
        return KargoValue(x / y);
    if (op == QStringLiteral("%")) {
        if (std::trunc(x) != x || std::trunc(y) != y || std::fabs(x) > 9e15 || std::fabs(y) > 9e15)
            return invalid(QStringLiteral("invalid operation: %% needs integers"));
        if (y == 0)
            return invalid(QStringLiteral("integer divide by zero"));
        return KargoValue(std::fmod(x, y));
    }
    return KargoValue(std::pow(x, y)); // ** and ^
}

const QSet<QString>& unsupportedFunctions() {
    // Kargo's other functions and expr-lang's builtins: valid, but not evaluated at discovery.
    static const QSet<QString> names{QStringLiteral("secret"),
                                     QStringLiteral("sharedSecret"),
                                     QStringLiteral("configMap"),
                                     QStringLiteral("sharedConfigMap"),
                                     QStringLiteral("semverDiff"),
                                     QStringLiteral("semverParse"),
                                     QStringLiteral("freightMetadata"),
                                     QStringLiteral("freightStatus"),
                                     QStringLiteral("stageMetadata"),
                                     QStringLiteral("artifactFrom"),
                                     QStringLiteral("always"),
                                     QStringLiteral("success"),
                                     QStringLiteral("failure"),
                                     QStringLiteral("status"),
                                     QStringLiteral("asYAML"),
                                     QStringLiteral("asJSON"),
                                     QStringLiteral("len"),
                                     QStringLiteral("upper"),
                                     QStringLiteral("lower"),
                                     QStringLiteral("trim"),
                                     QStringLiteral("split"),
                                     QStringLiteral("join"),
                                     QStringLiteral("replace"),
                                     QStringLiteral("toJSON"),
                                     QStringLiteral("fromJSON"),
                                     QStringLiteral("string"),
                                     QStringLiteral("int"),
                                     QStringLiteral("float"),
                                     QStringLiteral("filter"),
                                     QStringLiteral("map"),
                                     QStringLiteral("now"),
                                     QStringLiteral("date")};
    return names;
}

} // namespace

KargoExprEvaluator::KargoExprEvaluator(const KargoExprTree& tree, const KargoContext& context)
    : m_tree(tree)
    , m_context(context) {}

Result<KargoValue> KargoExprEvaluator::run() const {
    return evaluateValue(m_tree.root);
}

Result<KargoValue> KargoExprEvaluator::evaluateValue(int index) const {
    auto operand = evaluate(index);
    if (!operand)
        return std::move(operand).error();
    return valueOf(*operand);
}

Result<KargoValue> KargoExprEvaluator::valueOf(const Operand& operand) const {
    switch (operand.kind) {
    case Operand::Kind::Value:
        return operand.value;
    case Operand::Kind::Origin:
        // A kargoapi.FreightOrigin as encoding/json writes it.
        return KargoValue(QMap<QString, KargoValue>{
            {QStringLiteral("kind"), KargoValue(QStringLiteral("Warehouse"))},
            {QStringLiteral("name"), KargoValue(operand.origin)}});
    case Operand::Kind::Vars: {
        QMap<QString, KargoValue> map;
        for (auto it = m_context.vars.begin(); it != m_context.vars.end(); ++it)
            map.insert(it.key(), it.value());
        return KargoValue(map);
    }
    case Operand::Kind::Ctx:
        return unsupported(QStringLiteral("ctx as a whole is not supported; name a field"));
    case Operand::Kind::Outputs:
    case Operand::Kind::TaskOutputs:
    case Operand::Kind::Task:
        return unsupported(QStringLiteral("the outputs as a whole are not supported; name a step"));
    }
    return KargoValue();
}

Result<Operand> KargoExprEvaluator::evaluate(int index) const {
    const KargoExprNode& node = m_tree.nodes.at(index);
    switch (node.kind) {
    case KargoExprNode::Kind::Literal:
        return valueOperand(node.literal);
    case KargoExprNode::Kind::Identifier:
        return identifier(node);
    case KargoExprNode::Kind::Member:
    case KargoExprNode::Kind::Index: {
        auto object = evaluate(node.children[0]);
        if (!object)
            return object;
        if (node.optional && object->kind == Operand::Kind::Value && object->value.isNull())
            return valueOperand(KargoValue());
        KargoValue key(node.name);
        if (node.kind == KargoExprNode::Kind::Index) {
            auto value = evaluateValue(node.children[1]);
            if (!value)
                return std::move(value).error();
            key = *value;
        }
        return member(node, *object, key);
    }
    case KargoExprNode::Kind::Call:
        return call(node);
    case KargoExprNode::Kind::Unary:
        return unary(node);
    case KargoExprNode::Kind::Binary:
        return binary(node);
    case KargoExprNode::Kind::Conditional:
        return conditional(node);
    case KargoExprNode::Kind::List:
    case KargoExprNode::Kind::Map: {
        QList<KargoValue> items;
        for (const int child : node.children) {
            auto value = evaluateValue(child);
            if (!value)
                return std::move(value).error();
            items.append(*value);
        }
        if (node.kind == KargoExprNode::Kind::List)
            return valueOperand(KargoValue(items));
        QMap<QString, KargoValue> map;
        for (qsizetype i = 0; i + 1 < items.size(); i += 2)
            map.insert(items[i].toString(), items[i + 1]);
        return valueOperand(KargoValue(map));
    }
    }
    return valueOperand(KargoValue());
}

Result<Operand> KargoExprEvaluator::identifier(const KargoExprNode& node) const {
    if (node.name == QStringLiteral("vars"))
        return kindOperand(Operand::Kind::Vars);
    if (node.name == QStringLiteral("ctx"))
        return kindOperand(Operand::Kind::Ctx);
    if (node.name == QStringLiteral("outputs"))
        return kindOperand(Operand::Kind::Outputs);
    if (node.name == QStringLiteral("task")) {
        if (!m_context.inTask)
            return invalid(
                QStringLiteral("task.outputs exists only in the steps of a PromotionTask"));
        return kindOperand(Operand::Kind::Task);
    }
    if (node.name == QStringLiteral("secrets"))
        return unsupported(QStringLiteral("secrets are not read at discovery"));
    if (unsupportedFunctions().contains(node.name) || node.name == QStringLiteral("imageFrom") ||
        node.name == QStringLiteral("commitFrom") || node.name == QStringLiteral("chartFrom"))
        return invalid(QStringLiteral("%1 is a function; call it").arg(node.name));
    return unsupported(QStringLiteral("unknown identifier '%1'").arg(node.name));
}

Result<Operand> KargoExprEvaluator::member(const KargoExprNode& node, const Operand& object,
                                           const KargoValue& key) const {
    if (!key.isKnown())
        return needsDeferred(QStringLiteral("the key"), {key});
    const QString name = keyText(key);
    switch (object.kind) {
    case Operand::Kind::Vars: {
        const auto it = m_context.vars.constFind(name);
        if (it == m_context.vars.constEnd())
            return Error{Error::Kind::NotFound, QStringLiteral("undefined var '%1'").arg(name), {}};
        return valueOperand(*it);
    }
    case Operand::Kind::Ctx:
        if (name == QStringLiteral("project"))
            return valueOperand(KargoValue(m_context.project));
        if (name == QStringLiteral("stage"))
            return valueOperand(KargoValue(m_context.stage));
        {
            auto value = extendDeferred(
                KargoDeferred{KargoDeferred::Source::Context, {}, {}, {}, {}}, name, m_context);
            if (!value)
                return std::move(value).error();
            return valueOperand(*value);
        }
    case Operand::Kind::Outputs:
    case Operand::Kind::TaskOutputs: {
        const auto source = object.kind == Operand::Kind::Outputs
                                ? KargoDeferred::Source::StepOutput
                                : KargoDeferred::Source::TaskOutput;
        return valueOperand(KargoValue(KargoDeferred{source, name, {}, {}, {}}));
    }
    case Operand::Kind::Task:
        if (name == QStringLiteral("outputs"))
            return kindOperand(Operand::Kind::TaskOutputs);
        return Error{Error::Kind::NotFound, QStringLiteral("task has no field '%1'").arg(name), {}};
    case Operand::Kind::Origin:
        if (name == QStringLiteral("Name"))
            return valueOperand(KargoValue(object.origin));
        if (name == QStringLiteral("Kind"))
            return valueOperand(KargoValue(QStringLiteral("Warehouse")));
        return invalid(
            QStringLiteral("warehouse() has no field '%1' (it has Kind, Name)").arg(name));
    case Operand::Kind::Value:
        break;
    }
    const KargoValue& value = object.value;
    switch (value.type()) {
    case Kind::Map:
        if (!key.isString())
            return invalid(QStringLiteral("cannot use %1 as a map key").arg(key.typeName()));
        return valueOperand(value.map().value(name));
    case Kind::List: {
        const double number = key.toNumber();
        const auto size = value.list().size();
        if (key.type() != Kind::Number || std::trunc(number) != number)
            return invalid(QStringLiteral("cannot use %1 as a list index").arg(name));
        // expr counts a negative index from the end.
        const double at = number < 0 ? number + static_cast<double>(size) : number;
        if (at < 0 || at >= static_cast<double>(size))
            return invalid(
                QStringLiteral("index out of range: %1 (array length is %2)").arg(name).arg(size));
        return valueOperand(value.list().at(static_cast<qsizetype>(at)));
    }
    case Kind::Deferred: {
        auto extended = extendDeferred(value.deferred().constFirst(), name, m_context);
        if (!extended)
            return std::move(extended).error();
        return valueOperand(*extended);
    }
    case Kind::Template:
        return needsDeferred(QStringLiteral("'%1'").arg(name), {value});
    default:
        Q_UNUSED(node);
        return invalid(QStringLiteral("cannot fetch %1 from %2").arg(name, value.typeName()));
    }
}

Result<Operand> KargoExprEvaluator::call(const KargoExprNode& node) const {
    const QString& name = node.name;
    QList<Operand> arguments;
    for (const int child : node.children) {
        auto operand = evaluate(child);
        if (!operand)
            return operand;
        arguments.append(*operand);
    }
    const auto count = arguments.size();
    const auto value = [&](qsizetype i) { return valueOf(arguments[i]); };

    if (name == QStringLiteral("quote") || name == QStringLiteral("unsafeQuote")) {
        if (count != 1)
            return invalid(
                QStringLiteral("%1 arguments to call %2")
                    .arg(count < 1 ? QStringLiteral("not enough") : QStringLiteral("too many"),
                         name));
        auto argument = value(0);
        if (!argument)
            return std::move(argument).error();
        const QString quoteMark = QStringLiteral("\"");
        // quote() writes a string with Go's %q and anything else as JSON, both in double quotes.
        if (!argument->isKnown())
            return valueOperand(KargoValue::fromParts(
                QList<KargoPart>{quoteMark} + argument->parts() + QList<KargoPart>{quoteMark}));
        if (name == QStringLiteral("quote") && argument->isString())
            return valueOperand(KargoValue(goQuote(argument->toString())));
        return valueOperand(KargoValue(quoteMark + goJson(*argument) + quoteMark));
    }

    if (name == QStringLiteral("warehouse")) {
        if (count != 1)
            return invalid(QStringLiteral("warehouse(): expected 1 argument, got %1").arg(count));
        auto argument = value(0);
        if (!argument)
            return std::move(argument).error();
        if (!argument->isKnown())
            return needsDeferred(QStringLiteral("warehouse()"), {*argument});
        if (!argument->isString())
            return invalid(QStringLiteral("warehouse(): argument must be string, got %1")
                               .arg(argument->typeName()));
        if (argument->toString().isEmpty())
            return invalid(QStringLiteral("warehouse(): name must not be empty"));
        Operand origin = kindOperand(Operand::Kind::Origin);
        origin.origin = argument->toString();
        return origin;
    }

    KargoDeferred deferred;
    if (name == QStringLiteral("imageFrom"))
        deferred.source = KargoDeferred::Source::Image;
    else if (name == QStringLiteral("commitFrom"))
        deferred.source = KargoDeferred::Source::Commit;
    else if (name == QStringLiteral("chartFrom"))
        deferred.source = KargoDeferred::Source::Chart;
    else if (unsupportedFunctions().contains(name))
        return unsupported(QStringLiteral("function '%1' is not supported").arg(name));
    else
        return unsupported(QStringLiteral("unknown function '%1'").arg(name));

    const qsizetype maxArguments = deferred.source == KargoDeferred::Source::Chart ? 3 : 2;
    if (count < 1 || count > maxArguments)
        return invalid(QStringLiteral("%1(): expected 1-%2 arguments, got %3")
                           .arg(name)
                           .arg(maxArguments)
                           .arg(count));
    auto repoURL = value(0);
    if (!repoURL)
        return std::move(repoURL).error();
    if (!repoURL->isKnown())
        return needsDeferred(QStringLiteral("the repository URL of %1()").arg(name), {*repoURL});
    if (!repoURL->isString())
        return invalid(QStringLiteral("%1(): first argument must be string, got %2")
                           .arg(name, repoURL->typeName()));
    deferred.subject = repoURL->toString();
    for (qsizetype i = 1; i < count; ++i) {
        const Operand& argument = arguments[i];
        if (argument.kind == Operand::Kind::Origin && deferred.origin.isEmpty() &&
            (i == count - 1)) {
            deferred.origin = argument.origin;
            continue;
        }
        // chartFrom(repoURL, chartName[, origin])
        auto chart = value(i);
        if (!chart)
            return std::move(chart).error();
        if (deferred.source == KargoDeferred::Source::Chart && i == 1 && chart->isString()) {
            deferred.chart = chart->toString();
            continue;
        }
        if (!chart->isKnown())
            return needsDeferred(QStringLiteral("an argument of %1()").arg(name), {*chart});
        return invalid(QStringLiteral("%1(): argument %2 must be %3, got %4")
                           .arg(name)
                           .arg(i + 1)
                           .arg(deferred.source == KargoDeferred::Source::Chart && i == 1
                                    ? QStringLiteral("string or FreightOrigin")
                                    : QStringLiteral("FreightOrigin"),
                                chart->typeName()));
    }
    return valueOperand(KargoValue(deferred));
}

Result<Operand> KargoExprEvaluator::unary(const KargoExprNode& node) const {
    auto value = evaluateValue(node.children[0]);
    if (!value)
        return std::move(value).error();
    if (!value->isKnown())
        return needsDeferred(QStringLiteral("'%1'").arg(node.name), {*value});
    if (node.name == QStringLiteral("!")) {
        if (value->type() != Kind::Bool)
            return invalid(
                QStringLiteral("invalid operation: ! (mismatched type %1)").arg(value->typeName()));
        return valueOperand(KargoValue(!value->toBool()));
    }
    if (value->type() != Kind::Number)
        return invalid(QStringLiteral("invalid operation: %1 (mismatched type %2)")
                           .arg(node.name, value->typeName()));
    return valueOperand(
        KargoValue(node.name == QStringLiteral("-") ? -value->toNumber() : value->toNumber()));
}

Result<Operand> KargoExprEvaluator::logical(const KargoExprNode& node) const {
    const bool isAnd = node.name == QStringLiteral("&&");
    for (int side = 0; side < 2; ++side) {
        auto value = evaluateValue(node.children[side]);
        if (!value)
            return std::move(value).error();
        if (!value->isKnown())
            return needsDeferred(QStringLiteral("'%1'").arg(node.name), {*value});
        if (value->type() != Kind::Bool)
            return invalid(QStringLiteral("invalid operation: %1 needs bool operands, got %2")
                               .arg(node.name, value->typeName()));
        // Short-circuit as expr does: the right side is not evaluated.
        if (value->toBool() != isAnd || side == 1)
            return valueOperand(*value);
    }
    return valueOperand(KargoValue());
}

Result<Operand> KargoExprEvaluator::binary(const KargoExprNode& node) const {
    const QString& op = node.name;
    if (op == QStringLiteral("&&") || op == QStringLiteral("||"))
        return logical(node);
    QList<KargoValue> values;
    for (int side = 0; side < 2; ++side) {
        auto value = evaluateValue(node.children[side]);
        if (!value)
            return std::move(value).error();
        values.append(*value);
        if (op == QStringLiteral("??") && side == 0) {
            if (!value->isKnown())
                return needsDeferred(QStringLiteral("'\?\?'"), {*value});
            if (!value->isNull())
                return valueOperand(*value);
        }
    }
    const KargoValue& a = values[0];
    const KargoValue& b = values[1];
    if (op == QStringLiteral("??"))
        return valueOperand(b);
    // String concatenation is the one operation a deferred value takes part in.
    if (op == QStringLiteral("+") && (!a.isKnown() || !b.isKnown()) && isStringLike(a) &&
        isStringLike(b))
        return valueOperand(KargoValue::fromParts(a.parts() + b.parts()));
    if (!a.isKnown() || !b.isKnown())
        return needsDeferred(QStringLiteral("'%1'").arg(op), {a, b});
    if (op == QStringLiteral("=="))
        return valueOperand(KargoValue(equal(a, b)));
    if (op == QStringLiteral("!="))
        return valueOperand(KargoValue(!equal(a, b)));
    if (op == QStringLiteral("+") && a.isString() && b.isString())
        return valueOperand(KargoValue(a.toString() + b.toString()));
    auto result = op.startsWith(QLatin1Char('<')) || op.startsWith(QLatin1Char('>'))
                      ? compare(op, a, b)
                      : arithmetic(op, a, b);
    if (!result)
        return std::move(result).error();
    return valueOperand(*result);
}

Result<Operand> KargoExprEvaluator::conditional(const KargoExprNode& node) const {
    auto condition = evaluateValue(node.children[0]);
    if (!condition)
        return std::move(condition).error();
    if (!condition->isKnown())
        return needsDeferred(QStringLiteral("the condition of '?:'"), {*condition});
    if (condition->type() != Kind::Bool)
        return invalid(QStringLiteral("non-bool expression (type %1) used as condition")
                           .arg(condition->typeName()));
    return evaluate(node.children[condition->toBool() ? 1 : 2]);
}

} // namespace fd::core

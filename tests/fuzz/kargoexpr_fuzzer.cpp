// libFuzzer target for Kargo's expression language as Freightdesk evaluates it.
//
// The input is one config string, as it appears in a Stage or PromotionTask. It is evaluated as
// a template, as a condition and as a bare expression against a fixed context. Any of them may
// be refused; none may crash, and the results must keep their invariants: an error has a message
// and one of the kinds evaluation produces, a deferred value names what it waits for, parts never
// hold empty or adjacent literals, text without a delimiter comes back unchanged, and evaluating
// twice gives the same result.

#include "kargoexpression.h"

#include <QByteArray>
#include <QString>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

using fd::core::Error;
using fd::core::KargoContext;
using fd::core::KargoDeferred;
using fd::core::KargoPart;
using fd::core::KargoValue;
using fd::core::Result;

namespace {

[[noreturn]] void fail(const char* what, const QString& input, const QString& detail) {
    std::fprintf(stderr,
                 "kargoexpr_fuzzer invariant broken: %s\n--- input ---\n%s\n--- detail ---\n%s\n",
                 what, input.toUtf8().constData(), detail.toUtf8().constData());
    std::abort();
}

const KargoContext& context() {
    static const KargoContext c = [] {
        KargoContext c;
        c.project = QStringLiteral("fuzz");
        c.stage = QStringLiteral("test");
        c.inTask = true;
        c.vars = {
            {QStringLiteral("image"), KargoValue(QStringLiteral("ghcr.io/akuity/guestbook"))},
            {QStringLiteral("repoURL"), KargoValue(QStringLiteral("https://github.com/a/b.git"))},
            {QStringLiteral("openpr"), KargoValue(QStringLiteral("false"))},
            {QStringLiteral("n"), KargoValue(2.0)},
            {QStringLiteral("flag"), KargoValue(true)},
            {QStringLiteral("nothing"), KargoValue()},
            {QStringLiteral("list"),
             KargoValue(QList<KargoValue>{KargoValue(1.0), KargoValue(QStringLiteral("a"))})},
            {QStringLiteral("map"), KargoValue(QMap<QString, KargoValue>{
                                        {QStringLiteral("k"), KargoValue(QStringLiteral("v"))}})},
            {QStringLiteral("tag"), KargoValue(KargoDeferred{KargoDeferred::Source::Image,
                                                             QStringLiteral("ghcr.io/x"),
                                                             {},
                                                             QStringLiteral("Tag"),
                                                             {}})},
        };
        return c;
    }();
    return c;
}

void checkError(const Error& error, const QString& input) {
    if (error.message.isEmpty())
        fail("an error without a message", input, {});
    switch (error.kind) {
    case Error::Kind::Parse:
    case Error::Kind::NotFound:
    case Error::Kind::Unsupported:
    case Error::Kind::InvalidInput:
    case Error::Kind::TooLarge:
        return;
    default:
        fail("an error of an unexpected kind", input,
             error.kindName() + QLatin1Char(' ') + error.message);
    }
}

void checkValue(const KargoValue& value, const QString& input) {
    const QString rendered = value.toString(); // must not crash, whatever the type
    if (value.isKnown())
        return;
    if (value.deferred().isEmpty())
        fail("a value that is not known names nothing deferred", input, rendered);
    bool lastWasLiteral = false;
    for (const KargoPart& part : value.parts()) {
        const auto* text = std::get_if<QString>(&part);
        if (text && text->isEmpty())
            fail("an empty literal part", input, rendered);
        if (text && lastWasLiteral)
            fail("adjacent literal parts", input, rendered);
        lastWasLiteral = text != nullptr;
        if (!text && std::get<KargoDeferred>(part).toString().isEmpty())
            fail("a deferred part without a name", input, rendered);
    }
    if (value.type() == KargoValue::Type::Deferred && value.parts().size() != 1)
        fail("a Deferred value with more than one part", input, rendered);
}

template <typename T>
void checkStable(const Result<T>& a, const Result<T>& b, const QString& input) {
    if (a.has_value() != b.has_value())
        fail("evaluating twice gave different outcomes", input, {});
    if (!a.has_value() &&
        (a.error().message != b.error().message || a.error().kind != b.error().kind))
        fail("evaluating twice gave different errors", input,
             a.error().message + QLatin1Char('\n') + b.error().message);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const QString input =
        QString::fromUtf8(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));

    const auto value = fd::core::evaluateKargoTemplate(input, context());
    checkStable(value, fd::core::evaluateKargoTemplate(input, context()), input);
    if (!value) {
        checkError(value.error(), input);
    } else {
        checkValue(*value, input);
        if (value->isKnown() && value->type() == KargoValue::Type::Number &&
            !std::isfinite(value->toNumber()))
            fail("a number Kargo could not write", input, value->toString());
    }
    if (!input.contains(QStringLiteral("${{")) && !input.contains(QStringLiteral("${%")) &&
        !(value && value->isString() && value->toString() == input))
        fail("text without an expression did not come back unchanged", input, {});

    const auto condition = fd::core::evaluateKargoCondition(input, context());
    checkStable(condition, fd::core::evaluateKargoCondition(input, context()), input);
    if (!condition)
        checkError(condition.error(), input);
    else if (!value || value->type() != KargoValue::Type::Bool || value->toBool() != *condition)
        fail("a condition that disagrees with the template's value", input, {});

    const auto expression = fd::core::evaluateKargoExpression(input, context());
    if (!expression)
        checkError(expression.error(), input);
    else
        checkValue(*expression, input);
    return 0;
}

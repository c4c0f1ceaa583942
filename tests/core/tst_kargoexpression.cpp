#include "kargoexpression.h"

#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

using fd::core::Error;
using fd::core::evaluateKargoCondition;
using fd::core::evaluateKargoExpression;
using fd::core::evaluateKargoTemplate;
using fd::core::KargoContext;
using fd::core::KargoDeferred;
using fd::core::KargoPart;
using fd::core::KargoValue;

Q_DECLARE_METATYPE(fd::core::KargoValue::Type)
Q_DECLARE_METATYPE(fd::core::Error::Kind)

namespace {

KargoValue str(const char* text) {
    return KargoValue(QString::fromUtf8(text));
}

KargoContext context() {
    KargoContext c;
    c.project = QStringLiteral("kargo-simple");
    c.stage = QStringLiteral("test");
    c.inTask = true;
    c.vars = {
        {QStringLiteral("repoURL"), str("https://github.com/akuity/kargo-simple.git")},
        {QStringLiteral("branch"), str("main")},
        {QStringLiteral("image"), str("ghcr.io/akuity/guestbook")},
        {QStringLiteral("openpr"), str("false")},
        {QStringLiteral("envPath"), str("env/test")},
        {QStringLiteral("argocdApp"), str("guestbook-test")},
        {QStringLiteral("chartRepo"), str("oci://ghcr.io/akuity/charts")},
        {QStringLiteral("empty"), str("")},
        {QStringLiteral("n"), KargoValue(2.0)},
        {QStringLiteral("flag"), KargoValue(true)},
        {QStringLiteral("nothing"), KargoValue()},
        {QStringLiteral("list"), KargoValue(QList<KargoValue>{str("a"), str("b")})},
        {QStringLiteral("map"),
         KargoValue(QMap<QString, KargoValue>{{QStringLiteral("k"), str("v")}})},
        {QStringLiteral("tag"), KargoValue(KargoDeferred{KargoDeferred::Source::Image,
                                                         QStringLiteral("ghcr.io/akuity/guestbook"),
                                                         {},
                                                         QStringLiteral("Tag"),
                                                         {}})},
    };
    return c;
}

// "type:rendering", so that a failure shows both.
QString describe(const KargoValue& value) {
    return value.typeName() + QLatin1Char(':') + value.toString();
}

QString describeParts(const KargoValue& value) {
    QStringList out;
    for (const KargoPart& part : value.parts()) {
        if (const auto* text = std::get_if<QString>(&part))
            out << QLatin1Char('"') + *text + QLatin1Char('"');
        else
            out << std::get<KargoDeferred>(part).toString();
    }
    return out.join(QStringLiteral(" + "));
}

} // namespace

class TestKargoExpression final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void known_data();
    void known();
    void deferred_data();
    void deferred();
    void deferredFields();
    void expression_data();
    void expression();
    void condition_data();
    void condition();
    void errors_data();
    void errors();
    void fixtures_data();
    void fixtures();
    void renderedTemplate_data();
    void renderedTemplate();
};

void TestKargoExpression::known_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");

    const auto row = [](const char* name, const char* text, const char* expected) {
        QTest::newRow(name) << QString::fromUtf8(text) << QString::fromUtf8(expected);
    };
    row("no expression", "plain text", "string:plain text");
    row("no expression keeps a number a string", "42", "string:42");
    row("no expression keeps true a string", "true", "string:true");
    row("vars dot", "${{ vars.branch }}", "string:main");
    row("vars index single quotes", "${{ vars['branch'] }}", "string:main");
    row("vars index double quotes", "${{ vars[\"branch\"] }}", "string:main");
    row("ctx.stage", "${{ ctx.stage }}", "string:test");
    row("ctx.project", "${{ ctx.project }}", "string:kargo-simple");
    row("no spaces", "${{vars.branch}}", "string:main");
    row("prefix", "env/${{ ctx.stage }}", "string:env/test");
    row("guestbook", "guestbook-${{ ctx.stage }}", "string:guestbook-test");
    row("path", "./src/env/${{ ctx.stage }}", "string:./src/env/test");
    row("two expressions", "./out/${{ vars.envPath }}/${{ ctx.stage }}.yaml",
        "string:./out/env/test/test.yaml");
    row("values path", "./out/${{ vars.envPath }}/values.yaml",
        "string:./out/env/test/values.yaml");
    row("number", "${{ 42 }}", "float64:42");
    row("float", "${{ 1.5 }}", "float64:1.5");
    row("underscores and exponent", "${{ 1_000e3 }}", "float64:1000000");
    row("hex", "${{ 0x1F }}", "float64:31");
    row("true", "${{ true }}", "bool:true");
    row("false", "${{ false }}", "bool:false");
    row("nil", "${{ nil }}", "<nil>:null");
    row("string true reads as bool", "${{ 'true' }}", "bool:true");
    row("Go ParseBool T", "${{ 'T' }}", "bool:true");
    row("string 1 reads as number", "${{ '1' }}", "float64:1");
    row("var false reads as bool", "${{ vars.openpr }}", "bool:false");
    row("concatenated digits read as a number", "${{ vars.n }}${{ vars.n }}", "float64:22");
    row("number in text stays text", "v${{ vars.n }}", "string:v2");
    row("quote keeps a string", "${{ quote('true') }}", "string:true");
    row("quote of a number", "${{ quote(42) }}", "string:42");
    row("quote of a bool", "${{ quote(vars.flag) }}", "string:true");
    row("quote of nil", "${{ quote(nil) }}", "string:null");
    row("quote escapes like Go", "${{ quote('a\"b') }}", "string:a\\\"b");
    row("quote inside text keeps the quotes", "x${{ quote('y') }}", "string:x\"y\"");
    row("unsafeQuote", "${{ unsafeQuote('a') }}", "string:\"a\"");
    row("JSON list from a string", "${{ '[1, 2]' }}", "[]interface {}:[1,2]");
    row("JSON map from a string", "${{ '{\"b\": 1, \"a\": [true]}' }}",
        "map[string]interface {}:{\"a\":[true],\"b\":1}");
    row("list literal", "${{ [1, 'a', nil] }}", "[]interface {}:[1,\"a\",null]");
    row("map literal", "${{ {a: 1, 'b': 'x'} }}", "map[string]interface {}:{\"a\":1,\"b\":\"x\"}");
    row("list var", "${{ vars.list }}", "[]interface {}:[\"a\",\"b\"]");
    row("list index", "${{ vars.list[1] }}", "string:b");
    row("negative list index", "${{ vars.list[-1] }}", "string:b");
    row("map var member", "${{ vars.map.k }}", "string:v");
    row("missing map key is nil", "${{ vars.map.missing }}", "<nil>:null");
    row("optional chaining on nil", "${{ vars.nothing?.x }}", "<nil>:null");
    row("nil coalescing", "${{ vars.nothing ?? 'fallback' }}", "string:fallback");
    row("nil coalescing known", "${{ vars.branch ?? 'fallback' }}", "string:main");
    row("concatenation", "${{ 'guestbook-' + ctx.stage }}", "string:guestbook-test");
    row("double quoted escapes", "${{ \"a\\tb\\u00e9\\x41\\101\" }}", "string:a\tbéAA");
    row("single quoted escapes", "${{ 'it\\'s' }}", "string:it's");
    row("raw string", "${{ `a\\n` }}", "string:a\\n");
    row("equal strings", "${{ vars.branch == 'main' }}", "bool:true");
    row("not equal strings", "${{ vars.openpr != 'true' }}", "bool:true");
    row("string vs number is not equal", "${{ vars.n == '2' }}", "bool:false");
    row("number equality", "${{ vars.n == 2.0 }}", "bool:true");
    row("nil equality", "${{ vars.nothing == nil }}", "bool:true");
    row("list equality", "${{ vars.list == ['a', 'b'] }}", "bool:true");
    row("and", "${{ true && vars.flag }}", "bool:true");
    row("and word", "${{ true and false }}", "bool:false");
    row("or word", "${{ false or true }}", "bool:true");
    row("not", "${{ !vars.flag }}", "bool:false");
    row("not word", "${{ not false }}", "bool:true");
    row("parentheses", "${{ !(vars.branch == 'main') || ctx.stage == 'test' }}", "bool:true");
    row("precedence", "${{ false && false || true }}", "bool:true");
    row("ternary", "${{ vars.flag ? 'yes' : 'no' }}", "string:yes");
    row("comparison", "${{ vars.n < 3 && 'a' < 'b' }}", "bool:true");
    row("arithmetic", "${{ vars.n * 3 + 1 - 2 / 4 }}", "float64:6.5");
    row("modulo and power", "${{ 7 % 4 + 2 ** 3 }}", "float64:11");
    row("unary minus", "${{ -vars.n }}", "float64:-2");
    row("big number as Go writes it", "${{ 1e21 }}", "float64:1e+21");
    row("small number as Go writes it", "${{ 0.0000001 }}", "float64:1e-7");
    row("whitespace and newlines inside", "${{\n  vars.branch\n}}", "string:main");
    row("percent delimiters", "${% vars.branch %}", "string:main");
    row("trailing newline kept for strings", "${{ vars.branch }}\n", "string:main\n");
    row("trailing newline dropped for numbers", "${{ vars.n }}\n", "float64:2");
    row("empty var", "${{ vars.empty }}", "string:");
    row("json escaping of strings in lists", "${{ ['<&>'] }}",
        "[]interface {}:[\"\\u003c\\u0026\\u003e\"]");
    row("warehouse origin as a value", "${{ warehouse('w') }}",
        "map[string]interface {}:{\"kind\":\"Warehouse\",\"name\":\"w\"}");
    row("warehouse name", "${{ warehouse('w').Name }}", "string:w");
    row("short circuit skips a deferred right side",
        "${{ false && imageFrom(vars.image).Tag == '1' }}", "bool:false");
}

void TestKargoExpression::known() {
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const auto value = evaluateKargoTemplate(text, context());
    QVERIFY2(value.has_value(), value ? "" : qPrintable(value.error().message));
    QVERIFY(value->isKnown());
    QCOMPARE(describe(*value), expected);
}

void TestKargoExpression::deferred_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<KargoValue::Type>("type");
    QTest::addColumn<QString>("parts");

    const auto row = [](const char* name, const char* text, KargoValue::Type type,
                        const char* parts) {
        QTest::newRow(name) << QString::fromUtf8(text) << type << QString::fromUtf8(parts);
    };
    using T = KargoValue::Type;
    row("image tag", "${{ imageFrom(vars.image).Tag }}", T::Deferred,
        "imageFrom(ghcr.io/akuity/guestbook).Tag");
    row("spaces inside the call", "${{ imageFrom( vars.image ).Tag }}", T::Deferred,
        "imageFrom(ghcr.io/akuity/guestbook).Tag");
    row("no space before close", "${{ imageFrom(vars.image).Tag}}", T::Deferred,
        "imageFrom(ghcr.io/akuity/guestbook).Tag");
    row("image digest", "${{ imageFrom('ghcr.io/x').Digest }}", T::Deferred,
        "imageFrom(ghcr.io/x).Digest");
    row("image repo URL", "${{ imageFrom('ghcr.io/x').RepoURL }}", T::Deferred,
        "imageFrom(ghcr.io/x).RepoURL");
    row("image annotation",
        "${{ imageFrom('ghcr.io/x').Annotations['org.opencontainers.image.revision'] }}",
        T::Deferred, "imageFrom(ghcr.io/x).Annotations.org.opencontainers.image.revision");
    row("image with origin", "${{ imageFrom(vars.image, warehouse('guestbook')).Tag }}",
        T::Deferred, "imageFrom(ghcr.io/akuity/guestbook, warehouse(guestbook)).Tag");
    row("commit ID", "${{ commitFrom(vars.repoURL).ID }}", T::Deferred,
        "commitFrom(https://github.com/akuity/kargo-simple.git).ID");
    row("commit branch", "${{ commitFrom(vars.repoURL).Branch }}", T::Deferred,
        "commitFrom(https://github.com/akuity/kargo-simple.git).Branch");
    row("commit tag", "${{ commitFrom(vars.repoURL).Tag }}", T::Deferred,
        "commitFrom(https://github.com/akuity/kargo-simple.git).Tag");
    row("commit message", "${{ commitFrom(vars.repoURL).Message }}", T::Deferred,
        "commitFrom(https://github.com/akuity/kargo-simple.git).Message");
    row("chart version", "${{ chartFrom(vars.chartRepo).Version }}", T::Deferred,
        "chartFrom(oci://ghcr.io/akuity/charts).Version");
    row("chart with name", "${{ chartFrom('https://charts.example.com', 'app').Version }}",
        T::Deferred, "chartFrom(https://charts.example.com, app).Version");
    row("chart with name and origin",
        "${{ chartFrom('https://c.example', 'app', warehouse('w')).Version }}", T::Deferred,
        "chartFrom(https://c.example, app, warehouse(w)).Version");
    row("chart with origin only", "${{ chartFrom('https://c.example', warehouse('w')).Version }}",
        T::Deferred, "chartFrom(https://c.example, warehouse(w)).Version");
    row("step output", "${{ outputs['commit'].commit }}", T::Deferred, "outputs['commit'].commit");
    row("step output dot", "${{ outputs.commit.commit }}", T::Deferred, "outputs['commit'].commit");
    row("task output", "${{ task.outputs['update-image'].commitMessage }}", T::Deferred,
        "task.outputs['update-image'].commitMessage");
    row("task output dot", "${{ task.outputs.push.branch }}", T::Deferred,
        "task.outputs['push'].branch");
    row("task output pr number", "${{ task.outputs['open-pr'].prNumber }}", T::Deferred,
        "task.outputs['open-pr'].prNumber");
    row("nested output", "${{ outputs['http'].response['a-b'] }}", T::Deferred,
        "outputs['http'].response['a-b']");
    row("optional output", "${{ outputs['merge::result']?.sha }}", T::Deferred,
        "outputs['merge::result'].sha");
    row("promotion", "${{ ctx.promotion }}", T::Deferred, "ctx.promotion");
    row("target freight", "${{ ctx.targetFreight.name }}", T::Deferred, "ctx.targetFreight.name");
    row("target freight origin", "${{ ctx.targetFreight.origin.name }}", T::Deferred,
        "ctx.targetFreight.origin.name");
    row("actor", "${{ ctx.meta.promotion.actor }}", T::Deferred, "ctx.meta.promotion.actor");
    row("deferred var", "${{ vars.tag }}", T::Deferred, "imageFrom(ghcr.io/akuity/guestbook).Tag");
    row("prefix", "v${{ imageFrom(vars.image).Tag }}", T::Template,
        "\"v\" + imageFrom(ghcr.io/akuity/guestbook).Tag");
    row("concatenation", "${{ 'v' + imageFrom(vars.image).Tag + '-' + ctx.stage }}", T::Template,
        "\"v\" + imageFrom(ghcr.io/akuity/guestbook).Tag + \"-test\"");
    row("two deferred", "${{ vars.image }}:${{ vars.tag }}@${{ imageFrom(vars.image).Digest }}",
        T::Template,
        "\"ghcr.io/akuity/guestbook:\" + imageFrom(ghcr.io/akuity/guestbook).Tag + \"@\" + "
        "imageFrom(ghcr.io/akuity/guestbook).Digest");
    row("quoted deferred", "${{ quote(imageFrom(vars.image).Tag) }}", T::Template,
        "\"\"\" + imageFrom(ghcr.io/akuity/guestbook).Tag + \"\"\"");
    row("known branch of a ternary", "${{ vars.flag ? vars.tag : 'x' }}", T::Deferred,
        "imageFrom(ghcr.io/akuity/guestbook).Tag");
}

void TestKargoExpression::deferred() {
    QFETCH(QString, text);
    QFETCH(KargoValue::Type, type);
    QFETCH(QString, parts);
    const auto value = evaluateKargoTemplate(text, context());
    QVERIFY2(value.has_value(), value ? "" : qPrintable(value.error().message));
    QVERIFY(!value->isKnown());
    QCOMPARE(value->type(), type);
    QCOMPARE(describeParts(*value), parts);
    QVERIFY(!value->deferred().isEmpty());
}

void TestKargoExpression::deferredFields() {
    const auto image = evaluateKargoTemplate(
        QStringLiteral("${{ imageFrom(vars.image, warehouse('guestbook')).Tag }}"), context());
    QVERIFY(image.has_value());
    QCOMPARE(image->deferred().size(), 1);
    const KargoDeferred expected{KargoDeferred::Source::Image,
                                 QStringLiteral("ghcr.io/akuity/guestbook"),
                                 {},
                                 QStringLiteral("Tag"),
                                 QStringLiteral("guestbook")};
    QCOMPARE(image->deferred().first(), expected);

    const auto chart = evaluateKargoTemplate(
        QStringLiteral("${{ chartFrom('oci://c', 'app').Version }}"), context());
    QVERIFY(chart.has_value());
    QCOMPARE(chart->deferred().first().chart, QStringLiteral("app"));
    QCOMPARE(chart->deferred().first().source, KargoDeferred::Source::Chart);

    const auto output =
        evaluateKargoTemplate(QStringLiteral("${{ task.outputs['open-pr'].prNumber }}"), context());
    QVERIFY(output.has_value());
    QCOMPARE(output->deferred().first().source, KargoDeferred::Source::TaskOutput);
    QCOMPARE(output->deferred().first().subject, QStringLiteral("open-pr"));
    QCOMPARE(output->deferred().first().field, QStringLiteral("prNumber"));

    // The caller may know the warehouse it evaluates for.
    KargoContext withOrigin = context();
    withOrigin.targetFreightOrigin = QStringLiteral("guestbook");
    const auto origin = evaluateKargoCondition(
        QStringLiteral("${{ ctx.targetFreight.origin.name == 'guestbook' }}"), withOrigin);
    QVERIFY(origin.has_value());
    QVERIFY(*origin);
}

void TestKargoExpression::expression_data() {
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("expected");
    QTest::newRow("string stays a string")
        << QStringLiteral("'true'") << QStringLiteral("string:true");
    QTest::newRow("quote keeps its quotes")
        << QStringLiteral("quote('x')") << QStringLiteral("string:\"x\"");
    QTest::newRow("number") << QStringLiteral("vars.n + 1") << QStringLiteral("float64:3");
    QTest::newRow("bool") << QStringLiteral("vars.openpr == 'true'")
                          << QStringLiteral("bool:false");
}

void TestKargoExpression::expression() {
    QFETCH(QString, expression);
    QFETCH(QString, expected);
    const auto value = evaluateKargoExpression(expression, context());
    QVERIFY2(value.has_value(), value ? "" : qPrintable(value.error().message));
    QCOMPARE(describe(*value), expected);
}

void TestKargoExpression::condition_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("expected");
    QTest::newRow("openpr != true") << QStringLiteral("${{ vars.openpr != 'true' }}") << true;
    QTest::newRow("openpr == true") << QStringLiteral("${{ vars.openpr == 'true' }}") << false;
    QTest::newRow("string var reads as bool") << QStringLiteral("${{ vars.openpr }}") << false;
    QTest::newRow("stage") << QStringLiteral("${{ ctx.stage == 'test' }}") << true;
    QTest::newRow("or short circuit") << QStringLiteral("${{ true || outputs.x.y == 1 }}") << true;
}

void TestKargoExpression::condition() {
    QFETCH(QString, text);
    QFETCH(bool, expected);
    const auto value = evaluateKargoCondition(text, context());
    QVERIFY2(value.has_value(), value ? "" : qPrintable(value.error().message));
    QCOMPARE(*value, expected);
}

void TestKargoExpression::errors_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("mode"); // 0 template, 1 condition, 2 bare expression
    QTest::addColumn<Error::Kind>("kind");
    QTest::addColumn<QString>("message");

    const auto row = [](const char* name, const char* text, int mode, Error::Kind kind,
                        const char* message) {
        QTest::newRow(name) << QString::fromUtf8(text) << mode << kind
                            << QString::fromUtf8(message);
    };
    using K = Error::Kind;
    row("undefined var", "${{ vars.x }}", 0, K::NotFound, "undefined var 'x'");
    row("undefined var index", "a/${{ vars['missing-one'] }}", 0, K::NotFound,
        "undefined var 'missing-one'");
    row("unknown function", "${{ upperCase(vars.branch) }}", 0, K::Unsupported,
        "unknown function 'upperCase'");
    row("unsupported Kargo function", "${{ secret('s').token }}", 0, K::Unsupported,
        "function 'secret' is not supported");
    row("unknown identifier", "${{ foo }}", 0, K::Unsupported, "unknown identifier 'foo'");
    row("secrets", "${{ secrets.a.b }}", 0, K::Unsupported, "secrets are not read at discovery");
    row("syntax error column", "path/${{ vars.a + }}", 0, K::Parse,
        "syntax error at column 19: unexpected end of expression");
    row("syntax error unexpected", "${{ vars.branch vars }}", 0, K::Parse,
        "syntax error at column 17: unexpected 'vars'");
    row("missing parenthesis", "${{ imageFrom(vars.image.Tag }}", 0, K::Parse,
        "syntax error at column 30: expected ',' or ')' but found end of expression");
    row("empty expression", "${{ }}", 0, K::Parse,
        "syntax error at column 5: unexpected end of expression");
    row("unterminated string", "${{ 'abc }}", 0, K::Parse,
        "syntax error at column 5: string not terminated");
    row("bad escape", "${{ 'a\\qb' }}", 0, K::Parse,
        "syntax error at column 7: invalid escape sequence");
    row("bad character", "${{ vars.a @ 1 }}", 0, K::Parse,
        "syntax error at column 12: unexpected character '@'");
    row("bad number", "${{ 12abc }}", 0, K::Parse, "syntax error at column 5: invalid number");
    row("unterminated delimiter", "x-${{ vars.branch", 0, K::Parse,
        "unclosed expression at column 3: expected \"}}\"");
    row("unterminated second", "${{ ctx.stage }}/${{", 0, K::Parse,
        "unclosed expression at column 18");
    row("unsupported operator", "${{ 'a' in ['a'] }}", 0, K::Unsupported,
        "operator 'in' is not supported");
    row("unsupported pipe", "${{ vars.list | len() }}", 0, K::Unsupported,
        "operator '|' is not supported");
    row("method call", "${{ vars.branch.upper() }}", 0, K::Unsupported,
        "method call upper() is not supported");
    row("wrong field case", "${{ imageFrom(vars.image).tag }}", 0, K::InvalidInput,
        "imageFrom() has no field 'tag'");
    row("commit field", "${{ commitFrom(vars.repoURL).Digest }}", 0, K::InvalidInput,
        "commitFrom() has no field 'Digest'");
    row("field of a field", "${{ imageFrom(vars.image).Tag.x }}", 0, K::InvalidInput,
        "cannot fetch x from imageFrom(ghcr.io/akuity/guestbook).Tag");
    row("imageFrom arity", "${{ imageFrom().Tag }}", 0, K::InvalidInput,
        "imageFrom(): expected 1-2 arguments, got 0");
    row("imageFrom number", "${{ imageFrom(1).Tag }}", 0, K::InvalidInput,
        "imageFrom(): first argument must be string, got float64");
    row("imageFrom bad origin", "${{ imageFrom(vars.image, 'w').Tag }}", 0, K::InvalidInput,
        "imageFrom(): argument 2 must be FreightOrigin, got string");
    row("imageFrom deferred URL", "${{ imageFrom(outputs.a.url).Tag }}", 0, K::Unsupported,
        "depends on outputs['a'].url");
    row("warehouse empty", "${{ imageFrom(vars.image, warehouse('')).Tag }}", 0, K::InvalidInput,
        "warehouse(): name must not be empty");
    row("ctx unknown", "${{ ctx.foo }}", 0, K::NotFound, "ctx has no field 'foo'");
    row("string plus number", "${{ vars.branch + 1 }}", 0, K::InvalidInput,
        "invalid operation: + (mismatched types string and float64)");
    row("not a string", "${{ !vars.branch }}", 0, K::InvalidInput,
        "invalid operation: ! (mismatched type string)");
    row("fetch from nil", "${{ vars.nothing.x }}", 0, K::InvalidInput, "cannot fetch x from <nil>");
    row("index out of range", "${{ vars.list[2] }}", 0, K::InvalidInput,
        "index out of range: 2 (array length is 2)");
    row("division by zero", "${{ 1 / 0 }}", 0, K::InvalidInput, "json: unsupported value: +Inf");
    row("deferred equality in template", "${{ imageFrom(vars.image).Tag == '1' }}", 0,
        K::Unsupported,
        "'==' depends on imageFrom(ghcr.io/akuity/guestbook).Tag, known only at promotion time");
    row("task outside a task", "${{ task.outputs.a.b }}", 0, K::InvalidInput,
        "task.outputs exists only in the steps of a PromotionTask");
    row("deep nesting",
        "${{ "
        "(((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((("
        "((((((((((((((((((((((((((((((((((((((((((((((1)))))))))))))))))))))))))))))))))))))))))))"
        "))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))) }}",
        0, K::TooLarge, "nested more than 128 levels deep");
    row("condition on deferred", "${{ imageFrom(vars.image).Tag == '1.0' }}", 1, K::Unsupported,
        "depends on imageFrom(ghcr.io/akuity/guestbook).Tag, known only at promotion time");
    row("condition on a deferred bool", "${{ outputs['check'].ok }}", 1, K::Unsupported,
        "the condition depends on outputs['check'].ok, known only at promotion time");
    row("condition on target freight", "${{ ctx.targetFreight.origin.name == 'w' }}", 1,
        K::Unsupported, "depends on ctx.targetFreight.origin.name");
    row("condition not a bool", "${{ vars.branch }}", 1, K::InvalidInput,
        "expression must evaluate to a boolean, got string");
    row("condition number", "${{ vars.n }}", 1, K::InvalidInput,
        "expression must evaluate to a boolean, got float64");
    row("condition without expression", "true", 1, K::InvalidInput,
        "expression must evaluate to a boolean, got string");
    row("bare expression syntax", "vars.a ==", 2, K::Parse,
        "syntax error at column 10: unexpected end of expression");
}

void TestKargoExpression::errors() {
    QFETCH(QString, text);
    QFETCH(int, mode);
    QFETCH(Error::Kind, kind);
    QFETCH(QString, message);
    KargoContext c = context();
    if (QByteArray(QTest::currentDataTag()) == "task outside a task")
        c.inTask = false;
    std::optional<Error> error;
    if (mode == 1) {
        const auto result = evaluateKargoCondition(text, c);
        QVERIFY2(!result.has_value(), "the condition evaluated");
        error = result.error();
    } else {
        const auto result =
            mode == 0 ? evaluateKargoTemplate(text, c) : evaluateKargoExpression(text, c);
        QVERIFY2(!result.has_value(), result ? qPrintable(describe(*result)) : "");
        error = result.error();
    }
    QVERIFY2(error->message.contains(message), qPrintable(error->message));
    const Error expected{kind, {}, {}};
    QCOMPARE(error->kindName(), expected.kindName());
}

void TestKargoExpression::fixtures_data() {
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("text");

    // Every config string with an expression in the Kargo manifests of the fixture repositories.
    const QString root = QStringLiteral(FREIGHTDESK_FIXTURES_DIR);
    static const QRegularExpression line(
        QStringLiteral("^\\s*(?:-\\s+)?([A-Za-z]+):\\s+(.*\\$\\{\\{.*)$"));
    QStringList seen;
    QDirIterator it(root, {QStringLiteral("*.yaml")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (!path.contains(QStringLiteral("/kargo/")))
            continue;
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        for (const QString& text : QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'))) {
            const auto match = line.match(text);
            if (!match.hasMatch() || seen.contains(match.captured(0).trimmed()))
                continue;
            seen << match.captured(0).trimmed();
            QTest::newRow(qPrintable(match.captured(0).trimmed()))
                << match.captured(1) << match.captured(2);
        }
    }
    QVERIFY2(seen.size() >= 20,
             qPrintable(QStringLiteral("only %1 strings found in %2").arg(seen.size()).arg(root)));
}

void TestKargoExpression::fixtures() {
    QFETCH(QString, key);
    QFETCH(QString, text);
    if (key == QStringLiteral("if")) {
        const auto condition = evaluateKargoCondition(text, context());
        QVERIFY2(condition.has_value(), condition ? "" : qPrintable(condition.error().message));
        QCOMPARE(*condition, !text.contains(QStringLiteral("==")));
        return;
    }
    const auto value = evaluateKargoTemplate(text, context());
    QVERIFY2(value.has_value(), value ? "" : qPrintable(value.error().message));
    static const QRegularExpression deferred(
        QStringLiteral("imageFrom|commitFrom|chartFrom|outputs"));
    QCOMPARE(value->isKnown(), !deferred.match(text).hasMatch());
    if (value->isKnown()) {
        QCOMPARE(value->type(), KargoValue::Type::String);
        QVERIFY(!value->toString().contains(QStringLiteral("${{")));
    } else {
        QCOMPARE(value->deferred().size(), 1);
    }
}

void TestKargoExpression::renderedTemplate_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("tag that reads as a number")
        << QStringLiteral("1.0") << QStringLiteral("float64:1");
    QTest::newRow("quoted") << QStringLiteral("\"1.0\"") << QStringLiteral("string:1.0");
    QTest::newRow("plain") << QStringLiteral("v1.0") << QStringLiteral("string:v1.0");
    QTest::newRow("lone quote") << QStringLiteral("\"") << QStringLiteral("string:\"");
    QTest::newRow("JSON with spaces") << QStringLiteral(" 7 ") << QStringLiteral("float64:7");
    QTest::newRow("yes is a string") << QStringLiteral("yes") << QStringLiteral("string:yes");
    QTest::newRow("null") << QStringLiteral("null") << QStringLiteral("<nil>:null");
}

void TestKargoExpression::renderedTemplate() {
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(describe(KargoValue::fromRenderedTemplate(text)), expected);
}

QTEST_GUILESS_MAIN(TestKargoExpression)
#include "tst_kargoexpression.moc"

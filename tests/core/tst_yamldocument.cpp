#include "yamltesting.h"

#include <QTest>

using fd::core::Error;
using fd::core::YamlDocument;
using fd::test::errorOf;
using fd::test::FileName;
using fd::test::parsed;

class TestYamlDocument final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void setScalar_data();
    void setScalar();
    void quoting_data();
    void quoting();
    void scalar_data();
    void scalar();
    void editErrors_data();
    void editErrors();
    void untouchedBytes_data();
    void untouchedBytes();
    void copiesAreIndependent();
};

void TestYamlDocument::setScalar_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("keyPath");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("helm values: comments, blank lines, key order")
        << QByteArray("# Default values\n"
                      "image:\n"
                      "  repository: nitheesh86/microservice-frontend   # the repo\n"
                      "  tag: 1.0.11\n"
                      "\n"
                      "\n"
                      "replicaCount: 2\n")
        << QStringLiteral("image.tag") << QStringLiteral("1.0.12")
        << QByteArray("# Default values\n"
                      "image:\n"
                      "  repository: nitheesh86/microservice-frontend   # the repo\n"
                      "  tag: 1.0.12\n"
                      "\n"
                      "\n"
                      "replicaCount: 2\n");
    QTest::newRow("trailing comment on the line")
        << QByteArray("tag: v1   # pinned by release\nx: 1\n") << QStringLiteral("tag")
        << QStringLiteral("v2.0.0") << QByteArray("tag: v2.0.0   # pinned by release\nx: 1\n");
    QTest::newRow("4-space indentation")
        << QByteArray("a:\n    b:\n        c: old\n    d: 1\n") << QStringLiteral("a.b.c")
        << QStringLiteral("new") << QByteArray("a:\n    b:\n        c: new\n    d: 1\n");
    QTest::newRow("double quotes stay double")
        << QByteArray("tag: \"1.0.2\" # q\n") << QStringLiteral("tag") << QStringLiteral("1.0.3")
        << QByteArray("tag: \"1.0.3\" # q\n");
    QTest::newRow("double quotes escape")
        << QByteArray("v: \"x\"\n") << QStringLiteral("v") << QStringLiteral("a\"b\\c")
        << QByteArray("v: \"a\\\"b\\\\c\"\n");
    QTest::newRow("single quotes stay single")
        << QByteArray("tag: '1.0.2'\n") << QStringLiteral("tag") << QStringLiteral("1.0.3")
        << QByteArray("tag: '1.0.3'\n");
    QTest::newRow("single quotes escape by doubling")
        << QByteArray("v: 'x'\n") << QStringLiteral("v") << QStringLiteral("it's \"q\"")
        << QByteArray("v: 'it''s \"q\"'\n");
    QTest::newRow("single quotes cannot hold a newline")
        << QByteArray("v: 'x'\n") << QStringLiteral("v") << QStringLiteral("a\nb")
        << QByteArray("v: \"a\\nb\"\n");
    QTest::newRow("quoted value that was a number stays quoted")
        << QByteArray("v: '1.0'\n") << QStringLiteral("v") << QStringLiteral("2.0")
        << QByteArray("v: '2.0'\n");
    QTest::newRow("number becomes a plain string")
        << QByteArray("tag: 1.0\n") << QStringLiteral("tag") << QStringLiteral("1.0.1")
        << QByteArray("tag: 1.0.1\n");
    QTest::newRow("number set to a number-like string is quoted")
        << QByteArray("tag: 1.0\n") << QStringLiteral("tag") << QStringLiteral("1.1")
        << QByteArray("tag: \"1.1\"\n");
    QTest::newRow("integer replacing an integer stays plain")
        << QByteArray("replicas: 2 # pods\n") << QStringLiteral("replicas") << QStringLiteral("3")
        << QByteArray("replicas: 3 # pods\n");
    QTest::newRow("boolean replacing a boolean stays plain")
        << QByteArray("enabled: true\n") << QStringLiteral("enabled") << QStringLiteral("false")
        << QByteArray("enabled: false\n");
    QTest::newRow("leading zero replacing an integer is quoted (octal to YAML 1.1)")
        << QByteArray("replicas: 2\n") << QStringLiteral("replicas") << QStringLiteral("012")
        << QByteArray("replicas: \"012\"\n");
    QTest::newRow("float replacing an integer is quoted")
        << QByteArray("replicas: 2\n") << QStringLiteral("replicas") << QStringLiteral("2.5")
        << QByteArray("replicas: \"2.5\"\n");
    QTest::newRow("YAML 1.1 boolean replacing a boolean is quoted")
        << QByteArray("enabled: true\n") << QStringLiteral("enabled") << QStringLiteral("no")
        << QByteArray("enabled: \"no\"\n");
    QTest::newRow("crlf line endings")
        << QByteArray("a: 1\r\nimage:\r\n  tag: v1 # c\r\nb: 2\r\n") << QStringLiteral("image.tag")
        << QStringLiteral("v2") << QByteArray("a: 1\r\nimage:\r\n  tag: v2 # c\r\nb: 2\r\n");
    QTest::newRow("no final newline") << QByteArray("a: 1\ntag: v1") << QStringLiteral("tag")
                                      << QStringLiteral("v22") << QByteArray("a: 1\ntag: v22");
    QTest::newRow("no final newline, quoted") << QByteArray("tag: \"v1\"") << QStringLiteral("tag")
                                              << QStringLiteral("v2") << QByteArray("tag: \"v2\"");
    QTest::newRow("utf-8 bom survives")
        << QByteArray("\xEF\xBB\xBFimage:\n  tag: v1\n") << QStringLiteral("image.tag")
        << QStringLiteral("v2") << QByteArray("\xEF\xBB\xBFimage:\n  tag: v2\n");
    QTest::newRow("escaped dots in the key path")
        << QByteArray("metadata:\n  annotations:\n    kargo.akuity.io/color: red\n    x: y\n")
        << QStringLiteral("metadata.annotations.kargo\\.akuity\\.io/color")
        << QStringLiteral("amber")
        << QByteArray("metadata:\n  annotations:\n    kargo.akuity.io/color: amber\n    x: y\n");
    QTest::newRow("sequence index")
        << QByteArray("spec:\n  template:\n    spec:\n      containers:\n"
                      "      - name: a\n        image: nginx:1.24\n"
                      "      - name: b\n        image: redis:7 # cache\n")
        << QStringLiteral("spec.template.spec.containers.1.image") << QStringLiteral("redis:7.2")
        << QByteArray("spec:\n  template:\n    spec:\n      containers:\n"
                      "      - name: a\n        image: nginx:1.24\n"
                      "      - name: b\n        image: redis:7.2 # cache\n");
    QTest::newRow("indented sequence")
        << QByteArray("list:\n  - a\n  - b\n") << QStringLiteral("list.0") << QStringLiteral("z")
        << QByteArray("list:\n  - z\n  - b\n");
    QTest::newRow("top-level sequence") << QByteArray("- a\n- b\n") << QStringLiteral("1")
                                        << QStringLiteral("c") << QByteArray("- a\n- c\n");
    QTest::newRow("numeric map key")
        << QByteArray("ports:\n  80: http\n") << QStringLiteral("ports.80") << QStringLiteral("web")
        << QByteArray("ports:\n  80: web\n");
    QTest::newRow("flow mapping") << QByteArray("image: {tag: 1.0, repository: x}\n")
                                  << QStringLiteral("image.tag") << QStringLiteral("1.0.1")
                                  << QByteArray("image: {tag: 1.0.1, repository: x}\n");
    QTest::newRow("flow mapping, value with a comma is quoted")
        << QByteArray("image: {tag: v1, repository: x}\n") << QStringLiteral("image.tag")
        << QStringLiteral("a,b") << QByteArray("image: {tag: \"a,b\", repository: x}\n");
    QTest::newRow("flow mapping, colon is quoted")
        << QByteArray("image: {name: a}\n") << QStringLiteral("image.name")
        << QStringLiteral("nginx:1") << QByteArray("image: {name: \"nginx:1\"}\n");
    QTest::newRow("flow sequence")
        << QByteArray("tags: [a, 'b', \"c\"]\n") << QStringLiteral("tags.1") << QStringLiteral("x")
        << QByteArray("tags: [a, 'x', \"c\"]\n");
    QTest::newRow("multi-line flow mapping")
        << QByteArray("image: {\n  tag: v1,\n  repo: x\n}\n") << QStringLiteral("image.tag")
        << QStringLiteral("v2") << QByteArray("image: {\n  tag: v2,\n  repo: x\n}\n");
    QTest::newRow("block scalars nearby")
        << QByteArray("a: |\n  tag: 1\n  more\nb: x # c\nc: >2\n   folded\n  text\nd: |-\n  z\n")
        << QStringLiteral("b") << QStringLiteral("z")
        << QByteArray("a: |\n  tag: 1\n  more\nb: z # c\nc: >2\n   folded\n  text\nd: |-\n  z\n");
    QTest::newRow("anchored value nobody aliases")
        << QByteArray("tag: &t 1.0.1\nother: 2\n") << QStringLiteral("tag")
        << QStringLiteral("1.0.2") << QByteArray("tag: &t 1.0.2\nother: 2\n");
    QTest::newRow("sibling of an alias")
        << QByteArray("base: &b {x: 1}\nother: *b\ntag: v1\n") << QStringLiteral("tag")
        << QStringLiteral("v2") << QByteArray("base: &b {x: 1}\nother: *b\ntag: v2\n");
    QTest::newRow("!!str tag keeps plain style")
        << QByteArray("tag: !!str 1.0\n") << QStringLiteral("tag") << QStringLiteral("true")
        << QByteArray("tag: !!str true\n");
    QTest::newRow("!!str tag with anchor")
        << QByteArray("tag: &a !!str 1.0\n") << QStringLiteral("tag") << QStringLiteral("2.0")
        << QByteArray("tag: &a !!str 2.0\n");
    QTest::newRow("verbatim str tag")
        << QByteArray("tag: !<tag:yaml.org,2002:str> 1.0\n") << QStringLiteral("tag")
        << QStringLiteral("2.0") << QByteArray("tag: !<tag:yaml.org,2002:str> 2.0\n");
    QTest::newRow("non-specific tag") << QByteArray("tag: ! 1.0\n") << QStringLiteral("tag")
                                      << QStringLiteral("2.0") << QByteArray("tag: ! 2.0\n");
    QTest::newRow("properties on lines of their own")
        << QByteArray("a: &x\n  !!str\n  v1\nb: 1\n") << QStringLiteral("a") << QStringLiteral("v2")
        << QByteArray("a: &x\n  !!str\n  v2\nb: 1\n");
    QTest::newRow("value right after a tag yaml-cpp ends early")
        << QByteArray("a: !\\x y\nb: 1\n") << QStringLiteral("a") << QStringLiteral("z")
        << QByteArray("a: ! z\nb: 1\n");
    QTest::newRow("tag on its own line")
        << QByteArray("tag: !!str\n  v1\nx: 1\n") << QStringLiteral("tag") << QStringLiteral("v2")
        << QByteArray("tag: !!str\n  v2\nx: 1\n");
    QTest::newRow("first of several documents")
        << QByteArray("a: 1\n---\na: 2\n...\n---\n- a\n") << QStringLiteral("a")
        << QStringLiteral("x") << QByteArray("a: x\n---\na: 2\n...\n---\n- a\n");
    QTest::newRow("document start marker and directive")
        << QByteArray("%YAML 1.2\n--- # c\na: 1\n---\na: 2\n") << QStringLiteral("a")
        << QStringLiteral("x") << QByteArray("%YAML 1.2\n--- # c\na: x\n---\na: 2\n");
    QTest::newRow("empty value") << QByteArray("a:\nb: 1\n") << QStringLiteral("a")
                                 << QStringLiteral("v1") << QByteArray("a: v1\nb: 1\n");
    QTest::newRow("empty value with comment")
        << QByteArray("a: # later\nb: 1\n") << QStringLiteral("a") << QStringLiteral("1.0")
        << QByteArray("a: \"1.0\" # later\nb: 1\n");
    QTest::newRow("empty value at the end") << QByteArray("x:\n  a:") << QStringLiteral("x.a")
                                            << QStringLiteral("v") << QByteArray("x:\n  a: v");
    QTest::newRow("null word") << QByteArray("a: null # unset\nb: 1\n") << QStringLiteral("a")
                               << QStringLiteral("v1") << QByteArray("a: v1 # unset\nb: 1\n");
    QTest::newRow("tilde") << QByteArray("a: ~\n") << QStringLiteral("a") << QStringLiteral("v1")
                           << QByteArray("a: v1\n");
    QTest::newRow("null on the next line")
        << QByteArray("a:\n  NULL\nb: 1\n") << QStringLiteral("a") << QStringLiteral("v1")
        << QByteArray("a:\n  v1\nb: 1\n");
    QTest::newRow("null list item") << QByteArray("- ~\n- x\n") << QStringLiteral("0")
                                    << QStringLiteral("v1") << QByteArray("- v1\n- x\n");
    QTest::newRow("null in a flow map")
        << QByteArray("m: {a: null, b: 1}\n") << QStringLiteral("m.a") << QStringLiteral("v1")
        << QByteArray("m: {a: v1, b: 1}\n");
    QTest::newRow("multi-line double-quoted value")
        << QByteArray("a: \"first\n  second\"\nb: 1\n") << QStringLiteral("a")
        << QStringLiteral("v") << QByteArray("a: \"v\"\nb: 1\n");
    QTest::newRow("quoted key with a dot")
        << QByteArray("\"a.b\": 1\n'c': {\"d\": x}\n") << QStringLiteral("c.d")
        << QStringLiteral("z") << QByteArray("\"a.b\": 1\n'c': {\"d\": z}\n");
    QTest::newRow("quoted key holding a dot")
        << QByteArray("\"a.b\": old\n") << QStringLiteral("a\\.b") << QStringLiteral("new")
        << QByteArray("\"a.b\": new\n");
    QTest::newRow("explicit key") << QByteArray("? a\n: old\n") << QStringLiteral("a")
                                  << QStringLiteral("new") << QByteArray("? a\n: new\n");
    QTest::newRow("unicode") << QByteArray("greeting: héllo\nz: 1\n") << QStringLiteral("greeting")
                             << QStringLiteral("grüß dich 😀")
                             << QByteArray("greeting: grüß dich 😀\nz: 1\n");
    QTest::newRow("same value: no change") << QByteArray("a: 'x'\n") << QStringLiteral("a")
                                           << QStringLiteral("x") << QByteArray("a: 'x'\n");
    QTest::newRow("value text also in a comment")
        << QByteArray("# tag: v1\ntag: v1 # was v1\n") << QStringLiteral("tag")
        << QStringLiteral("v2") << QByteArray("# tag: v1\ntag: v2 # was v1\n");
    QTest::newRow("tab before comment") << QByteArray("tag: v1\t# c\n") << QStringLiteral("tag")
                                        << QStringLiteral("v2") << QByteArray("tag: v2\t# c\n");
    QTest::newRow("plain value with inner hash and colon")
        << QByteArray("url: http://x/a#b\n") << QStringLiteral("url")
        << QStringLiteral("http://y/c#d") << QByteArray("url: http://y/c#d\n");
}

void TestYamlDocument::setScalar() {
    QFETCH(QByteArray, input);
    QFETCH(QString, keyPath);
    QFETCH(QString, value);
    QFETCH(QByteArray, expected);

    YamlDocument document = parsed(input);
    const auto result = document.setScalar(keyPath, value);
    QVERIFY2(result.has_value(), errorOf(result).constData());
    QCOMPARE(document.bytes(), expected);
    const auto readBack = document.scalar(keyPath);
    QVERIFY(readBack.has_value());
    QCOMPARE(*readBack, value);
    // The result is a document in its own right.
    QVERIFY(YamlDocument::parse(document.bytes(), FileName).has_value());
}

void TestYamlDocument::quoting_data() {
    QTest::addColumn<QString>("value");
    QTest::addColumn<QByteArray>("written");

    const auto row = [](const char* name, const QString& value, const QByteArray& written) {
        QTest::newRow(name) << value << written;
    };
    // Would read as another type (YAML 1.2 core schema, YAML 1.1, Go's strconv).
    row("float", QStringLiteral("1.0"), "\"1.0\"");
    row("int", QStringLiteral("42"), "\"42\"");
    row("long int", QString(100, QLatin1Char('9')), "\"" + QByteArray(100, '9') + "\"");
    row("signed int", QStringLiteral("-7"), "\"-7\"");
    row("leading zero (octal in 1.1)", QStringLiteral("012"), "\"012\"");
    row("octal 1.2", QStringLiteral("0o17"), "\"0o17\"");
    row("hex", QStringLiteral("0x1F"), "\"0x1F\"");
    row("exponent", QStringLiteral("1e3"), "\"1e3\"");
    row("float exponent", QStringLiteral("1.5E-3"), "\"1.5E-3\"");
    row("leading dot", QStringLiteral(".5"), "\".5\"");
    row("trailing dot", QStringLiteral("1."), "\"1.\"");
    row("underscores", QStringLiteral("1_000"), "\"1_000\"");
    row("sexagesimal", QStringLiteral("1:30"), "\"1:30\"");
    row("inf", QStringLiteral(".inf"), "\".inf\"");
    row("go inf", QStringLiteral("Infinity"), "\"Infinity\"");
    row("nan", QStringLiteral(".NaN"), "\".NaN\"");
    row("true", QStringLiteral("true"), "\"true\"");
    row("False", QStringLiteral("False"), "\"False\"");
    row("yes", QStringLiteral("yes"), "\"yes\"");
    row("no", QStringLiteral("no"), "\"no\"");
    row("On", QStringLiteral("On"), "\"On\"");
    row("off", QStringLiteral("off"), "\"off\"");
    row("y", QStringLiteral("y"), "\"y\"");
    row("null", QStringLiteral("null"), "\"null\"");
    row("NULL", QStringLiteral("NULL"), "\"NULL\"");
    row("tilde", QStringLiteral("~"), "\"~\"");
    row("empty", QString(), "\"\"");
    row("date", QStringLiteral("2024-01-31"), "\"2024-01-31\"");
    row("timestamp", QStringLiteral("2001-12-14t21:59:43.10-05:00"),
        "\"2001-12-14t21:59:43.10-05:00\"");
    row("merge key", QStringLiteral("<<"), "\"<<\"");
    row("value key", QStringLiteral("="), "\"=\"");
    // Would change the syntax.
    row("leading space", QStringLiteral(" x"), "\" x\"");
    row("trailing space", QStringLiteral("x "), "\"x \"");
    row("colon space", QStringLiteral("a: b"), "\"a: b\"");
    row("trailing colon", QStringLiteral("a:"), "\"a:\"");
    row("space hash", QStringLiteral("a #b"), "\"a #b\"");
    for (const char indicator : QByteArray("-?:,[]{}#&*!|>'\"%@`")) {
        static QList<QByteArray> names;
        names.append(QByteArray("leading ") + indicator);
        const QString value = QLatin1Char(indicator) + QStringLiteral("x");
        QByteArray written = "\"";
        written += indicator == '"' ? QByteArray("\\\"") : QByteArray(1, indicator);
        written += "x\"";
        QTest::newRow(names.constLast().constData()) << value << written;
    }
    row("document end", QStringLiteral("...x"), "\"...x\"");
    row("newline", QStringLiteral("a\nb"), "\"a\\nb\"");
    row("tab", QStringLiteral("a\tb"), "\"a\\tb\"");
    row("carriage return", QStringLiteral("a\r\nb"), "\"a\\r\\nb\"");
    row("nul", QString(QChar(0)), "\"\\0\"");
    row("escape", QString(QChar(0x1B)), "\"\\e\"");
    row("control", QString(QChar(0x01)), "\"\\x01\"");
    row("del", QString(QChar(0x7F)), "\"\\x7F\"");
    row("next line", QString(QChar(0x85)), "\"\\x85\"");
    row("c1 control", QString(QChar(0x9B)), "\"\\x9B\"");
    row("line separator", QString(QChar(0x2028)), "\"\\L\"");
    row("paragraph separator", QString(QChar(0x2029)), "\"\\P\"");
    row("bom", QString(QChar(0xFEFF)), "\"\\uFEFF\"");
    row("backslash is fine plain", QStringLiteral("a\\b"), "a\\b");
    // Stay plain.
    row("semver", QStringLiteral("1.0.2"), "1.0.2");
    row("v-prefixed", QStringLiteral("v1.2.3"), "v1.2.3");
    row("image reference", QStringLiteral("nginx:1.25"), "nginx:1.25");
    row("digest", QStringLiteral("sha256:0123abcd"), "sha256:0123abcd");
    row("url", QStringLiteral("https://example.com/a?b=c#d"), "https://example.com/a?b=c#d");
    row("inner dash", QStringLiteral("a-b"), "a-b");
    row("trailing dash", QStringLiteral("1.0-"), "1.0-");
    row("words", QStringLiteral("hello world"), "hello world");
    row("yes-like word", QStringLiteral("yesterday"), "yesterday");
    row("git sha", QStringLiteral("1a2b3c4"), "1a2b3c4");
    row("all-digit sha with letters e", QStringLiteral("12e4x"), "12e4x");
    row("non-ascii", QStringLiteral("ünïcødé"), QStringLiteral("ünïcødé").toUtf8());
}

void TestYamlDocument::quoting() {
    QFETCH(QString, value);
    QFETCH(QByteArray, written);

    YamlDocument document = parsed("a: 0\nv: old # c\n");
    const auto result = document.setScalar(QStringLiteral("v"), value);
    QVERIFY2(result.has_value(), errorOf(result).constData());
    QCOMPARE(document.bytes(), QByteArray("a: 0\nv: ") + written + " # c\n");
    QCOMPARE(*document.scalar(QStringLiteral("v")), value);
}

void TestYamlDocument::scalar_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("keyPath");
    QTest::addColumn<QString>("value");

    QTest::newRow("plain") << QByteArray("a:\n  b: 1.0\n") << QStringLiteral("a.b")
                           << QStringLiteral("1.0");
    QTest::newRow("double escapes") << QByteArray("a: \"x\\ty\\u00e9\\x41\\\"\"\n")
                                    << QStringLiteral("a") << QStringLiteral("x\tyéA\"");
    QTest::newRow("single escapes")
        << QByteArray("a: 'it''s'\n") << QStringLiteral("a") << QStringLiteral("it's");
    QTest::newRow("empty") << QByteArray("a:\n") << QStringLiteral("a") << QString();
    QTest::newRow("null as written")
        << QByteArray("a: null\n") << QStringLiteral("a") << QStringLiteral("null");
    QTest::newRow("tilde as written")
        << QByteArray("a: [~]\n") << QStringLiteral("a.0") << QStringLiteral("~");
    QTest::newRow("through an alias")
        << QByteArray("a: &x {t: v}\nb: *x\n") << QStringLiteral("b.t") << QStringLiteral("v");
    QTest::newRow("alias value") << QByteArray("a: &x v\nb: *x\n") << QStringLiteral("b")
                                 << QStringLiteral("v");
    QTest::newRow("block scalar") << QByteArray("a: |\n  x\n  y\n") << QStringLiteral("a")
                                  << QStringLiteral("x\ny\n");
    QTest::newRow("multi-line plain")
        << QByteArray("a: x\n  y\n") << QStringLiteral("a") << QStringLiteral("x y");
    QTest::newRow("first document")
        << QByteArray("a: 1\n---\na: 2\n") << QStringLiteral("a") << QStringLiteral("1");
    QTest::newRow("escaped backslash in path")
        << QByteArray("'a\\b': 1\n") << QStringLiteral("a\\\\b") << QStringLiteral("1");
}

void TestYamlDocument::scalar() {
    QFETCH(QByteArray, input);
    QFETCH(QString, keyPath);
    QFETCH(QString, value);

    const auto result = parsed(input).scalar(keyPath);
    QVERIFY2(result.has_value(), errorOf(result).constData());
    QCOMPARE(*result, value);
}

void TestYamlDocument::editErrors_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("keyPath");
    QTest::addColumn<QString>("value");
    QTest::addColumn<Error::Kind>("kind");
    QTest::addColumn<QString>("location");
    QTest::addColumn<QString>("message");

    const QByteArray values = "image:\n  repository: r\n  tag: 1.0\nlist:\n- a\n- b\n";
    QTest::newRow("missing key") << values << QStringLiteral("image.tags") << QStringLiteral("x")
                                 << Error::Kind::NotFound << QStringLiteral("f.yaml:2:3")
                                 << QStringLiteral("key 'tags' not found in 'image' (its keys: "
                                                   "repository, tag)");
    QTest::newRow("missing top-level key")
        << values << QStringLiteral("imag.tag") << QStringLiteral("x") << Error::Kind::NotFound
        << QStringLiteral("f.yaml:1:1") << QStringLiteral("not found in the top level");
    QTest::newRow("index out of range")
        << values << QStringLiteral("list.2") << QStringLiteral("x") << Error::Kind::NotFound
        << QStringLiteral("f.yaml:5:1") << QStringLiteral("index 2 is out of range: 'list' has 2");
    QTest::newRow("key on a list")
        << values << QStringLiteral("list.name") << QStringLiteral("x") << Error::Kind::NotFound
        << QStringLiteral("f.yaml:5:1") << QStringLiteral("'list' is a list");
    QTest::newRow("key below a value")
        << values << QStringLiteral("image.tag.x") << QStringLiteral("x") << Error::Kind::NotFound
        << QStringLiteral("f.yaml:3:8") << QStringLiteral("'image.tag' holds a single value");
    QTest::newRow("key holds a map") << values << QStringLiteral("image") << QStringLiteral("x")
                                     << Error::Kind::InvalidInput << QStringLiteral("f.yaml:2:3")
                                     << QStringLiteral("'image' holds a map, not a single value");
    QTest::newRow("key holds a list")
        << values << QStringLiteral("list") << QStringLiteral("x") << Error::Kind::InvalidInput
        << QStringLiteral("f.yaml:5:1") << QStringLiteral("'list' holds a list");
    QTest::newRow("empty key path")
        << values << QString() << QStringLiteral("x") << Error::Kind::InvalidInput
        << QStringLiteral("f.yaml") << QStringLiteral("it is empty");
    QTest::newRow("empty key") << values << QStringLiteral("image..tag") << QStringLiteral("x")
                               << Error::Kind::InvalidInput << QStringLiteral("f.yaml")
                               << QStringLiteral("empty key at character 7");
    QTest::newRow("lone surrogate") << values << QStringLiteral("image.tag")
                                    << QString(QChar(0xD800)) << Error::Kind::InvalidInput
                                    << QStringLiteral("f.yaml") << QStringLiteral("lone surrogate");
    QTest::newRow("value is an alias")
        << QByteArray("tag: &t 1.0\nother: *t\n") << QStringLiteral("other") << QStringLiteral("2")
        << Error::Kind::Unsupported << QStringLiteral("f.yaml:2:8")
        << QStringLiteral("reached through this alias");
    QTest::newRow("value is aliased")
        << QByteArray("tag: &t 1.0\nother: *t\n") << QStringLiteral("tag") << QStringLiteral("2")
        << Error::Kind::Unsupported << QStringLiteral("f.yaml:1:6")
        << QStringLiteral("anchored value (&t) that the alias at line 2 reuses");
    QTest::newRow("ancestor is aliased")
        << QByteArray("base: &b\n  tag: v1\nother: *b\n") << QStringLiteral("base.tag")
        << QStringLiteral("v2") << Error::Kind::Unsupported << QStringLiteral("f.yaml:2:8")
        << QStringLiteral("(&b) that the alias at line 3");
    QTest::newRow("merge key is an alias of the value")
        << QByteArray("base: &b {tag: v1}\nother:\n  <<: *b\n") << QStringLiteral("other.tag")
        << QStringLiteral("v2") << Error::Kind::NotFound << QStringLiteral("f.yaml:3:3")
        << QStringLiteral("keys merged in with << are not followed");
    QTest::newRow("through an alias")
        << QByteArray("base: &b {tag: v1}\nother: *b\n") << QStringLiteral("other.tag")
        << QStringLiteral("v2") << Error::Kind::Unsupported << QStringLiteral("f.yaml:2:8")
        << QStringLiteral("reached through this alias");
    QTest::newRow("literal block scalar")
        << QByteArray("a: |\n  x\n") << QStringLiteral("a") << QStringLiteral("y")
        << Error::Kind::Unsupported << QStringLiteral("f.yaml:1:4")
        << QStringLiteral("block scalar");
    QTest::newRow("folded block scalar with indicator")
        << QByteArray("a: >2-\n   x\n") << QStringLiteral("a") << QStringLiteral("y")
        << Error::Kind::Unsupported << QStringLiteral("f.yaml:1:4")
        << QStringLiteral("block scalar");
    QTest::newRow("multi-line plain scalar")
        << QByteArray("a: x\n  y\nb: 1\n") << QStringLiteral("a") << QStringLiteral("z")
        << Error::Kind::Unsupported << QStringLiteral("f.yaml:1:4")
        << QStringLiteral("spread over several lines");
    QTest::newRow("int tag") << QByteArray("a: !!int 1\n") << QStringLiteral("a")
                             << QStringLiteral("2") << Error::Kind::Unsupported
                             << QStringLiteral("f.yaml:1:4")
                             << QStringLiteral("the tag "
                                               "tag:yaml.org,2002:int");
    QTest::newRow("custom tag") << QByteArray("a: !vault x\n") << QStringLiteral("a")
                                << QStringLiteral("y") << Error::Kind::Unsupported
                                << QStringLiteral("f.yaml:1:4") << QStringLiteral("!vault");
    QTest::newRow("duplicate key")
        << QByteArray("a: 1\nb: 2\na: 3\n") << QStringLiteral("a") << QStringLiteral("x")
        << Error::Kind::Unsupported << QStringLiteral("f.yaml:3:1")
        << QStringLiteral("appears twice");
    QTest::newRow("empty list item")
        << QByteArray("l:\n- \n- b\n") << QStringLiteral("l.0") << QStringLiteral("x")
        << Error::Kind::Unsupported << QStringLiteral("f.yaml:2:1") << QStringLiteral("empty");
    QTest::newRow("empty value with anchor")
        << QByteArray("a: &x\nb: 1\n") << QStringLiteral("a") << QStringLiteral("v")
        << Error::Kind::Unsupported << QStringLiteral("f.yaml:1:1") << QStringLiteral("empty");
    QTest::newRow("empty flow value")
        << QByteArray("m: {a: , b: 1}\n") << QStringLiteral("m.a") << QStringLiteral("v")
        << Error::Kind::Unsupported << QStringLiteral("f.yaml:1:5") << QStringLiteral("empty");
    QTest::newRow("no document") << QByteArray("# nothing\n") << QStringLiteral("a")
                                 << QStringLiteral("v") << Error::Kind::NotFound
                                 << QStringLiteral("f.yaml")
                                 << QStringLiteral("holds no YAML document");
}

void TestYamlDocument::editErrors() {
    QFETCH(QByteArray, input);
    QFETCH(QString, keyPath);
    QFETCH(QString, value);
    QFETCH(Error::Kind, kind);
    QFETCH(QString, location);
    QFETCH(QString, message);

    YamlDocument document = parsed(input);
    const auto result = document.setScalar(keyPath, value);
    QVERIFY(!result.has_value());
    QCOMPARE(result.error().kind, kind);
    QCOMPARE(result.error().location, location);
    QVERIFY2(result.error().message.contains(message), qPrintable(result.error().message));
    QCOMPARE(document.bytes(), input);
}

void TestYamlDocument::untouchedBytes_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("keyPath");
    QTest::addColumn<QString>("value");

    const QByteArray values = "\xEF\xBB\xBF# Helm values\r\n"
                              "image: &img\r\n"
                              "  repository: \"ghcr.io/acme/app\"   # where\r\n"
                              "  tag: '1.0.2'\r\n"
                              "  pullPolicy: IfNotPresent\r\n"
                              "\r\n"
                              "labels: {app: web, tier: \"front\"}\r\n"
                              "notes: |\r\n"
                              "  tag: not this one\r\n"
                              "env:\r\n"
                              "  - name: A\r\n"
                              "    value: \"x\\ty\"\r\n"
                              "  - name: B\r\n"
                              "    value:\r\n"
                              "---\r\n"
                              "image:\r\n"
                              "  tag: 9.9.9";
    QTest::newRow("plain") << values << QStringLiteral("image.pullPolicy")
                           << QStringLiteral("Always");
    QTest::newRow("single") << values << QStringLiteral("image.tag") << QStringLiteral("1.0.3");
    QTest::newRow("single to double")
        << values << QStringLiteral("image.tag") << QStringLiteral("a\nb");
    QTest::newRow("double") << values << QStringLiteral("image.repository")
                            << QStringLiteral("quay.io/x");
    QTest::newRow("flow") << values << QStringLiteral("labels.tier") << QStringLiteral("back");
    QTest::newRow("escaped") << values << QStringLiteral("env.0.value") << QStringLiteral("z");
    QTest::newRow("empty") << values << QStringLiteral("env.1.value") << QStringLiteral("1.0");
}

void TestYamlDocument::untouchedBytes() {
    QFETCH(QByteArray, input);
    QFETCH(QString, keyPath);
    QFETCH(QString, value);

    YamlDocument document = parsed(input);
    const auto span = document.scalarSpan(keyPath);
    QVERIFY2(span.has_value(), errorOf(span).constData());
    QVERIFY(span->begin <= span->end);
    const auto result = document.setScalar(keyPath, value);
    QVERIFY2(result.has_value(), errorOf(result).constData());
    const QByteArray& output = document.bytes();
    const qsizetype suffix = input.size() - span->end;
    QCOMPARE(output.left(span->begin), input.left(span->begin));
    QCOMPARE(output.right(suffix), input.right(suffix));
    QVERIFY(output.size() - suffix >= span->begin);
    QCOMPARE(*document.scalar(keyPath), value);
}

void TestYamlDocument::copiesAreIndependent() {
    YamlDocument original = parsed("a: 1\nb: x\n");
    YamlDocument copy = original;
    QVERIFY(copy.setScalar(QStringLiteral("b"), QStringLiteral("z")).has_value());
    QCOMPARE(original.bytes(), QByteArray("a: 1\nb: x\n"));
    QCOMPARE(*original.scalar(QStringLiteral("b")), QStringLiteral("x"));
    QCOMPARE(copy.bytes(), QByteArray("a: 1\nb: z\n"));
    QCOMPARE(*copy.scalar(QStringLiteral("b")), QStringLiteral("z"));
}

QTEST_GUILESS_MAIN(TestYamlDocument)
#include "tst_yamldocument.moc"

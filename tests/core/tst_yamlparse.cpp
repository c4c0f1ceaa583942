#include "yamltesting.h"

#include <QTest>

using fd::core::Error;
using fd::core::YamlDocument;
using fd::test::errorOf;
using fd::test::FileName;
using fd::test::parsed;

/** Reading a file: what YamlDocument::parse accepts and how it refuses the rest. */
class TestYamlParse final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parseErrors_data();
    void parseErrors();
};

void TestYamlParse::parseErrors_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<Error::Kind>("kind");
    QTest::addColumn<QString>("location");
    QTest::addColumn<QString>("message");

    QTest::newRow("unclosed flow")
        << QByteArray("a: 1\nb: [1, 2\nc: 3\n") << Error::Kind::Parse
        << QStringLiteral("f.yaml:3:2") << QStringLiteral("not valid YAML");
    QTest::newRow("bad indentation")
        << QByteArray("a:\n  b: 1\n c: 2\n") << Error::Kind::Parse << QStringLiteral("f.yaml:3:2")
        << QStringLiteral("not valid YAML");
    QTest::newRow("map value in a value")
        << QByteArray("a: b: c\n") << Error::Kind::Parse << QStringLiteral("f.yaml:1:5")
        << QStringLiteral("fix the file here");
    QTest::newRow("unclosed quote")
        << QByteArray("a: 1\nb: \"x\n") << Error::Kind::Parse << QStringLiteral("f.yaml:2:4")
        << QStringLiteral("never closed");
    QTest::newRow("unknown alias")
        << QByteArray("a: *x\n") << Error::Kind::Parse << QStringLiteral("f.yaml:1:4")
        << QStringLiteral("not valid YAML");
    QTest::newRow("stray comma at the start (yaml-cpp would loop)")
        << QByteArray(",- a---\n") << Error::Kind::Parse << QStringLiteral("f.yaml:1:1")
        << QStringLiteral("no progress");
    QTest::newRow("recursive alias")
        << QByteArray("a: &x [1, *x]\n") << Error::Kind::Unsupported
        << QStringLiteral("f.yaml:1:11") << QStringLiteral("recursive alias");
    QTest::newRow("too large") << QByteArray(YamlDocument::MaxBytes + 1, 'a')
                               << Error::Kind::TooLarge << QStringLiteral("f.yaml")
                               << QStringLiteral("up to 4194304 bytes");
    QByteArray bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    for (char name = 'b'; name <= 'i'; ++name) {
        const QByteArray previous(1, char(name - 1));
        bomb += QByteArray(1, name) + ": &" + name + " [*" + previous;
        for (int i = 0; i < 9; ++i)
            bomb += ", *" + previous;
        bomb += "]\n";
    }
    QTest::newRow("billion laughs")
        << bomb << Error::Kind::TooLarge << QStringLiteral("f.yaml:7:16")
        << QStringLiteral("alias bomb");
    QTest::newRow("deep flow nesting")
        << QByteArray(100000, '[') + QByteArray(100000, ']') << Error::Kind::TooLarge
        << QStringLiteral("f.yaml:1:101") << QStringLiteral("more than 100 levels deep");
    QByteArray deepBlock;
    for (int i = 0; i < 1000; ++i)
        deepBlock += QByteArray(i, ' ') + "k:\n";
    QTest::newRow("deep block nesting")
        << deepBlock << Error::Kind::TooLarge << QStringLiteral("f.yaml:101:101")
        << QStringLiteral("more than 100 levels deep");
    QTest::newRow("deep sequence nesting")
        << QByteArray("- ").repeated(20000) + "x\n"
        << Error::Kind::TooLarge << QStringLiteral("f.yaml:1:201") << QStringLiteral("levels deep");
    QTest::newRow("invalid utf-8")
        << QByteArray("a: 1\nb: x\xC3(\n") << Error::Kind::InvalidInput
        << QStringLiteral("f.yaml:2:5") << QStringLiteral("byte 0xC3 is not valid UTF-8");
    QTest::newRow("overlong utf-8") << QByteArray("a: \xC0\xAF\n") << Error::Kind::InvalidInput
                                    << QStringLiteral("f.yaml:1:4") << QStringLiteral("0xC0");
    QTest::newRow("utf-8 surrogate") << QByteArray("a: \xED\xA0\x80\n") << Error::Kind::InvalidInput
                                     << QStringLiteral("f.yaml:1:4") << QStringLiteral("0xED");
    QTest::newRow("truncated utf-8") << QByteArray("a: \xE2\x82") << Error::Kind::InvalidInput
                                     << QStringLiteral("f.yaml:1:4") << QStringLiteral("0xE2");
    QTest::newRow("nul byte") << QByteArray("a: 1\nb: x\0y\n", 12) << Error::Kind::InvalidInput
                              << QStringLiteral("f.yaml:2:5") << QStringLiteral("NUL byte");
    QTest::newRow("utf-16 bom") << QByteArray("\xFF\xFE"
                                              "a\0:\0",
                                              6)
                                << Error::Kind::InvalidInput << QStringLiteral("f.yaml")
                                << QStringLiteral("UTF-16");
    QTest::newRow("lone carriage return")
        << QByteArray("a: 1\rb: 2\r") << Error::Kind::InvalidInput << QStringLiteral("f.yaml:1:5")
        << QStringLiteral("carriage return without a line feed");
    QTest::newRow("control character")
        << QByteArray("a: 1\n\x01"
                      "b: 2\n")
        << Error::Kind::InvalidInput << QStringLiteral("f.yaml:2:1") << QStringLiteral("U+0001");
    QTest::newRow("column counts characters")
        << QByteArray("é: ü\xFF\n") << Error::Kind::InvalidInput << QStringLiteral("f.yaml:1:5")
        << QStringLiteral("0xFF");
    QTest::newRow("bom does not count as a column")
        << QByteArray("\xEF\xBB\xBF"
                      "a: [\n")
        << Error::Kind::Parse << QStringLiteral("f.yaml:2:1") << QStringLiteral("not valid YAML");
}

void TestYamlParse::parseErrors() {
    QFETCH(QByteArray, input);
    QFETCH(Error::Kind, kind);
    QFETCH(QString, location);
    QFETCH(QString, message);

    const auto result = YamlDocument::parse(input, FileName);
    QVERIFY(!result.has_value());
    QCOMPARE(result.error().kind, kind);
    QCOMPARE(result.error().location, location);
    QVERIFY2(result.error().message.contains(message), qPrintable(result.error().message));
}

QTEST_GUILESS_MAIN(TestYamlParse)
#include "tst_yamlparse.moc"

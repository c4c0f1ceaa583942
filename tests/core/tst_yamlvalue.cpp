#include "yamlvalue.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;

using fd::core::YamlValue;

class TestYamlValue final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void documentsAndLookups();
    void positions();
    void aliasesReadAsTheirTarget();
    void scalarsAndTypes_data();
    void scalarsAndTypes();
    void undefinedPointsAtItsParent();
    void parseErrorNamesTheLine();
};

void TestYamlValue::documentsAndLookups() {
    const QByteArray text = "apiVersion: v1\nkind: A\nmetadata:\n  name: one\n"
                            "  labels: {a: x, b: y}\n---\n# second\nkind: B\nitems: [1, 2, 3]\n";
    auto documents = YamlValue::parseAll(text, QStringLiteral("m.yaml"));
    QVERIFY(documents);
    QCOMPARE(documents->size(), 2);
    const YamlValue first = documents->at(0);
    QCOMPARE(first.keys(), (QStringList{u"apiVersion"_s, u"kind"_s, u"metadata"_s}));
    QCOMPARE(first[u"metadata"_s][u"name"_s].scalar(), QStringLiteral("one"));
    const auto labels = first[u"metadata"_s][u"labels"_s].stringMap();
    QCOMPARE(labels.size(), 2);
    QCOMPARE(labels.at(1).first, QStringLiteral("b"));
    QCOMPARE(labels.at(1).second, QStringLiteral("y"));
    const YamlValue items = documents->at(1)[u"items"_s];
    QVERIFY(items.isSequence());
    QCOMPARE(items.size(), 3);
    QCOMPARE(items.at(2).scalar(), QStringLiteral("3"));
    QVERIFY(!items.at(3).isDefined());
    QCOMPARE(items.items().size(), 3);
}

void TestYamlValue::positions() {
    const QByteArray text = "a:\n  b: value\n  c:\n    - x\n    - \xc3\xa9: y\n";
    auto documents = YamlValue::parseAll(text, QStringLiteral("p.yaml"));
    QVERIFY(documents);
    const YamlValue root = documents->at(0);
    QCOMPARE(root[u"a"_s][u"b"_s].line(), 2);
    QCOMPARE(root[u"a"_s][u"b"_s].column(), 6);
    QCOMPARE(root[u"a"_s][u"b"_s].location(), QStringLiteral("p.yaml:2:6"));
    QCOMPARE(root[u"a"_s][u"c"_s].at(1).line(), 5);
    QCOMPARE(root[u"a"_s][u"c"_s].at(1)[QStringLiteral("\u00e9")].column(), 10);
}

void TestYamlValue::aliasesReadAsTheirTarget() {
    const QByteArray text = "base: &b {tag: 1.0}\nuse: *b\n";
    auto documents = YamlValue::parseAll(text, QStringLiteral("a.yaml"));
    QVERIFY(documents);
    QCOMPARE(documents->at(0)[u"use"_s][u"tag"_s].scalar(), QStringLiteral("1.0"));
}

void TestYamlValue::scalarsAndTypes_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("type");
    QTest::addColumn<QString>("scalar");
    QTest::addColumn<bool>("quoted");
    QTest::addColumn<int>("asBool"); // -1: not a boolean

    const auto Null = static_cast<int>(YamlValue::Type::Null);
    const auto Scalar = static_cast<int>(YamlValue::Type::Scalar);
    const auto Map = static_cast<int>(YamlValue::Type::Map);
    QTest::newRow("plain") << QByteArray("v: 1.0") << Scalar << "1.0" << false << -1;
    QTest::newRow("quoted") << QByteArray("v: \"true\"") << Scalar << "true" << true << -1;
    QTest::newRow("true") << QByteArray("v: true") << Scalar << "true" << false << 1;
    QTest::newRow("False") << QByteArray("v: False") << Scalar << "False" << false << 0;
    QTest::newRow("empty") << QByteArray("v:") << Null << "" << false << -1;
    QTest::newRow("tilde") << QByteArray("v: ~") << Null << "" << false << -1;
    QTest::newRow("quoted null") << QByteArray("v: 'null'") << Scalar << "null" << true << -1;
    QTest::newRow("map") << QByteArray("v: {a: 1}") << Map << "" << false << -1;
    QTest::newRow("block") << QByteArray("v: |\n  two\n  lines\n") << Scalar << u"two\nlines\n"_s
                           << true << -1;
}

void TestYamlValue::scalarsAndTypes() {
    QFETCH(QByteArray, text);
    QFETCH(int, type);
    QFETCH(QString, scalar);
    QFETCH(bool, quoted);
    QFETCH(int, asBool);
    auto documents = YamlValue::parseAll(text, QStringLiteral("t.yaml"));
    QVERIFY(documents);
    const YamlValue value = documents->at(0)[u"v"_s];
    QCOMPARE(static_cast<int>(value.type()), type);
    QCOMPARE(value.scalar(), scalar);
    QCOMPARE(value.isQuoted(), quoted);
    if (asBool >= 0) {
        QCOMPARE(value.toBool(asBool == 0), asBool == 1);
    } else {
        QCOMPARE(value.toBool(true), true);
        QCOMPARE(value.toBool(false), false);
    }
}

void TestYamlValue::undefinedPointsAtItsParent() {
    auto documents = YamlValue::parseAll("x: 1\nspec:\n  a: b\n", QStringLiteral("u.yaml"));
    QVERIFY(documents);
    const YamlValue missing = documents->at(0)[u"spec"_s][u"source"_s][u"helm"_s];
    QVERIFY(!missing.isDefined());
    QCOMPARE(missing.line(), 3);
    QCOMPARE(missing.fileName(), QStringLiteral("u.yaml"));
    QCOMPARE(YamlValue().location(), QString());
}

void TestYamlValue::parseErrorNamesTheLine() {
    auto documents = YamlValue::parseAll("a: 1\nb: [unclosed\n", QStringLiteral("bad.yaml"));
    QVERIFY(!documents);
    QVERIFY2(documents.error().location.startsWith(QStringLiteral("bad.yaml:")),
             qPrintable(documents.error().toString()));
}

QTEST_GUILESS_MAIN(TestYamlValue)
#include "tst_yamlvalue.moc"

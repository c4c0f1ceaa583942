#include "yamlkeypath.h"

#include <QTest>

using fd::core::YamlKeyPath;

class TestYamlKeyPath final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void invalid_data();
    void invalid();
    void describePrefix();
};

void TestYamlKeyPath::parse_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("keys");
    QTest::addColumn<QList<int>>("indexes"); // -1: not an index

    QTest::newRow("one key") << QStringLiteral("tag") << QStringList{QStringLiteral("tag")}
                             << QList<int>{-1};
    QTest::newRow("nested") << QStringLiteral("image.tag")
                            << QStringList{QStringLiteral("image"), QStringLiteral("tag")}
                            << QList<int>{-1, -1};
    QTest::newRow("index") << QStringLiteral("spec.template.spec.containers.0.image")
                           << QStringList{QStringLiteral("spec"), QStringLiteral("template"),
                                          QStringLiteral("spec"), QStringLiteral("containers"),
                                          QStringLiteral("0"),    QStringLiteral("image")}
                           << QList<int>{-1, -1, -1, -1, 0, -1};
    QTest::newRow("escaped dots") << QStringLiteral(
                                         "metadata.annotations.kargo\\.akuity\\.io/color")
                                  << QStringList{QStringLiteral("metadata"),
                                                 QStringLiteral("annotations"),
                                                 QStringLiteral("kargo.akuity.io/color")}
                                  << QList<int>{-1, -1, -1};
    QTest::newRow("escaped backslash")
        << QStringLiteral("a\\\\b") << QStringList{QStringLiteral("a\\b")} << QList<int>{-1};
    QTest::newRow("escaped other")
        << QStringLiteral("a\\*") << QStringList{QStringLiteral("a*")} << QList<int>{-1};
    QTest::newRow("leading zeros")
        << QStringLiteral("l.007") << QStringList{QStringLiteral("l"), QStringLiteral("007")}
        << QList<int>{-1, 7};
    QTest::newRow("negative is a key")
        << QStringLiteral("l.-1") << QStringList{QStringLiteral("l"), QStringLiteral("-1")}
        << QList<int>{-1, -1};
    QTest::newRow("huge number is a key")
        << QStringLiteral("l.99999999999")
        << QStringList{QStringLiteral("l"), QStringLiteral("99999999999")} << QList<int>{-1, -1};
    QTest::newRow("spaces and unicode")
        << QStringLiteral("a b.ü") << QStringList{QStringLiteral("a b"), QStringLiteral("ü")}
        << QList<int>{-1, -1};
}

void TestYamlKeyPath::parse() {
    QFETCH(QString, text);
    QFETCH(QStringList, keys);
    QFETCH(QList<int>, indexes);

    const auto path = YamlKeyPath::parse(text);
    QVERIFY2(path.has_value(), path ? "" : qPrintable(path.error().message));
    QCOMPARE(path->text(), text);
    QCOMPARE(path->segments().size(), keys.size());
    for (qsizetype i = 0; i < keys.size(); ++i) {
        QCOMPARE(path->segments()[i].key, keys[i]);
        QCOMPARE(path->segments()[i].index.value_or(-1), indexes[i]);
    }
}

void TestYamlKeyPath::invalid_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");

    QTest::newRow("empty") << QString() << QStringLiteral("it is empty");
    QTest::newRow("leading dot") << QStringLiteral(".a")
                                 << QStringLiteral("empty key at character 1");
    QTest::newRow("trailing dot") << QStringLiteral("a.")
                                  << QStringLiteral("empty key at character 3");
    QTest::newRow("double dot") << QStringLiteral("a..b")
                                << QStringLiteral("empty key at character 3");
    QTest::newRow("lone backslash") << QStringLiteral("a\\") << QStringLiteral("lone backslash");
}

void TestYamlKeyPath::invalid() {
    QFETCH(QString, text);
    QFETCH(QString, message);

    const auto path = YamlKeyPath::parse(text);
    QVERIFY(!path.has_value());
    QCOMPARE(path.error().kind, fd::core::Error::Kind::InvalidInput);
    QVERIFY2(path.error().message.contains(message), qPrintable(path.error().message));
}

void TestYamlKeyPath::describePrefix() {
    const auto path = YamlKeyPath::parse(QStringLiteral("a.b\\.c.0"));
    QVERIFY(path.has_value());
    QCOMPARE(path->describePrefix(0), QStringLiteral("the top level"));
    QCOMPARE(path->describePrefix(2), QStringLiteral("'a.b\\.c'"));
    QCOMPARE(path->describePrefix(3), QStringLiteral("'a.b\\.c.0'"));
}

QTEST_GUILESS_MAIN(TestYamlKeyPath)
#include "tst_yamlkeypath.moc"

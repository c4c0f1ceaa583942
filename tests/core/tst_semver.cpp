#include "semver.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;

using fd::core::SemVer;

// The examples of the SemVer 2.0.0 specification (semver.org) are marked "spec".
class TestSemVer final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void specPrecedenceChain();
    void specNormalVersions();
    void buildMetadataIgnored();
    void validStrict_data();
    void validStrict();
    void invalidStrict_data();
    void invalidStrict();
    void lenient_data();
    void lenient();
    void lenientRejects_data();
    void lenientRejects();
    void kargoTags_data();
    void kargoTags();
    void errorSaysWhere();
};

namespace {

SemVer strict(const QString& text) {
    auto version = SemVer::parse(text);
    if (!version)
        qFatal("%s", qPrintable(version.error().message));
    return *version;
}

} // namespace

void TestSemVer::specPrecedenceChain() {
    // spec 11.4: 1.0.0-alpha < 1.0.0-alpha.1 < 1.0.0-alpha.beta < 1.0.0-beta < 1.0.0-beta.2 <
    // 1.0.0-beta.11 < 1.0.0-rc.1 < 1.0.0
    const QStringList chain = {u"1.0.0-alpha"_s, u"1.0.0-alpha.1"_s, u"1.0.0-alpha.beta"_s,
                               u"1.0.0-beta"_s,  u"1.0.0-beta.2"_s,  u"1.0.0-beta.11"_s,
                               u"1.0.0-rc.1"_s,  u"1.0.0"_s};
    for (qsizetype i = 0; i < chain.size(); ++i) {
        for (qsizetype j = 0; j < chain.size(); ++j) {
            const int order = strict(chain[i]).compare(strict(chain[j]));
            const int expected = i < j ? -1 : (i > j ? 1 : 0);
            QVERIFY2((order > 0) - (order < 0) == expected,
                     qPrintable(chain[i] + u" vs "_s + chain[j]));
        }
    }
}

void TestSemVer::specNormalVersions() {
    // spec 11.2: 1.0.0 < 2.0.0 < 2.1.0 < 2.1.1; spec 2: 1.9.0 -> 1.10.0 -> 1.11.0.
    QVERIFY(strict(u"1.0.0"_s).compare(strict(u"2.0.0"_s)) < 0);
    QVERIFY(strict(u"2.0.0"_s).compare(strict(u"2.1.0"_s)) < 0);
    QVERIFY(strict(u"2.1.0"_s).compare(strict(u"2.1.1"_s)) < 0);
    QVERIFY(strict(u"1.9.0"_s).compare(strict(u"1.10.0"_s)) < 0);
    QVERIFY(strict(u"1.10.0"_s).compare(strict(u"1.11.0"_s)) < 0);
    // spec 11.3: a pre-release is lower than its normal version.
    QVERIFY(strict(u"1.0.0-alpha"_s).compare(strict(u"1.0.0"_s)) < 0);
}

void TestSemVer::buildMetadataIgnored() {
    // spec 10: 1.0.0-alpha+001, 1.0.0+20130313144700, 1.0.0-beta+exp.sha.5114f85.
    QCOMPARE(strict(u"1.0.0+20130313144700"_s).compare(strict(u"1.0.0"_s)), 0);
    QCOMPARE(strict(u"1.0.0-alpha+001"_s).compare(strict(u"1.0.0-alpha"_s)), 0);
    QCOMPARE(strict(u"1.0.0-beta+exp.sha.5114f85"_s).compare(strict(u"1.0.0-beta+other"_s)), 0);
    QVERIFY(strict(u"1.0.0-beta+exp.sha.5114f85"_s).compare(strict(u"1.0.0"_s)) < 0);
}

void TestSemVer::validStrict_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<quint64>("major");
    QTest::addColumn<quint64>("minor");
    QTest::addColumn<quint64>("patch");
    QTest::addColumn<QString>("preRelease");
    QTest::addColumn<QString>("build");
    // spec 9 and 10, and the valid examples the specification's FAQ regular expression accepts.
    QTest::newRow("plain") << u"1.9.0"_s << 1ull << 9ull << 0ull << QString() << QString();
    QTest::newRow("zeros") << u"0.0.4"_s << 0ull << 0ull << 4ull << QString() << QString();
    QTest::newRow("alpha") << u"1.0.0-alpha"_s << 1ull << 0ull << 0ull << u"alpha"_s << QString();
    QTest::newRow("0.3.7") << u"1.0.0-0.3.7"_s << 1ull << 0ull << 0ull << u"0.3.7"_s << QString();
    QTest::newRow("x.7.z.92") << u"1.0.0-x.7.z.92"_s << 1ull << 0ull << 0ull << u"x.7.z.92"_s
                              << QString();
    QTest::newRow("x-y-z.--") << u"1.0.0-x-y-z.--"_s << 1ull << 0ull << 0ull << u"x-y-z.--"_s
                              << QString();
    QTest::newRow("alpha+001") << u"1.0.0-alpha+001"_s << 1ull << 0ull << 0ull << u"alpha"_s
                               << u"001"_s;
    QTest::newRow("timestamp build")
        << u"1.0.0+20130313144700"_s << 1ull << 0ull << 0ull << QString() << u"20130313144700"_s;
    QTest::newRow("beta+exp") << u"1.0.0-beta+exp.sha.5114f85"_s << 1ull << 0ull << 0ull
                              << u"beta"_s << u"exp.sha.5114f85"_s;
    QTest::newRow("dashes in build") << u"1.0.0+21AF26D3----117B344092BD"_s << 1ull << 0ull << 0ull
                                     << QString() << u"21AF26D3----117B344092BD"_s;
    QTest::newRow("hyphen pre") << u"1.2.3----RC-SNAPSHOT.12.9.1--.12+788"_s << 1ull << 2ull << 3ull
                                << u"---RC-SNAPSHOT.12.9.1--.12"_s << u"788"_s;
    QTest::newRow("largest") << u"18446744073709551615.0.0"_s << 18446744073709551615ull << 0ull
                             << 0ull << QString() << QString();
}

void TestSemVer::validStrict() {
    QFETCH(QString, text);
    QFETCH(quint64, major);
    QFETCH(quint64, minor);
    QFETCH(quint64, patch);
    QFETCH(QString, preRelease);
    QFETCH(QString, build);
    const auto version = SemVer::parse(text);
    QVERIFY2(version, qPrintable(version ? QString() : version.error().message));
    QCOMPARE(version->major(), major);
    QCOMPARE(version->minor(), minor);
    QCOMPARE(version->patch(), patch);
    QCOMPARE(version->preRelease(), preRelease);
    QCOMPARE(version->build(), build);
    QCOMPARE(version->toString(), text);
    QCOMPARE(version->original(), text);
}

void TestSemVer::invalidStrict_data() {
    QTest::addColumn<QString>("text");
    // The specification's list of invalid versions, and what strict parsing adds.
    const QStringList invalid = {u"1"_s,
                                 u"1.2"_s,
                                 u"1.2.3-0123"_s,
                                 u"1.2.3-0123.0123"_s,
                                 u"1.1.2+.123"_s,
                                 u"+invalid"_s,
                                 u"-invalid"_s,
                                 u"-invalid+invalid"_s,
                                 u"-invalid.01"_s,
                                 u"alpha"_s,
                                 u"alpha.beta"_s,
                                 u"alpha.beta.1"_s,
                                 u"alpha.1"_s,
                                 u"alpha+beta"_s,
                                 u"alpha_beta"_s,
                                 u"alpha."_s,
                                 u"alpha.."_s,
                                 u"beta"_s,
                                 u"1.0.0-alpha_beta"_s,
                                 u"-alpha."_s,
                                 u"1.0.0-alpha.."_s,
                                 u"1.0.0-alpha..1"_s,
                                 u"1.0.0-alpha...1"_s,
                                 u"01.1.1"_s,
                                 u"1.01.1"_s,
                                 u"1.1.01"_s,
                                 u"1.2.3.DEV"_s,
                                 u"1.2-SNAPSHOT"_s,
                                 u"1.2.31.2.3----RC-SNAPSHOT.12.09.1--..12+788"_s,
                                 u"1.2-RC-SNAPSHOT"_s,
                                 u"-1.0.3-gamma+b7718"_s,
                                 u"+justmeta"_s,
                                 u"9.8.7+meta+meta"_s,
                                 u"9.8.7-whatever+meta+meta"_s,
                                 u"99999999999999999999999.999999999999999999.99999999999999999"_s,
                                 u"v1.2.3"_s,
                                 u"1.2.3-"_s,
                                 u"1.2.3+"_s,
                                 u"1.2.3."_s,
                                 u""_s};
    for (const QString& text : invalid)
        QTest::newRow(qPrintable(text.isEmpty() ? u"(empty)"_s : text)) << text;
}

void TestSemVer::invalidStrict() {
    QFETCH(QString, text);
    const auto version = SemVer::parse(text);
    QVERIFY2(!version, qPrintable(text));
    QVERIFY(!SemVer::tryParse(text));
}

void TestSemVer::lenient_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("normal");
    QTest::newRow("v prefix") << u"v1.2.3"_s << u"1.2.3"_s;
    QTest::newRow("two numbers") << u"1.2"_s << u"1.2.0"_s;
    QTest::newRow("one number") << u"1"_s << u"1.0.0"_s;
    QTest::newRow("v and one") << u"v7"_s << u"7.0.0"_s;
    QTest::newRow("leading zeros") << u"01.02.03"_s << u"1.2.3"_s;
    QTest::newRow("short pre-release") << u"1.2-beta.1"_s << u"1.2.0-beta.1"_s;
    QTest::newRow("short build") << u"v2+build.5"_s << u"2.0.0+build.5"_s;
    QTest::newRow("full") << u"1.0.0-rc.1+b"_s << u"1.0.0-rc.1+b"_s;
}

void TestSemVer::lenient() {
    QFETCH(QString, text);
    QFETCH(QString, normal);
    const auto version = SemVer::parse(text, SemVer::Mode::Lenient);
    QVERIFY2(version, qPrintable(version ? QString() : version.error().message));
    QCOMPARE(version->toString(), normal);
    QCOMPARE(version->original(), text);
}

void TestSemVer::lenientRejects_data() {
    QTest::addColumn<QString>("text");
    for (const QString& text :
         {u"V1.2.3"_s, u"vv1"_s, u"1.2.3.4"_s, u"1.2.3-01"_s, u"latest"_s, u"sha-3f2a1b"_s, u""_s,
          u"1..2"_s, u"v"_s, u"1.2.3+"_s, u" 1.2.3"_s, QString(257, u'1')})
        QTest::newRow(qPrintable(text.left(20))) << text;
}

void TestSemVer::lenientRejects() {
    QFETCH(QString, text);
    QVERIFY(!SemVer::parse(text, SemVer::Mode::Lenient));
}

void TestSemVer::kargoTags_data() {
    QTest::addColumn<QString>("tag");
    QTest::addColumn<bool>("strict");
    QTest::addColumn<QString>("normal"); // empty: not a version
    // Kargo's semver.Parse: lenient, and strict once one leading "v" is dropped.
    QTest::newRow("invalid strict") << u"invalid"_s << true << QString();
    QTest::newRow("invalid lenient") << u"invalid"_s << false << QString();
    QTest::newRow("1 strict") << u"1"_s << true << QString();
    QTest::newRow("1 lenient") << u"1"_s << false << u"1.0.0"_s;
    QTest::newRow("v1.0.0 strict") << u"v1.0.0"_s << true << u"1.0.0"_s;
    QTest::newRow("v1.0 strict") << u"v1.0"_s << true << QString();
    QTest::newRow("v1.0 lenient") << u"v1.0"_s << false << u"1.0.0"_s;
    QTest::newRow("leading zero strict") << u"01.0.0"_s << true << QString();
    QTest::newRow("leading zero lenient") << u"01.0.0"_s << false << u"1.0.0"_s;
    QTest::newRow("commit hash") << u"1234567"_s << false << u"1234567.0.0"_s;
}

void TestSemVer::kargoTags() {
    QFETCH(QString, tag);
    QFETCH(bool, strict);
    QFETCH(QString, normal);
    const auto version = SemVer::fromTag(tag, strict);
    QCOMPARE(version ? version->toString() : QString(), normal);
    if (version)
        QCOMPARE(version->original(), tag);
}

void TestSemVer::errorSaysWhere() {
    const auto version = SemVer::parse(u"1.02.3"_s);
    QVERIFY(!version);
    QVERIFY2(version.error().message.contains(u"\"1.02.3\""_s),
             qPrintable(version.error().message));
    QVERIFY2(version.error().message.contains(u"minor"_s), qPrintable(version.error().message));
    QVERIFY2(version.error().message.contains(u"column 3"_s), qPrintable(version.error().message));
    const auto pre = SemVer::parse(u"1.2.3-rc..1"_s);
    QVERIFY(!pre);
    QVERIFY2(pre.error().message.contains(u"column 10"_s), qPrintable(pre.error().message));
}

QTEST_GUILESS_MAIN(TestSemVer)
#include "tst_semver.moc"

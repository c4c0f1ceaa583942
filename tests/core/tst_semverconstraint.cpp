#include "semverconstraint.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;

using fd::core::SemVer;
using fd::core::SemVerConstraint;

// Expectations follow Masterminds/semver v3, the library behind Kargo's `constraint`: its README
// (ranges, wildcards, ^ and ~ tables, pre-release rule) and how its checks treat each operator.
class TestSemVerConstraint final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void check_data();
    void check();
    void structure_data();
    void structure();
    void invalid_data();
    void invalid();
};

void TestSemVerConstraint::check_data() {
    QTest::addColumn<QString>("constraint");
    QTest::addColumn<QString>("version");
    QTest::addColumn<bool>("matches");

    const auto row = [](const char* constraint, const char* version, bool matches) {
        QTest::addRow("%s | %s", constraint, version)
            << QString::fromUtf8(constraint) << QString::fromUtf8(version) << matches;
    };
    // = and none; a partial version means ~ ("=2.0" is 2.0.x).
    row("=2.0.0", "2.0.0", true);
    row("=2.0.0", "2.0.1", false);
    row("2.0.0", "2.0.0+build", true);
    row("=2.0", "2.0.5", true);
    row("=2.0", "2.1.0", false);
    row("v1.2", "1.2.9", true);
    // !=
    row("!=4.1.0", "4.1.0", false);
    row("!=4.1.0", "4.1.1", true);
    row("!=4.1", "4.1.7", false);
    row("!=4.1", "5.1.0", true);
    row("!=4.x", "4.3.0", false);
    row("!=4.x", "5.0.0", true);
    row("!=4.1-alpha", "4.1.0", true);
    // > and <, with partial versions
    row(">1.1", "1.1.9", false);
    row(">1.1", "1.2.0", true);
    row(">11", "11.9.0", false);
    row(">11", "12.0.0", true);
    row(">1.2.3", "1.2.4", true);
    row(">1.2.3", "1.2.3", false);
    row("<1.1", "1.0.9", true);
    row("<1.1", "1.1.0", false);
    row("<1.x", "1.0.0", false);
    row("<1.x", "0.9.0", true);
    // >= and <=; "<=1.1" takes all of 1.1.x
    row(">=1.1", "1.1.0", true);
    row(">=1.1", "1.0.9", false);
    row("=>1.1", "4.0.0", true);
    row("<=1.1", "1.1.9", true);
    row("<=1.1", "1.2.0", false);
    row("=<1.1.0", "1.1.1", false);
    row("<=2.x", "2.9.9", true);
    row("<=2.x", "3.0.0", false);
    // wildcards
    row("*", "4.5.6", true);
    row("x", "0.0.1", true);
    row("1.2.x", "1.2.7", true);
    row("1.2.x", "1.3.0", false);
    row("2.*", "2.1.1", true);
    row("2.*", "3.0.0", false);
    row(">= 1.2.x", "1.2.0", true);
    row("1.x.3", "1.9.0", true); // parts after a wildcard are dropped
    // ~ (patch-level changes; major-level when the minor is missing)
    row("~1.2.3", "1.2.9", true);
    row("~1.2.3", "1.3.0", false);
    row("~1.2.3", "1.2.2", false);
    row("~1", "1.9.0", true);
    row("~1", "2.0.0", false);
    row("~2.3", "2.3.9", true);
    row("~2.3", "2.4.0", false);
    row("~>1.2", "1.2.1", true);
    row("~1.x", "1.5.0", true);
    row("~0.0.0", "3.2.1", true);
    // ^ (major-level once 1.0.0; the minor, then the patch, before it)
    row("^1.2.3", "1.9.9", true);
    row("^1.2.3", "2.0.0", false);
    row("^1.2.3", "1.2.2", false);
    row("^1.2", "1.2.0", true);
    row("^1", "1.99.0", true);
    row("^2.x", "2.0.0", true);
    row("^2.x", "3.0.0", false);
    row("^0.2.3", "0.2.9", true);
    row("^0.2.3", "0.3.0", false);
    row("^0.2", "0.2.0", true);
    row("^0.2", "0.3.0", false);
    row("^0.0.3", "0.0.3", true);
    row("^0.0.3", "0.0.4", false);
    row("^0.0", "0.0.9", true);
    row("^0.0", "0.1.0", false);
    row("^0", "0.9.9", true);
    row("^0", "1.0.0", false);
    // hyphen ranges: "1.2 - 1.4.5" is ">= 1.2, <= 1.4.5"; "2.3.4 - 4.5" takes 4.5.x
    row("1.2 - 1.4.5", "1.2.0", true);
    row("1.2 - 1.4.5", "1.4.5", true);
    row("1.2 - 1.4.5", "1.4.6", false);
    row("1.2 - 1.4.5", "1.1.9", false);
    row("2.3.4 - 4.5", "4.5.9", true);
    row("2.3.4 - 4.5", "4.6.0", false);
    row("1.1-3", "4.3.2", false); // no spaces: the pre-release "3" of 1.1
    // AND by comma or space, OR by ||
    row(">1.1, <2", "1.2.1", true);
    row(">1.1, <2", "2.0.0", false);
    row(">1.1 <2", "1.1.1", false);
    row(">= 1.1,  <2, != 1.2.3", "1.2.3", false);
    row(">=1.1 <2 !=1.2.3 || >3", "4.1.2", true);
    row(">=1.1 <2 !=1.2.3 || >3", "3.0.0", false);
    row(">=1.1, <2 || >= 3", "3.0.0", true);
    row("1 - 2, 3 - 4", "1.5.0", false);
    row("1 - 2 || 3 - 4", "3.5.0", true);
    // pre-releases only where the OR-group names one
    row(">=1.1", "4.1.0-beta", false);
    row("*", "1.2.3-alpha.1", false);
    row("*-0", "1.2.3-alpha.1", true);
    row(">=0.0.0-0", "3.4.5-beta.1", true);
    row(">=1.2.3-0", "1.2.3-rc.1", true);
    row(">=1.2.3", "1.2.4-rc.1", false);
    row(">1.2.3-alpha.1", "1.2.3-alpha.2", true);
    row(">1.2.3-alpha.1, <2", "1.5.0-beta", true);    // the whole group opts in
    row("<1.2.3-alpha.1 || <2", "1.5.0-beta", false); // but not another group
    row(">1.2.3-alpha.1, <2", "2.0.0-rc.1", true);    // in v3.5 "<2" lets 2.0.0-rc.1 in here
    row("!=4.1.0", "1.0.0-alpha", false);             // v3.5: != excludes pre-releases too
    row("^1.2.0-alpha.0", "1.2.1-alpha.1", true);
    row("^1.2.0-alpha.2", "1.2.0-alpha.1", false);
    row("~1.2.3-beta.2", "1.2.4-beta.2", true);
    row("~1.2.3-beta.2", "1.3.4-beta.2", false);
    row("<=1.1-a", "0.1.0-alpha", true);
    row(">=1.2.3-BETA", "1.2.3-alpha", true); // ASCII: upper case sorts first
    row("!=4.2.x-rc.1", "4.2.0-rc.1", false);
    row("!=4.2.x-rc.1", "4.2.0-rc.2", true);
}

void TestSemVerConstraint::check() {
    QFETCH(QString, constraint);
    QFETCH(QString, version);
    QFETCH(bool, matches);
    const auto parsed = SemVerConstraint::parse(constraint);
    QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error().message));
    const auto v = SemVer::parse(version, SemVer::Mode::Lenient);
    QVERIFY(v);
    QCOMPARE(parsed->matches(*v), matches);
}

void TestSemVerConstraint::structure_data() {
    QTest::addColumn<QString>("constraint");
    QTest::addColumn<int>("alternatives");
    QTest::addColumn<int>("firstGroupSize");
    QTest::newRow("one") << u">= 1.1"_s << 1 << 1;
    QTest::newRow("comma") << u">40.50.60, < 50.70"_s << 1 << 2;
    QTest::newRow("space") << u">= 1.2.3 < 2.0"_s << 1 << 2;
    QTest::newRow("or") << u">= 1.2.3 < 2.0 || => 3.0 < 4"_s << 2 << 2;
    QTest::newRow("range") << u"3 - 4 || => 3.0, < 4"_s << 2 << 2;
    QTest::newRow("range then comparison") << u"1 - 2 >3"_s << 1 << 3;
    QTest::newRow("long pre-release") << u"v2.3.5-20161202202307-sha.e8fc5e5"_s << 1 << 1;
    QTest::newRow("two ranges") << u"2 - 3, 4.0.0 - 5.1"_s << 1 << 4;
    QTest::newRow("tilde after version") << u"12.3.34 ~1.2.3"_s << 1 << 2;
}

void TestSemVerConstraint::structure() {
    QFETCH(QString, constraint);
    QFETCH(int, alternatives);
    QFETCH(int, firstGroupSize);
    const auto parsed = SemVerConstraint::parse(constraint);
    QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error().message));
    QCOMPARE(parsed->groups().size(), alternatives);
    QCOMPARE(parsed->groups().first().comparators.size(), firstGroupSize);
    QCOMPARE(parsed->text(), constraint);
}

void TestSemVerConstraint::invalid_data() {
    QTest::addColumn<QString>("constraint");
    QTest::addColumn<int>("column");
    QTest::newRow("word") << u"foo"_s << 1;
    QTest::newRow("operator then word") << u">= bar"_s << 4;
    QTest::newRow("word first") << u"BAR >= 1.2.3"_s << 1;
    QTest::newRow("empty") << u""_s << 1;
    QTest::newRow("blank") << u"   "_s << 4;
    QTest::newRow("four numbers") << u"12.3.4.1234"_s << 7;
    QTest::newRow("no separator") << u"12.3.34~ 1.2.3"_s << 8;
    QTest::newRow("trailing comma") << u">1.0,"_s << 6;
    QTest::newRow("empty alternative") << u">1.0 || "_s << 9;
    QTest::newRow("dangling operator") << u">= 1.2, <"_s << 10;
    QTest::newRow("pre-release leading zero") << u">= 1.2.3-01"_s << 10;
    QTest::newRow("range after space") << u">=1 2 - 3"_s << 5;
    QTest::newRow("operator on range") << u">=1.0 - 2.0"_s << 7;
    QTest::newRow("number too large") << u"< 99999999999999999999"_s << 3;
    QTest::newRow("too long") << QString(513, u'1') << 513;
}

void TestSemVerConstraint::invalid() {
    QFETCH(QString, constraint);
    QFETCH(int, column);
    const auto parsed = SemVerConstraint::parse(constraint);
    QVERIFY(!parsed);
    const QString message = parsed.error().message;
    QVERIFY2(message.contains(u"\""_s + constraint.left(40)), qPrintable(message));
    QVERIFY2(message.contains(u"(column %1)"_s.arg(column)), qPrintable(message));
}

QTEST_GUILESS_MAIN(TestSemVerConstraint)
#include "tst_semverconstraint.moc"

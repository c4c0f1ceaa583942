#include "goduration.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace std::chrono_literals;

using fd::core::formatGoDuration;
using fd::core::parseGoDuration;

class TestGoDuration final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void valid_data();
    void valid();
    void invalid_data();
    void invalid();
};

void TestGoDuration::valid_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("nanoseconds");
    QTest::addColumn<QString>("formatted");

    QTest::newRow("zero") << u"0"_s << qint64(0) << u"0s"_s;
    QTest::newRow("minutes") << u"1440m"_s << qint64((1440min).count() * 60'000'000'000)
                             << u"24h0m0s"_s;
    QTest::newRow("compound") << u"1h30m"_s << qint64(5'400'000'000'000) << u"1h30m0s"_s;
    QTest::newRow("fraction") << u"1.5h"_s << qint64(5'400'000'000'000) << u"1h30m0s"_s;
    QTest::newRow("seconds") << u"90s"_s << qint64(90'000'000'000) << u"1m30s"_s;
    QTest::newRow("millis") << u"300ms"_s << qint64(300'000'000) << u"300ms"_s;
    QTest::newRow("micro sign") << u"2\u00b5s"_s << qint64(2'000) << u"2\u00b5s"_s;
    QTest::newRow("negative") << u"-5m"_s << qint64(-300'000'000'000) << u"-5m0s"_s;
    QTest::newRow("plus") << u"+2h"_s << qint64(7'200'000'000'000) << u"2h0m0s"_s;
    QTest::newRow("fractional seconds") << u"1.25s"_s << qint64(1'250'000'000) << u"1.25s"_s;
}

void TestGoDuration::valid() {
    QFETCH(QString, text);
    QFETCH(qint64, nanoseconds);
    QFETCH(QString, formatted);
    const auto parsed = parseGoDuration(text);
    QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error().message));
    QCOMPARE(qint64(parsed->count()), nanoseconds);
    QCOMPARE(formatGoDuration(*parsed), formatted);
}

void TestGoDuration::invalid_data() {
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << QString();
    QTest::newRow("no unit") << u"5"_s;
    QTest::newRow("unknown unit") << u"5d"_s;
    QTest::newRow("no number") << u"h"_s;
    QTest::newRow("space") << u"5 m"_s;
    QTest::newRow("overflow") << u"9999999999h"_s;
    QTest::newRow("sign only") << u"-"_s;
}

void TestGoDuration::invalid() {
    QFETCH(QString, text);
    const auto parsed = parseGoDuration(text);
    QVERIFY(!parsed);
    QVERIFY(parsed.error().message.contains(u"Go duration"_s));
}

QTEST_GUILESS_MAIN(TestGoDuration)
#include "tst_goduration.moc"

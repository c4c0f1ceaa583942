#include "csvwriter.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

/** The CSV writer: RFC 4180 quoting, formula guards, CRLF records, the file written whole. */
class TestCsvWriter final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void field_data();
    void field();
    void documentEndsEveryRecordWithCrlf();
    void writesTheFileAndReplacesAnOlderOne();
    void anUnwritablePathIsAnErrorNamingIt();
};

void TestCsvWriter::field_data() {
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("written");
    QTest::newRow("plain") << u"guestbook-prod"_s << u"guestbook-prod"_s;
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("comma") << u"a,b"_s << u"\"a,b\""_s;
    QTest::newRow("quote") << u"say \"hi\""_s << u"\"say \"\"hi\"\"\""_s;
    QTest::newRow("newline") << u"one\ntwo"_s << u"\"one\ntwo\""_s;
    QTest::newRow("carriage return") << u"one\r\ntwo"_s << u"\"one\r\ntwo\""_s;
    QTest::newRow("equals") << u"=1+2"_s << u"'=1+2"_s;
    QTest::newRow("plus") << u"+1"_s << u"'+1"_s;
    QTest::newRow("minus") << u"-1"_s << u"'-1"_s;
    QTest::newRow("at") << u"@SUM(A1)"_s << u"'@SUM(A1)"_s;
    QTest::newRow("tab") << u"\tx"_s << u"'\tx"_s;
    QTest::newRow("formula with comma and quotes")
        << u"=HYPERLINK(\"http://x\",\"y\")"_s << u"\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""_s;
    QTest::newRow("sign inside") << u"1.4.0-rc.1"_s << u"1.4.0-rc.1"_s;
    QTest::newRow("unicode") << u"Zoë Ünal"_s << u"Zoë Ünal"_s;
}

void TestCsvWriter::field() {
    QFETCH(QString, field);
    QFETCH(QString, written);
    QCOMPARE(fd::ui::csvField(field), written);
}

void TestCsvWriter::documentEndsEveryRecordWithCrlf() {
    const QByteArray csv =
        fd::ui::csvDocument({{u"Time"_s, u"Comment"_s}, {u"now"_s, u"a, b"_s}, {u"ë"_s, u""_s}});
    QCOMPARE(csv, "Time,Comment\r\nnow,\"a, b\"\r\n\xc3\xab,\r\n"_ba);
    QCOMPARE(fd::ui::csvDocument({}), QByteArray());
}

void TestCsvWriter::writesTheFileAndReplacesAnOlderOne() {
    QTemporaryDir dir;
    const QString path = dir.filePath(u"history.csv"_s);
    QVERIFY(fd::ui::writeFileAtomically(path, "old, longer content\r\n"_ba));
    QVERIFY(fd::ui::writeFileAtomically(path, "a,b\r\n"_ba));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), "a,b\r\n"_ba);
}

void TestCsvWriter::anUnwritablePathIsAnErrorNamingIt() {
    QTemporaryDir dir;
    const QString path = dir.filePath(u"missing/folder/history.csv"_s);
    const auto written = fd::ui::writeFileAtomically(path, "a\r\n"_ba);
    QVERIFY(!written);
    QCOMPARE(written.error().kind, fd::core::Error::Kind::Io);
    QCOMPARE(written.error().location, path);
}

QTEST_GUILESS_MAIN(TestCsvWriter)
#include "tst_csvwriter.moc"

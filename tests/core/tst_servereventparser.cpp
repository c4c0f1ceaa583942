// ServerEventParser: text/event-stream read in pieces split anywhere, keep-alive comments skipped.

#include "servereventparser.h"

#include <QTest>

using namespace fd::core;

class TestServerEventParser final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void events_data() {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<QList<QByteArray>>("data");
        using Data = QList<QByteArray>;
        QTest::newRow("one") << QByteArray("data: {\"a\":1}\n\n") << Data{"{\"a\":1}"};
        QTest::newRow("two") << QByteArray("data: 1\n\ndata: 2\n\n") << Data{"1", "2"};
        QTest::newRow("no space after colon") << QByteArray("data:x\n\n") << Data{"x"};
        QTest::newRow("lines joined") << QByteArray("data: a\ndata: b\n\n") << Data{"a\nb"};
        QTest::newRow("CRLF") << QByteArray("data: a\r\n\r\ndata: b\r\n\r\n") << Data{"a", "b"};
        QTest::newRow("CR") << QByteArray("data: a\r\rdata: b\r\r") << Data{"a", "b"};
        QTest::newRow("comments") << QByteArray(": keep-alive\n\n:\n\ndata: a\n: x\n\n")
                                  << Data{"a"};
        QTest::newRow("unfinished") << QByteArray("data: a\n\ndata: b\n") << Data{"a"};
        QTest::newRow("event and id")
            << QByteArray("event: message\nid: 7\ndata: a\n\n") << Data{"a"};
        QTest::newRow("empty data") << QByteArray("data\n\n") << Data{""};
        QTest::newRow("no data") << QByteArray("event: ping\n\n") << Data{};
    }

    void events() {
        QFETCH(QByteArray, stream);
        QFETCH(QList<QByteArray>, data);
        // Whole, and in every split into two pieces, and byte by byte.
        for (qsizetype split = 0; split <= stream.size(); ++split) {
            ServerEventParser parser;
            QList<QByteArray> seen;
            for (const QByteArray& piece : {stream.left(split), stream.mid(split)})
                for (const ServerEvent& event : parser.feed(piece))
                    seen.append(event.data);
            QCOMPARE(seen, data);
        }
        ServerEventParser parser;
        QList<QByteArray> seen;
        for (const char c : stream)
            for (const ServerEvent& event : parser.feed(QByteArray(1, c)))
                seen.append(event.data);
        QCOMPARE(seen, data);
    }

    void fields() {
        ServerEventParser parser;
        const auto events = parser.feed("event: update\nid: 42\ndata: x\n\n");
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().event, QByteArray("update"));
        QCOMPARE(events.first().id, QByteArray("42"));
    }
};

QTEST_GUILESS_MAIN(TestServerEventParser)
#include "tst_servereventparser.moc"

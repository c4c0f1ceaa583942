// JsonCondition: the JSON condition of an HTTP verification check.

#include "jsoncondition.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace fd::core;
using namespace Qt::StringLiterals;

namespace {

QJsonValue document() {
    return QJsonDocument::fromJson(R"({"status":"ok","version":"1.0","code":200,"ready":3,
        "healthy":true,"error":null,"empty":"","checks":[{"name":"db","ok":false}],
        "app.kubernetes.io/name":"frontend"})")
        .object();
}

} // namespace

class TestJsonCondition final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void evaluates_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("holds");
        QTest::addColumn<QString>("actual");
        QTest::newRow("string equal") << u"$.status == \"ok\""_s << true << u"\"ok\""_s;
        QTest::newRow("single quotes") << u"$.status == 'ok'"_s << true << u"\"ok\""_s;
        QTest::newRow("no dollar") << u".status != 'down'"_s << true << u"\"ok\""_s;
        QTest::newRow("string differs") << u"$.status == \"degraded\""_s << false << u"\"ok\""_s;
        QTest::newRow("strings are not numbers")
            << u"$.version == '1.00'"_s << false << u"\"1.0\""_s;
        QTest::newRow("number") << u"$.code == 200"_s << true << u"200"_s;
        QTest::newRow("number written as string") << u"$.code == \"200\""_s << true << u"200"_s;
        QTest::newRow("greater or equal") << u"$.ready >= 3"_s << true << u"3"_s;
        QTest::newRow("greater") << u"$.ready > 3"_s << false << u"3"_s;
        QTest::newRow("less") << u"$.ready < 3.5"_s << true << u"3"_s;
        QTest::newRow("string order") << u"$.status < 'z'"_s << true << u"\"ok\""_s;
        QTest::newRow("bool") << u"$.healthy == true"_s << true << u"true"_s;
        QTest::newRow("null") << u"$.error == null"_s << true << u"null"_s;
        QTest::newRow("absent is null") << u"$.missing == null"_s << true << u"(absent)"_s;
        QTest::newRow("absent not ordered") << u"$.missing > 1"_s << false << u"(absent)"_s;
        QTest::newRow("array index") << u"$.checks[0].ok == false"_s << true << u"false"_s;
        QTest::newRow("index out of range") << u"$.checks[3].ok"_s << false << u"(absent)"_s;
        QTest::newRow("bracket key")
            << u"$[\"app.kubernetes.io/name\"] == 'frontend'"_s << true << u"\"frontend\""_s;
        QTest::newRow("truthy") << u"$.healthy"_s << true << u"true"_s;
        QTest::newRow("falsy empty") << u"$.empty"_s << false << u"\"\""_s;
        QTest::newRow("falsy absent") << u"$.nothing"_s << false << u"(absent)"_s;
        QTest::newRow("object shown")
            << u"$.checks[0]"_s << true << u"{\"name\":\"db\",\"ok\":false}"_s;
    }
    void evaluates() {
        QFETCH(QString, text);
        QFETCH(bool, holds);
        QFETCH(QString, actual);
        const auto condition = JsonCondition::parse(text);
        QVERIFY2(condition.has_value(),
                 qPrintable(condition ? QString() : condition.error().message));
        QString found;
        QCOMPARE(condition->holds(document(), &found), holds);
        QCOMPARE(found, actual);
    }

    void pathText() {
        const auto condition = JsonCondition::parse(u"  $.checks[0].ok == true "_s);
        QVERIFY(condition.has_value());
        QCOMPARE(condition->pathText(), u"$.checks[0].ok"_s);
        QCOMPARE(condition->text(), u"$.checks[0].ok == true"_s);
    }

    void refusesWhatIsNotACondition_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << QString() << u"starts with a path"_s;
        QTest::newRow("no path") << u"== 'ok'"_s << u"column 1: a condition starts with a path"_s;
        QTest::newRow("dot alone") << u"$. == 1"_s << u"column 3: a key name must follow"_s;
        QTest::newRow("bad operator") << u"$.a = 1"_s << u"column 5: an operator"_s;
        QTest::newRow("no value") << u"$.a =="_s << u"a value expected"_s;
        QTest::newRow("unquoted word") << u"$.a == ok"_s << u"a value expected"_s;
        QTest::newRow("open quote") << u"$.a == 'ok"_s << u"a value expected"_s;
        QTest::newRow("trailing") << u"$.a == 1 && $.b"_s << u"nothing may follow"_s;
        QTest::newRow("bad bracket") << u"$.a[x]"_s << u"brackets hold an index"_s;
        QTest::newRow("unclosed bracket") << u"$.a[0"_s << u"']' expected"_s;
    }
    void refusesWhatIsNotACondition() {
        QFETCH(QString, text);
        QFETCH(QString, message);
        const auto condition = JsonCondition::parse(text);
        QVERIFY(!condition.has_value());
        QVERIFY2(condition.error().message.contains(message),
                 qPrintable(condition.error().message));
        QVERIFY(condition.error().message.contains(u"JSON condition"_s));
    }
};

QTEST_GUILESS_MAIN(TestJsonCondition)
#include "tst_jsoncondition.moc"

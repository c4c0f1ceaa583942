// HttpCheck: a verification check's request, its status and JSON condition, retries and errors,
// against a local HTTP server.

#include "fakeregistry.h"
#include "httpcheck.h"

#include <QDeadlineTimer>
#include <QNetworkAccessManager>
#include <QTcpServer>
#include <QTest>

#include <optional>

using namespace fd::core;
using namespace fd::testsupport;
using namespace Qt::StringLiterals;

namespace {

constexpr int patience = 10000;

HttpCheckSpec specFor(const FakeRegistry& server, const QString& path = u"/healthz"_s) {
    HttpCheckSpec spec;
    spec.url = u"http://"_s + QString::fromLatin1(server.host()) + path;
    spec.timeout = std::chrono::seconds(2);
    spec.interval = std::chrono::seconds(1);
    return spec;
}

std::optional<HttpCheckOutcome> runCheck(QNetworkAccessManager* network,
                                         const HttpCheckSpec& spec) {
    HttpCheck check(network, spec);
    std::optional<HttpCheckOutcome> outcome;
    check.run([&](const HttpCheckOutcome& result) { outcome = result; });
    QDeadlineTimer deadline(patience);
    while (!outcome && !deadline.hasExpired())
        QTest::qWait(10);
    return outcome; // nullopt: no answer in time, which the callers' QVERIFY(outcome) reports
}

} // namespace

class TestHttpCheck final : public QObject {
    Q_OBJECT

private:
    QNetworkAccessManager m_network;

private Q_SLOTS:
    void passesOnA2xxWithTheCondition() {
        FakeRegistry server([](const FakeRequest&) {
            return FakeReply::json(R"({"status":"ok","version":"1.4.2"})");
        });
        QVERIFY(server.listen());
        HttpCheckSpec spec = specFor(server);
        spec.jsonCondition = u"$.version == '1.4.2'"_s;
        const auto outcome = runCheck(&m_network, spec);
        QVERIFY(outcome);
        QVERIFY2(outcome->passed, qPrintable(outcome->message));
        QCOMPARE(outcome->attempts, 1);
        QVERIFY2(outcome->message.contains(u"answered 200"_s), qPrintable(outcome->message));
        QCOMPARE(server.requests().size(), 1);
        QCOMPARE(server.requests().first().path(), QByteArray("/healthz"));
    }

    void failsOnTheWrongStatus() {
        FakeRegistry server([](const FakeRequest&) { return FakeReply::json("{}", 503); });
        QVERIFY(server.listen());
        const auto outcome = runCheck(&m_network, specFor(server));
        QVERIFY(outcome);
        QVERIFY(!outcome->passed);
        QVERIFY2(outcome->message.contains(u"answered 503 (the check wants 2xx)"_s),
                 qPrintable(outcome->message));
        QVERIFY(outcome->message.contains(specFor(server).url));
    }

    void expectedStatusIsExact() {
        FakeRegistry server([](const FakeRequest&) { return FakeReply::json("{}", 200); });
        QVERIFY(server.listen());
        HttpCheckSpec spec = specFor(server);
        spec.expectedStatus = 204;
        const auto outcome = runCheck(&m_network, spec);
        QVERIFY(outcome && !outcome->passed);
        QVERIFY2(outcome->message.contains(u"answered 200 (the check wants 204)"_s),
                 qPrintable(outcome->message));
    }

    void failsWhenTheConditionDoesNotHold() {
        FakeRegistry server(
            [](const FakeRequest&) { return FakeReply::json(R"({"status":"degraded"})"); });
        QVERIFY(server.listen());
        HttpCheckSpec spec = specFor(server);
        spec.jsonCondition = u"$.status == \"ok\""_s;
        const auto outcome = runCheck(&m_network, spec);
        QVERIFY(outcome && !outcome->passed);
        QVERIFY2(outcome->message.contains(
                     u"with $.status = \"degraded\"; the check wants $.status == \"ok\""_s),
                 qPrintable(outcome->message));
    }

    void failsWhenTheBodyIsNotJson() {
        FakeRegistry server([](const FakeRequest&) {
            FakeReply reply;
            reply.body = "<html>ok</html>";
            return reply;
        });
        QVERIFY(server.listen());
        HttpCheckSpec spec = specFor(server);
        spec.jsonCondition = u"$.status == 'ok'"_s;
        const auto outcome = runCheck(&m_network, spec);
        QVERIFY(outcome && !outcome->passed);
        QVERIFY2(outcome->message.contains(u"but not with JSON"_s), qPrintable(outcome->message));
    }

    // A freshly deployed service may need a moment: tried again until it passes.
    void triesAgainWithin() {
        int calls = 0;
        FakeRegistry server([&](const FakeRequest&) {
            return ++calls < 3 ? FakeReply::json("{}", 502) : FakeReply::json(R"({"ok":true})");
        });
        QVERIFY(server.listen());
        HttpCheckSpec spec = specFor(server);
        spec.within = std::chrono::seconds(8);
        spec.jsonCondition = u"$.ok"_s;
        const auto outcome = runCheck(&m_network, spec);
        QVERIFY(outcome);
        QVERIFY2(outcome->passed, qPrintable(outcome->message));
        QCOMPARE(outcome->attempts, 3);
    }

    void givesUpWhenWithinIsOver() {
        FakeRegistry server([](const FakeRequest&) { return FakeReply::json("{}", 500); });
        QVERIFY(server.listen());
        HttpCheckSpec spec = specFor(server);
        spec.within = std::chrono::seconds(2);
        const auto outcome = runCheck(&m_network, spec);
        QVERIFY(outcome && !outcome->passed);
        QVERIFY(outcome->attempts >= 2);
        QVERIFY2(outcome->message.contains(u"tries over"_s), qPrintable(outcome->message));
    }

    // As an Argo Rollouts analysis runs: a number of measurements, failing past a limit.
    void measurementsWithAFailureLimit() {
        int calls = 0;
        FakeRegistry server([&](const FakeRequest&) {
            ++calls;
            return FakeReply::json(calls == 2 ? R"({"xp":250})" : R"({"xp":112})");
        });
        QVERIFY(server.listen());
        HttpCheckSpec spec = specFor(server);
        spec.jsonCondition = u"$.xp < 200"_s;
        spec.measurements = 3;
        spec.failureLimit = 1;
        auto outcome = runCheck(&m_network, spec);
        QVERIFY(outcome);
        QVERIFY2(outcome->passed, qPrintable(outcome->message));
        QCOMPARE(outcome->attempts, 3);
        QVERIFY2(outcome->message.contains(u"(3 measurements, 1 failed)"_s),
                 qPrintable(outcome->message));

        calls = 0;
        spec.failureLimit = 0; // the second measurement fails it, the third is not taken
        outcome = runCheck(&m_network, spec);
        QVERIFY(outcome && !outcome->passed);
        QCOMPARE(outcome->attempts, 2);
        QCOMPARE(calls, 2);
        QVERIFY2(outcome->message.contains(u"$.xp = 250; the check wants $.xp < 200"_s) &&
                     outcome->message.contains(u"(1 of 2 measurements failed; 0 may)"_s),
                 qPrintable(outcome->message));
    }

    void aServerThatHangsTimesOut() {
        FakeRegistry server([](const FakeRequest&) {
            FakeReply reply;
            reply.hang = true;
            return reply;
        });
        QVERIFY(server.listen());
        HttpCheckSpec spec = specFor(server);
        spec.timeout = std::chrono::seconds(1);
        const auto outcome = runCheck(&m_network, spec);
        QVERIFY(outcome && !outcome->passed);
        QVERIFY2(outcome->message.contains(specFor(server).url), qPrintable(outcome->message));
    }

    void nothingListening() {
        QTcpServer closed; // a port that was free a moment ago
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        HttpCheckSpec spec;
        spec.url = u"http://127.0.0.1:%1/healthz"_s.arg(closed.serverPort());
        closed.close();
        const auto outcome = runCheck(&m_network, spec);
        QVERIFY(outcome && !outcome->passed);
        QVERIFY2(outcome->message.startsWith(u"GET "_s + spec.url + u": "_s),
                 qPrintable(outcome->message));
    }

    void abortedCheckNeverAnswers() {
        FakeRegistry server([](const FakeRequest&) {
            FakeReply reply = FakeReply::json("{}");
            reply.delayMs = 300;
            return reply;
        });
        QVERIFY(server.listen());
        HttpCheck check(&m_network, specFor(server));
        bool answered = false;
        check.run([&](const HttpCheckOutcome&) { answered = true; });
        check.abort();
        QTest::qWait(600);
        QVERIFY(!answered);
    }
};

QTEST_GUILESS_MAIN(TestHttpCheck)
#include "tst_httpcheck.moc"

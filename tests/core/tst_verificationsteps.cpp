// A stage's verification steps on their own: the HTTP check as a step, and the soak, which
// reads the applications again and fails when one turns Degraded.

#include "argocdclient.h"
#include "argocdtesting.h"
#include "fakeregistry.h"
#include "soakcheck.h"
#include "verificationsteps.h"

#include <QDeadlineTimer>
#include <QNetworkAccessManager>
#include <QTest>

#include <optional>

using namespace fd::core;
using namespace fd::testsupport;
using namespace Qt::StringLiterals;

namespace {

ArgoCdConnection connectionTo(const FakeRegistry& server) {
    ArgoCdConnection connection;
    connection.server = QUrl(u"http://"_s + QString::fromLatin1(server.host()));
    connection.authToken = u"token"_s;
    return connection;
}

/** Runs @p step and waits (bounded) for its answer. */
std::optional<Result<void>> runStep(PromotionCheck& step, const PromotionCheckInput& input) {
    QObject context;
    std::optional<Result<void>> answer;
    step.run(input, &context, [&](Result<void> result) { answer = std::move(result); });
    QDeadlineTimer deadline(10000);
    while (!answer && !deadline.hasExpired())
        QTest::qWait(10);
    return answer;
}

PromotionCheckInput inputWith(const QString& app) {
    PromotionCheckInput input;
    input.service = u"frontend"_s;
    input.stage = u"prod"_s;
    input.commit = u"abc123"_s;
    ArgoCdAppStatus status;
    status.name = app;
    status.namespaceName = u"argocd"_s;
    input.applications = {status};
    return input;
}

} // namespace

class TestVerificationSteps final : public QObject {
    Q_OBJECT

private:
    QNetworkAccessManager m_network;

private Q_SLOTS:
    void stepsInOrder() {
        StageVerification verification;
        HttpCheckSpec first;
        first.url = u"http://a.example/one"_s;
        HttpCheckSpec second;
        second.url = u"http://a.example/two"_s;
        verification.httpChecks = {first, second};
        verification.soak = std::chrono::minutes(10);
        verification.manual = true; // not a step
        const auto steps = verificationSteps(verification, &m_network, nullptr);
        QCOMPARE(steps.size(), 3);
        QCOMPARE(steps.at(0)->name(), u"HTTP GET http://a.example/one"_s);
        QCOMPARE(steps.at(1)->name(), u"HTTP GET http://a.example/two"_s);
        QVERIFY2(steps.at(2)->name().startsWith(u"soak "_s), qPrintable(steps.at(2)->name()));
        QVERIFY(verificationSteps({}, &m_network, nullptr).isEmpty());
    }

    void httpStepFailsWithTheCheckMessage() {
        FakeRegistry service([](const FakeRequest&) { return FakeReply::json("{}", 503); });
        QVERIFY(service.listen());
        StageVerification verification;
        HttpCheckSpec check;
        check.url = u"http://"_s + QString::fromLatin1(service.host()) + u"/ready"_s;
        verification.httpChecks = {check};
        const auto steps = verificationSteps(verification, &m_network, nullptr);
        const auto answer = runStep(*steps.at(0), inputWith(u"frontend-prod"_s));
        QVERIFY(answer);
        QVERIFY(!answer->has_value());
        QVERIFY2(answer->error().message.contains(u"answered 503"_s),
                 qPrintable(answer->error().message));
    }

    void soakPassesWhileHealthy() {
        FakeRegistry argocd([](const FakeRequest&) {
            return FakeReply::json(argoJson(argoApplication(u"frontend-prod"_s, u"7"_s)));
        });
        QVERIFY(argocd.listen());
        ArgoCdClient client(&m_network, connectionTo(argocd));
        StageVerification verification;
        verification.soak = std::chrono::seconds(1);
        auto steps = verificationSteps(verification, &m_network, &client);
        QElapsedTimer timer;
        timer.start();
        const auto answer = runStep(*steps.at(0), inputWith(u"frontend-prod"_s));
        QVERIFY(answer);
        QVERIFY2(answer->has_value(), qPrintable(answer->error().message));
        QVERIFY(timer.elapsed() >= 1000);
        QVERIFY(!argocd.requests().isEmpty());
        QCOMPARE(argocd.requests().constLast().path(),
                 QByteArray("/api/v1/applications/frontend-prod"));
    }

    void soakFailsWhenAnAppTurnsDegraded() {
        int reads = 0;
        FakeRegistry argocd([&](const FakeRequest&) {
            return FakeReply::json(argoJson(argoApplication(
                u"frontend-prod"_s, u"7"_s, ++reads < 2 ? u"Healthy"_s : u"Degraded"_s)));
        });
        QVERIFY(argocd.listen());
        ArgoCdClient client(&m_network, connectionTo(argocd));
        SoakCheck soak(&client, std::chrono::seconds(30), std::chrono::milliseconds(100));
        QElapsedTimer timer;
        timer.start();
        const auto answer = runStep(soak, inputWith(u"frontend-prod"_s));
        QVERIFY(answer);
        QVERIFY(!answer->has_value());
        QVERIFY(timer.elapsed() < 10000); // not the whole soak
        QVERIFY2(answer->error().message.contains(u"argocd/frontend-prod turned Degraded"_s),
                 qPrintable(answer->error().message));
    }
};

QTEST_GUILESS_MAIN(TestVerificationSteps)
#include "tst_verificationsteps.moc"

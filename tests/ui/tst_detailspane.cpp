#include "detailspane.h"
#include "fakeregistry.h"
#include "freighttext.h"
#include "stagedetails.h"
#include "uifixture.h"

#include <QSignalSpy>
#include <QTest>
#include <QTextBrowser>
#include <QTextDocument>

using namespace Qt::Literals::StringLiterals;

/** The details of a stage of the fixture: artifacts, targets, Argo CD apps and links, history. */
class TestDetailsPane final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void showsTheChosenCellsFreightTargetsAppsAndHistory();
    void withoutFreightShowsWhatTheStageRuns();
    void linksEachAppToArgoCdsWebUi_data();
    void linksEachAppToArgoCdsWebUi();
    void showsLiveStatusOrWhyNot();
    void asksArgoCdForEachAppOfTheStage();
    void historyIsTheStagesLatestEntries();

private:
    static QString plainText(const QString& html);

    fd::testsupport::UiFixture m_fixture;
    fd::core::RepositoryState m_state;
};

void TestDetailsPane::initTestCase() {
    const QString error = m_fixture.create();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    auto state = m_fixture.load();
    QVERIFY2(state, state ? "" : qPrintable(state.error().toString()));
    m_state = *state;
    // freightdesk.yaml names no apps here; Argo CD's discovery is tested in core.
    for (fd::core::PipelineStage& stage : m_state.pipeline.stages) {
        if (stage.name == u"guestbook-prod")
            stage.argocdApps = {u"guestbook-prod"_s, u"team/guestbook-prod-eu"_s};
    }
}

QString TestDetailsPane::plainText(const QString& html) {
    QTextDocument document;
    document.setHtml(html);
    return document.toPlainText();
}

void TestDetailsPane::showsTheChosenCellsFreightTargetsAppsAndHistory() {
    const fd::core::Freight& freight = m_state.service(u"guestbook"_s)->freight.at(4); // 1.1.0
    QCOMPARE(fd::ui::freightVersionText(freight), u"1.1.0"_s);
    fd::ui::DetailsPane pane;
    pane.setArgoCdConnection(std::nullopt, u"No live Argo CD status: no server configured"_s);
    pane.showStage(m_state, u"guestbook"_s, u"guestbook-prod"_s, freight.id);
    QCOMPARE(pane.stage(), u"guestbook-prod"_s);
    const QString text = pane.browser()->toPlainText();
    const QStringList expected{
        u"guestbook-prod"_s,
        u"guestbook in prod"_s,
        fd::ui::freightLabel(freight),
        freight.id,
        u"Image ghcr.io/example/guestbook:1.1.0"_s,
        freight.artifacts.at(0).digest,
        u"env/prod/guestbook.yaml key image.tag"_s,
        u"No live Argo CD status: no server configured"_s,
        u"team/guestbook-prod-eu"_s,
        u"approved"_s,
        u"version changed"_s,
    };
    for (const QString& part : expected)
        QVERIFY2(text.contains(part), qPrintable(part + u" not in:\n"_s + text));
    QVERIFY2(!text.contains(u"Running freight"_s), qPrintable(text));
    // No server known: the apps are named, not linked.
    QVERIFY(!pane.browser()->toHtml().contains(u"href"_s));
}

void TestDetailsPane::withoutFreightShowsWhatTheStageRuns() {
    fd::ui::DetailsPane pane;
    pane.showStage(m_state, u"guestbook"_s, u"guestbook-staging"_s);
    const QString text = pane.browser()->toPlainText();
    QVERIFY2(text.contains(u"Running freight"_s), qPrintable(text));
    QVERIFY2(text.contains(u"Image ghcr.io/example/guestbook:1.2.0"_s), qPrintable(text));
    QVERIFY2(text.contains(u"No Argo CD application deploys this stage."_s), qPrintable(text));
    // No app to ask about: whether a server is known yet is not said as well.
    QVERIFY2(!text.contains(u"Looking for an Argo CD connection"_s), qPrintable(text));
    pane.clear();
    QVERIFY(pane.browser()->toPlainText().contains(u"Select a cell or a stage"_s));
}

void TestDetailsPane::linksEachAppToArgoCdsWebUi_data() {
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("app");
    QTest::addColumn<QString>("link");
    QTest::newRow("plain name")
        << u"https://argocd.example.com"_s << u"guestbook-prod"_s
        << u"https://argocd.example.com/applications/argocd/guestbook-prod"_s;
    QTest::newRow("namespaced") << u"https://argocd.example.com:8443"_s << u"team/api"_s
                                << u"https://argocd.example.com:8443/applications/team/api"_s;
    QTest::newRow("root path") << u"https://example.com/argo-cd/"_s << u"api"_s
                               << u"https://example.com/argo-cd/applications/argocd/api"_s;
    QTest::newRow("no server") << QString() << u"api"_s << QString();
}

void TestDetailsPane::linksEachAppToArgoCdsWebUi() {
    QFETCH(QString, server);
    QFETCH(QString, app);
    QFETCH(QString, link);
    QCOMPARE(fd::ui::argocdAppLink(QUrl(server), app).toString(), link);
}

void TestDetailsPane::showsLiveStatusOrWhyNot() {
    fd::core::ArgoCdAppStatus status;
    status.name = u"guestbook-prod"_s;
    status.syncStatus = u"Synced"_s;
    status.healthStatus = u"Degraded"_s;
    status.healthMessage = u"Back-off pulling image"_s;
    status.syncRevision = u"0123abcd4567ef890123abcd4567ef8901234567"_s;
    status.hasOperationState = true;
    status.operationState.phase = u"Failed"_s;
    status.operationState.message = u"one or more objects failed to apply"_s;
    status.operationState.finishedAt = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), Qt::UTC);

    fd::ui::StageDetailsRequest request;
    request.service = u"guestbook"_s;
    request.stage = u"guestbook-prod"_s;
    request.argocdServer = QUrl(u"https://argocd.example.com"_s);
    request.statuses.insert(u"guestbook-prod"_s, status);
    request.statuses.insert(
        u"team/guestbook-prod-eu"_s,
        fd::core::Error{fd::core::Error::Kind::NotFound, u"application not found"_s, {}});
    const QString html = fd::ui::stageDetailsHtml(m_state, request);
    QVERIFY(
        html.contains(u"href=\"https://argocd.example.com/applications/argocd/guestbook-prod\""_s));
    QVERIFY(html.contains(
        u"href=\"https://argocd.example.com/applications/team/guestbook-prod-eu\""_s));
    const QString text = plainText(html);
    for (const QString& part :
         {u"Synced, Degraded, revision 0123abcd"_s,
          u"last operation: Failed 2026-01-02T03:04:05Z: one or more objects failed to apply"_s,
          u"Back-off pulling image"_s, u"status unavailable: application not found"_s})
        QVERIFY2(text.contains(part), qPrintable(part + u" not in:\n"_s + text));

    request.statuses.remove(u"team/guestbook-prod-eu"_s);
    QVERIFY(plainText(fd::ui::stageDetailsHtml(m_state, request)).contains(u"loading status…"_s));
}

void TestDetailsPane::asksArgoCdForEachAppOfTheStage() {
    fd::testsupport::FakeRegistry server([](const fd::testsupport::FakeRequest& request) {
        if (request.path() == "/api/v1/applications/guestbook-prod")
            return fd::testsupport::FakeReply::json(R"({"metadata":{"name":"guestbook-prod",
                "namespace":"argocd"},"status":{"sync":{"status":"OutOfSync","revision":
                "fedcba9876543210"},"health":{"status":"Progressing"}}})");
        return fd::testsupport::FakeReply::json(R"({"error":"application not found","code":5})",
                                                404);
    });
    QVERIFY(server.listen());
    fd::core::ArgoCdConnection connection;
    connection.server = QUrl(u"http://"_s + QString::fromLatin1(server.host()));
    connection.authToken = u"token"_s;

    fd::ui::DetailsPane pane;
    pane.setArgoCdConnection(connection, {});
    QSignalSpy arrived(&pane, &fd::ui::DetailsPane::statusArrived);
    pane.showStage(m_state, u"guestbook"_s, u"guestbook-prod"_s);
    QVERIFY(pane.browser()->toPlainText().contains(u"loading status…"_s));
    QTRY_COMPARE_WITH_TIMEOUT(arrived.size(), 2, 10000);
    const QString text = pane.browser()->toPlainText();
    QVERIFY2(text.contains(u"OutOfSync, Progressing, revision fedcba98"_s), qPrintable(text));
    QVERIFY2(text.contains(u"status unavailable"_s), qPrintable(text));
    QVERIFY(pane.browser()->toHtml().contains(connection.server.toString() +
                                              u"/applications/team/guestbook-prod-eu"_s));
    QCOMPARE(server.requests().size(), 2);
    QCOMPARE(server.requests().at(0).header("authorization"), "Bearer token"_ba);

    // Another stage: its apps only (none here), and no late answer shows on it.
    pane.showStage(m_state, u"guestbook"_s, u"guestbook-dev"_s);
    QCOMPARE(server.requests().size(), 2);
    QVERIFY(!pane.browser()->toPlainText().contains(u"OutOfSync"_s));
}

void TestDetailsPane::historyIsTheStagesLatestEntries() {
    fd::ui::StageDetailsRequest request;
    request.service = u"guestbook"_s;
    request.stage = u"guestbook-dev"_s;
    request.argocdUnavailable = u"none"_s;
    const auto rows = [&] {
        const QString html = fd::ui::stageDetailsHtml(m_state, request);
        return html.count(u"<p class=\"history\">"_s);
    };
    // dev: four version changes, two verifications and a failed one.
    QCOMPARE(rows(), 7);
    request.historyLimit = 2;
    QCOMPARE(rows(), 2);
    const QString text = plainText(fd::ui::stageDetailsHtml(m_state, request));
    QVERIFY2(text.contains(u"version changed"_s) && text.contains(u"1.4.0"_s), qPrintable(text));
    QVERIFY2(!text.contains(u"verified"_s), qPrintable(text));
}

QTEST_MAIN(TestDetailsPane)
#include "tst_detailspane.moc"

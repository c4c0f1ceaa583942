#include "repositoryloader.h"
#include "testrepos.h"
#include "uifixture.h"

#include <QPointer>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace Qt::Literals::StringLiterals;
using fd::core::RepositoryLoader;
using fd::core::RepositoryState;
using fd::testsupport::TestRepos;
using fd::testsupport::UiFixture;

namespace {

constexpr int LoadTimeout = 60000;

const fd::core::StageSummary* summary(const RepositoryState& state, const QString& service,
                                      const QString& stage) {
    for (const fd::core::StageSummary& each : state.service(service)->summaries) {
        if (each.stage == stage)
            return &each;
    }
    return nullptr;
}

} // namespace

/** RepositoryLoader against a real bare repository: what it loads, how it fails, its thread. */
class TestRepositoryLoader final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void loadsPipelineFreightAndLog();
    void stageSummaries_data();
    void stageSummaries();
    void eventLoopTurnsWhileLoading();
    void failureNamesTheRepository_data();
    void failureNamesTheRepository();
    void newerRequestSupersedesTheRunningOne();
    void closingWhileLoadingDoesNotWait();
    void reloadSeesNewCommits();

private:
    RepositoryState loadOnce();

    UiFixture m_fixture;
    std::optional<RepositoryState> m_state;
};

void TestRepositoryLoader::initTestCase() {
    const QString error = m_fixture.create();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    m_state = loadOnce();
}

RepositoryState TestRepositoryLoader::loadOnce() {
    RepositoryLoader loader(m_fixture.options());
    QSignalSpy loaded(&loader, &RepositoryLoader::loaded);
    QSignalSpy failed(&loader, &RepositoryLoader::failed);
    loader.load(m_fixture.request());
    [&] { QTRY_COMPARE_WITH_TIMEOUT(loaded.size() + failed.size(), 1, LoadTimeout); }();
    if (!failed.isEmpty())
        qWarning() << failed.first().first().value<fd::core::Error>().toString();
    return loaded.isEmpty() ? RepositoryState() : loaded.first().first().value<RepositoryState>();
}

void TestRepositoryLoader::loadsPipelineFreightAndLog() {
    const RepositoryState& state = *m_state;
    QCOMPARE(state.source, m_fixture.url());
    QCOMPARE(state.branch, u"main"_s);
    QCOMPARE(state.tip, TestRepos::revParse(m_fixture.bare(), u"main"_s));
    QVERIFY2(state.errors.isEmpty(),
             qPrintable(state.errors.isEmpty() ? QString() : state.errors.first().toString()));
    QCOMPARE(state.environments(), (QStringList{u"dev"_s, u"staging"_s, u"prod"_s}));
    QCOMPARE(state.services.size(), 2);
    const fd::core::ServiceState* guestbook = state.service(u"guestbook"_s);
    QVERIFY(guestbook);
    QCOMPARE(guestbook->stages,
             (QStringList{u"guestbook-dev"_s, u"guestbook-staging"_s, u"guestbook-prod"_s}));
    QCOMPARE(guestbook->stageColors.last(), u"#c0392b"_s);
    QCOMPARE(guestbook->freight.size(), 9);
    QCOMPARE(guestbook->freight.first().artifacts.first().tag, u"1.5.0"_s);
    QCOMPARE(guestbook->cells.size(), 9 * 3);
    QCOMPARE(state.events.size(), 7);
    // Marked from the tip and the log, as the `freight` command marks them.
    QVERIFY(guestbook->freight[1].stages.value(u"guestbook-dev"_s).current);
    QVERIFY(guestbook->freight[3].stages.value(u"guestbook-staging"_s).verified);
    QVERIFY(guestbook->freight[4].stages.value(u"guestbook-prod"_s).approved);
}

void TestRepositoryLoader::stageSummaries_data() {
    QTest::addColumn<QString>("service");
    QTest::addColumn<QString>("stage");
    QTest::addColumn<QString>("version");
    QTest::addColumn<int>("behind");
    QTest::addColumn<int>("awaitingApproval");
    QTest::addColumn<bool>("held");
    QTest::addColumn<QString>("blocked");

    QTest::newRow("dev has no upstream")
        << u"guestbook"_s << u"guestbook-dev"_s << u"1.4.0"_s << -1 << 0 << false << QString();
    QTest::newRow("staging lags dev by 1.4.0")
        << u"guestbook"_s << u"guestbook-staging"_s << u"1.2.0"_s << 1 << 0 << false
        << u"guestbook-staging is frozen until 2099-01-01T00:00:00Z: Migration"_s;
    QTest::newRow("prod lags staging by 1.1.0 and 1.2.0")
        << u"guestbook"_s << u"guestbook-prod"_s << u"1.0.0"_s << 2 << 1 << false << QString();
    QTest::newRow("api prod is held") << u"api"_s << u"api-prod"_s << u"2.0.0"_s << 0 << 0 << true
                                      << u"api-prod is held by Rita Release"_s;
}

void TestRepositoryLoader::stageSummaries() {
    QFETCH(QString, service);
    QFETCH(QString, stage);
    QFETCH(QString, version);
    QFETCH(int, behind);
    QFETCH(int, awaitingApproval);
    QFETCH(bool, held);
    QFETCH(QString, blocked);
    const fd::core::StageSummary* found = summary(*m_state, service, stage);
    QVERIFY(found);
    QCOMPARE(found->version, version);
    QCOMPARE(found->behind, behind);
    QCOMPARE(found->awaitingApproval, awaitingApproval);
    QCOMPARE(found->hold.has_value(), held);
    QCOMPARE(found->blocked, blocked);
}

void TestRepositoryLoader::eventLoopTurnsWhileLoading() {
    RepositoryLoader loader(m_fixture.options());
    QSignalSpy loaded(&loader, &RepositoryLoader::loaded);
    int ticks = 0;
    int ticksWhenLoaded = -1;
    connect(&loader, &RepositoryLoader::loaded, this, [&] { ticksWhenLoaded = ticks; });
    QTimer timer;
    connect(&timer, &QTimer::timeout, this, [&] { ++ticks; });
    timer.start(0);
    loader.load(m_fixture.request());
    // load() returned before anything was read: the work is on the loader's worker.
    QVERIFY(loader.isLoading());
    QCOMPARE(loaded.size(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 1, LoadTimeout);
    QVERIFY2(ticksWhenLoaded > 0, "the GUI thread's event loop did not turn during the load");
    QVERIFY(!loader.isLoading());
}

void TestRepositoryLoader::failureNamesTheRepository_data() {
    QTest::addColumn<QString>("location");
    QTest::addColumn<QString>("named");
    const QString missing = m_fixture.root() + u"/no-such-repository"_s;
    QTest::newRow("missing folder") << missing << missing;
    QTest::newRow("refused server") << u"http://127.0.0.1:9/deploy.git"_s << u"127.0.0.1"_s;
}

void TestRepositoryLoader::failureNamesTheRepository() {
    QFETCH(QString, location);
    QFETCH(QString, named);
    RepositoryLoader loader(m_fixture.options());
    QSignalSpy loaded(&loader, &RepositoryLoader::loaded);
    QSignalSpy failed(&loader, &RepositoryLoader::failed);
    loader.load({location, u"main"_s});
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, LoadTimeout);
    QCOMPARE(loaded.size(), 0);
    const auto error = failed.first().first().value<fd::core::Error>();
    QVERIFY2(error.toString().contains(named), qPrintable(error.toString()));
}

void TestRepositoryLoader::newerRequestSupersedesTheRunningOne() {
    RepositoryLoader loader(m_fixture.options());
    QSignalSpy loaded(&loader, &RepositoryLoader::loaded);
    QSignalSpy failed(&loader, &RepositoryLoader::failed);
    QSignalSpy started(&loader, &RepositoryLoader::started);
    loader.load({m_fixture.root() + u"/no-such-repository"_s, u"main"_s});
    loader.load(m_fixture.request());
    QCOMPARE(started.size(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 1, LoadTimeout);
    // The first load's failure, had it run, would have arrived before the second's result.
    QCOMPARE(failed.size(), 0);
    QCOMPARE(loader.request().urlOrPath, m_fixture.url());
}

void TestRepositoryLoader::closingWhileLoadingDoesNotWait() {
    {
        // A tab closed mid-load: the destructor leaves the running load to its worker.
        RepositoryLoader loader(m_fixture.options());
        loader.load(m_fixture.request());
    }
    const auto pools = QCoreApplication::instance()->findChildren<QThreadPool*>();
    QVERIFY2(pools.size() <= 1, "one worker left behind at most");
    if (!pools.isEmpty()) {
        // The worker goes once its load is done, with no result delivered to anyone.
        const QPointer<QThreadPool> orphan = pools.first();
        QTRY_VERIFY_WITH_TIMEOUT(orphan.isNull(), LoadTimeout);
    }
}

void TestRepositoryLoader::reloadSeesNewCommits() {
    RepositoryLoader loader(m_fixture.options());
    QSignalSpy loaded(&loader, &RepositoryLoader::loaded);
    loader.load(m_fixture.request());
    QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 1, LoadTimeout);
    auto committed = TestRepos::commit(m_fixture.bare(), u"main"_s,
                                       {{u"env/dev/api.yaml"_s, "image:\n  tag: \"2.1.0\"\n"}});
    QVERIFY2(committed, committed ? "" : qPrintable(committed.error().toString()));
    loader.reload();
    QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 2, LoadTimeout);
    const auto state = loaded.last().first().value<RepositoryState>();
    QCOMPARE(state.tip, *committed);
    QCOMPARE(summary(state, u"api"_s, u"api-dev"_s)->version, u"2.1.0"_s);
    QCOMPARE(summary(state, u"api"_s, u"api-staging"_s)->behind, 1);
}

QTEST_GUILESS_MAIN(TestRepositoryLoader)
#include "tst_repositoryloader.moc"

// freightdesk --demo: the world it builds, reached through the real clients, and the app itself
// started, screenshot taken and quit.
#include "argocdclient.h"
#include "argocdsimulator.h"
#include "awaitresult.h"
#include "demoregistry.h"
#include "demoworkspace.h"
#include "gitrepository.h"
#include "imagereference.h"
#include "promotionlog.h"
#include "registryclient.h"
#include "repositoryloader.h"

#include <QImage>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QtConcurrent>

using namespace Qt::Literals::StringLiterals;
using namespace fd;

namespace {

/** Runs @p work on a pool thread while this thread serves the demo's servers. */
template <typename Work> auto served(Work work) {
    QFuture future = QtConcurrent::run(std::move(work));
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, 120000))
        qFatal("the demo's servers did not answer within two minutes");
    return future.result();
}

const core::StageSummary* summary(const core::RepositoryState& state, const QString& service,
                                  const QString& stage) {
    const core::ServiceState* found = state.service(service);
    if (!found)
        return nullptr;
    for (const core::StageSummary& summary : found->summaries) {
        if (summary.stage == stage)
            return &summary;
    }
    return nullptr;
}

} // namespace

class DemoTest final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        auto started = demo::DemoWorkspace::start();
        QVERIFY2(started, qPrintable(started ? QString() : started.error().toString()));
        m_workspace = std::move(*started);
    }
    void cleanupTestCase() { m_workspace.reset(); }

    void repositoryLoadsOverHttp() {
        const auto request = m_workspace->repository();
        QVERIFY(request.urlOrPath.startsWith(u"http://127.0.0.1:"_s));
        const auto options = m_workspace->loaderOptions();
        const auto state = served([request, options] {
            return core::loadRepositoryState(request, options, QDateTime::currentDateTimeUtc());
        });
        QVERIFY2(state, qPrintable(state ? QString() : state.error().toString()));
        QCOMPARE(state->services.size(), 4);
        QCOMPARE(state->environments(), QStringList({u"dev"_s, u"staging"_s, u"prod"_s}));
        QVERIFY2(state->errors.isEmpty(), qPrintable(state->errors.value(0).toString()));
        for (const core::Finding& finding : state->pipeline.findings)
            QVERIFY2(finding.severity != core::Finding::Severity::Error,
                     qPrintable(finding.message));
        QCOMPARE(summary(*state, u"frontend"_s, u"frontend-prod"_s)->version, u"1.0.3"_s);
        QCOMPARE(summary(*state, u"frontend"_s, u"frontend-dev"_s)->version, u"1.0.5"_s);
        QCOMPARE(summary(*state, u"catalogue"_s, u"catalogue-dev"_s)->version, u"1.3.0"_s);
        const core::PipelineStage* prod = state->pipeline.stage(u"frontend-prod"_s);
        QVERIFY(prod);
        QCOMPARE(prod->policy.requiredApprovals, 1);
        QVERIFY(prod->argocdApps.contains(u"frontend-prod"_s));
        QVERIFY(state->changes.size() > 20);
        QVERIFY(state->events.size() > 30);
    }

    void registryListsTheTags() {
        QNetworkAccessManager network;
        core::RegistryClientOptions options;
        options.overrides = m_workspace->loaderOptions().registries;
        options.credentials = {};
        core::RegistryClient client(&network, options);
        const auto image =
            core::ImageReference::parse(m_workspace->registry()->host() + u"/demo/frontend"_s);
        QVERIFY(image);
        const auto tags =
            core::awaitResult<QStringList>([&](auto done) { client.listTags(*image, this, done); });
        QVERIFY2(tags, qPrintable(tags ? QString() : tags.error().toString()));
        QCOMPARE(tags->size(), 7);
        QVERIFY(tags->contains(u"1.0.6"_s));
        auto tagged = *image;
        tagged.tag = u"1.0.6"_s;
        const auto digest = core::awaitResult<QString>(
            [&](auto done) { client.manifestDigest(tagged, this, done); });
        QVERIFY2(digest, qPrintable(digest ? QString() : digest.error().toString()));
        QCOMPARE(*digest, m_workspace->registry()->digest(u"demo/frontend"_s, u"1.0.6"_s));
    }

    void argocdReportsTheBrokenTagDegraded() {
        QNetworkAccessManager network;
        auto connection = core::ArgoCdConnection::resolve(
            m_workspace->loaderOptions().argocd, {},
            [](const QString&) -> std::optional<QString> { return std::nullopt; });
        QVERIFY2(connection, qPrintable(connection ? QString() : connection.error().toString()));
        core::ArgoCdClient client(&network, *connection);
        const auto degraded = core::awaitResult<core::ArgoCdAppStatus>([&](auto done) {
            client.application(u"catalogue-dev"_s, core::ArgoCdRefresh::None, this, done);
        });
        QVERIFY2(degraded, qPrintable(degraded ? QString() : degraded.error().toString()));
        QCOMPARE(degraded->healthStatus, u"Degraded"_s);
        const auto healthy = core::awaitResult<core::ArgoCdAppStatus>([&](auto done) {
            client.application(u"frontend-prod"_s, core::ArgoCdRefresh::None, this, done);
        });
        QVERIFY(healthy);
        QCOMPARE(healthy->healthStatus, u"Healthy"_s);
        QCOMPARE(healthy->syncStatus, u"Synced"_s);
    }

    // libgit2 sends a push's pack chunked: the server must take it whole.
    void pushesGoThroughTheGitServer() {
        const auto options = m_workspace->loaderOptions();
        const QString url = m_workspace->repository().urlOrPath;
        const auto appended = served([url, options]() -> core::Result<QString> {
            auto repository = core::GitRepository::open(url, options.snapshot.git);
            if (!repository)
                return repository.error();
            core::PromotionEvent event;
            event.kind = core::PromotionEvent::Kind::Held;
            event.service = u"voting"_s;
            event.stage = u"voting-prod"_s;
            event.reason = u"Checking the vote counts first"_s;
            return core::PromotionLog(**repository).append({event});
        });
        QVERIFY2(appended, qPrintable(appended ? QString() : appended.error().toString()));
        QProcess git;
        git.start(u"git"_s, {u"--git-dir"_s, m_workspace->root() + u"/repositories/demo.git"_s,
                             u"log"_s, u"-1"_s, u"--format=%H"_s, u"freightdesk-log"_s});
        QVERIFY(git.waitForFinished());
        QCOMPARE(QString::fromLatin1(git.readAllStandardOutput()).trimmed(), *appended);
    }

    // The README's main command, end to end: no warning from Qt, a picture of the window.
    void appTakesItsScreenshotAndQuits() {
        QTemporaryDir folder;
        const QString file = folder.filePath(u"demo.png"_s);
        QTemporaryDir runtime; // else Qt warns that XDG_RUNTIME_DIR is not set
        QVERIFY(QFile::setPermissions(runtime.path(), QFileDevice::ReadOwner |
                                                          QFileDevice::WriteOwner |
                                                          QFileDevice::ExeOwner));
        QProcess app;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        environment.insert(u"XDG_RUNTIME_DIR"_s, runtime.path());
        app.setProcessEnvironment(environment);
        app.start(QStringLiteral(FREIGHTDESK_GUI_PATH), {u"--demo"_s, u"--screenshot"_s, file});
        QVERIFY(app.waitForFinished(180000));
        QString errors = QString::fromLocal8Bit(app.readAllStandardError());
        // The offscreen platform's own note on showing a window, not a warning about the app.
        errors.remove(u"This plugin does not support propagateSizeHints()\n"_s);
        QVERIFY2(app.exitStatus() == QProcess::NormalExit && app.exitCode() == 0,
                 qPrintable(errors));
        QVERIFY2(errors.trimmed().isEmpty(), qPrintable(errors));
        const QImage image(file);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() >= 1000 && image.height() >= 600);
    }

private:
    std::unique_ptr<demo::DemoWorkspace> m_workspace;
};

QTEST_MAIN(DemoTest)
#include "tst_demo.moc"

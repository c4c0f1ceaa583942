#pragma once

// A GitOps repository served by the Argo CD simulator, for the promotion run and queue tests.

#include "argocdclient.h"
#include "argocdsimulator.h"
#include "gitrepository.h"
#include "promotionlog.h"
#include "promotionrun.h"
#include "simtesting.h"
#include "testrepos.h"
#include "valueedit.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QThreadPool>

#include <memory>

namespace fd::testsupport {

/** The simulator's deploy repository, its Argo CD, a client and a serial Git worker. */
struct PromotionTestbed final {
    /** The automated app that deploys env/dev/values.yaml. */
    static QString devApp() { return QStringLiteral("team-a/api-dev"); }

    QString bare;
    std::unique_ptr<fd::argocdsim::ArgoCDSimulator> simulator;
    std::unique_ptr<fd::core::GitRepository> repository;
    QNetworkAccessManager network;
    std::unique_ptr<fd::core::ArgoCdClient> client;
    QThreadPool gitPool; // last: waits for Git work before the repository goes

    PromotionTestbed() { gitPool.setMaxThreadCount(1); }
    ~PromotionTestbed() { gitPool.waitForDone(); }

    QString start(const QString& folder) {
        bare = fd::argocdsim::testing::createDeployRepository(folder);
        if (bare.isEmpty())
            return QStringLiteral("no deploy repository");
        simulator = std::make_unique<fd::argocdsim::ArgoCDSimulator>(
            fd::argocdsim::testing::testConfig(bare));
        if (auto started = simulator->start(); !started)
            return started.error().toString();
        fd::core::GitRepositoryOptions options;
        options.cacheDirectory = folder + QStringLiteral("/mirrors");
        options.useKeychain = false;
        options.useCredentialHelpers = false;
        options.identity = fd::core::GitIdentity{QStringLiteral("Rita Release"),
                                                 QStringLiteral("rita@example.com")};
        auto opened = fd::core::GitRepository::open(QStringLiteral("file://") + bare, options);
        if (!opened)
            return opened.error().toString();
        repository = std::move(*opened);
        connect();
        return {};
    }

    /** A new simulator over the repository as it is now (its Application manifests re-read). */
    QString restartSimulator() {
        simulator = std::make_unique<fd::argocdsim::ArgoCDSimulator>(
            fd::argocdsim::testing::testConfig(bare));
        if (auto started = simulator->start(); !started)
            return started.error().toString();
        connect();
        return {};
    }

    void connect() {
        fd::core::ArgoCdConnection connection;
        connection.server = simulator->url();
        connection.authToken = simulator->issueToken();
        client = std::make_unique<fd::core::ArgoCdClient>(&network, connection);
    }

    fd::core::PromotionRunRequest request(const QString& tag,
                                          const QString& stage = QStringLiteral("dev"),
                                          const QStringList& apps = {devApp()}) const {
        fd::core::PromotionRunRequest request;
        request.service = QStringLiteral("api");
        request.stage = stage;
        request.freightId = QStringLiteral("f-") + tag;
        request.freightAlias = QStringLiteral("freight-") + tag;
        request.push.branch = QStringLiteral("main");
        request.push.edits = {*fd::core::ValueEdit::fromSpec(
            QStringLiteral("env/%1/values.yaml:image.tag=%2").arg(stage, tag))};
        request.push.message = QStringLiteral("Promote api %1 to %2").arg(tag, stage);
        request.argocdApps = apps;
        request.timeout = std::chrono::seconds(20);
        return request;
    }

    fd::core::PromotionRunOptions options() {
        fd::core::PromotionRunOptions options;
        options.tick = std::chrono::milliseconds(100);
        options.watch.firstRetry = std::chrono::milliseconds(50);
        options.watch.maxRetry = std::chrono::milliseconds(200);
        options.watch.pollInterval = std::chrono::milliseconds(200);
        options.gitPool = &gitPool;
        return options;
    }

    std::unique_ptr<fd::core::PromotionRun> run(fd::core::PromotionRunRequest request) {
        return std::make_unique<fd::core::PromotionRun>(*repository, client.get(),
                                                        std::move(request), options());
    }

    /** The promotion log's events, read on this thread once Git work is done. */
    QList<fd::core::PromotionEvent> events() {
        gitPool.waitForDone();
        auto log = fd::core::PromotionLog(*repository).read();
        return log ? log->events : QList<fd::core::PromotionEvent>();
    }
};

/** Waits (bounded) for @p run to finish. */
inline bool finishes(fd::core::PromotionRun& run, int milliseconds = 30000) {
    if (run.isFinished())
        return true;
    QSignalSpy finished(&run, &fd::core::PromotionRun::finished);
    return finished.wait(milliseconds) || run.isFinished();
}

} // namespace fd::testsupport

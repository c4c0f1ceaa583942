// PromotionHealth: when a promotion is done, from the applications' reported status. Table-driven:
// one row per rule, each starting from an app that is done and changing one thing.

#include "promotionhealth.h"

#include <QTest>

using namespace fd::core;
using namespace Qt::Literals::StringLiterals;
using State = PromotionVerdict::State;

Q_DECLARE_METATYPE(fd::core::ArgoCdAppStatus)

namespace {

const QString commit = u"4f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c"_s;
const QString older = u"0000000000000000000000000000000000000001"_s;
const QString gitops = u"https://git.example.com/org/gitops.git"_s;
const QDateTime started = QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);

QDateTime at(int seconds) {
    return started.addSecs(seconds);
}

// Synced, Healthy, at the pushed commit, last operation Succeeded and reconciled since.
ArgoCdAppStatus done(const QString& name) {
    ArgoCdAppStatus app;
    app.name = name;
    app.namespaceName = u"argocd"_s;
    app.syncStatus = u"Synced"_s;
    app.syncRevision = commit;
    app.healthStatus = u"Healthy"_s;
    app.hasOperationState = true;
    app.operationState.phase = u"Succeeded"_s;
    app.operationState.startedAt = at(10);
    app.operationState.finishedAt = at(20);
    app.operationState.syncRevision = commit;
    app.reconciledAt = at(25);
    app.sources.append(ArgoCdAppSource{gitops, u"main"_s, u"env/prod/frontend"_s, {}});
    return app;
}

ArgoCdAppStatus multiSource(const QString& name, const QStringList& revisions) {
    ArgoCdAppStatus app = done(name);
    app.multiSource = true;
    app.syncRevision.clear();
    app.syncRevisions = revisions;
    app.sources = {ArgoCdAppSource{u"https://charts.example.com"_s, u"1.2.3"_s, {}, u"web"_s},
                   ArgoCdAppSource{u"git@git.example.com:org/gitops.git"_s, u"main"_s, {}, {}}};
    return app;
}

template <typename Change> ArgoCdAppStatus changed(Change change) {
    ArgoCdAppStatus app = done(u"frontend"_s);
    change(app);
    return app;
}

} // namespace

class TestPromotionHealth final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void verdict_data() {
        QTest::addColumn<QList<ArgoCdAppStatus>>("apps");
        QTest::addColumn<int>("now");
        QTest::addColumn<QString>("repository");
        QTest::addColumn<int>("state");
        QTest::addColumn<QString>("message");
        const int waiting = int(State::Waiting);
        const int succeeded = int(State::Succeeded);
        const int failed = int(State::Failed);
        using Apps = QList<ArgoCdAppStatus>;

        QTest::newRow("done") << Apps{done(u"frontend"_s)} << 30 << QString() << succeeded
                              << u"synced and healthy"_s;
        QTest::newRow("every app done") << Apps{done(u"frontend"_s), done(u"backend"_s)} << 30
                                        << QString() << succeeded << QString();
        QTest::newRow("no operation ever")
            << Apps{changed([](auto& a) { a.hasOperationState = false; })} << 30 << QString()
            << succeeded << QString();
        QTest::newRow("commit in upper case")
            << Apps{changed([](auto& a) { a.syncRevision = commit.toUpper(); })} << 30 << QString()
            << succeeded << QString();
        QTest::newRow("older revision")
            << Apps{changed([](auto& a) { a.syncRevision = older; })} << 30 << QString() << waiting
            << u"argocd/frontend: waiting for 4f1c2d3e4f5a to be synced"_s;
        QTest::newRow("no revision yet") << Apps{changed([](auto& a) { a.syncRevision.clear(); })}
                                         << 30 << QString() << waiting << u"no revision"_s;
        QTest::newRow("out of sync")
            << Apps{changed([](auto& a) { a.syncStatus = u"OutOfSync"_s; })} << 30 << QString()
            << waiting << u"sync status is OutOfSync"_s;
        QTest::newRow("sync unknown") << Apps{changed([](auto& a) { a.syncStatus.clear(); })} << 30
                                      << QString() << waiting << u"sync status is unknown"_s;
        QTest::newRow("progressing") << Apps{changed([](auto& a) {
            a.healthStatus = u"Progressing"_s;
            a.healthMessage = u"Waiting for rollout"_s;
        })} << 30 << QString() << waiting
                                     << u"health is Progressing (Waiting for rollout)"_s;
        QTest::newRow("suspended")
            << Apps{changed([](auto& a) { a.healthStatus = u"Suspended"_s; })} << 30 << QString()
            << waiting << u"Suspended"_s;
        QTest::newRow("health unknown")
            << Apps{changed([](auto& a) { a.healthStatus = u"Unknown"_s; })} << 30 << QString()
            << waiting << u"health is Unknown"_s;
        QTest::newRow("operation pending")
            << Apps{changed([](auto& a) { a.operationPending = true; })} << 30 << QString()
            << waiting << u"pending"_s;
        QTest::newRow("operation running") << Apps{changed([](auto& a) {
            a.operationState.phase = u"Running"_s;
            a.operationState.finishedAt = {};
        })} << 30 << QString() << waiting << u"sync operation Running"_s;
        QTest::newRow("reconciled before the sync ended")
            << Apps{changed([](auto& a) { a.reconciledAt = at(15); })} << 30 << QString() << waiting
            << u"compare the app after its sync"_s;
        QTest::newRow("never reconciled") << Apps{changed([](auto& a) { a.reconciledAt = {}; })}
                                          << 30 << QString() << waiting << u"compare"_s;
        QTest::newRow("reconciled when the sync ended")
            << Apps{changed([](auto& a) { a.reconciledAt = at(20); })} << 30 << QString()
            << succeeded << QString();

        QTest::newRow("degraded")
            << Apps{changed([](auto& a) {
                   a.healthStatus = u"Degraded"_s;
                   a.healthMessage = u"Deployment exceeded its progress deadline"_s;
               })}
            << 30 << QString() << failed
            << u"argocd/frontend: Degraded (Deployment exceeded its progress deadline)"_s;
        QTest::newRow("missing") << Apps{changed([](auto& a) { a.healthStatus = u"Missing"_s; })}
                                 << 30 << QString() << failed << u"Missing"_s;
        QTest::newRow("degraded on the older revision") << Apps{changed([](auto& a) {
            a.healthStatus = u"Degraded"_s;
            a.syncRevision = older;
        })} << 30 << QString() << waiting << u"waiting for"_s;
        // Refreshed to the commit, not synced yet: the health is the old deployment's.
        QTest::newRow("degraded before the commit is synced") << Apps{changed([](auto& a) {
            a.healthStatus = u"Degraded"_s;
            a.syncStatus = u"OutOfSync"_s;
        })} << 30 << QString() << waiting << u"sync status is OutOfSync"_s;
        QTest::newRow("degraded while the sync runs") << Apps{changed([](auto& a) {
            a.healthStatus = u"Degraded"_s;
            a.operationState.phase = u"Running"_s;
        })} << 30 << QString() << waiting << u"Running"_s;
        QTest::newRow("degraded before the compare after the sync") << Apps{changed([](auto& a) {
            a.healthStatus = u"Degraded"_s;
            a.reconciledAt = at(5);
        })} << 30 << QString() << waiting << u"health is Degraded"_s;
        QTest::newRow("operation failed")
            << Apps{changed([](auto& a) {
                   a.operationState.phase = u"Failed"_s;
                   a.operationState.message = u"one or more objects failed to apply"_s;
               })}
            << 30 << QString() << failed
            << u"sync operation Failed (one or more objects failed to apply)"_s;
        QTest::newRow("operation error")
            << Apps{changed([](auto& a) { a.operationState.phase = u"Error"_s; })} << 30
            << QString() << failed << u"sync operation Error"_s;
        QTest::newRow("older failed operation of another revision") << Apps{changed([](auto& a) {
            a.syncRevision = older;
            a.operationState.phase = u"Failed"_s;
            a.operationState.startedAt = at(-100);
            a.operationState.syncRevision = older;
        })} << 30 << QString() << waiting << u"waiting for"_s;
        QTest::newRow("older failed operation of the pushed commit") << Apps{changed([](auto& a) {
            a.operationState.phase = u"Failed"_s;
            a.operationState.startedAt = at(-5);
        })} << 30 << QString() << failed << u"sync operation Failed"_s;
        QTest::newRow("comparison error")
            << Apps{changed([](auto& a) {
                   a.conditions.append(
                       {u"ComparisonError"_s, u"rpc error: Manifest generation error"_s});
               })}
            << 30 << QString() << failed
            << u"ComparisonError (rpc error: Manifest generation error)"_s;
        QTest::newRow("invalid spec") << Apps{changed([](auto& a) {
            a.syncRevision = older;
            a.conditions.append({u"InvalidSpecError"_s, u"repo not permitted"_s});
        })} << 30 << QString() << failed
                                      << u"InvalidSpecError"_s;
        QTest::newRow("other condition") << Apps{changed([](auto& a) {
            a.conditions.append({u"SharedResourceWarning"_s, {}});
        })} << 30 << QString() << succeeded
                                         << QString();

        QTest::newRow("timed out waiting")
            << Apps{changed([](auto& a) { a.healthStatus = u"Progressing"_s; })} << 600 << QString()
            << failed << u"timed out after 10 min: argocd/frontend: health is"_s;
        QTest::newRow("just before the timeout")
            << Apps{changed([](auto& a) { a.healthStatus = u"Progressing"_s; })} << 599 << QString()
            << waiting << QString();
        QTest::newRow("done at the timeout")
            << Apps{done(u"frontend"_s)} << 900 << QString() << succeeded << QString();
        QTest::newRow("no apps") << Apps{} << 30 << QString() << waiting << u"no Argo CD"_s;
        QTest::newRow("no apps, timed out")
            << Apps{} << 600 << QString() << failed << u"timed out"_s;

        QTest::newRow("worst wins: failed over done")
            << Apps{done(u"frontend"_s), changed([](auto& a) {
                        a.name = u"backend"_s;
                        a.healthStatus = u"Degraded"_s;
                    })}
            << 30 << QString() << failed << u"argocd/backend: Degraded"_s;
        QTest::newRow("worst wins: waiting over done")
            << Apps{done(u"frontend"_s), changed([](auto& a) {
                        a.name = u"backend"_s;
                        a.syncStatus = u"OutOfSync"_s;
                    })}
            << 30 << QString() << waiting << u"argocd/backend"_s;
        QTest::newRow("worst wins: failed over waiting")
            << Apps{changed([](auto& a) { a.syncStatus = u"OutOfSync"_s; }), changed([](auto& a) {
                        a.name = u"backend"_s;
                        a.operationState.phase = u"Error"_s;
                    })}
            << 30 << QString() << failed << u"argocd/backend: sync operation Error"_s;

        QTest::newRow("multi-source, our source at the commit")
            << Apps{multiSource(u"web"_s, {u"1.2.3"_s, commit})} << 30 << gitops << succeeded
            << QString();
        QTest::newRow("multi-source, another source at the commit")
            << Apps{multiSource(u"web"_s, {commit, older})} << 30 << gitops << waiting
            << u"waiting for"_s;
        QTest::newRow("multi-source, repository not given")
            << Apps{multiSource(u"web"_s, {u"1.2.3"_s, commit})} << 30 << QString() << succeeded
            << QString();
    }

    void verdict() {
        QFETCH(QList<ArgoCdAppStatus>, apps);
        QFETCH(int, now);
        QFETCH(QString, repository);
        QFETCH(int, state);
        QFETCH(QString, message);
        const PromotionHealth health(commit, started, PromotionHealth::defaultTimeout, repository);
        const PromotionVerdict verdict = health.evaluate(apps, at(now));
        QVERIFY2(verdict.message.contains(message), qPrintable(verdict.message));
        QCOMPARE(int(verdict.state), state);
        QCOMPARE(verdict.done(), state != int(State::Waiting));
    }

    void staticFormTakesTheTimeout() {
        ArgoCdAppStatus app = done(u"frontend"_s);
        app.healthStatus = u"Progressing"_s;
        const auto verdict =
            PromotionHealth::evaluate({app}, commit, started, at(61), std::chrono::seconds(60));
        QCOMPARE(verdict.state, State::Failed);
        QCOMPARE(verdict.app, u"argocd/frontend"_s);
        QVERIFY2(verdict.message.contains(u"timed out after 1 min"_s), qPrintable(verdict.message));
    }
};

QTEST_GUILESS_MAIN(TestPromotionHealth)
#include "tst_promotionhealth.moc"

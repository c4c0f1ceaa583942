#include "githistory.h"
#include "gitrepository.h"
#include "promotionrevert.h"
#include "testrepos.h"

#include <QTemporaryDir>
#include <QTest>

using namespace fd::core;
using namespace fd::testsupport;
using namespace Qt::Literals::StringLiterals;

namespace {

QByteArray values(const QByteArray& tag, int replicas = 2) {
    return "image:\n  tag: \"" + tag +
           "\"  # set by Freightdesk\nreplicaCount: " + QByteArray::number(replicas) + '\n';
}

PipelineStage stage(const QString& service, const QString& environment) {
    PipelineStage result;
    result.name = service + u'-' + environment;
    result.service = service;
    result.environment = environment;
    PipelineTarget target;
    target.file = u"env/%1/%2.yaml"_s.arg(environment, service);
    target.key = u"image.tag"_s;
    target.value = u"imageFrom(ghcr.io/acme/%1).Tag"_s.arg(service);
    result.targets = {target};
    return result;
}

Pipeline pipeline() {
    Pipeline result;
    for (const QString& service : {u"api"_s, u"web"_s}) {
        result.services.append({service, u"ghcr.io/acme/"_s + service, {}, {}, {}});
        result.stages << stage(service, u"staging"_s) << stage(service, u"prod"_s);
    }
    return result;
}

} // namespace

class TestPromotionRevert final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_root;
    int m_serial = 0;
    Pipeline m_pipeline = pipeline();

    /** A repository where api and web run 1.0.0 everywhere; returns its path. */
    QString repository() {
        const QString path = m_root.filePath(u"repo-%1.git"_s.arg(++m_serial));
        const auto created =
            TestRepos::createBare(path, {{u"env/staging/api.yaml"_s, values("1.0.0")},
                                         {u"env/prod/api.yaml"_s, values("1.0.0")},
                                         {u"env/staging/web.yaml"_s, values("1.0.0")},
                                         {u"env/prod/web.yaml"_s, values("1.0.0")}});
        if (!created)
            qFatal("%s", qPrintable(created.error().toString()));
        return path;
    }
    static QString commit(const QString& repository, const QMap<QString, QByteArray>& files,
                          const QString& message = u"Change"_s) {
        const auto made = TestRepos::commit(repository, u"main"_s, files, message);
        if (!made)
            qFatal("%s", qPrintable(made.error().toString()));
        return *made;
    }
    Result<RevertPlan> plan(const QString& repository, const QString& commit) const {
        auto history = GitHistory::open(repository);
        if (!history)
            return std::move(history).error();
        return PromotionRevert(**history, m_pipeline)
            .plan(commit, TestRepos::revParse(repository, u"main"_s));
    }
    static QString fileAt(const QString& repository, const QString& path) {
        return TestRepos::git({u"show"_s, u"main:"_s + path}, repository).text();
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_root.isValid());
        TestRepos::isolateEnvironment(m_root.path());
    }

    void onePromotion() {
        const QString repo = repository();
        const QString promoted = commit(repo, {{u"env/prod/api.yaml"_s, values("1.1.0")}},
                                        u"Promote api 1.1.0 to api-prod"_s);
        const auto reverted = plan(repo, promoted.left(10));
        QVERIFY2(reverted, qPrintable(reverted ? QString() : reverted.error().toString()));
        QCOMPARE(reverted->commit, promoted);
        QCOMPARE(reverted->summary, u"Promote api 1.1.0 to api-prod"_s);
        QCOMPARE(reverted->edits.size(), 1);
        QCOMPARE(reverted->edits[0].describe(), u"env/prod/api.yaml: image.tag"_s);
        QCOMPARE(reverted->edits[0].value, u"1.0.0"_s);
        QCOMPARE(reverted->stages, QStringList{u"api-prod"_s});

        const PushRequest request = reverted->request(u"main"_s);
        QVERIFY2(request.message.startsWith(u"Revert \"Promote api 1.1.0 to api-prod\"\n"_s),
                 qPrintable(request.message));
        QCOMPARE(request.trailers,
                 (QList<std::pair<QString, QString>>{{u"Freightdesk-Reverts"_s, promoted},
                                                     {u"Freightdesk-Stage"_s, u"api-prod"_s}}));
    }

    void aTrainWithLaterUnrelatedChanges() {
        const QString repo = repository();
        const QString train = commit(
            repo,
            {{u"env/prod/web.yaml"_s, values("2.0.0")}, {u"env/prod/api.yaml"_s, values("1.1.0")}},
            u"Promote to prod: api 1.1.0, web 2.0.0"_s);
        // Later: someone scales api in prod, and staging moves on.
        commit(repo, {{u"env/prod/api.yaml"_s, values("1.1.0", 5)},
                      {u"env/staging/web.yaml"_s, values("3.0.0")}});
        const auto reverted = plan(repo, train);
        QVERIFY2(reverted, qPrintable(reverted ? QString() : reverted.error().toString()));
        QCOMPARE(reverted->stages, (QStringList{u"api-prod"_s, u"web-prod"_s}));
        QCOMPARE(reverted->edits.size(), 2);

        GitRepositoryOptions options;
        options.cacheDirectory = m_root.filePath(u"cache"_s);
        options.identity = GitIdentity{u"Rita Release"_s, u"rita@example.com"_s};
        auto git = GitRepository::open(u"file://"_s + repo, options);
        QVERIFY(git);
        const auto pushed = ValuesPush(**git).run(reverted->request(u"main"_s));
        QVERIFY2(pushed, qPrintable(pushed ? QString() : pushed.error().toString()));
        QCOMPARE(fileAt(repo, u"env/prod/api.yaml"_s),
                 QString::fromUtf8(values("1.0.0", 5)).trimmed());
        QCOMPARE(fileAt(repo, u"env/prod/web.yaml"_s),
                 QString::fromUtf8(values("1.0.0")).trimmed());
        QCOMPARE(fileAt(repo, u"env/staging/web.yaml"_s),
                 QString::fromUtf8(values("3.0.0")).trimmed());
        const QString message =
            TestRepos::git({u"log"_s, u"-1"_s, u"--format=%B"_s, u"main"_s}, repo).text();
        QVERIFY2(message.contains(u"Freightdesk-Reverts: "_s + train), qPrintable(message));
    }

    void aLaterChangeOfTheSameKey_data() {
        QTest::addColumn<QByteArray>("later");
        QTest::newRow("changed again: a conflict") << QByteArray("1.2.0");
        QTest::newRow("back already: left alone") << QByteArray("1.0.0");
    }

    void aLaterChangeOfTheSameKey() {
        QFETCH(QByteArray, later);
        const QString repo = repository();
        const QString promoted = commit(repo, {{u"env/prod/api.yaml"_s, values("1.1.0")},
                                               {u"env/prod/web.yaml"_s, values("2.0.0")}});
        commit(repo, {{u"env/prod/api.yaml"_s, values(later)}}, u"Promote api again"_s);
        const auto reverted = plan(repo, promoted);
        if (later == "1.0.0") {
            QVERIFY(reverted);
            QCOMPARE(reverted->alreadyBack, QStringList{u"env/prod/api.yaml: image.tag"_s});
            QCOMPARE(reverted->edits.size(), 1);
            QCOMPARE(reverted->stages, QStringList{u"web-prod"_s});
            return;
        }
        QVERIFY(!reverted);
        QCOMPARE(reverted.error().kind, Error::Kind::Conflict);
        QCOMPARE(reverted.error().location, u"env/prod/api.yaml"_s);
        QVERIFY2(
            reverted.error().message.contains(
                u"env/prod/api.yaml: image.tag was changed again after %1: it is \"1.2.0\" now"_s
                    .arg(promoted.left(12))),
            qPrintable(reverted.error().message));
    }

    void onlyPromotionsAreReverted_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("another key") << u"env/prod/api.yaml"_s << values("1.0.0", 3)
                                     << u"changes env/prod/api.yaml but no stage's version"_s;
        QTest::newRow("another key too") << u"env/prod/api.yaml"_s << values("1.1.0", 3)
                                         << u"changes more of env/prod/api.yaml"_s;
        QTest::newRow("a new file")
            << u"env/prod/cart.yaml"_s << values("1.0.0") << u"adds env/prod/cart.yaml"_s;
    }

    void onlyPromotionsAreReverted() {
        QFETCH(QString, path);
        QFETCH(QByteArray, content);
        QFETCH(QString, mentions);
        const QString repo = repository();
        const QString changed = commit(repo, {{path, content}});
        const auto reverted = plan(repo, changed);
        QVERIFY(!reverted);
        QCOMPARE(reverted.error().kind, Error::Kind::Unsupported);
        QVERIFY2(reverted.error().message.contains(mentions), qPrintable(reverted.error().message));
        QVERIFY(reverted.error().message.contains(u"git revert"_s));
    }

    void aCommitNotOnTheBranch() {
        const QString repo = repository();
        const QString first = TestRepos::revParse(repo, u"main"_s);
        const QString later = commit(repo, {{u"env/prod/api.yaml"_s, values("1.1.0")}});
        auto history = GitHistory::open(repo);
        QVERIFY(history);
        const auto reverted = PromotionRevert(**history, m_pipeline).plan(later, first);
        QVERIFY(!reverted);
        QVERIFY2(reverted.error().message.contains(u"is not in the branch's history"_s),
                 qPrintable(reverted.error().message));
        const auto first_ = PromotionRevert(**history, m_pipeline).plan(first, later);
        QVERIFY(!first_);
        QVERIFY(first_.error().message.contains(u"is the first commit"_s));
    }
};

QTEST_GUILESS_MAIN(TestPromotionRevert)
#include "tst_promotionrevert.moc"

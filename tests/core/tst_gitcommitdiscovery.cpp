// Git subscriptions' commit discovery: GitPathFilter (Kargo's includePaths/excludePaths),
// GitHistory::tags and ::changes, GitCommitDiscovery, and GitRepository::fetchTags, on a
// repository written by `git fast-import` so that times and tags are exactly as given.

#include "gitcommitdiscovery.h"
#include "githistory.h"
#include "gitpathfilter.h"
#include "gitrepository.h"
#include "gitsubscriptiondiscovery.h"
#include "gittestbed.h"
#include "testrepos.h"

#include <QTemporaryDir>
#include <QTest>

using namespace fd::core;
using namespace fd::testsupport;
using namespace Qt::Literals::StringLiterals;

namespace {

QByteArray commit(int mark, qint64 time, const QByteArray& message,
                  const QList<QPair<QByteArray, QByteArray>>& files) {
    QByteArray s = "commit refs/heads/main\nmark :" + QByteArray::number(mark) + '\n';
    const QByteArray when = QByteArray::number(time) + " +0000\n";
    s += "author Dev Example <dev@example.com> " + when;
    s += "committer CI Bot <ci@example.com> " + when;
    s += "data " + QByteArray::number(message.size()) + '\n' + message + '\n';
    for (const auto& [path, content] : files)
        s += "M 100644 inline " + path + "\ndata " + QByteArray::number(content.size()) + '\n' +
             content + '\n';
    return s + '\n';
}

QByteArray annotatedTag(const QByteArray& name, int mark, qint64 time, const QByteArray& message) {
    return "tag " + name + "\nfrom :" + QByteArray::number(mark) +
           "\ntagger Release Manager <rm@example.com> " + QByteArray::number(time) +
           " +0000\ndata " + QByteArray::number(message.size()) + '\n' + message + '\n';
}

QByteArray lightweightTag(const QByteArray& name, int mark) {
    return "reset refs/tags/" + name + "\nfrom :" + QByteArray::number(mark) + "\n\n";
}

QStringList ids(const QList<DiscoveredCommit>& commits) {
    QStringList result;
    for (const DiscoveredCommit& c : commits)
        result.append(c.tag.isEmpty() ? c.id : c.tag);
    return result;
}

} // namespace

class TestGitCommitDiscovery final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_root;
    QString m_bare;
    QMap<int, QString> m_ids; // mark -> commit id

    std::unique_ptr<GitHistory> history() const {
        auto opened = GitHistory::open(m_bare);
        return opened ? std::move(*opened) : nullptr;
    }
    GitPathFilter filter(const QStringList& include, const QStringList& exclude = {}) const {
        auto parsed = GitPathFilter::parse(include, exclude);
        if (!parsed)
            qWarning("%s", qPrintable(parsed.error().toString()));
        return parsed ? *parsed : GitPathFilter();
    }
    QStringList marks(const QList<int>& list) const {
        QStringList result;
        for (int mark : list)
            result.append(m_ids.value(mark));
        return result;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_root.isValid());
        TestRepos::isolateEnvironment(m_root.path());
        m_bare = m_root.filePath(u"app.git"_s);
        QVERIFY(TestRepos::git(
                    {u"init"_s, u"--quiet"_s, u"--bare"_s, u"--initial-branch=main"_s, m_bare})
                    .ok());
        QByteArray stream;
        stream += commit(1, 1000, "Initial\n",
                         {{"src/app.go", "package main\n"},
                          {"docs/readme.md", "# App\n"},
                          {"charts/app/values.yaml", "replicas: 1\n"}});
        stream += commit(2, 2000, "Docs only\n", {{"docs/readme.md", "# App (v2)\n"}});
        stream += commit(3, 3000, "Fix the handler\n\nLonger body.\n",
                         {{"src/app.go", "package main // fixed\n"}});
        stream += commit(4, 4000, "Chart and docs\n",
                         {{"charts/app/values.yaml", "replicas: 2\n"}, {"docs/x.md", "x\n"}});
        stream += commit(5, 5000, "Utility\n", {{"src/lib/util.go", "package lib\n"}});
        stream += commit(6, 6000,
                         "A second source tree whose name starts like the first one and whose "
                         "subject is longer than eighty characters\n",
                         {{"src2/x.go", "package x\n"}});
        stream += "blob\nmark :7\ndata 4\nkey\n\n";
        stream += lightweightTag("v1.0.0", 3);
        stream += annotatedTag("v1.1.0", 5, 5500, "Release 1.1.0\n\nNotes.\n");
        stream += annotatedTag("v0.9.0", 1, 7000, "Late tag of the first commit\n");
        stream += lightweightTag("docs-only", 2);
        stream += annotatedTag("signing-key", 7, 8000, "A blob, not a commit\n");
        const QString marksFile = m_root.filePath(u"marks"_s);
        const GitRun run =
            TestRepos::git({u"fast-import"_s, u"--quiet"_s, u"--export-marks="_s + marksFile},
                           m_bare, stream + "done\n");
        QVERIFY2(run.ok(), run.errors.constData());
        QFile file(marksFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        for (const QByteArray& line : file.readAll().split('\n')) {
            if (line.startsWith(':'))
                m_ids.insert(line.mid(1, line.indexOf(' ') - 1).toInt(),
                             QString::fromLatin1(line.mid(line.indexOf(' ') + 1)));
        }
        QCOMPARE(m_ids.size(), 7);
    }

    void pathFilterFollowsKargo_data() {
        QTest::addColumn<QStringList>("include");
        QTest::addColumn<QStringList>("exclude");
        QTest::addColumn<QStringList>("paths");
        QTest::addColumn<bool>("selected");
        const QStringList go{u"src/lib/util.go"_s};
        QTest::newRow("no selectors") << QStringList{} << QStringList{} << go << true;
        QTest::newRow("no paths") << QStringList{} << QStringList{} << QStringList{} << false;
        QTest::newRow("folder") << QStringList{u"src"_s} << QStringList{} << go << true;
        QTest::newRow("folder with slash") << QStringList{u"src/"_s} << QStringList{} << go << true;
        QTest::newRow("name prefix is not a folder")
            << QStringList{u"src"_s} << QStringList{} << QStringList{u"src2/x.go"_s} << false;
        QTest::newRow("the file itself")
            << QStringList{u"src/lib/util.go"_s} << QStringList{} << go << true;
        QTest::newRow("root") << QStringList{u"."_s} << QStringList{} << go << true;
        QTest::newRow("glob stays in its folder")
            << QStringList{u"glob:src/*.go"_s} << QStringList{} << go << false;
        QTest::newRow("glob") << QStringList{u"glob:src/*/*.go"_s} << QStringList{} << go << true;
        QTest::newRow("regex searches")
            << QStringList{u"regex:lib/"_s} << QStringList{} << go << true;
        QTest::newRow("regexp: too")
            << QStringList{u"regexp:\\.go$"_s} << QStringList{} << go << true;
        QTest::newRow("excluded") << QStringList{} << QStringList{u"src/lib"_s} << go << false;
        QTest::newRow("one path left")
            << QStringList{u"src"_s} << QStringList{u"src/lib"_s}
            << QStringList{u"src/lib/util.go"_s, u"src/app.go"_s} << true;
        QTest::newRow("included elsewhere only")
            << QStringList{u"charts"_s} << QStringList{u"docs"_s}
            << QStringList{u"docs/x.md"_s, u"src/app.go"_s} << false;
    }

    void pathFilterFollowsKargo() {
        QFETCH(QStringList, include);
        QFETCH(QStringList, exclude);
        QFETCH(QStringList, paths);
        QFETCH(bool, selected);
        const auto parsed = GitPathFilter::parse(include, exclude);
        QVERIFY(parsed);
        QCOMPARE(parsed->selects(paths), selected);
        QCOMPARE(parsed->isEmpty(), include.isEmpty() && exclude.isEmpty());
    }

    void badRegexIsNamed() {
        const auto parsed = GitPathFilter::parse({}, {u"regex:src/(unclosed"_s});
        QVERIFY(!parsed);
        QCOMPARE(parsed.error().kind, Error::Kind::InvalidInput);
        QVERIFY2(parsed.error().message.contains(u"excludePaths 'regex:src/(unclosed'"_s),
                 qPrintable(parsed.error().message));
    }

    void tagsNewestFirstByCreatorDate() {
        const auto git = history();
        QVERIFY(git);
        const auto tags = git->tags();
        FD_VERIFY_OK(tags);
        QStringList names;
        for (const GitTagInfo& tag : *tags)
            names.append(tag.name);
        // v0.9.0 was tagged last though it names the first commit; the blob's tag is left out.
        QCOMPARE(names, (QStringList{u"v0.9.0"_s, u"v1.1.0"_s, u"v1.0.0"_s, u"docs-only"_s}));
        const GitTagInfo& annotated = tags->at(1);
        QCOMPARE(annotated.commitId, m_ids.value(5));
        QCOMPARE(annotated.subject, u"Release 1.1.0"_s);
        QCOMPARE(annotated.creatorDate.toSecsSinceEpoch(), 5500);
        QCOMPARE(annotated.author.email, u"dev@example.com"_s);
        const GitTagInfo& lightweight = tags->at(2);
        QCOMPARE(lightweight.commitId, m_ids.value(3));
        QCOMPARE(lightweight.subject, u"Fix the handler"_s);
        QCOMPARE(lightweight.creatorDate.toSecsSinceEpoch(), 3000);
    }

    void changesOfOneCommit() {
        const auto git = history();
        QVERIFY(git);
        const auto changes = git->changes(m_ids.value(4));
        FD_VERIFY_OK(changes);
        QCOMPARE(changes->size(), 2);
        QCOMPARE(changes->at(0).path, u"charts/app/values.yaml"_s);
        QCOMPARE(changes->at(1).path, u"docs/x.md"_s);
        const auto root = git->changes(m_ids.value(1));
        FD_VERIFY_OK(root);
        QCOMPARE(root->size(), 3);
        QVERIFY(!git->changes(u"no-such-revision"_s));
    }

    void branchHistoryWithFilters_data() {
        QTest::addColumn<QStringList>("include");
        QTest::addColumn<QStringList>("exclude");
        QTest::addColumn<int>("limit");
        QTest::addColumn<QList<int>>("expected");
        QTest::newRow("newest three") << QStringList{} << QStringList{} << 3 << QList<int>{6, 5, 4};
        QTest::newRow("src") << QStringList{u"src"_s} << QStringList{} << 20 << QList<int>{5, 3, 1};
        QTest::newRow("src, two") << QStringList{u"src"_s} << QStringList{} << 2
                                  << QList<int>{5, 3};
        QTest::newRow("chart values") << QStringList{u"glob:charts/*/values.yaml"_s}
                                      << QStringList{} << 20 << QList<int>{4, 1};
        QTest::newRow("all but docs")
            << QStringList{} << QStringList{u"docs"_s} << 20 << QList<int>{6, 5, 4, 3, 1};
        QTest::newRow("go outside lib") << QStringList{u"regex:\\.go$"_s}
                                        << QStringList{u"src/lib"_s} << 20 << QList<int>{6, 3, 1};
        QTest::newRow("nothing") << QStringList{u"nothing"_s} << QStringList{} << 20
                                 << QList<int>{};
    }

    void branchHistoryWithFilters() {
        QFETCH(QStringList, include);
        QFETCH(QStringList, exclude);
        QFETCH(int, limit);
        QFETCH(QList<int>, expected);
        const auto git = history();
        QVERIFY(git);
        const auto found = GitCommitDiscovery::branchHistory(*git, u"main"_s, u"main"_s,
                                                             filter(include, exclude), limit);
        FD_VERIFY_OK(found);
        QCOMPARE(ids(*found), marks(expected));
    }

    void branchCommitsCarryWhatKargoRecords() {
        const auto git = history();
        QVERIFY(git);
        const auto found =
            GitCommitDiscovery::branchHistory(*git, u"main"_s, u"main"_s, GitPathFilter(), 1);
        FD_VERIFY_OK(found);
        QCOMPARE(found->size(), 1);
        const DiscoveredCommit& newest = found->first();
        QCOMPARE(newest.branch, u"main"_s);
        QCOMPARE(newest.author, u"Dev Example <dev@example.com>"_s);
        QCOMPARE(newest.committer, u"CI Bot <ci@example.com>"_s);
        QCOMPARE(newest.creatorDate.toSecsSinceEpoch(), 6000);
        QCOMPARE(newest.subject.size(), 80);
        QVERIFY(newest.subject.endsWith(u"..."_s));
    }

    void taggedCommitsWithFilters() {
        const auto git = history();
        QVERIFY(git);
        const auto tags = git->tags();
        FD_VERIFY_OK(tags);
        const auto src = GitCommitDiscovery::tagged(*git, *tags, filter({u"src"_s}), 20);
        FD_VERIFY_OK(src);
        QCOMPARE(ids(*src), (QStringList{u"v0.9.0"_s, u"v1.1.0"_s, u"v1.0.0"_s}));
        QCOMPARE(src->at(1).id, m_ids.value(5));
        QCOMPARE(src->at(1).creatorDate.toSecsSinceEpoch(), 5500);
        const auto limited = GitCommitDiscovery::tagged(*git, *tags, GitPathFilter(), 2);
        FD_VERIFY_OK(limited);
        QCOMPARE(ids(*limited), (QStringList{u"v0.9.0"_s, u"v1.1.0"_s}));
    }

    void subscriptionsDiscoverAsKargo_data() {
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<QString>("constraint");
        QTest::addColumn<bool>("strict");
        QTest::addColumn<QStringList>("ignore");
        QTest::addColumn<QStringList>("include");
        QTest::addColumn<int>("limit");
        QTest::addColumn<QStringList>("expected"); // tags, or commit marks for a branch
        QTest::newRow("newest from the default branch, src")
            << QString() << QString() << true << QStringList{} << QStringList{u"src"_s} << 20
            << QStringList{u"5"_s, u"3"_s, u"1"_s};
        QTest::newRow("semver, strict (a leading v is allowed, as in Kargo)")
            << u"SemVer"_s << QString() << true << QStringList{} << QStringList{} << 20
            << QStringList{u"v1.1.0"_s, u"v1.0.0"_s, u"v0.9.0"_s};
        QTest::newRow("semver, lenient, constraint")
            << u"SemVer"_s << u"^1.0.0"_s << false << QStringList{} << QStringList{} << 20
            << QStringList{u"v1.1.0"_s, u"v1.0.0"_s};
        QTest::newRow("lexical, two")
            << u"Lexical"_s << QString() << true << QStringList{} << QStringList{} << 2
            << QStringList{u"v1.1.0"_s, u"v1.0.0"_s};
        QTest::newRow("newest tag, one ignored")
            << u"NewestTag"_s << QString() << true << QStringList{u"v0.9.0"_s} << QStringList{}
            << 20 << QStringList{u"v1.1.0"_s, u"v1.0.0"_s, u"docs-only"_s};
        QTest::newRow("newest tag touching docs")
            << u"NewestTag"_s << QString() << true << QStringList{} << QStringList{u"docs"_s} << 20
            << QStringList{u"v0.9.0"_s, u"docs-only"_s};
    }

    void subscriptionsDiscoverAsKargo() {
        QFETCH(QString, strategy);
        QFETCH(QString, constraint);
        QFETCH(bool, strict);
        QFETCH(QStringList, ignore);
        QFETCH(QStringList, include);
        QFETCH(int, limit);
        QFETCH(QStringList, expected);
        WarehouseSubscription subscription;
        subscription.kind = WarehouseSubscription::Kind::Git;
        subscription.repoURL = u"file://"_s + m_bare;
        subscription.selectionStrategy = strategy;
        subscription.semverConstraint = constraint;
        subscription.strictSemvers = strict;
        subscription.ignoreTags = ignore;
        subscription.includePaths = include;
        subscription.discoveryLimit = limit;
        GitRepositoryOptions options;
        options.cacheDirectory = m_root.filePath(u"subscription-cache"_s);
        const auto found = GitSubscriptionDiscovery::discover(subscription, options);
        FD_VERIFY_OK(found);
        QStringList want = expected;
        if (strategy.isEmpty()) {
            want.clear();
            for (const QString& mark : expected)
                want.append(m_ids.value(mark.toInt()));
            for (const DiscoveredCommit& c : *found)
                QCOMPARE(c.branch, u"main"_s); // the remote's default branch
        }
        QCOMPARE(ids(*found), want);
    }

    void unknownStrategyIsAnError() {
        WarehouseSubscription subscription;
        subscription.kind = WarehouseSubscription::Kind::Git;
        subscription.repoURL = u"file://"_s + m_bare;
        subscription.selectionStrategy = u"Newest"_s;
        GitRepositoryOptions options;
        options.cacheDirectory = m_root.filePath(u"subscription-cache"_s);
        const auto found = GitSubscriptionDiscovery::discover(subscription, options);
        QVERIFY(!found);
        QVERIFY2(found.error().message.contains(u"Newest"_s), qPrintable(found.error().message));
    }

    void fetchTagsMirrorsTheRemoteOutsideRefsTags() {
        const QString url = u"file://"_s + m_bare;
        GitRepositoryOptions options;
        options.cacheDirectory = m_root.filePath(u"cache"_s);
        auto repository = GitRepository::open(url, options);
        FD_VERIFY_OK(repository);
        auto fetched = (*repository)->fetchTags();
        FD_VERIFY_OK(fetched);
        QCOMPARE(*fetched, 5); // the blob's tag is fetched too, and left out by tags()
        auto mirror = GitHistory::open((*repository)->gitDirectory());
        FD_VERIFY_OK(mirror);
        auto tags = (*mirror)->tags(GitRepository::tagNamespace());
        FD_VERIFY_OK(tags);
        QCOMPARE(tags->size(), 4);
        QCOMPARE(TestRepos::git({u"for-each-ref"_s, u"refs/tags/"_s}, (*repository)->gitDirectory())
                     .text(),
                 QString());

        // A tag deleted upstream goes; a clone's own tags are never touched.
        QVERIFY(TestRepos::git({u"tag"_s, u"-d"_s, u"docs-only"_s}, m_bare).ok());
        fetched = (*repository)->fetchTags();
        FD_VERIFY_OK(fetched);
        QCOMPARE(*fetched, 4);
        const auto clone = TestRepos::clone(m_bare, m_root.filePath(u"clone"_s));
        FD_VERIFY_OK(clone);
        QVERIFY(TestRepos::git({u"tag"_s, u"mine"_s}, *clone).ok());
        QVERIFY(TestRepos::git({u"tag"_s, u"-f"_s, u"v1.0.0"_s, u"HEAD~2"_s}, *clone).ok());
        const QString before = TestRepos::git({u"show-ref"_s, u"--tags"_s}, *clone).text();
        auto local = GitRepository::open(*clone, options);
        FD_VERIFY_OK(local);
        FD_VERIFY_OK((*local)->fetchTags());
        QCOMPARE(TestRepos::git({u"show-ref"_s, u"--tags"_s}, *clone).text(), before);
        auto cloneHistory = GitHistory::open(*clone);
        FD_VERIFY_OK(cloneHistory);
        auto remoteTags = (*cloneHistory)->tags(GitRepository::tagNamespace());
        FD_VERIFY_OK(remoteTags);
        QCOMPARE(remoteTags->size(), 3);
        QCOMPARE(remoteTags->at(2).commitId, m_ids.value(3)); // the remote's v1.0.0, not ours
    }
};

QTEST_GUILESS_MAIN(TestGitCommitDiscovery)
#include "tst_gitcommitdiscovery.moc"

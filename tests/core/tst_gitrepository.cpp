// GitRepository: opening mirrors and clones, reading files, building commits, identity.
// Fetch and push over the network are in tst_gitremote.cpp.

#include "gitrepository.h"
#include "gittestbed.h"
#include "keychainstore.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QTest>

using namespace fd::core;
using namespace fd::testsupport;

class TestGitRepository final : public QObject {
    Q_OBJECT

private:
    GitTestBed m_bed;

private Q_SLOTS:
    void initTestCase() {
        const auto started = m_bed.start();
        FD_VERIFY_OK(started);
    }

    void init() { TestRepos::writeGlobalConfig({}); }

    void opensFileUrlAsBareMirror() {
        const QString origin = m_bed.filePath(QStringLiteral("file-origin.git"));
        const auto initial = TestRepos::createBare(origin, GitTestBed::initialFiles());
        FD_VERIFY_OK(initial);
        const auto other =
            TestRepos::commit(origin, QStringLiteral("main"), {{QStringLiteral("x"), "x"}});
        FD_VERIFY_OK(other);
        QVERIFY(
            TestRepos::git({QStringLiteral("branch"), QStringLiteral("other"), *initial}, origin)
                .ok());

        const auto opened =
            GitRepository::open(QStringLiteral("file://") + origin, m_bed.options());
        FD_VERIFY_OK(opened);
        GitRepository& repository = **opened;
        QVERIFY(repository.isMirror());
        QVERIFY(repository.gitDirectory().startsWith(m_bed.options().cacheDirectory + u'/'));
        QCOMPARE(
            TestRepos::git({QStringLiteral("rev-parse"), QStringLiteral("--is-bare-repository")},
                           repository.gitDirectory())
                .text(),
            QStringLiteral("true"));

        const auto tip = repository.fetch(QStringLiteral("main"));
        FD_VERIFY_OK(tip);
        QCOMPARE(*tip, *other);
        // Only the branch asked for was fetched, and only into its tracking ref.
        QCOMPARE(refsOf(repository.gitDirectory()),
                 QStringLiteral("refs/remotes/origin/main ") + *other);
        const auto content = repository.readFile(GitRepository::trackingRef(QStringLiteral("main")),
                                                 GitTestBed::valuesPath);
        FD_VERIFY_OK(content);
        QCOMPARE(*content, GitTestBed::initialFiles().value(GitTestBed::valuesPath));
    }

    // A first open of a repository on this machine links its object files (seconds for a long
    // history, where libgit2's local transport built a pack object by object); a source whose
    // files alone are not its whole history is fetched the ordinary way. Either way the mirror
    // holds the complete history and only the tracking ref.
    void firstOpenOfLocalRepositoryReusesItsObjectFiles_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<bool>("linked");
        QTest::newRow("packed and loose") << QStringLiteral("packed") << true;
        QTest::newRow("borrows objects (alternates)") << QStringLiteral("alternates") << false;
    }

    void firstOpenOfLocalRepositoryReusesItsObjectFiles() {
        QFETCH(QString, kind);
        QFETCH(bool, linked);
        const QString base =
            m_bed.filePath(QStringLiteral("seed-base-") + kind + QStringLiteral(".git"));
        FD_VERIFY_OK(TestRepos::createBare(base, GitTestBed::initialFiles()));
        FD_VERIFY_OK(TestRepos::commit(base, QStringLiteral("main"), {{QStringLiteral("a"), "a"}}));
        QVERIFY(TestRepos::git({QStringLiteral("repack"), QStringLiteral("-adq")}, base).ok());
        QString origin = base;
        if (kind == QStringLiteral("alternates")) {
            origin = m_bed.filePath(QStringLiteral("seed-alternates.git"));
            QVERIFY(TestRepos::git({QStringLiteral("clone"), QStringLiteral("--bare"),
                                    QStringLiteral("--shared"), base, origin})
                        .ok());
        }
        // One more commit as loose objects on top of the packed history.
        const auto tip =
            TestRepos::commit(origin, QStringLiteral("main"), {{QStringLiteral("b"), "b"}});
        FD_VERIFY_OK(tip);

        const auto opened =
            GitRepository::open(QStringLiteral("file://") + origin, m_bed.options());
        FD_VERIFY_OK(opened);
        const QString mirror = (*opened)->gitDirectory();
        const QStringList originPacks = QDir(origin + QStringLiteral("/objects/pack"))
                                            .entryList({QStringLiteral("*.pack")}, QDir::Files);
        const QStringList mirrorPacks = QDir(mirror + QStringLiteral("/objects/pack"))
                                            .entryList({QStringLiteral("*.pack")}, QDir::Files);
        QCOMPARE(!originPacks.isEmpty() && mirrorPacks == originPacks, linked);

        const auto fetched = (*opened)->fetch(QStringLiteral("main"));
        FD_VERIFY_OK(fetched);
        QCOMPARE(*fetched, *tip);
        QCOMPARE(refsOf(mirror), QStringLiteral("refs/remotes/origin/main ") + *tip);
        const GitRun fsck =
            TestRepos::git({QStringLiteral("fsck"), QStringLiteral("--connectivity-only"),
                            QStringLiteral("--no-dangling")},
                           mirror);
        QVERIFY2(fsck.ok(), fsck.errors.constData());
        const auto content = (*opened)->readFile(*tip, QStringLiteral("b"));
        FD_VERIFY_OK(content);
        QCOMPARE(*content, QByteArray("b"));
    }

    void opensHttpUrlAsMirrorInCacheAndReusesIt() {
        QString initial;
        const QString name = m_bed.serverRepository(&initial);
        m_bed.useCredentialStore(m_bed.user(), m_bed.password());
        GitRepositoryOptions defaults = m_bed.options();
        defaults.cacheDirectory.clear(); // the user's cache location

        QString mirror;
        {
            const auto opened = GitRepository::open(m_bed.server().url(name), defaults);
            FD_VERIFY_OK(opened);
            mirror = (*opened)->gitDirectory();
            const QString cache = QStandardPaths::writableLocation(QStandardPaths::CacheLocation) +
                                  QStringLiteral("/mirrors/");
            QVERIFY2(mirror.startsWith(cache), qPrintable(mirror));
            const QString expectedName = QStringLiteral("^%1-[0-9a-f]{12}\\.git$")
                                             .arg(QString(name).remove(QStringLiteral(".git")));
            QVERIFY2(
                QRegularExpression(expectedName).match(QFileInfo(mirror).fileName()).hasMatch(),
                qPrintable(mirror));
            const auto tip = (*opened)->fetch(QStringLiteral("main"));
            FD_VERIFY_OK(tip);
            QCOMPARE(*tip, initial);
        }

        // Same repository spelled differently, with credentials in it: the same mirror, whose
        // objects are still there, and no secret anywhere on disk or in what it reports.
        const QString secretUrl =
            m_bed.server().urlWithCredentials(name + u'/', m_bed.user(), m_bed.password());
        const auto reopened = GitRepository::open(secretUrl, defaults);
        FD_VERIFY_OK(reopened);
        QCOMPARE((*reopened)->gitDirectory(), mirror);
        QVERIFY(!(*reopened)->remoteUrl().contains(m_bed.password()));
        QVERIFY(!readBytes(mirror + QStringLiteral("/config")).contains(m_bed.password().toUtf8()));
        const auto content = (*reopened)->readFile(initial, GitTestBed::valuesPath);
        FD_VERIFY_OK(content);
        QCOMPARE(*content, GitTestBed::initialFiles().value(GitTestBed::valuesPath));
    }

    void opensLocalCloneAndNeverTouchesItsWorkingTree_data() {
        QTest::addColumn<bool>("httpOrigin");
        QTest::newRow("origin is a local path") << false;
        QTest::newRow("origin is an http URL") << true;
    }

    void opensLocalCloneAndNeverTouchesItsWorkingTree() {
        QFETCH(bool, httpOrigin);
        const QString name = m_bed.serverRepository();
        m_bed.useCredentialStore(m_bed.user(), m_bed.password());
        const QString clone = m_bed.uniquePath(QStringLiteral("clone"));
        FD_VERIFY_OK(TestRepos::clone(
            httpOrigin ? m_bed.server().url(name) : m_bed.serverPath(name), clone));
        QVERIFY(TestRepos::git({QStringLiteral("status"), QStringLiteral("--porcelain")}, clone)
                    .text()
                    .isEmpty());
        const QString localMain = TestRepos::revParse(clone, QStringLiteral("main"));
        const auto otherRefs = [&] {
            QStringList refs = refsOf(clone).split(u'\n');
            refs.removeIf([](const QString& line) {
                return line.startsWith(QStringLiteral("refs/remotes/origin/main "));
            });
            return refs;
        };
        const QStringList refsBefore = otherRefs();
        const QByteArray head = readBytes(clone + QStringLiteral("/.git/HEAD"));
        const QByteArray index = readBytes(clone + QStringLiteral("/.git/index"));
        QMap<QString, QByteArray> files;
        for (const QString& path : GitTestBed::initialFiles().keys())
            files.insert(path, readBytes(clone + u'/' + path));

        const auto theirs = TestRepos::commit(
            m_bed.serverPath(name), QStringLiteral("main"),
            {{QStringLiteral("env/staging/values.yaml"), "image:\n  tag: 1.2.0\n"}});
        FD_VERIFY_OK(theirs);
        const auto opened = GitRepository::open(clone, m_bed.options());
        FD_VERIFY_OK(opened);
        GitRepository& repository = **opened;
        QVERIFY(!repository.isMirror());
        QCOMPARE(QDir(repository.gitDirectory()).canonicalPath(),
                 QDir(clone + QStringLiteral("/.git")).canonicalPath());
        const auto tip = repository.fetch(QStringLiteral("main"));
        FD_VERIFY_OK(tip);
        QCOMPARE(*tip, *theirs);
        const auto ours =
            repository.createCommit(*tip, {{GitTestBed::valuesPath, "image:\n  tag: 2.0.0\n"}},
                                    QStringLiteral("Promote 2.0.0 to prod"));
        FD_VERIFY_OK(ours);
        const auto pushed = repository.push(*ours, QStringLiteral("main"));
        FD_VERIFY_OK(pushed);

        QCOMPARE(TestRepos::revParse(m_bed.serverPath(name), QStringLiteral("main")), *ours);
        QCOMPARE(TestRepos::revParse(clone, QStringLiteral("refs/remotes/origin/main")), *ours);
        // Index first: `git status` may rewrite it.
        QCOMPARE(readBytes(clone + QStringLiteral("/.git/index")), index);
        QCOMPARE(readBytes(clone + QStringLiteral("/.git/HEAD")), head);
        QCOMPARE(TestRepos::revParse(clone, QStringLiteral("main")), localMain);
        for (auto it = files.cbegin(); it != files.cend(); ++it)
            QCOMPARE(readBytes(clone + u'/' + it.key()), it.value());
        QVERIFY(TestRepos::git({QStringLiteral("status"), QStringLiteral("--porcelain")}, clone)
                    .text()
                    .isEmpty());
        QVERIFY(!QFile::exists(clone + QStringLiteral("/.git/FETCH_HEAD")));
        QCOMPARE(otherRefs(), refsBefore); // also: the temporary push ref is gone
        QCOMPARE(QDir(clone + QStringLiteral("/.git/refs"))
                     .entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
                 (QStringList{QStringLiteral("heads"), QStringLiteral("remotes"),
                              QStringLiteral("tags")}));
        // The objects went into the clone's own database.
        QVERIFY(
            TestRepos::git({QStringLiteral("cat-file"), QStringLiteral("-e"), *ours}, clone).ok());
    }

    void refusesWhatIsNotARepository_data() {
        QTest::addColumn<QString>("setup");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing folder") << "missing"
                                        << "there is no folder";
        QTest::newRow("plain folder") << "plain"
                                      << "is not a Git repository";
        QTest::newRow("folder inside a clone") << "inside"
                                               << "is not a Git repository";
        QTest::newRow("clone without origin") << "no-origin"
                                              << "no remote named 'origin'";
    }

    void refusesWhatIsNotARepository() {
        QFETCH(QString, setup);
        QFETCH(QString, expected);
        const QString path = m_bed.uniquePath(QStringLiteral("not-a-repo"));
        if (setup == QStringLiteral("plain")) {
            QVERIFY(QDir().mkpath(path));
        } else if (setup == QStringLiteral("inside") || setup == QStringLiteral("no-origin")) {
            QVERIFY(TestRepos::git({QStringLiteral("init"), QStringLiteral("--quiet"), path}).ok());
        }
        const QString target =
            setup == QStringLiteral("inside") ? path + QStringLiteral("/sub") : path;
        if (setup == QStringLiteral("inside"))
            QVERIFY(QDir().mkpath(target));
        const auto opened = GitRepository::open(target, m_bed.options());
        FD_VERIFY_ERROR(opened, Error::Kind::NotFound);
        QVERIFY2(opened.error().message.contains(expected), qPrintable(opened.error().message));
    }

    void readsFilesAtAnyRevision() {
        const QString origin = m_bed.filePath(QStringLiteral("read-origin.git"));
        const auto first = TestRepos::createBare(origin, GitTestBed::initialFiles());
        FD_VERIFY_OK(first);
        const auto second = TestRepos::commit(origin, QStringLiteral("main"),
                                              {{GitTestBed::valuesPath, "image:\n  tag: 1.5.0\n"}});
        FD_VERIFY_OK(second);
        const auto opened =
            GitRepository::open(QStringLiteral("file://") + origin, m_bed.options());
        FD_VERIFY_OK(opened);
        GitRepository& repository = **opened;
        FD_VERIFY_OK(repository.fetch(QStringLiteral("main")));

        const auto old = repository.readFile(*first, GitTestBed::valuesPath);
        FD_VERIFY_OK(old);
        QCOMPARE(*old, QByteArray("image:\n  tag: 1.0.0\n"));
        const auto current =
            repository.readFile(QStringLiteral("origin/main"), GitTestBed::valuesPath);
        FD_VERIFY_OK(current);
        QCOMPARE(*current, QByteArray("image:\n  tag: 1.5.0\n"));
        const auto shortId = repository.readFile(second->left(10), GitTestBed::valuesPath);
        FD_VERIFY_OK(shortId);
        QCOMPARE(*shortId, *current);

        const auto missing = repository.readFile(*first, QStringLiteral("env/qa/values.yaml"));
        FD_VERIFY_ERROR(missing, Error::Kind::NotFound);
        QVERIFY(missing.error().message.contains(QStringLiteral("env/qa/values.yaml")));
        QVERIFY(missing.error().message.contains(*first));
        const auto noRevision =
            repository.readFile(QStringLiteral("release-9"), GitTestBed::valuesPath);
        FD_VERIFY_ERROR(noRevision, Error::Kind::NotFound);
        QVERIFY(noRevision.error().message.contains(QStringLiteral("release-9")));
        FD_VERIFY_ERROR(repository.readFile(*first, QStringLiteral("env/prod")),
                        Error::Kind::InvalidInput);
    }

    void refusesPathsThatLeaveTheRepository_data() {
        QTest::addColumn<QString>("path");
        QTest::newRow("absolute") << QStringLiteral("/etc/passwd");
        QTest::newRow("parent") << QStringLiteral("../outside.yaml");
        QTest::newRow("parent inside") << QStringLiteral("env/../../outside.yaml");
        QTest::newRow("current folder") << QStringLiteral("./env/prod/values.yaml");
        QTest::newRow("empty component") << QStringLiteral("env//prod/values.yaml");
        QTest::newRow("trailing slash") << QStringLiteral("env/prod/");
        QTest::newRow("git folder") << QStringLiteral(".git/config");
        QTest::newRow("git folder, other case") << QStringLiteral("env/.GIT/hooks/pre-commit");
        QTest::newRow("backslash") << QStringLiteral("env\\prod\\values.yaml");
        QTest::newRow("NUL") << QString::fromUtf8("env/prod\0/values.yaml", 21);
        QTest::newRow("line break") << QStringLiteral("env/prod\n/values.yaml");
        QTest::newRow("empty") << QString();
    }

    void refusesPathsThatLeaveTheRepository() {
        QFETCH(QString, path);
        const QString origin = m_bed.filePath(QStringLiteral("paths-origin.git"));
        if (!QFile::exists(origin))
            FD_VERIFY_OK(TestRepos::createBare(origin, GitTestBed::initialFiles()));
        const auto opened =
            GitRepository::open(QStringLiteral("file://") + origin, m_bed.options());
        FD_VERIFY_OK(opened);
        const auto tip = (*opened)->fetch(QStringLiteral("main"));
        FD_VERIFY_OK(tip);
        const auto read = (*opened)->readFile(*tip, path);
        FD_VERIFY_ERROR(read, Error::Kind::InvalidInput);
        if (!path.isEmpty())
            QVERIFY2(read.error().message.contains(QStringLiteral("leaves the repository")),
                     qPrintable(read.error().message));
        const auto commit = (*opened)->createCommit(*tip, {{path, "x"}}, QStringLiteral("Escape"));
        FD_VERIFY_ERROR(commit, Error::Kind::InvalidInput);
    }

    void createsCommitsWithNewFoldersAndKeepsModes() {
        const QString origin = m_bed.filePath(QStringLiteral("commit-origin.git"));
        const auto parent = TestRepos::createBare(origin, GitTestBed::initialFiles(),
                                                  {QStringLiteral("bin/render.sh")});
        FD_VERIFY_OK(parent);
        const auto opened =
            GitRepository::open(QStringLiteral("file://") + origin, m_bed.options());
        FD_VERIFY_OK(opened);
        GitRepository& repository = **opened;
        FD_VERIFY_OK(repository.fetch(QStringLiteral("main")));
        const QString mirror = repository.gitDirectory();
        const QString refsBefore = refsOf(mirror);

        const QString message =
            QStringLiteral("Promote 2.0.0 to prod\n\nFreightdesk-Freight: web@2.0.0");
        const auto commit = repository.createCommit(
            *parent,
            {{QStringLiteral("bin/render.sh"), "#!/bin/sh\necho render v2\n"},
             {GitTestBed::valuesPath, "image:\n  tag: 2.0.0\n"},
             {QStringLiteral("env/preview/pr-42/values.yaml"), "image:\n  tag: pr-42\n"}},
            message);
        FD_VERIFY_OK(commit);
        QCOMPARE(refsOf(mirror), refsBefore); // no ref moved

        const QString tree =
            TestRepos::git({QStringLiteral("ls-tree"), QStringLiteral("-r"), *commit}, mirror)
                .text();
        const QString parentTree =
            TestRepos::git({QStringLiteral("ls-tree"), QStringLiteral("-r"), *parent}, mirror)
                .text();
        QVERIFY2(
            tree.contains(QRegularExpression(QStringLiteral("^100755 blob \\w+\\tbin/render\\.sh$"),
                                             QRegularExpression::MultilineOption)),
            qPrintable(tree));
        QVERIFY2(tree.contains(QRegularExpression(
                     QStringLiteral("^100644 blob \\w+\\tenv/preview/pr-42/values\\.yaml$"),
                     QRegularExpression::MultilineOption)),
                 qPrintable(tree));
        const QString staging = QStringLiteral("env/staging/values.yaml");
        const auto lineOf = [&](const QString& listing) {
            return listing.split(u'\n').filter(staging).value(0);
        };
        QCOMPARE(lineOf(tree), lineOf(parentTree)); // untouched entry kept as it was

        const QString raw =
            TestRepos::git({QStringLiteral("cat-file"), QStringLiteral("commit"), *commit}, mirror)
                .text();
        QVERIFY(raw.contains(QStringLiteral("parent ") + *parent));
        QVERIFY(raw.contains(QStringLiteral("author Release Manager <rm@example.com>")));
        QVERIFY(raw.contains(QStringLiteral("committer Release Manager <rm@example.com>")));
        const QByteArray rawBytes =
            TestRepos::git({QStringLiteral("cat-file"), QStringLiteral("commit"), *commit}, mirror)
                .output;
        QVERIFY(rawBytes.endsWith("Freightdesk-Freight: web@2.0.0\n"));
        QCOMPARE(TestRepos::git({QStringLiteral("interpret-trailers"), QStringLiteral("--parse")},
                                {}, message.toUtf8())
                     .text(),
                 QStringLiteral("Freightdesk-Freight: web@2.0.0"));
        const auto added =
            repository.readFile(*commit, QStringLiteral("env/preview/pr-42/values.yaml"));
        FD_VERIFY_OK(added);
        QCOMPARE(*added, QByteArray("image:\n  tag: pr-42\n"));
        QVERIFY(TestRepos::git({QStringLiteral("fsck"), QStringLiteral("--strict"),
                                QStringLiteral("--no-dangling")},
                               mirror)
                    .ok());
    }

    // A mirror keeps its tip's trees in a chain of small packs (gittreepack.h): a fetch adds a
    // delta of only the new trees, the chain together holds every tree of the tip, a 17th delta
    // starts a new chain with a full pack, and the chain before the previous one is deleted.
    void mirrorTreePacksChainDeltas() {
        const QString origin = m_bed.filePath(QStringLiteral("tree-pack-origin.git"));
        QMap<QString, QByteArray> files;
        for (int i = 0; i < 40; ++i)
            files.insert(QStringLiteral("env/s%1/values.yaml").arg(i),
                         QStringLiteral("name: s%1\ntag: 0\n").arg(i).toUtf8());
        FD_VERIFY_OK(TestRepos::createBare(origin, files));
        const auto opened =
            GitRepository::open(QStringLiteral("file://") + origin, m_bed.options());
        FD_VERIFY_OK(opened);
        GitRepository& repository = **opened;
        const QString mirror = repository.gitDirectory();
        const auto markers = [&] {
            return QString::fromLatin1(
                       readBytes(mirror + QStringLiteral("/freightdesk-tree-packs")))
                .split(u'\n', Qt::SkipEmptyParts);
        };
        const auto packTrees = [&](const QString& line) {
            const GitRun listed =
                TestRepos::git({QStringLiteral("verify-pack"), QStringLiteral("-v"),
                                mirror + QStringLiteral("/objects/pack/pack-") +
                                    line.section(u' ', 0, 0) + QStringLiteral(".idx")},
                               mirror);
            QSet<QString> trees;
            for (const QString& row : listed.text().split(u'\n')) {
                if (row.section(u' ', 1, 1) == u"tree")
                    trees.insert(row.section(u' ', 0, 0));
            }
            return trees;
        };
        QStringList firstChain;
        for (int round = 0; round < 35; ++round) {
            const auto tip = repository.fetch(QStringLiteral("main"));
            FD_VERIFY_OK(tip);
            if (round == 0)
                firstChain = markers();
            else if (round <= 16)
                firstChain.append(markers().constLast());
            const auto commit =
                repository.createCommit(*tip,
                                        {{QStringLiteral("env/s%1/values.yaml").arg(round % 40),
                                          QStringLiteral("tag: %1\n").arg(round + 1).toUtf8()}},
                                        QStringLiteral("Round %1").arg(round));
            FD_VERIFY_OK(commit);
            FD_VERIFY_OK(repository.push(*commit, QStringLiteral("main")));
        }
        const auto tip = repository.fetch(QStringLiteral("main"));
        FD_VERIFY_OK(tip);

        const QStringList lines = markers();
        QCOMPARE(lines.size(), 19); // the previous chain (a full pack and 16 deltas), then 2
        QVERIFY2(lines.at(0).endsWith(u" full") && lines.at(17).endsWith(u" full") &&
                     lines.at(18).endsWith(u" delta"),
                 qPrintable(lines.join(u'\n')));
        QCOMPARE(lines.constLast().section(u' ', 1, 1), *tip);
        // The delta holds the trees new at the tip (root, env, env/sN); the chain holds them all.
        const QSet<QString> delta = packTrees(lines.at(18));
        QCOMPARE(delta.size(), 3);
        const QSet<QString> chain = packTrees(lines.at(17)) + delta;
        QSet<QString> expected{
            TestRepos::git({QStringLiteral("rev-parse"), *tip + QStringLiteral("^{tree}")}, mirror)
                .text()};
        const GitRun tipTrees =
            TestRepos::git({QStringLiteral("ls-tree"), QStringLiteral("-r"), QStringLiteral("-d"),
                            QStringLiteral("--format=%(objectname)"), *tip},
                           mirror);
        QVERIFY(tipTrees.ok());
        for (const QString& id : tipTrees.text().split(u'\n'))
            expected.insert(id);
        QCOMPARE(expected.size(), 42);
        QVERIFY(expected.subtract(chain).isEmpty());
        // The first chain is gone.
        QCOMPARE(firstChain.size(), 17);
        for (const QString& line : std::as_const(firstChain)) {
            QVERIFY(!lines.contains(line));
            QVERIFY(!QFile::exists(mirror + QStringLiteral("/objects/pack/pack-") +
                                   line.section(u' ', 0, 0) + QStringLiteral(".idx")));
        }
        const GitRun fsck =
            TestRepos::git({QStringLiteral("fsck"), QStringLiteral("--no-dangling")}, mirror);
        QVERIFY2(fsck.ok(), fsck.errors.constData());
    }

    void refusesCommitsThatCannotBeBuilt() {
        const QString origin = m_bed.filePath(QStringLiteral("clash-origin.git"));
        const auto parent = TestRepos::createBare(origin, GitTestBed::initialFiles());
        FD_VERIFY_OK(parent);
        const auto opened =
            GitRepository::open(QStringLiteral("file://") + origin, m_bed.options());
        FD_VERIFY_OK(opened);
        GitRepository& repository = **opened;
        FD_VERIFY_OK(repository.fetch(QStringLiteral("main")));
        const QString message = QStringLiteral("Change");
        FD_VERIFY_ERROR(
            repository.createCommit(
                *parent, {{GitTestBed::valuesPath + QStringLiteral("/child"), "x"}}, message),
            Error::Kind::InvalidInput);
        FD_VERIFY_ERROR(
            repository.createCommit(*parent, {{QStringLiteral("env/prod"), "x"}}, message),
            Error::Kind::InvalidInput);
        FD_VERIFY_ERROR(
            repository.createCommit(
                *parent, {{QStringLiteral("a"), "x"}, {QStringLiteral("a/b"), "y"}}, message),
            Error::Kind::InvalidInput);
        FD_VERIFY_ERROR(repository.createCommit(*parent, {}, message), Error::Kind::InvalidInput);
        FD_VERIFY_ERROR(repository.createCommit(*parent, {{GitTestBed::valuesPath, "x"}},
                                                QStringLiteral("  \n")),
                        Error::Kind::InvalidInput);
        FD_VERIFY_ERROR(
            repository.createCommit(QStringLiteral("0123456789abcdef0123456789abcdef01234567"),
                                    {{GitTestBed::valuesPath, "x"}}, message),
            Error::Kind::NotFound);
    }

    void missingIdentityIsAClearError() {
        const QString origin = m_bed.filePath(QStringLiteral("identity-origin.git"));
        const auto parent = TestRepos::createBare(origin, GitTestBed::initialFiles());
        FD_VERIFY_OK(parent);
        GitRepositoryOptions options = this->m_bed.options();
        options.identity.reset();
        {
            const auto opened = GitRepository::open(QStringLiteral("file://") + origin, options);
            FD_VERIFY_OK(opened);
            FD_VERIFY_OK((*opened)->fetch(QStringLiteral("main")));
            const auto who = (*opened)->identity();
            FD_VERIFY_ERROR(who, Error::Kind::NotFound);
            QVERIFY2(who.error().message.contains(QStringLiteral("git config --global user.name")),
                     qPrintable(who.error().message));
            const auto commit = (*opened)->createCommit(*parent, {{GitTestBed::valuesPath, "x"}},
                                                        QStringLiteral("Change"));
            FD_VERIFY_ERROR(commit, Error::Kind::NotFound);
            QVERIFY(
                commit.error().message.contains(QStringLiteral("git config --global user.email")));
        }
        QVERIFY(TestRepos::writeGlobalConfig(
            QStringLiteral("[user]\n\tname = Global User\n\temail = global@example.com\n")));
        const auto opened = GitRepository::open(QStringLiteral("file://") + origin, options);
        FD_VERIFY_OK(opened);
        const auto who = (*opened)->identity();
        FD_VERIFY_OK(who);
        QCOMPARE(who->name, QStringLiteral("Global User"));
        QCOMPARE(who->email, QStringLiteral("global@example.com"));
        const auto commit = (*opened)->createCommit(*parent, {{GitTestBed::valuesPath, "x"}},
                                                    QStringLiteral("Change"));
        FD_VERIFY_OK(commit);
        QVERIFY(TestRepos::git({QStringLiteral("cat-file"), QStringLiteral("commit"), *commit},
                               (*opened)->gitDirectory())
                    .text()
                    .contains(QStringLiteral("author Global User <global@example.com>")));
    }

    void unavailableKeychainAnswersQuickly() {
        // initTestCase pointed D-Bus at a socket that does not exist, as on CI.
        QElapsedTimer timer;
        timer.start();
        const auto secret = KeychainStore::read(
            KeychainStore::gitKey(QStringLiteral("https"), QStringLiteral("example.com")));
        QVERIFY(!secret);
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
    }
};

QTEST_GUILESS_MAIN(TestGitRepository)
#include "tst_gitrepository.moc"

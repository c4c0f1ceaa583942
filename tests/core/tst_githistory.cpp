// GitHistory (resolve, list, read, walk), GitTreeFiles and DirectoryFiles, on repositories made
// by `git fast-import` so that authors, times, merges and file modes are exactly as written.

#include "directoryfiles.h"
#include "githistory.h"
#include "gittestbed.h"
#include "gittreefiles.h"
#include "testrepos.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <array>

using namespace fd::core;
using namespace fd::testsupport;

namespace {

using Files = QList<QPair<QByteArray, QByteArray>>; // path, content; a null content deletes

struct CommitSpec final {
    QByteArray message = {};
    Files files = {};
    qint64 time = 0;
    QByteArray author = "Alice Example <alice@example.com>";
    QByteArray authorOffset = "+0000";
    QByteArray committer = "CI Bot <ci@example.com>";
    QByteArray committerOffset = "+0000";
    int from = 0;           // the parent's mark; 0: the branch's tip
    QList<int> merges = {}; // further parents' marks
    /** Path, mode and content (inline), or for a submodule (160000) the commit it points at. */
    QList<std::array<QByteArray, 3>> special = {};
};

/** Writes commits with `git fast-import`, in batches, into one bare repository. */
class HistoryBuilder final {
public:
    explicit HistoryBuilder(QString gitDirectory)
        : m_gitDirectory(std::move(gitDirectory)) {}

    bool init() {
        return TestRepos::git({QStringLiteral("init"), QStringLiteral("--quiet"),
                               QStringLiteral("--bare"), QStringLiteral("--initial-branch=main"),
                               m_gitDirectory})
            .ok();
    }
    /** Queues a commit on main; returns its mark. */
    int commit(const CommitSpec& spec) {
        const int mark = ++m_marks;
        const auto who = [&](const QByteArray& person, const QByteArray& offset) {
            return person + ' ' +
                   QByteArray::number(spec.time ? spec.time : 1700000000 + mark * 60) + ' ' +
                   offset + '\n';
        };
        m_stream += "commit refs/heads/main\nmark :" + QByteArray::number(mark) + '\n';
        m_stream += "author " + who(spec.author, spec.authorOffset);
        m_stream += "committer " + who(spec.committer, spec.committerOffset);
        m_stream += "data " + QByteArray::number(spec.message.size()) + '\n' + spec.message + '\n';
        if (spec.from)
            m_stream += "from :" + QByteArray::number(spec.from) + '\n';
        for (int parent : spec.merges)
            m_stream += "merge :" + QByteArray::number(parent) + '\n';
        for (const auto& [path, content] : spec.files) {
            if (content.isNull()) {
                m_stream += "D " + path + '\n';
                continue;
            }
            m_stream += "M 100644 inline " + path + "\ndata " + QByteArray::number(content.size()) +
                        '\n' + content + '\n';
        }
        for (const auto& [path, mode, data] : spec.special) {
            if (mode == "160000")
                m_stream += "M " + mode + ' ' + data + ' ' + path + '\n';
            else
                m_stream += "M " + mode + " inline " + path + "\ndata " +
                            QByteArray::number(data.size()) + '\n' + data + '\n';
        }
        m_stream += '\n';
        return mark;
    }
    /** Runs the queued commits; false on failure. */
    bool import() {
        const QString marks = m_gitDirectory + QStringLiteral("/test-marks");
        const GitRun run = TestRepos::git({QStringLiteral("fast-import"), QStringLiteral("--quiet"),
                                           QStringLiteral("--import-marks-if-exists=") + marks,
                                           QStringLiteral("--export-marks=") + marks},
                                          m_gitDirectory, m_stream + "done\n");
        m_stream.clear();
        if (!run.ok()) {
            qWarning("%s", run.errors.constData());
            return false;
        }
        QFile file(marks);
        if (!file.open(QIODevice::ReadOnly))
            return false;
        for (const QByteArray& line : file.readAll().split('\n')) {
            if (line.startsWith(':'))
                m_ids.insert(line.mid(1, line.indexOf(' ') - 1).toInt(),
                             QString::fromLatin1(line.mid(line.indexOf(' ') + 1)));
        }
        return true;
    }
    QString id(int mark) const { return m_ids.value(mark); }
    QString gitDirectory() const { return m_gitDirectory; }

private:
    QString m_gitDirectory;
    QByteArray m_stream;
    int m_marks = 0;
    QMap<int, QString> m_ids;
};

struct Visit final {
    GitCommitInfo commit;
    QList<GitPathChange> changes;
};

QList<Visit> walkAll(const GitHistory& history, const QString& revision,
                     const GitWalkOptions& options, Result<void>* outcome = nullptr) {
    QList<Visit> visits;
    auto walked = history.walk(
        revision, options, [&](const GitCommitInfo& commit, const QList<GitPathChange>& changes) {
            visits.append({commit, changes});
            return true;
        });
    if (outcome)
        *outcome = walked;
    else if (!walked)
        qWarning("%s", qPrintable(walked.error().toString()));
    return visits;
}

QStringList summaries(const QList<Visit>& visits) {
    QStringList result;
    for (const Visit& visit : visits)
        result.append(visit.commit.summary);
    return result;
}

/** "<status letter> <path>" per change, the way `git log --name-status` writes it. */
QStringList described(const QList<GitPathChange>& changes) {
    QStringList result;
    for (const GitPathChange& change : changes) {
        const char letter = change.status == GitPathChange::Status::Added     ? 'A'
                            : change.status == GitPathChange::Status::Deleted ? 'D'
                                                                              : 'M';
        result.append(QString(QChar::fromLatin1(letter)) + u'\t' + change.path);
    }
    return result;
}

/** Per visited commit its id, then its changes: what `git log --name-status` prints. */
QStringList nameStatus(const QList<Visit>& visits) {
    QStringList lines;
    for (const Visit& visit : visits) {
        lines.append(visit.commit.id);
        lines.append(described(visit.changes));
    }
    return lines;
}

/** `git log --name-status` of main in date order (what GitHistory::walk promises); empty on failure. */
QStringList gitLogNameStatus(const QString& gitDirectory, const QStringList& prefixes) {
    QStringList arguments{QStringLiteral("-c"),
                          QStringLiteral("core.quotePath=false"),
                          QStringLiteral("log"),
                          QStringLiteral("--no-renames"),
                          QStringLiteral("--date-order"),
                          QStringLiteral("--name-status"),
                          QStringLiteral("--format=%H"),
                          QStringLiteral("main"),
                          QStringLiteral("--")};
    arguments += prefixes;
    const GitRun log = TestRepos::git(arguments, gitDirectory);
    if (!log.ok())
        qWarning("%s", log.errors.constData());
    return log.ok() ? log.text().split(u'\n', Qt::SkipEmptyParts) : QStringList();
}

} // namespace

class TestGitHistory final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_root;
    int m_serial = 0;
    std::unique_ptr<HistoryBuilder> m_linear;
    QMap<QString, int> m_linearMarks; // summary -> mark

    QString uniquePath(const QString& prefix) {
        return m_root.filePath(QStringLiteral("%1-%2").arg(prefix).arg(++m_serial));
    }

    /** Opens the repository or fails the test. */
    static std::unique_ptr<GitHistory> openHistory(const QString& gitDirectory) {
        auto opened = GitHistory::open(gitDirectory);
        if (!opened) {
            qWarning("%s", qPrintable(opened.error().toString()));
            return nullptr;
        }
        return std::move(*opened);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_root.isValid());
        TestRepos::isolateEnvironment(m_root.path());

        // A linear history: root, value changes, an unrelated folder, a rename, a deletion.
        m_linear = std::make_unique<HistoryBuilder>(uniquePath(QStringLiteral("linear")));
        QVERIFY(m_linear->init());
        const QList<CommitSpec> commits = {
            {.message = "Initial\n",
             .files = {{"README.md", "# Deployments\n"},
                       {"env/dev/api/values.yaml", "image:\n  tag: 1.0.0\n"},
                       {"env/prod/api/values.yaml", "image:\n  tag: 1.0.0\n"},
                       {"environment.txt", "not under env/\n"}}},
            {.message = "Promote api to 1.0.1 in dev\n",
             .files = {{"env/dev/api/values.yaml", "image:\n  tag: 1.0.1\n"}}},
            {.message = "Docs only\n", .files = {{"docs/howto.md", "How to promote\n"}}},
            {.message = "Add web everywhere\n",
             .files = {{"env/dev/web/values.yaml", "image:\n  tag: 2.0.0\n"},
                       {"env/prod/web/values.yaml", "image:\n  tag: 2.0.0\n"}}},
            {.message = "Rename dev api values\n",
             .files = {{"env/dev/api/values.yaml", {}},
                       {"env/dev/api/api-values.yaml", "image:\n  tag: 1.0.1\n"}}},
            {.message = "Retire web in dev, touch README\n",
             .files = {{"env/dev/web/values.yaml", {}}, {"README.md", "# Deployments (v2)\n"}}},
            {.message = "Promote api to 1.0.1 in prod\n",
             .files = {{"env/prod/api/values.yaml", "image:\n  tag: 1.0.1\n"}}},
        };
        for (const CommitSpec& spec : commits)
            m_linearMarks.insert(QString::fromUtf8(spec.message).trimmed(), m_linear->commit(spec));
        QVERIFY(m_linear->import());
    }

    void walkVisitsCommitsTouchingPrefixesNewestFirst_data() {
        QTest::addColumn<QStringList>("prefixes");
        QTest::addColumn<QStringList>("expected");
        const QString p7 = QStringLiteral("Promote api to 1.0.1 in prod");
        const QString r6 = QStringLiteral("Retire web in dev, touch README");
        const QString r5 = QStringLiteral("Rename dev api values");
        const QString a4 = QStringLiteral("Add web everywhere");
        const QString d3 = QStringLiteral("Docs only");
        const QString p2 = QStringLiteral("Promote api to 1.0.1 in dev");
        const QString i1 = QStringLiteral("Initial");
        QTest::newRow("everything") << QStringList{} << QStringList{p7, r6, r5, a4, d3, p2, i1};
        QTest::newRow("env") << QStringList{QStringLiteral("env")}
                             << QStringList{p7, r6, r5, a4, p2, i1};
        QTest::newRow("env/ (trailing slash)")
            << QStringList{QStringLiteral("env/")} << QStringList{p7, r6, r5, a4, p2, i1};
        QTest::newRow("env/prod") << QStringList{QStringLiteral("env/prod")}
                                  << QStringList{p7, a4, i1};
        QTest::newRow("one file") << QStringList{QStringLiteral("env/dev/api/values.yaml")}
                                  << QStringList{r5, p2, i1};
        QTest::newRow("docs") << QStringList{QStringLiteral("docs")} << QStringList{d3};
        QTest::newRow("a name prefix is not a folder")
            << QStringList{QStringLiteral("en")} << QStringList{};
        QTest::newRow("two prefixes")
            << QStringList{QStringLiteral("env/prod"), QStringLiteral("README.md")}
            << QStringList{p7, r6, a4, i1};
        QTest::newRow("missing folder")
            << QStringList{QStringLiteral("nothing/here")} << QStringList{};
    }

    void walkVisitsCommitsTouchingPrefixesNewestFirst() {
        QFETCH(QStringList, prefixes);
        QFETCH(QStringList, expected);
        const auto history = openHistory(m_linear->gitDirectory());
        QVERIFY(history);
        GitWalkOptions options;
        options.pathPrefixes = prefixes;
        QCOMPARE(summaries(walkAll(*history, QStringLiteral("main"), options)), expected);
    }

    void walkAgreesWithGitLog_data() {
        QTest::addColumn<QStringList>("prefixes");
        QTest::newRow("everything") << QStringList{};
        QTest::newRow("env") << QStringList{QStringLiteral("env")};
        QTest::newRow("env/dev and docs")
            << QStringList{QStringLiteral("env/dev"), QStringLiteral("docs")};
    }

    void walkAgreesWithGitLog() {
        QFETCH(QStringList, prefixes);
        const auto history = openHistory(m_linear->gitDirectory());
        QVERIFY(history);
        GitWalkOptions options;
        options.pathPrefixes = prefixes;
        const QStringList theirs = gitLogNameStatus(m_linear->gitDirectory(), prefixes);
        QVERIFY(!theirs.isEmpty());
        QCOMPARE(nameStatus(walkAll(*history, QStringLiteral("main"), options)), theirs);
    }

    void walkReportsStatusesAndBlobIds() {
        const auto history = openHistory(m_linear->gitDirectory());
        QVERIFY(history);
        GitWalkOptions options;
        options.pathPrefixes = {QStringLiteral("env")};
        const QList<Visit> visits = walkAll(*history, QStringLiteral("main"), options);
        QCOMPARE(visits.size(), 6);

        // A rename is a deletion and an addition of the same blob, in path order.
        const Visit& rename = visits.at(2);
        QCOMPARE(rename.commit.summary, QStringLiteral("Rename dev api values"));
        QCOMPARE(described(rename.changes),
                 (QStringList{QStringLiteral("A\tenv/dev/api/api-values.yaml"),
                              QStringLiteral("D\tenv/dev/api/values.yaml")}));
        QCOMPARE(rename.changes.at(0).oldBlobId, QString());
        QCOMPARE(rename.changes.at(1).newBlobId, QString());
        QCOMPARE(rename.changes.at(0).newBlobId, rename.changes.at(1).oldBlobId);

        const Visit& promote = visits.first();
        QCOMPARE(promote.changes.size(), 1);
        const GitPathChange& modified = promote.changes.first();
        QCOMPARE(modified.status, GitPathChange::Status::Modified);
        const auto before = history->readBlob(modified.oldBlobId);
        const auto after = history->readBlob(modified.newBlobId);
        FD_VERIFY_OK(before);
        FD_VERIFY_OK(after);
        QCOMPARE(*before, QByteArray("image:\n  tag: 1.0.0\n"));
        QCOMPARE(*after, QByteArray("image:\n  tag: 1.0.1\n"));

        const Visit& retire = visits.at(1);
        QCOMPARE(described(retire.changes),
                 QStringList{QStringLiteral("D\tenv/dev/web/values.yaml")});
        const auto gone = history->readBlob(retire.changes.first().oldBlobId);
        FD_VERIFY_OK(gone);
        QCOMPARE(*gone, QByteArray("image:\n  tag: 2.0.0\n"));
    }

    void walkStopsWhenVisitReturnsFalse() {
        const auto history = openHistory(m_linear->gitDirectory());
        QVERIFY(history);
        int visited = 0;
        const auto walked = history->walk(
            QStringLiteral("main"), {},
            [&](const GitCommitInfo&, const QList<GitPathChange>&) { return ++visited < 2; });
        FD_VERIFY_OK(walked);
        QCOMPARE(visited, 2);
    }

    // Long enough for the walk to spread over threads (see gitparallelwalk.cpp): the result must
    // be the one a single pass gives, in order, merges included, and stopping must stop.
    void longWalkOnSeveralThreadsAgreesWithGitLog() {
        HistoryBuilder builder(uniquePath(QStringLiteral("long")));
        QVERIFY(builder.init());
        builder.commit(
            {.message = "Initial\n",
             .files = {{"README.md", "# Deployments\n"}, {"env/dev/s0/values.yaml", "tag: 0\n"}}});
        int side = 0;
        for (int i = 1; i < 3000; ++i) {
            const QByteArray stage = i % 3 == 0 ? "prod" : i % 3 == 1 ? "dev" : "staging";
            const QByteArray path =
                "env/" + stage + "/s" + QByteArray::number(i % 37) + "/values.yaml";
            CommitSpec spec{.message = "Change " + QByteArray::number(i) + '\n',
                            .files = {{path, "tag: " + QByteArray::number(i) + '\n'}}};
            if (i % 11 == 0)
                spec.files = {{"docs/note-" + QByteArray::number(i) + ".md", "note\n"}};
            if (i % 500 == 0) // a side branch merged back, its change only on the branch
                side = builder.commit({.message = "Side\n",
                                       .files = {{"env/qa/side/values.yaml",
                                                  "tag: " + QByteArray::number(i) + '\n'}}});
            if (side && i % 500 == 7) {
                spec.merges = {side};
                side = 0;
            }
            builder.commit(spec);
        }
        QVERIFY(builder.import());
        const auto history = openHistory(builder.gitDirectory());
        QVERIFY(history);

        for (const QStringList& prefixes :
             {QStringList{}, QStringList{QStringLiteral("env")},
              QStringList{QStringLiteral("env/prod"), QStringLiteral("docs")}}) {
            GitWalkOptions options;
            options.pathPrefixes = prefixes;
            const QStringList ours = nameStatus(walkAll(*history, QStringLiteral("main"), options));
            QVERIFY2(ours.size() > 2000, qPrintable(prefixes.join(u' ')));
            QCOMPARE(ours, gitLogNameStatus(builder.gitDirectory(), prefixes));
        }

        // Stopped in the middle of the walk, while later blocks are being read.
        QStringList visited;
        const auto stopped =
            history->walk(QStringLiteral("main"), {},
                          [&](const GitCommitInfo& commit, const QList<GitPathChange>&) {
                              visited.append(commit.id);
                              return visited.size() < 1500;
                          });
        FD_VERIFY_OK(stopped);
        QCOMPARE(visited.size(), 1500);
        const GitRun first = TestRepos::git({QStringLiteral("log"), QStringLiteral("--date-order"),
                                             QStringLiteral("--format=%H"), QStringLiteral("-n"),
                                             QStringLiteral("1500"), QStringLiteral("main")},
                                            builder.gitDirectory());
        QVERIFY(first.ok());
        QCOMPARE(visited, first.text().split(u'\n', Qt::SkipEmptyParts));
    }

    void secondWalkWithHideVisitsOnlyNewCommits() {
        const QString origin = uniquePath(QStringLiteral("incremental"));
        QVERIFY(TestRepos::git({QStringLiteral("clone"), QStringLiteral("--quiet"),
                                QStringLiteral("--bare"), m_linear->gitDirectory(), origin})
                    .ok());
        const auto history = openHistory(origin);
        QVERIFY(history);
        GitWalkOptions options;
        options.pathPrefixes = {QStringLiteral("env")};
        const QList<Visit> first = walkAll(*history, QStringLiteral("main"), options);
        QCOMPARE(first.size(), 6);
        const QString previousTip = first.first().commit.id;

        const auto docs = TestRepos::commit(origin, QStringLiteral("main"),
                                            {{QStringLiteral("docs/more.md"), "More\n"}},
                                            QStringLiteral("More docs"));
        FD_VERIFY_OK(docs);
        const auto promoted = TestRepos::commit(
            origin, QStringLiteral("main"),
            {{QStringLiteral("env/prod/web/values.yaml"), "image:\n  tag: 2.0.1\n"}},
            QStringLiteral("Promote web to 2.0.1 in prod"));
        FD_VERIFY_OK(promoted);

        options.hide = {previousTip};
        int visitedAll = 0;
        GitWalkOptions everything;
        everything.hide = {previousTip};
        FD_VERIFY_OK(history->walk(QStringLiteral("main"), everything,
                                   [&](const GitCommitInfo&, const QList<GitPathChange>&) {
                                       ++visitedAll;
                                       return true;
                                   }));
        QCOMPARE(visitedAll, 2); // the walk itself stops at the hidden commit
        const QList<Visit> second = walkAll(*history, QStringLiteral("main"), options);
        QCOMPARE(second.size(), 1);
        QCOMPARE(second.first().commit.id, *promoted);
        QCOMPARE(second.first().commit.parentIds, QStringList{*docs});
        QCOMPARE(described(second.first().changes),
                 QStringList{QStringLiteral("M\tenv/prod/web/values.yaml")});

        // Nothing new: nothing visited.
        options.hide = {*promoted};
        QCOMPARE(walkAll(*history, QStringLiteral("main"), options).size(), 0);
    }

    void hidingAnUnknownCommitIsNotFound() {
        const auto history = openHistory(m_linear->gitDirectory());
        QVERIFY(history);
        GitWalkOptions options;
        options.hide = {QStringLiteral("0123456789abcdef0123456789abcdef01234567")};
        Result<void> outcome;
        walkAll(*history, QStringLiteral("main"), options, &outcome);
        FD_VERIFY_ERROR(outcome, Error::Kind::NotFound);
    }

    void mergesAreVisitedWithoutChangesUnlessAsked_data() {
        QTest::addColumn<bool>("diffMerges");
        QTest::newRow("like git log") << false;
        QTest::newRow("diff against the first parent") << true;
    }

    void mergesAreVisitedWithoutChangesUnlessAsked() {
        QFETCH(bool, diffMerges);
        HistoryBuilder builder(uniquePath(QStringLiteral("merges")));
        QVERIFY(builder.init());
        const int base = builder.commit({.message = "Base\n",
                                         .files = {{"env/dev/a.yaml", "a: 1\n"},
                                                   {"env/prod/a.yaml", "a: 1\n"},
                                                   {"docs/x.md", "x\n"}},
                                         .time = 1700000000});
        const int feature = builder.commit({.message = "Feature: prod a 2\n",
                                            .files = {{"env/prod/a.yaml", "a: 2\n"}},
                                            .time = 1700000300,
                                            .from = base});
        const int mainline = builder.commit({.message = "Mainline: dev a 2\n",
                                             .files = {{"env/dev/a.yaml", "a: 2\n"}},
                                             .time = 1700000200,
                                             .from = base});
        // fast-import starts a merge from its first parent's tree: the files name its result.
        const int merge = builder.commit({.message = "Merge feature\n",
                                          .files = {{"env/prod/a.yaml", "a: 2\n"}},
                                          .time = 1700000400,
                                          .from = mainline,
                                          .merges = {feature}});
        const int docs = builder.commit({.message = "Docs branch\n",
                                         .files = {{"docs/x.md", "y\n"}},
                                         .time = 1700000500,
                                         .from = base});
        const int docsMerge = builder.commit({.message = "Merge docs\n",
                                              .files = {{"docs/x.md", "y\n"}},
                                              .time = 1700000600,
                                              .from = merge,
                                              .merges = {docs}});
        QVERIFY(builder.import());

        const auto history = openHistory(builder.gitDirectory());
        QVERIFY(history);
        GitWalkOptions options;
        options.pathPrefixes = {QStringLiteral("env")};
        options.diffMerges = diffMerges;
        const QList<Visit> visits = walkAll(*history, QStringLiteral("main"), options);
        // The docs merge changes nothing under env/ against its first parent: not visited.
        QCOMPARE(summaries(visits),
                 (QStringList{QStringLiteral("Merge feature"), QStringLiteral("Feature: prod a 2"),
                              QStringLiteral("Mainline: dev a 2"), QStringLiteral("Base")}));
        const Visit& mergeVisit = visits.first();
        QCOMPARE(mergeVisit.commit.parentIds,
                 (QStringList{builder.id(mainline), builder.id(feature)}));
        QCOMPARE(described(mergeVisit.changes),
                 diffMerges ? QStringList{QStringLiteral("M\tenv/prod/a.yaml")} : QStringList{});

        // Without prefixes every commit is visited, merges included.
        const QList<Visit> all = walkAll(*history, QStringLiteral("main"), {});
        QCOMPARE(all.size(), 6);
        QCOMPARE(all.first().commit.id, builder.id(docsMerge));
        QVERIFY(all.first().changes.isEmpty());
    }

    void commitInfoKeepsPeopleOffsetsAndMessage() {
        HistoryBuilder builder(uniquePath(QStringLiteral("people")));
        QVERIFY(builder.init());
        CommitSpec spec;
        spec.message = "Promote api to 1.2.3 in prod\n\nApproved in the release meeting.\n\n"
                       "Freightdesk-Stage: prod\nSigned-off-by: Zoë Ünal <zoe@example.com>\n";
        spec.files = {{"env/prod/api/values.yaml", "tag: 1.2.3\n"}};
        spec.time = 1718000000;
        spec.author = "Zoë Ünal <zoe@example.com>";
        spec.authorOffset = "+0530";
        spec.committer = "Release Bot <bot@example.com>";
        spec.committerOffset = "-0700";
        const int mark = builder.commit(spec);
        QVERIFY(builder.import());

        const auto history = openHistory(builder.gitDirectory());
        QVERIFY(history);
        const QList<Visit> visits = walkAll(*history, QStringLiteral("main"), {});
        QCOMPARE(visits.size(), 1);
        const GitCommitInfo& info = visits.first().commit;
        QCOMPARE(info.id, builder.id(mark));
        QVERIFY(info.parentIds.isEmpty());
        QCOMPARE(info.author.name, QStringLiteral("Zoë Ünal"));
        QCOMPARE(info.author.email, QStringLiteral("zoe@example.com"));
        QCOMPARE(info.author.time.toSecsSinceEpoch(), 1718000000);
        QCOMPARE(info.author.time.offsetFromUtc(), 5 * 3600 + 30 * 60);
        QCOMPARE(info.author.time.time().hour(), 11); // 06:13 UTC shown as local time there
        QCOMPARE(info.committer.name, QStringLiteral("Release Bot"));
        QCOMPARE(info.committer.time.offsetFromUtc(), -7 * 3600);
        QCOMPARE(info.committer.time.toSecsSinceEpoch(), 1718000000);
        QCOMPARE(info.summary, QStringLiteral("Promote api to 1.2.3 in prod"));
        QCOMPARE(info.message, QString::fromUtf8(spec.message));
        QCOMPARE(described(visits.first().changes),
                 QStringList{QStringLiteral("A\tenv/prod/api/values.yaml")});
    }

    void unicodePathsRoundTrip() {
        HistoryBuilder builder(uniquePath(QStringLiteral("unicode")));
        QVERIFY(builder.init());
        builder.commit({.message = "Add\n",
                        .files = {{"env/prod/café/values.yaml", "tag: 1\n"},
                                  {"env/日本/values.yaml", "tag: 2\n"},
                                  {"env/prod/plain/values.yaml", "tag: 3\n"}}});
        builder.commit({.message = "Change\n", .files = {{"env/日本/values.yaml", "tag: 3\n"}}});
        QVERIFY(builder.import());
        const auto history = openHistory(builder.gitDirectory());
        QVERIFY(history);

        GitWalkOptions options;
        options.pathPrefixes = {QStringLiteral("env/日本")};
        const QList<Visit> visits = walkAll(*history, QStringLiteral("main"), options);
        QCOMPARE(visits.size(), 2);
        QCOMPARE(described(visits.first().changes),
                 QStringList{QStringLiteral("M\tenv/日本/values.yaml")});

        const auto files = history->listFiles(QStringLiteral("main"), QStringLiteral("env/prod"));
        FD_VERIFY_OK(files);
        QCOMPARE(files->size(), 2);
        QCOMPARE(files->first().path, QStringLiteral("env/prod/café/values.yaml"));
        const auto bytes =
            history->readFile(QStringLiteral("main"), QStringLiteral("env/prod/café/values.yaml"));
        FD_VERIFY_OK(bytes);
        QCOMPARE(*bytes, QByteArray("tag: 1\n"));
    }

    void missingRevisionsAndBlobs() {
        const auto history = openHistory(m_linear->gitDirectory());
        QVERIFY(history);
        const auto missing = history->resolve(QStringLiteral("no-such-branch"));
        FD_VERIFY_ERROR(missing, Error::Kind::NotFound);
        QVERIFY(missing.error().message.contains(QStringLiteral("no-such-branch")));
        FD_VERIFY_ERROR(history->listFiles(QStringLiteral("no-such-branch")),
                        Error::Kind::NotFound);
        Result<void> outcome;
        walkAll(*history, QStringLiteral("refs/heads/gone"), {}, &outcome);
        FD_VERIFY_ERROR(outcome, Error::Kind::NotFound);
        QVERIFY(outcome.error().message.contains(QStringLiteral("refs/heads/gone")));

        FD_VERIFY_ERROR(
            history->readBlob(QStringLiteral("0123456789abcdef0123456789abcdef01234567")),
            Error::Kind::NotFound);
        FD_VERIFY_ERROR(history->readBlob(QStringLiteral("not-an-id")), Error::Kind::InvalidInput);
        FD_VERIFY_ERROR(history->readFile(QStringLiteral("main"), QStringLiteral("env/none.yaml")),
                        Error::Kind::NotFound);
        FD_VERIFY_ERROR(history->readFile(QStringLiteral("main"), QStringLiteral("env")),
                        Error::Kind::InvalidInput);
        FD_VERIFY_ERROR(GitHistory::open(uniquePath(QStringLiteral("nothing"))),
                        Error::Kind::NotFound);

        const auto resolved = history->resolve(QStringLiteral("main"));
        FD_VERIFY_OK(resolved);
        QCOMPARE(*resolved, TestRepos::revParse(m_linear->gitDirectory(), QStringLiteral("main")));
        const auto shortId = history->resolve(resolved->left(10));
        FD_VERIFY_OK(shortId);
        QCOMPARE(*shortId, *resolved);
    }

    void listFilesFiltersByPrefix_data() {
        QTest::addColumn<QString>("prefix");
        QTest::addColumn<QStringList>("expected");
        const QStringList all{QStringLiteral("README.md"),        QStringLiteral("bin/render.sh"),
                              QStringLiteral("env/dev/a.yaml"),   QStringLiteral("env/prod/a.yaml"),
                              QStringLiteral("env/prod/current"), QStringLiteral("vendor/chart")};
        QTest::newRow("everything") << QString() << all;
        QTest::newRow("env") << QStringLiteral("env") << all.mid(2, 3);
        QTest::newRow("env/prod/") << QStringLiteral("env/prod/") << all.mid(3, 2);
        QTest::newRow("a file") << QStringLiteral("README.md") << all.mid(0, 1);
        QTest::newRow("a name prefix") << QStringLiteral("en") << QStringList{};
        QTest::newRow("missing") << QStringLiteral("nothing") << QStringList{};
    }

    void listFilesFiltersByPrefix() {
        QFETCH(QString, prefix);
        QFETCH(QStringList, expected);
        const QString gitDirectory = m_root.filePath(QStringLiteral("kinds"));
        if (!QFileInfo::exists(gitDirectory)) {
            HistoryBuilder builder(gitDirectory);
            QVERIFY(builder.init());
            CommitSpec spec{.message = "Kinds\n",
                            .files = {{"README.md", "hello\n"},
                                      {"env/dev/a.yaml", "dev\n"},
                                      {"env/prod/a.yaml", "prod!\n"}}};
            spec.special = {{"bin/render.sh", "100755", "sh\n"},
                            {"env/prod/current", "120000", "a.yaml"},
                            {"vendor/chart", "160000", "0123456789abcdef0123456789abcdef01234567"}};
            builder.commit(spec);
            QVERIFY(builder.import());
        }
        const auto history = openHistory(gitDirectory);
        QVERIFY(history);
        const auto files = history->listFiles(QStringLiteral("main"), prefix);
        FD_VERIFY_OK(files);
        QStringList paths;
        for (const GitTreeEntry& entry : *files) {
            paths.append(entry.path);
            using Kind = GitTreeEntry::Kind;
            const Kind expectedKind =
                entry.path == QStringLiteral("bin/render.sh")    ? Kind::Executable
                : entry.path.endsWith(QStringLiteral("current")) ? Kind::SymbolicLink
                : entry.path == QStringLiteral("vendor/chart")   ? Kind::Submodule
                                                                 : Kind::File;
            QCOMPARE(entry.kind, expectedKind);
            if (entry.path == QStringLiteral("env/prod/a.yaml"))
                QCOMPARE(entry.size, 6);
        }
        QCOMPARE(paths, expected);
    }

    void treeFilesMatchDirectoryFiles() {
        const QString origin = uniquePath(QStringLiteral("same-content"));
        QMap<QString, QByteArray> content = GitTestBed::initialFiles();
        content.insert(QStringLiteral("env/prod/café/values.yaml"), "tag: é\n");
        content.insert(QStringLiteral(".github/workflows/ci.yaml"), "on: push\n");
        content.insert(QStringLiteral("a b/with space.yaml"), "x: 1\n");
        FD_VERIFY_OK(TestRepos::createBare(origin, content, {QStringLiteral("bin/render.sh")}));
        const QString checkout = uniquePath(QStringLiteral("checkout"));
        FD_VERIFY_OK(TestRepos::clone(origin, checkout));

        auto opened = GitHistory::open(origin);
        FD_VERIFY_OK(opened);
        const std::shared_ptr<const GitHistory> history = std::move(*opened);
        const auto tree = GitTreeFiles::open(history, QStringLiteral("main"));
        FD_VERIFY_OK(tree);
        const auto folder = DirectoryFiles::open(checkout);
        FD_VERIFY_OK(folder);

        QCOMPARE((*folder)->paths(), (*tree)->paths());
        QCOMPARE((*tree)->paths(), QStringList(content.keyBegin(), content.keyEnd()));
        for (const QString& path : (*tree)->paths()) {
            const auto fromGit = (*tree)->read(path);
            const auto fromDisk = (*folder)->read(path);
            FD_VERIFY_OK(fromGit);
            FD_VERIFY_OK(fromDisk);
            QCOMPARE(*fromGit, *fromDisk);
            QCOMPARE(*fromGit, content.value(path));
        }
        const QString name = QFileInfo(origin).fileName().remove(QStringLiteral(".git"));
        QCOMPARE((*tree)->description(),
                 name + u'@' + TestRepos::revParse(origin, QStringLiteral("main")).left(7));
        FD_VERIFY_ERROR((*tree)->read(QStringLiteral("env/missing.yaml")), Error::Kind::NotFound);
        FD_VERIFY_ERROR((*tree)->read(QStringLiteral("env")), Error::Kind::NotFound);
    }

    // Reads before anything lists the tree look the path up alone, with the same answers.
    void treeFilesReadWithoutListing() {
        const QString origin = uniquePath(QStringLiteral("unlisted"));
        QMap<QString, QByteArray> content = GitTestBed::initialFiles();
        content.insert(QStringLiteral("bin/render.sh"), "echo\n");
        FD_VERIFY_OK(TestRepos::createBare(origin, content, {QStringLiteral("bin/render.sh")}));
        auto opened = GitHistory::open(origin);
        FD_VERIFY_OK(opened);
        const std::shared_ptr<const GitHistory> history = std::move(*opened);
        for (auto it = content.cbegin(); it != content.cend(); ++it) {
            const auto tree = GitTreeFiles::open(history, QStringLiteral("main"));
            FD_VERIFY_OK(tree);
            const auto bytes = (*tree)->read(it.key());
            FD_VERIFY_OK(bytes);
            QCOMPARE(*bytes, it.value());
        }
        for (const QString& path : {QStringLiteral("env"), QStringLiteral("env/missing.yaml"),
                                    QStringLiteral("../outside.yaml")}) {
            const auto tree = GitTreeFiles::open(history, QStringLiteral("main"));
            FD_VERIFY_OK(tree);
            FD_VERIFY_ERROR((*tree)->read(path), Error::Kind::NotFound);
        }
        FD_VERIFY_ERROR(GitTreeFiles::open(history, QStringLiteral("no-such-branch")),
                        Error::Kind::NotFound);
    }

    // Two commits apart, a file changed and changed back is no change; added, modified and
    // deleted files are, in path order, as `git diff --name-status A B` says.
    void changesBetweenComparesTheTrees() {
        const QString origin = uniquePath(QStringLiteral("between"));
        QMap<QString, QByteArray> content = GitTestBed::initialFiles();
        const QStringList paths(content.keyBegin(), content.keyEnd());
        QVERIFY(paths.size() >= 3);
        FD_VERIFY_OK(TestRepos::createBare(origin, content));
        const QString first = TestRepos::revParse(origin, QStringLiteral("main"));
        FD_VERIFY_OK(TestRepos::commit(origin, QStringLiteral("main"),
                                       {{paths.at(0), "changed: 1\n"},
                                        {paths.at(1), "changed: 2\n"},
                                        {QStringLiteral("new/deep/file.yaml"), "x: 1\n"}}));
        FD_VERIFY_OK(TestRepos::commit(origin, QStringLiteral("main"),
                                       {{paths.at(1), content.value(paths.at(1))}}));
        const QString checkout = uniquePath(QStringLiteral("between-checkout"));
        FD_VERIFY_OK(TestRepos::clone(origin, checkout));
        QVERIFY(TestRepos::git({QStringLiteral("rm"), QStringLiteral("-q"), paths.at(2)}, checkout)
                    .ok());
        QVERIFY(TestRepos::git(
                    {QStringLiteral("commit"), QStringLiteral("-qm"), QStringLiteral("Remove")},
                    checkout)
                    .ok());
        QVERIFY(TestRepos::git({QStringLiteral("push"), QStringLiteral("-q"),
                                QStringLiteral("origin"), QStringLiteral("main")},
                               checkout)
                    .ok());
        const QString last = TestRepos::revParse(origin, QStringLiteral("main"));

        auto opened = GitHistory::open(origin);
        FD_VERIFY_OK(opened);
        auto changes = (*opened)->changesBetween(first, last);
        FD_VERIFY_OK(changes);
        const auto git = TestRepos::git({QStringLiteral("diff"), QStringLiteral("--name-status"),
                                         QStringLiteral("--no-renames"), first, last},
                                        origin);
        QVERIFY(git.ok());
        const QStringList expected = QString::fromUtf8(git.output).split(u'\n', Qt::SkipEmptyParts);
        const QStringList actual = described(*changes);
        QCOMPARE(actual, expected);
        QCOMPARE(actual.size(), 3);
        FD_VERIFY_OK((*opened)->changesBetween(last, last));
        QVERIFY((*opened)->changesBetween(last, last)->isEmpty());
        FD_VERIFY_ERROR((*opened)->changesBetween(QString(40, u'1'), last), Error::Kind::NotFound);
    }

    void directoryFilesSkipsGitLinksOutsideAndLargeFiles() {
        const QString folder = uniquePath(QStringLiteral("folder"));
        const QString outside = uniquePath(QStringLiteral("outside"));
        QVERIFY(QDir().mkpath(folder + QStringLiteral("/.git/objects")));
        QVERIFY(QDir().mkpath(folder + QStringLiteral("/env/prod")));
        QVERIFY(QDir().mkpath(outside));
        const auto write = [](const QString& path, const QByteArray& bytes) {
            QFile file(path);
            return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
        };
        QVERIFY(write(folder + QStringLiteral("/.git/HEAD"), "ref: refs/heads/main\n"));
        QVERIFY(write(folder + QStringLiteral("/env/prod/values.yaml"), "tag: 1\n"));
        QVERIFY(write(folder + QStringLiteral("/big.bin"), QByteArray(2048, 'x')));
        QVERIFY(write(outside + QStringLiteral("/secret.txt"), "secret\n"));
        QVERIFY(QFile::link(outside + QStringLiteral("/secret.txt"),
                            folder + QStringLiteral("/env/secret.yaml")));
        QVERIFY(QFile::link(folder + QStringLiteral("/env/prod/values.yaml"),
                            folder + QStringLiteral("/env/current.yaml")));
        QVERIFY(QFile::link(folder + QStringLiteral("/env"), folder + QStringLiteral("/loop")));
        QVERIFY(
            QFile::link(folder + QStringLiteral("/gone"), folder + QStringLiteral("/dangling")));

        const auto files = DirectoryFiles::open(folder, 1024);
        FD_VERIFY_OK(files);
        QCOMPARE((*files)->paths(), (QStringList{QStringLiteral("env/current.yaml"),
                                                 QStringLiteral("env/prod/values.yaml")}));
        const auto linked = (*files)->read(QStringLiteral("env/current.yaml"));
        FD_VERIFY_OK(linked);
        QCOMPARE(*linked, QByteArray("tag: 1\n"));
        FD_VERIFY_ERROR((*files)->read(QStringLiteral("big.bin")), Error::Kind::TooLarge);
        FD_VERIFY_ERROR((*files)->read(QStringLiteral("env/secret.yaml")), Error::Kind::NotFound);
        FD_VERIFY_ERROR((*files)->read(QStringLiteral("../outside/secret.txt")),
                        Error::Kind::NotFound);
        FD_VERIFY_ERROR((*files)->read(QStringLiteral(".git/HEAD")), Error::Kind::NotFound);
        FD_VERIFY_ERROR(DirectoryFiles::open(uniquePath(QStringLiteral("none"))),
                        Error::Kind::NotFound);
    }
};

QTEST_GUILESS_MAIN(TestGitHistory)
#include "tst_githistory.moc"

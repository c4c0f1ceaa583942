#include "fixturehistory.h"
#include "githistory.h"
#include "gittreefiles.h"
#include "layoutinference.h"
#include "testrepos.h"
#include "versionhistory.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using fd::core::GitHistory;
using fd::core::GitTreeFiles;
using fd::core::LayoutInference;
using fd::core::Pipeline;
using fd::core::VersionHistory;
using fd::core::VersionRecord;
using fd::testsupport::FixtureHistory;
using fd::testsupport::TagEvent;
using fd::testsupport::TestRepos;

namespace {

const QString Fixture = u"microservice-helmcharts"_s;

QString describe(const VersionRecord& record) {
    return u"%1 %2 by %3 <%4> at %5: %6"_s.arg(record.stage, record.version, record.author,
                                               record.authorEmail,
                                               record.date.toString(Qt::ISODate), record.summary);
}

/** What the history must say for @p stage: each event that changed the value, newest first. */
QStringList expectedChanges(const QList<TagEvent>& events, const QString& environment,
                            const QString& service) {
    QStringList changes;
    QString value;
    for (const TagEvent& event : events) {
        if (event.environment != environment || event.service != service || event.tag == value)
            continue;
        value = event.tag;
        VersionRecord record;
        record.stage = service + u'-' + environment;
        record.version = event.tag;
        record.author = event.author;
        record.authorEmail = FixtureHistory::emailOf(event.author);
        record.date = event.date;
        record.summary = event.subject;
        changes.prepend(describe(record));
    }
    return changes;
}

/** Replaces @p from with @p to in the file at @p path, as an editor would. */
QString tagIn(const QByteArray& values) {
    const qsizetype at = values.indexOf("tag: ");
    return at < 0
               ? QString()
               : QString::fromUtf8(values.mid(at + 5, values.indexOf('\n', at) - at - 5)).trimmed();
}

bool replaceInFile(const QString& path, const QByteArray& from, const QByteArray& to) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    QByteArray bytes = file.readAll();
    file.close();
    bytes.replace(from, to);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(bytes) == bytes.size();
}

} // namespace

class TestVersionHistory final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void replayedFixtureHistory();
    void incrementalLoadReadsOnlyNewCommits();
    void mergeMakesCurrentVersionsReadAgain();
    void changesToOtherKeysAreNotVersions();
    void cacheRoundTrip();
    void rewrittenHistoryIsReadAgain();
    void longHistoryIsReadOnSeveralThreads();
    void journalCarriesNewCommits();

private:
    Pipeline pipelineAt(const QString& revision);

    QTemporaryDir m_root;
    QString m_work;
    std::shared_ptr<GitHistory> m_git;
};

void TestVersionHistory::initTestCase() {
    QVERIFY(m_root.isValid());
    TestRepos::isolateEnvironment(m_root.path());
    m_work = m_root.filePath(u"work"_s);
    auto tip = FixtureHistory::replay(Fixture, m_work);
    QVERIFY2(tip, qPrintable(tip ? QString() : tip.error().toString()));
    auto git = GitHistory::open(m_work);
    QVERIFY(git);
    m_git = std::move(*git);
}

Pipeline TestVersionHistory::pipelineAt(const QString& revision) {
    auto files = GitTreeFiles::open(m_git, revision);
    if (!files)
        return {};
    return LayoutInference::infer(**files, u"craftista"_s);
}

void TestVersionHistory::replayedFixtureHistory() {
    const Pipeline pipeline = pipelineAt(u"main"_s);
    QCOMPARE(pipeline.stages.size(), 15);
    auto history = VersionHistory::load(*m_git, u"main"_s, pipeline);
    QVERIFY2(history, qPrintable(history ? QString() : history.error().toString()));
    auto events = FixtureHistory::tagEvents(Fixture);
    QVERIFY(events);

    int checked = 0;
    for (const VersionRecord& current : history->current()) {
        const QStringList expected = expectedChanges(*events, current.environment, current.service);
        QStringList actual;
        for (const VersionRecord& change : history->changesOf(current.stage))
            actual.append(describe(change));
        QCOMPARE(actual, expected);
        // The current version is the newest change's, and that change says who set it.
        QVERIFY(!expected.isEmpty());
        QCOMPARE(describe(current), expected.first());
        QVERIFY(!current.commit.isEmpty());
        ++checked;
    }
    QCOMPARE(checked, 15);
    const auto frontendDev = history->changesOf(u"frontend-dev"_s);
    QVERIFY(frontendDev.size() >= 10);
    QCOMPARE(frontendDev.first().version, u"1.0.11"_s);
    QCOMPARE(frontendDev.first().author, u"Kargo"_s);
    QCOMPARE(frontendDev.first().file, u"env/dev/frontend/frontend-values.yaml"_s);
}

void TestVersionHistory::incrementalLoadReadsOnlyNewCommits() {
    const Pipeline pipeline = pipelineAt(u"main"_s);
    auto first = VersionHistory::load(*m_git, u"main"_s, pipeline);
    QVERIFY(first);
    QVERIFY2(first->commitsVisited() > 30, qPrintable(QString::number(first->commitsVisited())));

    auto same = VersionHistory::load(*m_git, u"main"_s, pipeline, &*first);
    QVERIFY(same);
    QCOMPARE(same->commitsVisited(), 0);
    QCOMPARE(same->changes().size(), first->changes().size());

    QVERIFY(replaceInFile(m_work + u"/env/staging/voting/voting-values.yaml"_s, "tag: 1.0.1",
                          "tag: 1.0.2"));
    QVERIFY(TestRepos::git({u"commit"_s, u"-qam"_s, u"Promote voting 1.0.2 to staging"_s}, m_work)
                .ok());

    auto next = VersionHistory::load(*m_git, u"main"_s, pipeline, &*first);
    QVERIFY(next);
    QCOMPARE(next->commitsVisited(), 1);
    QCOMPARE(next->changes().size(), first->changes().size() + 1);
    const VersionRecord newest = next->changesOf(u"voting-staging"_s).first();
    QCOMPARE(newest.version, u"1.0.2"_s);
    QCOMPARE(newest.author, QString::fromLatin1(TestRepos::identityName));
    QCOMPARE(newest.summary, u"Promote voting 1.0.2 to staging"_s);

    auto full = VersionHistory::load(*m_git, u"main"_s, pipeline);
    QVERIFY(full);
    QCOMPARE(full->changes().size(), next->changes().size());
    for (qsizetype i = 0; i < full->changes().size(); ++i)
        QCOMPARE(describe(next->changes().at(i)), describe(full->changes().at(i)));
    // Current versions: the untouched stages' carried over, voting-staging's read again.
    QCOMPARE(next->current().size(), full->current().size());
    for (qsizetype i = 0; i < full->current().size(); ++i) {
        QCOMPARE(describe(next->current().at(i)), describe(full->current().at(i)));
        QCOMPARE(next->current().at(i).commit, full->current().at(i).commit);
    }
}

// A merge can change a file neither parent changed; after one, every current version is read.
void TestVersionHistory::mergeMakesCurrentVersionsReadAgain() {
    const Pipeline pipeline = pipelineAt(u"main"_s);
    auto before = VersionHistory::load(*m_git, u"main"_s, pipeline);
    QVERIFY(before);
    const QString start = TestRepos::revParse(m_work, u"main"_s);
    QVERIFY(TestRepos::git({u"checkout"_s, u"-qb"_s, u"side"_s}, m_work).ok());
    QVERIFY(replaceInFile(m_work + u"/env/dev/voting/voting-values.yaml"_s, "replicaCount",
                          "# side\nreplicaCount"));
    QVERIFY(TestRepos::git({u"commit"_s, u"-qam"_s, u"Side change"_s}, m_work).ok());
    QVERIFY(TestRepos::git({u"checkout"_s, u"-q"_s, u"main"_s}, m_work).ok());
    QVERIFY(TestRepos::git({u"merge"_s, u"-q"_s, u"--no-ff"_s, u"--no-commit"_s, u"side"_s}, m_work)
                .ok());
    // The merge itself sets prod's catalogue version (an "evil" merge).
    const QString prod = m_work + u"/env/prod/catalogue/catalogue-values.yaml"_s;
    QFile file(prod);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString tag = tagIn(file.readAll());
    file.close();
    QVERIFY(!tag.isEmpty());
    QVERIFY(replaceInFile(prod, "tag: " + tag.toUtf8(), "tag: 9.9.9"));
    QVERIFY(TestRepos::git({u"commit"_s, u"-qam"_s, u"Merge side"_s}, m_work).ok());

    auto after = VersionHistory::load(*m_git, u"main"_s, pipeline, &*before);
    QVERIFY(after);
    const auto prodCatalogue =
        std::find_if(after->current().cbegin(), after->current().cend(),
                     [](const VersionRecord& record) { return record.stage == u"catalogue-prod"; });
    QVERIFY(prodCatalogue != after->current().cend());
    QCOMPARE(prodCatalogue->version, u"9.9.9"_s);
    // The tests after this one expect main as it was.
    QVERIFY(TestRepos::git({u"reset"_s, u"-q"_s, u"--hard"_s, start}, m_work).ok());
    QVERIFY(TestRepos::git({u"branch"_s, u"-qD"_s, u"side"_s}, m_work).ok());
}

void TestVersionHistory::changesToOtherKeysAreNotVersions() {
    const Pipeline pipeline = pipelineAt(u"main"_s);
    auto before = VersionHistory::load(*m_git, u"main"_s, pipeline);
    QVERIFY(before);
    QVERIFY(replaceInFile(m_work + u"/env/prod/frontend/frontend-values.yaml"_s, "replicaCount: 2",
                          "replicaCount: 3"));
    QVERIFY(TestRepos::git({u"commit"_s, u"-qam"_s, u"Scale frontend"_s}, m_work).ok());
    auto after = VersionHistory::load(*m_git, u"main"_s, pipeline, &*before);
    QVERIFY(after);
    QCOMPARE(after->commitsVisited(), 1);
    QCOMPARE(after->changes().size(), before->changes().size());
}

void TestVersionHistory::cacheRoundTrip() {
    const Pipeline pipeline = pipelineAt(u"main"_s);
    auto history = VersionHistory::load(*m_git, u"main"_s, pipeline);
    QVERIFY(history);
    const QByteArray bytes = history->serialize();
    auto restored = VersionHistory::deserialize(bytes);
    QVERIFY(restored);
    QCOMPARE(restored->tip(), history->tip());
    QCOMPARE(restored->changes().size(), history->changes().size());
    for (qsizetype i = 0; i < history->current().size(); ++i)
        QCOMPARE(describe(restored->current().at(i)), describe(history->current().at(i)));
    for (qsizetype i = 0; i < history->changes().size(); ++i) {
        QCOMPARE(describe(restored->changes().at(i)), describe(history->changes().at(i)));
        QCOMPARE(restored->changes().at(i).file, history->changes().at(i).file);
        QCOMPARE(restored->changes().at(i).commit, history->changes().at(i).commit);
        QCOMPARE(restored->changes().at(i).date.offsetFromUtc(),
                 history->changes().at(i).date.offsetFromUtc());
    }
    auto continued = VersionHistory::load(*m_git, u"main"_s, pipeline, &*restored);
    QVERIFY(continued);
    QCOMPARE(continued->commitsVisited(), 0);
    for (const QByteArray& damaged : {bytes.left(bytes.size() / 2), QByteArray("{}")})
        QVERIFY(!VersionHistory::deserialize(damaged));
    // Damage after the full part reads as a torn append: the result is there, appending is not.
    auto torn = VersionHistory::deserialize(bytes + "x");
    QVERIFY(torn);
    QVERIFY(!torn->journalIntact());
    QCOMPARE(torn->journalLength(), 0);
    QVERIFY(restored->journalIntact());
}

void TestVersionHistory::rewrittenHistoryIsReadAgain() {
    const Pipeline pipeline = pipelineAt(u"main"_s);
    auto before = VersionHistory::load(*m_git, u"main"_s, pipeline);
    QVERIFY(before);
    QCOMPARE(before->changesOf(u"voting-staging"_s).first().version, u"1.0.2"_s);
    // Someone drops the voting promotion and force-pushes another change.
    QVERIFY(TestRepos::git({u"reset"_s, u"-q"_s, u"--hard"_s, u"HEAD~2"_s}, m_work).ok());
    QVERIFY(replaceInFile(m_work + u"/env/dev/voting/voting-values.yaml"_s, "tag: 1.0.1",
                          "tag: 1.0.9"));
    QVERIFY(TestRepos::git({u"commit"_s, u"-qam"_s, u"Voting 1.0.9 to dev"_s}, m_work).ok());

    auto after = VersionHistory::load(*m_git, u"main"_s, pipeline, &*before);
    QVERIFY(after);
    QVERIFY2(after->commitsVisited() > 30, qPrintable(QString::number(after->commitsVisited())));
    QCOMPARE(after->changesOf(u"voting-staging"_s).first().version, u"1.0.1"_s);
    QCOMPARE(after->changesOf(u"voting-dev"_s).first().version, u"1.0.9"_s);
    QCOMPARE(after->changes().size(), before->changes().size());
}

// Enough changed values files for the values to be read on several threads (see
// targetvaluebatch.cpp): every change must still be there, in order, with its value.
void TestVersionHistory::longHistoryIsReadOnSeveralThreads() {
    const QStringList files{u"env/dev/frontend/frontend-values.yaml"_s,
                            u"env/staging/catalogue/catalogue-values.yaml"_s};
    auto tip = m_git->resolve(u"main"_s);
    QVERIFY(tip);
    QByteArray stream;
    static const QRegularExpression tagLine(u"(\\n\\s+tag:\\s*)\"?[^\"\\n]*\"?"_s);
    QList<QByteArray> contents;
    for (const QString& file : files) {
        auto bytes = m_git->readFile(*tip, file);
        QVERIFY(bytes);
        QVERIFY2(tagLine.match(QString::fromUtf8(*bytes)).hasMatch(), qPrintable(file));
        contents.append(*bytes);
    }
    constexpr int commits = 400;
    for (int i = 0; i < commits; ++i) {
        stream += "commit refs/heads/main\ncommitter Bulk Bot <bulk@example.com> " +
                  QByteArray::number(1800000000 + i) + " +0000\ndata 5\nbulk\n";
        if (i == 0)
            stream += "from " + tip->toLatin1() + '\n';
        for (int f = 0; f < files.size(); ++f) {
            const QString tag = u"9.%1.%2"_s.arg(i).arg(f);
            const QByteArray content =
                QString::fromUtf8(contents.at(f)).replace(tagLine, u"\\1"_s + tag).toUtf8();
            stream += "M 100644 inline " + files.at(f).toUtf8() + "\ndata " +
                      QByteArray::number(content.size()) + '\n' + content + '\n';
        }
        stream += '\n';
    }
    const auto run = TestRepos::git({u"fast-import"_s, u"--quiet"_s}, m_work, stream + "done\n");
    QVERIFY2(run.ok(), run.errors.constData());

    const Pipeline pipeline = pipelineAt(u"main"_s);
    auto history = VersionHistory::load(*m_git, u"main"_s, pipeline);
    QVERIFY2(history, qPrintable(history ? QString() : history.error().toString()));
    const QList<VersionRecord> frontend = history->changesOf(u"frontend-dev"_s);
    const QList<VersionRecord> catalogue = history->changesOf(u"catalogue-staging"_s);
    QVERIFY(frontend.size() > commits);
    QVERIFY(catalogue.size() > commits);
    for (int i = 0; i < commits; ++i) {
        QCOMPARE(frontend.at(i).version, u"9.%1.0"_s.arg(commits - 1 - i));
        QCOMPARE(catalogue.at(i).version, u"9.%1.1"_s.arg(commits - 1 - i));
        QCOMPARE(frontend.at(i).author, u"Bulk Bot"_s);
        QCOMPARE(frontend.at(i).summary, u"bulk"_s);
    }
    QCOMPARE(history->current().size(), 15);
}

// A promotion appends a few hundred bytes to the cache instead of the whole history again, and
// the cache read back with its appended parts is the history loaded in one go.
void TestVersionHistory::journalCarriesNewCommits() {
    const Pipeline pipeline = pipelineAt(u"main"_s);
    auto first = VersionHistory::load(*m_git, u"main"_s, pipeline);
    QVERIFY(first);
    QVERIFY(!first->serializeAfter(*first)); // a load from nothing continues nothing
    QByteArray cache = first->serialize();
    auto cached = VersionHistory::deserialize(cache);
    QVERIFY(cached);
    static const QRegularExpression tagLine(u"(\\n\\s+tag:\\s*)\"?[^\"\\n]*\"?"_s);
    const QString values = m_work + u"/env/dev/voting/voting-values.yaml"_s;
    QStringList tips;
    for (const QString& tag : {u"7.0.1"_s, u"7.0.2"_s}) {
        QFile file(values);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString content = QString::fromUtf8(file.readAll()).replace(tagLine, u"\\1"_s + tag);
        file.close();
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(content.toUtf8());
        file.close();
        QVERIFY(TestRepos::git({u"commit"_s, u"-qam"_s, u"Voting "_s + tag}, m_work).ok());

        auto next = VersionHistory::load(*m_git, u"main"_s, pipeline, &*cached);
        QVERIFY(next);
        QCOMPARE(next->commitsVisited(), 1);
        QCOMPARE(next->changesOf(u"voting-dev"_s).first().version, tag);
        const auto journal = next->serializeAfter(*cached);
        QVERIFY(journal);
        QVERIFY2(journal->size() < 2048, qPrintable(QString::number(journal->size())));
        QVERIFY(!next->serializeAfter(*first) || tips.isEmpty()); // only from what it continues
        cache += *journal;
        cached = VersionHistory::deserialize(cache);
        QVERIFY(cached);
        QCOMPARE(cached->journalLength(), int(tips.size()) + 1);
        QVERIFY(cached->journalIntact());
        QCOMPARE(cached->tip(), next->tip());
        auto whole = VersionHistory::deserialize(next->serialize());
        QVERIFY(whole);
        for (const VersionHistory* read : {&*cached, &*whole}) {
            QCOMPARE(read->current().size(), next->current().size());
            for (qsizetype i = 0; i < next->current().size(); ++i)
                QCOMPARE(describe(read->current().at(i)), describe(next->current().at(i)));
            QCOMPARE(read->changes().size(), next->changes().size());
            for (qsizetype i = 0; i < next->changes().size(); ++i)
                QCOMPARE(describe(read->changes().at(i)), describe(next->changes().at(i)));
        }
        tips.append(next->tip());
    }
    // The second append torn half-way: the history after the first, and no appending there.
    auto torn = VersionHistory::deserialize(cache.left(cache.size() - 5));
    QVERIFY(torn);
    QVERIFY(!torn->journalIntact());
    QCOMPARE(torn->journalLength(), 1);
    QCOMPARE(torn->tip(), tips.first());
    QCOMPARE(torn->changesOf(u"voting-dev"_s).first().version, u"7.0.1"_s);
}

QTEST_GUILESS_MAIN(TestVersionHistory)
#include "tst_versionhistory.moc"

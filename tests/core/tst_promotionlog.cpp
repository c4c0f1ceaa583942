#include "githttpserver.h"
#include "gitrepository.h"
#include "gittestbed.h"
#include "promotionlog.h"
#include "pushgate.h"
#include "testrepos.h"

#include <QTest>

#include <future>

using namespace fd::core;
using namespace fd::testsupport;

namespace {

PromotionEvent record(PromotionEvent::Kind kind, const QString& stage, const QString& reason = {}) {
    PromotionEvent result;
    result.kind = kind;
    result.service = QStringLiteral("frontend");
    result.stage = stage;
    result.freightId = QStringLiteral("4f3e6b2f8c1a9d0e7b5a3c2d1e0f9a8b7c6d5e4f");
    result.freightAlias = QStringLiteral("brave-otter");
    result.reason = reason;
    return result;
}

} // namespace

/** The promotion log on a real Git smart-HTTP server: append-only, concurrent writers, bad lines. */
class TestPromotionLog final : public QObject {
    Q_OBJECT

private:
    GitTestBed m_bed;
    int m_caches = 0;

    QString newRepository() { return m_bed.serverRepository(); }
    QString bare(const QString& name) const { return m_bed.serverPath(name); }
    std::unique_ptr<GitRepository> open(const QString& name,
                                        const QString& who = QStringLiteral("Release Manager")) {
        GitRepositoryOptions options = m_bed.options(QStringLiteral("cache-%1").arg(++m_caches));
        options.identity->name = who;
        auto repository = GitRepository::open(
            m_bed.server().urlWithCredentials(name, m_bed.user(), m_bed.password()), options);
        if (!repository)
            qFatal("%s", qPrintable(repository.error().toString()));
        return std::move(*repository);
    }

private Q_SLOTS:
    void initTestCase() { FD_VERIFY_OK(m_bed.start()); }

    void noLogYetIsEmpty() {
        const QString name = newRepository();
        auto repository = open(name);
        const auto contents = PromotionLog(*repository).read();
        FD_VERIFY_OK(contents);
        QVERIFY(contents->events.isEmpty());
        QVERIFY(contents->tip.isEmpty());
        // Offline, before any fetch of the log: nothing known, not an error.
        auto other = open(name);
        const auto offline = PromotionLog(*other).read(false);
        FD_VERIFY_OK(offline);
        QVERIFY(offline->events.isEmpty());
    }

    void appendedEventsReadBackFromAnotherMachine() {
        const QString name = newRepository();
        const QString mainBefore = TestRepos::revParse(bare(name), QStringLiteral("main"));
        auto repository = open(name, QStringLiteral("Ada Approver"));
        PromotionLog log(*repository);
        PromotionEvent approved =
            record(PromotionEvent::Kind::Approved, QStringLiteral("frontend-prod"),
                   QStringLiteral("Change CHG-1234 approved by the CAB"));
        const auto first = log.append({approved});
        FD_VERIFY_OK(first);
        PromotionEvent held =
            record(PromotionEvent::Kind::Held, QStringLiteral("frontend-staging"));
        held.freightId.clear();
        held.freightAlias.clear();
        const auto second = log.append(
            {held, record(PromotionEvent::Kind::Verified, QStringLiteral("frontend-staging"))});
        FD_VERIFY_OK(second);

        // The deployed branch is untouched; the log lives on its own branch.
        QCOMPARE(TestRepos::revParse(bare(name), QStringLiteral("main")), mainBefore);
        QCOMPARE(TestRepos::revParse(bare(name), PromotionLog::defaultBranch()), *second);
        const QString message = TestRepos::git({QStringLiteral("log"), QStringLiteral("-1"),
                                                QStringLiteral("--format=%B"), *first},
                                               bare(name))
                                    .text();
        QVERIFY2(message.startsWith(QStringLiteral("Approved brave-otter in frontend-prod\n")),
                 qPrintable(message));
        QVERIFY(message.contains(QStringLiteral("Change CHG-1234 approved by the CAB")));
        QVERIFY(message.contains(QStringLiteral("Freightdesk-Event: approved")));
        QVERIFY(message.contains(QStringLiteral("Freightdesk-Freight: 4f3e6b2f")));

        auto elsewhere = open(name);
        const auto contents = PromotionLog(*elsewhere).read();
        FD_VERIFY_OK(contents);
        QVERIFY(contents->problems.isEmpty());
        QCOMPARE(contents->tip, *second);
        QCOMPARE(contents->events.size(), 3);
        const PromotionEvent& read = contents->events.at(0);
        QCOMPARE(read.kind, PromotionEvent::Kind::Approved);
        QCOMPARE(read.byName, QStringLiteral("Ada Approver"));
        QCOMPARE(read.byEmail, QStringLiteral("rm@example.com"));
        QCOMPARE(read.freightAlias, QStringLiteral("brave-otter"));
        QCOMPARE(read.reason, approved.reason);
        QVERIFY(read.at.isValid());
        QCOMPARE(contents->events.at(1).kind, PromotionEvent::Kind::Held);
        QVERIFY(contents->events.at(1).freightId.isEmpty());

        // Every write only added lines.
        const QByteArray file =
            TestRepos::git({QStringLiteral("show"),
                            PromotionLog::defaultBranch() + u':' + PromotionLog::fileFor(read.at)},
                           bare(name))
                .output;
        QCOMPARE(file.count('\n'), 3);
        const QByteArray before =
            TestRepos::git({QStringLiteral("show"), *first + u':' + PromotionLog::fileFor(read.at)},
                           bare(name))
                .output;
        QVERIFY(file.startsWith(before));
    }

    void concurrentWritersBothLand() {
        const QString name = newRepository();
        auto ours = open(name, QStringLiteral("Ours"));
        auto theirs = open(name, QStringLiteral("Theirs"));
        FD_VERIFY_OK(PromotionLog(*ours).append(
            {record(PromotionEvent::Kind::Verified, QStringLiteral("frontend-dev"))}));

        PushGate gate(bare(name), m_bed.uniquePath(QStringLiteral("gate")));
        QVERIFY(gate.install());
        gate.arm();
        auto running = std::async(std::launch::async, [&] {
            return PromotionLog(*ours).append(
                {record(PromotionEvent::Kind::Approved, QStringLiteral("frontend-prod"))});
        });
        QVERIFY(gate.waitUntilHeld());
        // While our push waits in the server, theirs lands (the gate holds only one push).
        FD_VERIFY_OK(PromotionLog(*theirs).append(
            {record(PromotionEvent::Kind::Held, QStringLiteral("frontend-prod"))}));
        gate.release(true);
        const auto outcome = running.get();
        FD_VERIFY_OK(outcome);

        const auto contents = PromotionLog(*theirs).read();
        FD_VERIFY_OK(contents);
        QCOMPARE(contents->events.size(), 3);
        QStringList who;
        for (const PromotionEvent& each : contents->events)
            who.append(each.byName + u':' + PromotionEvent::kindName(each.kind));
        QVERIFY2(who.contains(QStringLiteral("Ours:approved")), qPrintable(who.join(u',')));
        QVERIFY2(who.contains(QStringLiteral("Theirs:held")), qPrintable(who.join(u',')));
        // Ours went on top of theirs: one line history, nothing rewritten.
        QCOMPARE(TestRepos::git({QStringLiteral("rev-list"), QStringLiteral("--count"),
                                 PromotionLog::defaultBranch()},
                                bare(name))
                     .text()
                     .trimmed(),
                 QStringLiteral("3"));
    }

    void badLinesAreNamedAndKept() {
        const QString name = newRepository();
        auto repository = open(name);
        PromotionLog log(*repository);
        const auto first =
            log.append({record(PromotionEvent::Kind::Promoted, QStringLiteral("frontend-dev"))});
        FD_VERIFY_OK(first);
        const QString file = PromotionLog::fileFor(QDateTime::currentDateTimeUtc());
        // Someone edits the log by hand: a broken line and an unknown event.
        QByteArray text =
            TestRepos::git({QStringLiteral("show"), *first + u':' + file}, bare(name)).output;
        text += "{not json\n"
                "{\"event\":\"celebrated\",\"at\":\"2026-11-01T10:00:00Z\",\"service\":\"a\","
                "\"stage\":\"b\"}\n";
        const auto hand = TestRepos::commit(bare(name), PromotionLog::defaultBranch(),
                                            {{file, text}}, QStringLiteral("Hand edit"));
        FD_VERIFY_OK(hand);

        const auto appended =
            log.append({record(PromotionEvent::Kind::Approved, QStringLiteral("frontend-prod"))});
        FD_VERIFY_OK(appended);
        const auto contents = log.read();
        FD_VERIFY_OK(contents);
        QCOMPARE(contents->events.size(), 2);
        QCOMPARE(contents->problems.size(), 2);
        QCOMPARE(contents->problems.at(0).location, file + QStringLiteral(":2"));
        QCOMPARE(contents->problems.at(1).location, file + QStringLiteral(":3"));
        QVERIFY(contents->problems.at(1).message.contains(QStringLiteral("celebrated")));
        // The broken lines are still there, with ours after them.
        const QByteArray now =
            TestRepos::git({QStringLiteral("show"), *appended + u':' + file}, bare(name)).output;
        QVERIFY(now.startsWith(text));
        QCOMPARE(now.count('\n'), 4);
    }
};

QTEST_GUILESS_MAIN(TestPromotionLog)
#include "tst_promotionlog.moc"

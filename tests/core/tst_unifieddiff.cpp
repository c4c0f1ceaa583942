#include "testrepos.h"
#include "unifieddiff.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace fd::core;
using namespace fd::testsupport;

namespace {

/** What `git diff --no-index` prints for the same contents, with git's own a/ and b/ labels. */
QByteArray gitDiff(const QString& path, const QByteArray& before, const QByteArray& after) {
    QTemporaryDir scratch;
    for (const auto& [side, content] :
         {std::pair{QStringLiteral("a"), before}, std::pair{QStringLiteral("b"), after}}) {
        const QString file = scratch.filePath(side + u'/' + path);
        QDir().mkpath(QFileInfo(file).path());
        QFile out(file);
        if (!out.open(QIODevice::WriteOnly) || out.write(content) != content.size())
            qFatal("cannot write %s", qPrintable(file));
    }
    // --no-prefix with folders named a and b gives exactly git's "a/<path> b/<path>" labels.
    const GitRun run = TestRepos::git({QStringLiteral("diff"), QStringLiteral("--no-index"),
                                       QStringLiteral("--no-prefix"), QStringLiteral("--no-color"),
                                       QStringLiteral("a/") + path, QStringLiteral("b/") + path},
                                      scratch.path());
    if (run.exitCode != 0 && run.exitCode != 1)
        qFatal("git diff failed: %s", run.errors.constData());
    return run.output;
}

QByteArray numberedLines(int from, int to, const QByteArray& suffix = "\n") {
    QByteArray text;
    for (int i = from; i <= to; ++i)
        text += "key" + QByteArray::number(i) + ": " + QByteArray::number(i) + suffix;
    return text;
}

} // namespace

class TestUnifiedDiff final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_root;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_root.isValid());
        TestRepos::isolateEnvironment(m_root.path()); // no diff.* settings from the user
    }

    void matchesGitDiff_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("before");
        QTest::addColumn<QByteArray>("after");
        const QByteArray values = "image:\n  repository: web\n  tag: 1.0.0\nreplicas: 2\n";
        QTest::newRow("changed line")
            << "env/prod/values.yaml" << values << QByteArray(values).replace("1.0.0", "1.1.0");
        QTest::newRow("CRLF") << "values.yaml" << QByteArray("a: 1\r\nb: 2\r\nc: 3\r\n")
                              << QByteArray("a: 1\r\nb: 20\r\nc: 3\r\n");
        QTest::newRow("no final newline after")
            << "values.yaml" << values << values.chopped(1) + " # pinned";
        QTest::newRow("no final newline before") << "values.yaml" << values.chopped(1) << values;
        QTest::newRow("no final newline either side")
            << "values.yaml" << QByteArray("a: 1\nb: 2") << QByteArray("a: 1\nb: 3");
        QTest::newRow("two hunks with function context")
            << "env/prod/values.yaml" << numberedLines(1, 40)
            << numberedLines(1, 5) + "key6: six\n" + numberedLines(7, 33) + "key34: x\n" +
                   numberedLines(35, 40);
        QTest::newRow("from empty") << "new.yaml" << QByteArray() << QByteArray("a: 1\n");
        QTest::newRow("to empty") << "old.yaml" << QByteArray("a: 1\n") << QByteArray();
        QTest::newRow("binary") << "logo.png" << QByteArray("\x89PNG\0\x01", 6)
                                << QByteArray("\x89PNG\0\x02", 6);
        QTest::newRow("unchanged") << "values.yaml" << values << values;
    }

    void matchesGitDiff() {
        QFETCH(QString, path);
        QFETCH(QByteArray, before);
        QFETCH(QByteArray, after);
        const auto diff = UnifiedDiff::between(path, before, after);
        QVERIFY2(diff, diff ? "" : qPrintable(diff.error().toString()));
        QCOMPARE(diff->toUtf8(), gitDiff(path, before, after));
    }

    void headerIsGitStyle() {
        const auto diff =
            UnifiedDiff::between(QStringLiteral("env/prod/values.yaml"), "a: 1\n", "a: 2\n");
        QVERIFY(diff);
        const QStringList lines = diff->split(u'\n');
        QCOMPARE(lines.value(0),
                 QStringLiteral("diff --git a/env/prod/values.yaml b/env/prod/values.yaml"));
        QCOMPARE(lines.value(2), QStringLiteral("--- a/env/prod/values.yaml"));
        QCOMPARE(lines.value(3), QStringLiteral("+++ b/env/prod/values.yaml"));
        QCOMPARE(lines.value(4), QStringLiteral("@@ -1 +1 @@"));
    }

    void refusesPathsThatForgeHeaders() {
        const auto diff = UnifiedDiff::between(QStringLiteral("a\n+++ b/evil"), "x\n", "y\n");
        QVERIFY(!diff);
        QCOMPARE(diff.error().kind, Error::Kind::InvalidInput);
        // Either side of a two-file diff.
        const auto old = UnifiedDiff::between(QStringLiteral("a\n+++ b/evil"),
                                              QStringLiteral("env/prod/values.yaml"), "x\n", "y\n");
        QVERIFY(!old);
        QCOMPARE(old.error().kind, Error::Kind::InvalidInput);
    }

    void twoFilesAreNamedInTheHeader() {
        // Two stages' files compared: each path on its own side, as `git diff --no-index`.
        const auto diff =
            UnifiedDiff::between(QStringLiteral("env/staging/values.yaml"),
                                 QStringLiteral("env/prod/values.yaml"), "a: 1\n", "a: 2\n");
        QVERIFY(diff);
        const QStringList lines = diff->split(u'\n');
        QCOMPARE(lines.value(0), QStringLiteral("diff --git a/env/staging/values.yaml "
                                                "b/env/prod/values.yaml"));
        QVERIFY2(lines.contains(QStringLiteral("--- a/env/staging/values.yaml")),
                 qPrintable(*diff));
        QVERIFY2(lines.contains(QStringLiteral("+++ b/env/prod/values.yaml")), qPrintable(*diff));
        QVERIFY(lines.contains(QStringLiteral("-a: 1")));
        QVERIFY(lines.contains(QStringLiteral("+a: 2")));
    }
};

QTEST_GUILESS_MAIN(TestUnifiedDiff)
#include "tst_unifieddiff.moc"

#include "diffhighlighter.h"
#include "diffview.h"

#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>

using namespace Qt::Literals::StringLiterals;
using fd::ui::DiffHighlighter;

namespace {

/** The format the highlighter gave character @p column of line @p line. */
QTextCharFormat formatAt(const QTextDocument& document, int line, int column) {
    const QTextBlock block = document.findBlockByNumber(line);
    for (const QTextLayout::FormatRange& range : block.layout()->formats()) {
        if (column >= range.start && column < range.start + range.length)
            return range.format;
    }
    return {};
}

enum class Expect { Added, Removed, Hunk, Key, Scalar, Comment, Plain };

} // namespace

/** Freightdesk's own diff and YAML highlighting (what runs without KSyntaxHighlighting). */
class TestDiffHighlighter final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void formats_data();
    void formats();
    void sideBySideAlignsRemovedAndAdded();
};

void TestDiffHighlighter::formats_data() {
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<int>("expect");
    const int diff = int(DiffHighlighter::Mode::Diff);
    const int yaml = int(DiffHighlighter::Mode::Yaml);
    QTest::newRow("added line") << diff << u"+  tag: \"1.2.0\""_s << 0 << int(Expect::Added);
    QTest::newRow("removed line") << diff << u"-  tag: \"1.0.0\""_s << 0 << int(Expect::Removed);
    QTest::newRow("hunk") << diff << u"@@ -1,2 +1,2 @@"_s << 3 << int(Expect::Hunk);
    QTest::newRow("key in an added line")
        << diff << u"+  tag: \"1.2.0\""_s << 3 << int(Expect::Key);
    QTest::newRow("scalar in an added line")
        << diff << u"+  tag: \"1.2.0\""_s << 9 << int(Expect::Scalar);
    QTest::newRow("key in context") << diff << u" image:"_s << 1 << int(Expect::Key);
    QTest::newRow("comment in context")
        << diff << u" tag: x # pinned"_s << 10 << int(Expect::Comment);
    QTest::newRow("yaml key") << yaml << u"replicaCount: 3"_s << 0 << int(Expect::Key);
    QTest::newRow("yaml scalar") << yaml << u"replicaCount: 3"_s << 14 << int(Expect::Scalar);
    QTest::newRow("yaml comment") << yaml << u"# the prod values"_s << 2 << int(Expect::Comment);
    QTest::newRow("hash inside quotes is no comment")
        << yaml << u"note: \"a # b\""_s << 9 << int(Expect::Scalar);
    QTest::newRow("list item scalar") << yaml << u"- web"_s << 2 << int(Expect::Scalar);
    QTest::newRow("plain text") << yaml << u"just words"_s << 0 << int(Expect::Plain);
}

void TestDiffHighlighter::formats() {
    QFETCH(int, mode);
    QFETCH(QString, line);
    QFETCH(int, column);
    QFETCH(int, expect);
    QTextDocument document;
    auto* highlighter = new DiffHighlighter(DiffHighlighter::Mode(mode), &document);
    document.setPlainText(line);
    highlighter->rehighlight(); // a new highlighter's first pass waits for the event loop
    const QTextCharFormat format = formatAt(document, 0, column);
    switch (Expect(expect)) {
    case Expect::Added:
        QCOMPARE(format.background(), highlighter->added().background());
        break;
    case Expect::Removed:
        QCOMPARE(format.background(), highlighter->removed().background());
        break;
    case Expect::Hunk:
        QCOMPARE(format.foreground(), highlighter->hunk().foreground());
        break;
    case Expect::Key:
        QCOMPARE(format.foreground(), highlighter->key().foreground());
        break;
    case Expect::Scalar:
        QCOMPARE(format.foreground(), highlighter->scalar().foreground());
        break;
    case Expect::Comment:
        QCOMPARE(format.foreground(), highlighter->comment().foreground());
        QVERIFY(format.fontItalic());
        break;
    case Expect::Plain:
        QVERIFY(!format.hasProperty(QTextFormat::ForegroundBrush));
        break;
    }
    // An added line keeps its background under the key's colour.
    if (mode == int(DiffHighlighter::Mode::Diff) && line.startsWith(u'+') &&
        expect == int(Expect::Key))
        QCOMPARE(format.background(), highlighter->added().background());
}

void TestDiffHighlighter::sideBySideAlignsRemovedAndAdded() {
    const QString diff = u"diff --git a/v.yaml b/v.yaml\n--- a/v.yaml\n+++ b/v.yaml\n"
                         "@@ -1,3 +1,4 @@\n image:\n-  tag: \"1\"\n+  tag: \"2\"\n+  pull: Always\n"
                         " replicas: 1\n"_s;
    const fd::ui::SideBySideText rows = fd::ui::sideBySide(diff);
    const QStringList left{u"--- a/v.yaml"_s, u"@@ -1,3 +1,4 @@"_s,
                           u" image:"_s,      u"-  tag: \"1\""_s,
                           QString(),         u" replicas: 1"_s};
    const QStringList right{u"+++ b/v.yaml"_s,  u"@@ -1,3 +1,4 @@"_s, u" image:"_s,
                            u"+  tag: \"2\""_s, u"+  pull: Always"_s, u" replicas: 1"_s};
    QCOMPARE(rows.left, left);
    QCOMPARE(rows.right, right);
}

QTEST_MAIN(TestDiffHighlighter)
#include "tst_diffhighlighter.moc"

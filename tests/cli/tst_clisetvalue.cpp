#include "clirun.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace fd::testsupport;

namespace {

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeAll(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(bytes), bytes.size());
}

QString fixture(const QString& relative) {
    return QStringLiteral(FREIGHTDESK_FIXTURES_DIR "/") + relative;
}

} // namespace

class TestCliSetValue final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void overviewAndVersion();
    void editsInPlace();
    void filtersStdin();
    void jsonOutput();
    void kustomizeImage();
    void failuresLeaveFileUntouched_data();
    void failuresLeaveFileUntouched();
    void usageErrors_data();
    void usageErrors();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestCliSetValue::init() {
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestCliSetValue::overviewAndVersion() {
    const Run overview = cli({});
    QCOMPARE(overview.exitCode, 0);
    QVERIFY(overview.out.contains("set-value"));
    QVERIFY(overview.out.contains("push-values"));
    const Run version = cli({QStringLiteral("--version")});
    QCOMPARE(version.exitCode, 0);
    QVERIFY(version.out.startsWith("freightdesk-cli " FREIGHTDESK_VERSION));
}

void TestCliSetValue::editsInPlace() {
    const QByteArray original = readAll(
        fixture(QStringLiteral("microservice-helmcharts/env/prod/frontend/frontend-values.yaml")));
    QVERIFY(original.contains("  tag: 1.0.11\n"));
    const QString path = m_dir->filePath(QStringLiteral("frontend-values.yaml"));
    writeAll(path, original);

    const Run run =
        cli({QStringLiteral("set-value"), QStringLiteral("--file"), path, QStringLiteral("--key"),
             QStringLiteral("image.tag"), QStringLiteral("--value"), QStringLiteral("1.0.12"),
             QStringLiteral("--key"), QStringLiteral("replicaCount"), QStringLiteral("--value"),
             QStringLiteral("3")});
    QCOMPARE(run.exitCode, 0);
    QByteArray expected = original;
    expected.replace("  tag: 1.0.11\n", "  tag: 1.0.12\n");
    // "3" would read as a number if written plain, and Helm's value was a number: kept plain.
    expected.replace("replicaCount: 2", "replicaCount: 3");
    const QByteArray written = readAll(path);
    if (written != expected)
        QCOMPARE(written, expected); // show both when the simple rule above does not hold
    QVERIFY(run.out.contains("image.tag: 1.0.11 -> 1.0.12"));
}

void TestCliSetValue::filtersStdin() {
    const QByteArray input = "# prod\r\nimage:\r\n  tag: \"1.0.2\" # pinned\r\n";
    const Run run = cli({QStringLiteral("set-value"), QStringLiteral("--file"), QStringLiteral("-"),
                         QStringLiteral("--key"), QStringLiteral("image.tag"),
                         QStringLiteral("--value"), QStringLiteral("1.0.3")},
                        input);
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, QByteArray("# prod\r\nimage:\r\n  tag: \"1.0.3\" # pinned\r\n"));
    QVERIFY(run.err.isEmpty());
}

void TestCliSetValue::jsonOutput() {
    const QString path = m_dir->filePath(QStringLiteral("v.yaml"));
    writeAll(path, "image:\n  tag: 1.0.1\n");
    const Run run =
        cli({QStringLiteral("set-value"), QStringLiteral("--json"), QStringLiteral("--file"), path,
             QStringLiteral("--key"), QStringLiteral("image.tag"), QStringLiteral("--value"),
             QStringLiteral("1.0.2")});
    QCOMPARE(run.exitCode, 0);
    const QJsonObject result = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(result.value(QStringLiteral("ok")).toBool(), true);
    QCOMPARE(result.value(QStringLiteral("changed")).toBool(), true);
    const QJsonObject edit = result.value(QStringLiteral("edits")).toArray().at(0).toObject();
    QCOMPARE(edit.value(QStringLiteral("target")).toString(), QStringLiteral("image.tag"));
    QCOMPARE(edit.value(QStringLiteral("old")).toString(), QStringLiteral("1.0.1"));
    QCOMPARE(edit.value(QStringLiteral("new")).toString(), QStringLiteral("1.0.2"));

    const Run failed =
        cli({QStringLiteral("set-value"), QStringLiteral("--json"), QStringLiteral("--file"), path,
             QStringLiteral("--key"), QStringLiteral("image.nope"), QStringLiteral("--value"),
             QStringLiteral("1")});
    QCOMPARE(failed.exitCode, 1);
    const QJsonObject error = QJsonDocument::fromJson(failed.out).object();
    QCOMPARE(error.value(QStringLiteral("ok")).toBool(), false);
    QCOMPARE(
        error.value(QStringLiteral("error")).toObject().value(QStringLiteral("kind")).toString(),
        QStringLiteral("not-found"));
}

void TestCliSetValue::kustomizeImage() {
    const QByteArray original =
        readAll(fixture(QStringLiteral("kargo-simple/env/dev/kustomization.yaml")));
    QVERIFY(original.contains("  newTag: v0.0.1\n"));
    const QString path = m_dir->filePath(QStringLiteral("kustomization.yaml"));
    writeAll(path, original);
    const Run run =
        cli({QStringLiteral("set-value"), QStringLiteral("--file"), path, QStringLiteral("--image"),
             QStringLiteral("ghcr.io/akuity/guestbook:v0.0.2")});
    QCOMPARE(run.exitCode, 0);
    QByteArray expected = original;
    expected.replace("  newTag: v0.0.1\n", "  newTag: v0.0.2\n");
    QCOMPARE(readAll(path), expected);
}

void TestCliSetValue::failuresLeaveFileUntouched_data() {
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("says");
    QTest::newRow("malformed") << QByteArray("image:\n  tag: [1.0\nother: x\n") << "image.tag"
                               << "v.yaml:";
    QTest::newRow("missing key") << QByteArray("image:\n  tag: 1.0\n") << "image.digest"
                                 << "'digest' not found";
    QTest::newRow("key is a map") << QByteArray("image:\n  tag: 1.0\n") << "image"
                                  << "image";
}

void TestCliSetValue::failuresLeaveFileUntouched() {
    QFETCH(QByteArray, content);
    QFETCH(QString, key);
    QFETCH(QString, says);
    const QString path = m_dir->filePath(QStringLiteral("v.yaml"));
    writeAll(path, content);
    const Run run =
        cli({QStringLiteral("set-value"), QStringLiteral("--file"), path, QStringLiteral("--key"),
             key, QStringLiteral("--value"), QStringLiteral("2.0")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(QString::fromUtf8(run.err).contains(says), run.err.constData());
    QCOMPARE(readAll(path), content);
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::Files | QDir::Hidden).size(),
             1); // no temp file left
}

void TestCliSetValue::usageErrors_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")};
    QTest::newRow("no file") << QStringList{QStringLiteral("set-value"), QStringLiteral("--key"),
                                            QStringLiteral("a"), QStringLiteral("--value"),
                                            QStringLiteral("b")};
    QTest::newRow("key without value")
        << QStringList{QStringLiteral("set-value"), QStringLiteral("--file"),
                       QStringLiteral("x.yaml"), QStringLiteral("--key"), QStringLiteral("a")};
    QTest::newRow("nothing to set") << QStringList{
        QStringLiteral("set-value"), QStringLiteral("--file"), QStringLiteral("x.yaml")};
    QTest::newRow("unknown option")
        << QStringList{QStringLiteral("set-value"), QStringLiteral("--bogus")};
    QTest::newRow("push without repo") << QStringList{
        QStringLiteral("push-values"), QStringLiteral("--set"), QStringLiteral("a.yaml:k=v")};
    QTest::newRow("push bad set") << QStringList{
        QStringLiteral("push-values"), QStringLiteral("--repo"), QStringLiteral("/nonexistent"),
        QStringLiteral("--set"), QStringLiteral("a.yaml")};
    QTest::newRow("push bad attempts") << QStringList{
        QStringLiteral("push-values"), QStringLiteral("--repo"),     QStringLiteral("/x"),
        QStringLiteral("--set"),       QStringLiteral("a.yaml:k=v"), QStringLiteral("--attempts"),
        QStringLiteral("zero")};
}

void TestCliSetValue::usageErrors() {
    QFETCH(QStringList, arguments);
    const Run run = cli(arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.err.startsWith("freightdesk-cli: "));
    const Run json = cli(arguments + QStringList{QStringLiteral("--json")});
    QCOMPARE(json.exitCode, 2);
    QCOMPARE(QJsonDocument::fromJson(json.out).object().value(QStringLiteral("ok")).toBool(true),
             false);
}

QTEST_GUILESS_MAIN(TestCliSetValue)
#include "tst_clisetvalue.moc"

#include "yamldocument.h"
#include "yamlsimplescalar.h"

#include <QDirIterator>
#include <QFile>
#include <QTest>

#include <random>

using fd::core::readSimpleYamlScalar;
using fd::core::SimpleYamlScalar;
using fd::core::YamlDocument;
using Outcome = SimpleYamlScalar::Outcome;

Q_DECLARE_METATYPE(SimpleYamlScalar::Outcome)

namespace {

const QByteArray valuesFile = R"(# Helm values (managed by promotion tooling)
replicaCount: 3
image:
  repository: registry.example.com/platform/frontend
  tag: 1.0.12 # set by Kargo
  pullPolicy: IfNotPresent
imagePullSecrets:
  - name: registry-credentials
nodeSelector: {}
tolerations: []
env:
- name: LOG_LEVEL
  value: "warn"
- name: LIST
  args:
  - a
  - 'b c'
podAnnotations:
  prometheus.io/scrape: "true"
)";

/** The full reader's answer in the same terms: a value, or nothing. */
std::optional<QString> fullScalar(const QByteArray& bytes, const QString& keyPath) {
    auto document = YamlDocument::parse(bytes, QStringLiteral("values.yaml"));
    if (!document)
        return std::nullopt;
    auto value = document->scalar(keyPath);
    return value ? std::optional<QString>(*value) : std::nullopt;
}

/** Within the subset both readers must agree; returns a message when they do not. */
QString disagreement(const QByteArray& bytes, const QString& keyPath) {
    const SimpleYamlScalar simple = readSimpleYamlScalar(bytes, keyPath);
    if (simple.outcome == Outcome::NotSimple)
        return {};
    const std::optional<QString> full = fullScalar(bytes, keyPath);
    const bool same = simple.outcome == Outcome::Found ? full && *full == simple.value : !full;
    if (same)
        return {};
    return QStringLiteral("%1 in\n%2\nsimple: %3, full: %4")
        .arg(keyPath, QString::fromUtf8(bytes),
             simple.outcome == Outcome::Found ? simple.value : QStringLiteral("(absent)"),
             full ? *full : QStringLiteral("(absent)"));
}

} // namespace

class TestYamlSimpleScalar final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void reads_data() {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("keyPath");
        QTest::addColumn<Outcome>("outcome");
        QTest::addColumn<QString>("value");
        const auto row = [](const char* name, const QByteArray& yaml, const char* key,
                            Outcome outcome, const char* value = "") {
            QTest::newRow(name) << yaml << QString::fromLatin1(key) << outcome
                                << QString::fromLatin1(value);
        };
        row("nested key, comment", valuesFile, "image.tag", Outcome::Found, "1.0.12");
        row("top level", valuesFile, "replicaCount", Outcome::Found, "3");
        row("dotted key name is not a path", valuesFile, "podAnnotations.prometheus",
            Outcome::Absent);
        row("after lists", valuesFile, "image.pullPolicy", Outcome::Found, "IfNotPresent");
        row("missing", valuesFile, "image.digest", Outcome::Absent);
        row("a map is not a scalar", valuesFile, "image", Outcome::Absent);
        row("an empty map", valuesFile, "nodeSelector", Outcome::Absent);
        row("through a list", valuesFile, "env.name", Outcome::Absent);
        row("double quotes", "image:\n  tag: \"1.0\"\n", "image.tag", Outcome::Found, "1.0");
        row("single quotes", "image:\n  tag: '1.0' # x\n", "image.tag", Outcome::Found, "1.0");
        row("empty file", "", "image.tag", Outcome::Absent);
        row("document marker", "---\nimage:\n  tag: 1\n", "image.tag", Outcome::NotSimple);
        row("null target", "image:\n  tag:\n", "image.tag", Outcome::NotSimple);
        row("null target, next key", "image:\n  tag:\n  x: 1\n", "image.tag", Outcome::NotSimple);
        row("duplicate target", "image:\n  tag: 1\n  tag: 2\n", "image.tag", Outcome::NotSimple);
        row("duplicate parent", "image:\n  tag: 1\nimage:\n  x: 2\n", "image.tag",
            Outcome::NotSimple);
        row("duplicate elsewhere", "a: 1\na: 2\nimage:\n  tag: 3\n", "image.tag", Outcome::Found,
            "3");
        row("block scalar", "image:\n  tag: |\n    1\n", "image.tag", Outcome::NotSimple);
        row("anchor", "image: &i\n  tag: 1\n", "image.tag", Outcome::NotSimple);
        row("flow map", "image: {tag: 1}\n", "image.tag", Outcome::NotSimple);
        row("tab", "image:\n\ttag: 1\n", "image.tag", Outcome::NotSimple);
        row("crlf", "image:\r\n  tag: 1\r\n", "image.tag", Outcome::NotSimple);
        row("non-ascii", "image:\n  tag: 1 # \xc3\xa9\n", "image.tag", Outcome::NotSimple);
        row("bad indentation", "image:\n    tag: 1\n  x: 2\n", "image.tag", Outcome::NotSimple);
        row("continued plain scalar", "image:\n  tag: 1\n   2\n", "image.tag", Outcome::NotSimple);
        row("colon in value", "image:\n  tag: a: b\n", "image.tag", Outcome::NotSimple);
        row("escaped key path", "a.b: 1\n", "a\\.b", Outcome::NotSimple);
        row("index in key path", "a:\n- 1\n", "a.0", Outcome::NotSimple);
        row("root list", "- a\n", "image.tag", Outcome::NotSimple);
        row("escape in double quotes", "image:\n  tag: \"a\\\"b\"\n", "image.tag",
            Outcome::NotSimple);
    }

    void reads() {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, keyPath);
        QFETCH(Outcome, outcome);
        QFETCH(QString, value);
        const SimpleYamlScalar simple = readSimpleYamlScalar(yaml, keyPath);
        QCOMPARE(simple.outcome, outcome);
        if (outcome == Outcome::Found)
            QCOMPARE(simple.value, value);
        const QString problem = disagreement(yaml, keyPath);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    /** Every fixture file and a few key paths: where the subset answers, it answers as a parser. */
    void agreesOnFixtures() {
        const QStringList keyPaths = {QStringLiteral("image.tag"),
                                      QStringLiteral("image.repository"),
                                      QStringLiteral("replicaCount"),
                                      QStringLiteral("metadata.name"),
                                      QStringLiteral("spec.source.repoURL"),
                                      QStringLiteral("resources.limits.memory"),
                                      QStringLiteral("kind"),
                                      QStringLiteral("spec.project")};
        QDirIterator files(QStringLiteral(FREIGHTDESK_FIXTURES_DIR),
                           {QStringLiteral("*.yaml"), QStringLiteral("*.yml")}, QDir::Files,
                           QDirIterator::Subdirectories);
        int read = 0;
        int simple = 0;
        while (files.hasNext()) {
            QFile file(files.next());
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray bytes = file.readAll();
            ++read;
            for (const QString& keyPath : keyPaths) {
                const QString problem = disagreement(bytes, keyPath);
                QVERIFY2(problem.isEmpty(),
                         qPrintable(file.fileName() + QStringLiteral(": ") + problem));
                simple += readSimpleYamlScalar(bytes, keyPath).outcome != Outcome::NotSimple;
            }
        }
        QVERIFY(read > 0);
        QVERIFY(simple > 0);
    }

    /** Small edits of a values file, kept or refused by the subset, never answered differently. */
    void agreesOnMutations() {
        std::mt19937 random(7);
        const QByteArray alphabet = " :-#\"'\n\t[]{}&*!|>%@?,.~a0";
        int answered = 0;
        for (int round = 0; round < 3000; ++round) {
            QByteArray yaml = valuesFile;
            const int edits = 1 + int(random() % 3);
            for (int e = 0; e < edits; ++e) {
                const int at = int(random() % uint(yaml.size()));
                const char c = alphabet.at(int(random() % uint(alphabet.size())));
                switch (random() % 3) {
                case 0:
                    yaml.insert(at, c);
                    break;
                case 1:
                    yaml[at] = c;
                    break;
                default:
                    yaml.remove(at, 1);
                    break;
                }
            }
            for (const char* keyPath : {"image.tag", "replicaCount", "env", "image"}) {
                const QString problem = disagreement(yaml, QString::fromLatin1(keyPath));
                QVERIFY2(problem.isEmpty(), qPrintable(problem));
                answered += readSimpleYamlScalar(yaml, QString::fromLatin1(keyPath)).outcome !=
                            Outcome::NotSimple;
            }
        }
        QVERIFY(answered > 1000);
    }
};

QTEST_GUILESS_MAIN(TestYamlSimpleScalar)
#include "tst_yamlsimplescalar.moc"

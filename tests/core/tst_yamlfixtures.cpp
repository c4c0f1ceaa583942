#include "yamldocument.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

#include <yaml-cpp/yaml.h>

#include <functional>
#include <string>
#include <vector>

using fd::core::KustomizeField;
using fd::core::YamlDocument;

// Every edit the editor can make on the real GitOps files of the fixtures, checked against
// yaml-cpp's own reading of the result (YAML::Node, independent of the editor's event-based
// tree) and byte for byte outside the edited value.

namespace {

struct Candidate final {
    const char* value;
    bool mustBeQuoted; // reads as another type, or breaks the syntax, when written plain
};

const Candidate Candidates[] = {
    {"freightdesk-1.2.3", false},
    {"1.0", true},
    {"it's: \"quoted\" #1", true},
    {"grüße ✓", false},
};

using Path = std::vector<std::string>;

struct Leaf final {
    Path path;
    YAML::Node node;
};

QString keyPath(const Path& path) {
    QStringList keys;
    for (const std::string& key : path) {
        QString escaped = QString::fromStdString(key);
        escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
        escaped.replace(QLatin1Char('.'), QStringLiteral("\\."));
        keys << escaped;
    }
    return keys.join(QLatin1Char('.'));
}

void collectLeaves(const YAML::Node& node, Path& path, std::vector<Leaf>& leaves) {
    if (node.IsScalar()) {
        leaves.push_back({path, node});
    } else if (node.IsSequence()) {
        for (std::size_t i = 0; i < node.size(); ++i) {
            path.push_back(std::to_string(i));
            collectLeaves(node[i], path, leaves);
            path.pop_back();
        }
    } else if (node.IsMap()) {
        for (const auto& pair : node) {
            if (!pair.first.IsScalar())
                continue;
            path.push_back(pair.first.Scalar());
            collectLeaves(pair.second, path, leaves);
            path.pop_back();
        }
    }
}

using TargetCheck = std::function<QString(const YAML::Node& expected, const YAML::Node& actual)>;

/** Compares two yaml-cpp trees; at @p target (a path) @p check decides instead. */
QString compare(const YAML::Node& expected, const YAML::Node& actual, const Path* target,
                std::size_t depth, const TargetCheck& check, const QString& where) {
    if (target && depth == target->size())
        return check(expected, actual);
    if (expected.Type() != actual.Type())
        return where + QStringLiteral(": node type differs");
    // Nodes made by the test (expected values and entries) carry no tag: any untagged is fine.
    const bool untagged = expected.Tag().empty();
    if (!untagged && expected.Tag() != actual.Tag())
        return where + QStringLiteral(": tag differs");
    if (untagged && actual.Tag() != "?" && actual.Tag() != "!" && !actual.IsNull())
        return where + QStringLiteral(": unexpected tag");
    if (expected.IsScalar())
        return expected.Scalar() == actual.Scalar() ? QString()
                                                    : where + QStringLiteral(": value differs");
    if (expected.size() != actual.size())
        return where + QStringLiteral(": size differs");
    if (expected.IsSequence()) {
        for (std::size_t i = 0; i < expected.size(); ++i) {
            const bool onPath = target && (*target)[depth] == std::to_string(i);
            const QString error = compare(expected[i], actual[i], onPath ? target : nullptr,
                                          depth + 1, check, where + QStringLiteral(".%1").arg(i));
            if (!error.isEmpty())
                return error;
        }
    } else if (expected.IsMap()) {
        auto a = actual.begin();
        for (auto e = expected.begin(); e != expected.end(); ++e, ++a) {
            QString error =
                compare(e->first, a->first, nullptr, 0, check, where + QStringLiteral(" key"));
            if (!error.isEmpty())
                return error;
            const bool onPath =
                target && e->first.IsScalar() && (*target)[depth] == e->first.Scalar();
            const QString key = e->first.IsScalar() ? QString::fromStdString(e->first.Scalar())
                                                    : QStringLiteral("?");
            error = compare(e->second, a->second, onPath ? target : nullptr, depth + 1, check,
                            where + QLatin1Char('.') + key);
            if (!error.isEmpty())
                return error;
        }
    }
    return {};
}

QString compareDocuments(const std::vector<YAML::Node>& expected,
                         const std::vector<YAML::Node>& actual, const Path* target,
                         const TargetCheck& check) {
    if (expected.size() != actual.size())
        return QStringLiteral("document count differs");
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const QString error = compare(expected[i], actual[i], i == 0 ? target : nullptr, 0, check,
                                      QStringLiteral("doc%1").arg(i));
        if (!error.isEmpty())
            return error;
    }
    return {};
}

/** The value must read as exactly this string, quoted when plain would not be a string. */
TargetCheck stringCheck(const Candidate& candidate, char oldQuote) {
    return [candidate, oldQuote](const YAML::Node&, const YAML::Node& actual) -> QString {
        if (!actual.IsScalar() || actual.Scalar() != candidate.value)
            return QStringLiteral("target does not read as the new value");
        const bool quoted = actual.Tag() == "!";
        if (candidate.mustBeQuoted && !quoted)
            return QStringLiteral("target should have been quoted");
        if (oldQuote != 0 && !quoted)
            return QStringLiteral("target lost its quotes");
        if (oldQuote == 0 && !candidate.mustBeQuoted && quoted)
            return QStringLiteral("target should have stayed plain");
        return {};
    };
}

qsizetype quotedEnd(const QByteArray& bytes, qsizetype begin) {
    const char quote = bytes[begin];
    for (qsizetype i = begin + 1; i < bytes.size(); ++i) {
        if (quote == '"' && bytes[i] == '\\')
            ++i;
        else if (bytes[i] == quote && quote == '\'' && i + 1 < bytes.size() && bytes[i + 1] == '\'')
            ++i;
        else if (bytes[i] == quote)
            return i + 1;
    }
    return -1;
}

/** Where the scalar starting at @p start ends: -1 for block and multi-line plain scalars. */
qsizetype scalarEnd(const QByteArray& bytes, qsizetype start, const std::string& value) {
    const char first = bytes[start];
    if (first == '"' || first == '\'')
        return quotedEnd(bytes, start);
    const QByteArray text = QByteArray::fromStdString(value);
    if (first != '|' && first != '>' && bytes.mid(start, text.size()) == text)
        return start + text.size();
    return -1;
}

qsizetype bomLength(const QByteArray& bytes) {
    return bytes.startsWith("\xEF\xBB\xBF") ? 3 : 0;
}

/**
 * The file with CRLF line breaks and a trailing comment on every line that has content, so that
 * the edits also meet the formatting the fixtures lack (none of them has a multi-line quoted
 * scalar or block scalar, where a comment would become text).
 */
QByteArray decorated(const QByteArray& bytes) {
    QList<QByteArray> lines = bytes.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray trimmed = lines[i].trimmed();
        if (!trimmed.isEmpty() && !trimmed.startsWith('#'))
            lines[i] += "   # fd";
        if (i + 1 < lines.size())
            lines[i] += '\r';
    }
    return lines.join('\n');
}

/** True when @p after is @p before with bytes inserted at one place. */
bool isPureInsertion(const QByteArray& before, const QByteArray& after) {
    qsizetype prefix = 0;
    while (prefix < before.size() && before[prefix] == after[prefix])
        ++prefix;
    qsizetype suffix = 0;
    while (suffix < before.size() - prefix &&
           before[before.size() - 1 - suffix] == after[after.size() - 1 - suffix])
        ++suffix;
    return after.size() > before.size() && prefix + suffix == before.size();
}

} // namespace

class TestYamlFixtures final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void files_data();
    void files();
    void cleanupTestCase();

private:
    QString checkScalarEdits(const QByteArray& bytes, const QString& name,
                             const YamlDocument& document, const std::vector<YAML::Node>& original);
    QString checkKustomizeEdits(const QByteArray& bytes, const QString& name,
                                const YamlDocument& document,
                                const std::vector<YAML::Node>& original);

    int m_files = 0;
    int m_decoratedFiles = 0;
    int m_templates = 0;
    int m_templatesRejected = 0;
    int m_scalarEdits = 0;
    int m_refusedLeaves = 0;
    int m_kustomizeEdits = 0;
};

void TestYamlFixtures::files_data() {
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("decorate");
    const QString root = QStringLiteral(FREIGHTDESK_FIXTURES_DIR);
    QDirIterator it(root, {QStringLiteral("*.yaml"), QStringLiteral("*.yml")}, QDir::Files,
                    QDirIterator::Subdirectories);
    QStringList paths;
    while (it.hasNext())
        paths << it.next();
    QVERIFY2(!paths.isEmpty(), "no fixtures found");
    paths.sort();
    for (const QString& path : paths) {
        const QString relative = QDir(root).relativeFilePath(path);
        QTest::newRow(qPrintable(relative)) << path << false;
        if (!path.contains(QStringLiteral("/templates/")))
            QTest::newRow(qPrintable(relative + QStringLiteral(" (CRLF, comments)")))
                << path << true;
    }
}

void TestYamlFixtures::files() {
    QFETCH(QString, path);
    QFETCH(bool, decorate);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = decorate ? decorated(file.readAll()) : file.readAll();
    const QString name = QFileInfo(path).fileName();
    const auto document = YamlDocument::parse(bytes, name);

    if (path.contains(QStringLiteral("/templates/"))) {
        // Helm templates are not YAML; some happen to read as YAML, the rest must fail cleanly.
        ++m_templates;
        if (!document) {
            ++m_templatesRejected;
            QCOMPARE(document.error().kind, fd::core::Error::Kind::Parse);
            static const QRegularExpression located(QStringLiteral("^[^:]+:[0-9]+:[0-9]+$"));
            QVERIFY2(located.match(document.error().location).hasMatch(),
                     qPrintable(document.error().location));
            QVERIFY(!document.error().message.isEmpty());
        }
        return;
    }
    QVERIFY2(document.has_value(), document ? "" : qPrintable(document.error().toString()));
    ++m_files;
    const std::vector<YAML::Node> original = YAML::LoadAll(bytes.toStdString());
    QVERIFY(!original.empty());
    if (decorate) {
        // The decoration must not change what the file says.
        file.seek(0);
        const QString difference =
            compareDocuments(YAML::LoadAll(file.readAll().toStdString()), original, nullptr, {});
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
        ++m_decoratedFiles;
    }

    QString error = checkScalarEdits(bytes, name, *document, original);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    if (name.startsWith(QStringLiteral("kustomization."))) {
        error = checkKustomizeEdits(bytes, name, *document, original);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }
}

QString TestYamlFixtures::checkScalarEdits(const QByteArray& bytes, const QString& name,
                                           const YamlDocument& document,
                                           const std::vector<YAML::Node>& original) {
    std::vector<Leaf> leaves;
    Path path;
    collectLeaves(original.front(), path, leaves);
    for (const Leaf& leaf : leaves) {
        const QString key = keyPath(leaf.path);
        const QString where = name + QLatin1Char(' ') + key;
        const qsizetype start = bomLength(bytes) + leaf.node.Mark().pos;
        const qsizetype end = scalarEnd(bytes, start, leaf.node.Scalar());
        const char first = bytes[start];

        if (end < 0) {
            // Block scalars and plain scalars over several lines are refused, untouched.
            YamlDocument copy = document;
            const auto result = copy.setScalar(key, QStringLiteral("x"));
            if (result || result.error().kind != fd::core::Error::Kind::Unsupported ||
                copy.bytes() != bytes)
                return where + QStringLiteral(": expected a clean refusal");
            ++m_refusedLeaves;
            continue;
        }
        const auto span = document.scalarSpan(key);
        if (!span || span->begin != start || span->end != end)
            return where + QStringLiteral(": scalarSpan disagrees with the scalar's bytes");
        const char oldQuote = first == '"' || first == '\'' ? first : 0;
        for (const Candidate& candidate : Candidates) {
            YamlDocument copy = document;
            const auto result = copy.setScalar(key, QString::fromUtf8(candidate.value));
            if (!result)
                return where + QStringLiteral(": ") + result.error().toString();
            const QByteArray& after = copy.bytes();
            const qsizetype suffix = bytes.size() - end;
            if (after.left(start) != bytes.left(start) ||
                after.right(suffix) != bytes.right(suffix))
                return where + QStringLiteral(": bytes outside the value changed");
            const std::vector<YAML::Node> edited = YAML::LoadAll(after.toStdString());
            const QString difference =
                compareDocuments(original, edited, &leaf.path, stringCheck(candidate, oldQuote));
            if (!difference.isEmpty())
                return where + QStringLiteral(" = ") + QString::fromUtf8(candidate.value) +
                       QStringLiteral(": ") + difference;
            ++m_scalarEdits;
        }
    }
    return {};
}

QString TestYamlFixtures::checkKustomizeEdits(const QByteArray& bytes, const QString& name,
                                              const YamlDocument& document,
                                              const std::vector<YAML::Node>& original) {
    const struct {
        KustomizeField field;
        const char* key;
    } fields[] = {{KustomizeField::NewTag, "newTag"},
                  {KustomizeField::NewName, "newName"},
                  {KustomizeField::Digest, "digest"}};
    const YAML::Node images = original.front()["images"];
    const Candidate value{"9.9.9-fd", false};

    // A missing key gives an invalid node, which throws on anything but IsDefined().
    const bool hasImages = images.IsDefined() && images.IsSequence();
    for (std::size_t i = 0; hasImages && i < images.size(); ++i) {
        const std::string image = images[i]["name"].Scalar();
        for (const auto& field : fields) {
            YamlDocument copy = document;
            const auto result = copy.setKustomizeImageField(
                QString::fromStdString(image), field.field, QString::fromUtf8(value.value));
            const QString where =
                QStringLiteral("%1 images[%2].%3")
                    .arg(name, QString::fromStdString(image), QString::fromUtf8(field.key));
            if (!result)
                return where + QStringLiteral(": ") + result.error().toString();
            const QByteArray& after = copy.bytes();
            const bool existed = images[i][field.key].IsDefined();
            if (existed) {
                const YAML::Node old = images[i][field.key];
                const qsizetype start = bomLength(bytes) + old.Mark().pos;
                const qsizetype end = scalarEnd(bytes, start, old.Scalar());
                const qsizetype suffix = bytes.size() - end;
                if (end < 0 || after.left(start) != bytes.left(start) ||
                    after.right(suffix) != bytes.right(suffix))
                    return where + QStringLiteral(": bytes outside the value changed");
            } else if (!isPureInsertion(bytes, after)) {
                return where + QStringLiteral(": adding the field changed existing bytes");
            }
            std::vector<YAML::Node> expected;
            for (const YAML::Node& node : original)
                expected.push_back(YAML::Clone(node));
            expected.front()["images"][i][field.key] = value.value;
            const Path target{"images", std::to_string(i), field.key};
            const QString difference = compareDocuments(
                expected, YAML::LoadAll(after.toStdString()), &target, stringCheck(value, 0));
            if (!difference.isEmpty())
                return where + QStringLiteral(": ") + difference;
            ++m_kustomizeEdits;
        }
    }

    // A new image: an entry appended to images:, or images: appended to the file.
    const Candidate tag{"1.0", true};
    const QString image = QStringLiteral("registry.example.com/freightdesk/new-image");
    YamlDocument copy = document;
    const auto result =
        copy.setKustomizeImageField(image, KustomizeField::NewTag, QString::fromUtf8(tag.value));
    if (!result)
        return name + QStringLiteral(" new image: ") + result.error().toString();
    if (!isPureInsertion(bytes, copy.bytes()))
        return name + QStringLiteral(" new image: existing bytes changed");
    std::vector<YAML::Node> expected;
    for (const YAML::Node& node : original)
        expected.push_back(YAML::Clone(node));
    YAML::Node entry;
    entry["name"] = image.toStdString();
    entry["newTag"] = tag.value;
    expected.front()["images"].push_back(entry);
    const Path target{"images", std::to_string(expected.front()["images"].size() - 1), "newTag"};
    const QString difference = compareDocuments(expected, YAML::LoadAll(copy.bytes().toStdString()),
                                                &target, stringCheck(tag, 0));
    if (!difference.isEmpty())
        return name + QStringLiteral(" new image: ") + difference;
    ++m_kustomizeEdits;
    return {};
}

void TestYamlFixtures::cleanupTestCase() {
    qInfo("fixtures: %d YAML files edited (%d of them also with CRLF and trailing comments), "
          "%d Helm templates (%d rejected with a located error, "
          "the rest happen to read as YAML)",
          m_files - m_decoratedFiles, m_decoratedFiles, m_templates, m_templatesRejected);
    qInfo("edits: %d scalar edits verified, %d leaves refused cleanly (block or multi-line "
          "scalars), %d Kustomize image edits verified",
          m_scalarEdits, m_refusedLeaves, m_kustomizeEdits);
    QVERIFY(m_files > 0);
    QVERIFY(m_scalarEdits > 0);
    QVERIFY(m_kustomizeEdits > 0);
}

QTEST_GUILESS_MAIN(TestYamlFixtures)
#include "tst_yamlfixtures.moc"

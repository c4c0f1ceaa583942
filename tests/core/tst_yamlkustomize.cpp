#include "yamltesting.h"

#include <QTest>

using fd::core::Error;
using fd::core::KustomizeField;
using fd::core::YamlDocument;
using fd::test::errorOf;
using fd::test::FileName;
using fd::test::parsed;

/** The images: list of a kustomization.yaml: reading, changing and adding image fields. */
class TestYamlKustomize final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void setKustomize_data();
    void setKustomize();
    void kustomizeField_data();
    void kustomizeField();
    void kustomizeErrors_data();
    void kustomizeErrors();
};

void TestYamlKustomize::setKustomize_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("image");
    QTest::addColumn<KustomizeField>("field");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QByteArray>("expected");

    const QByteArray head = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n\n"
                            "resources:\n- ../../base\n\n";
    const QString guestbook = QStringLiteral("ghcr.io/akuity/guestbook");
    QTest::newRow("change newTag")
        << head + "images:\n- name: ghcr.io/akuity/guestbook\n  newTag: v0.0.1 # pinned\n"
        << guestbook << KustomizeField::NewTag << QStringLiteral("v0.0.2")
        << head + "images:\n- name: ghcr.io/akuity/guestbook\n  newTag: v0.0.2 # pinned\n";
    QTest::newRow("change quoted newTag")
        << QByteArray("images:\n  - name: app\n    newTag: \"1.0\"\n") << QStringLiteral("app")
        << KustomizeField::NewTag << QStringLiteral("1.1")
        << QByteArray("images:\n  - name: app\n    newTag: \"1.1\"\n");
    QTest::newRow("newTag that reads as a number is quoted")
        << QByteArray("images:\n- name: app\n  newTag: v1\n") << QStringLiteral("app")
        << KustomizeField::NewTag << QStringLiteral("1.10")
        << QByteArray("images:\n- name: app\n  newTag: \"1.10\"\n");
    QTest::newRow("add field to an entry")
        << QByteArray("images:\n- name: app\n  newName: r/app # mirror\nfoo: 1\n")
        << QStringLiteral("app") << KustomizeField::NewTag << QStringLiteral("v2")
        << QByteArray("images:\n- name: app\n  newName: r/app # mirror\n  newTag: v2\nfoo: 1\n");
    QTest::newRow("add digest to an indented entry")
        << QByteArray("images:\n    - name: app\n      newTag: v1\n") << QStringLiteral("app")
        << KustomizeField::Digest << QStringLiteral("sha256:abc")
        << QByteArray("images:\n    - name: app\n      newTag: v1\n      digest: sha256:abc\n");
    QTest::newRow("add field after a block scalar")
        << QByteArray("images:\n- name: app\n  note: |\n    text\n\n    more\nnext: 1\n")
        << QStringLiteral("app") << KustomizeField::NewTag << QStringLiteral("v2")
        << QByteArray(
               "images:\n- name: app\n  note: |\n    text\n\n    more\n  newTag: v2\nnext: 1\n");
    QTest::newRow("add field after a flow value")
        << QByteArray("images:\n- name: app\n  x: [a,\n    b]\n") << QStringLiteral("app")
        << KustomizeField::NewTag << QStringLiteral("v2")
        << QByteArray("images:\n- name: app\n  x: [a,\n    b]\n  newTag: v2\n");
    QTest::newRow("add entry, dash at key column")
        << head + "images:\n- name: other\n  newTag: v1\n"
        << guestbook << KustomizeField::NewTag << QStringLiteral("v0.0.2")
        << head + "images:\n- name: other\n  newTag: v1\n- name: ghcr.io/akuity/guestbook\n  "
                  "newTag: v0.0.2\n";
    QTest::newRow("add entry, indented dash")
        << QByteArray("images:\n  - name: other\n    newTag: v1\n# end\n") << QStringLiteral("app")
        << KustomizeField::NewName << QStringLiteral("r/app")
        << QByteArray("images:\n  - name: other\n    newTag: v1\n  - name: app\n    newName: "
                      "r/app\n# end\n");
    QTest::newRow("add entry, wide dash gap")
        << QByteArray("images:\n-   name: other\n    newTag: v1\n") << QStringLiteral("app")
        << KustomizeField::NewTag << QStringLiteral("v2")
        << QByteArray("images:\n-   name: other\n    newTag: v1\n-   name: app\n    newTag: v2\n");
    QTest::newRow("add entry after a flow entry")
        << QByteArray("images:\n- {name: other, newTag: v1}\n") << QStringLiteral("app")
        << KustomizeField::NewTag << QStringLiteral("v2")
        << QByteArray("images:\n- {name: other, newTag: v1}\n- name: app\n  newTag: v2\n");
    QTest::newRow("add images, unindented style")
        << head << guestbook << KustomizeField::NewTag << QStringLiteral("v0.0.1")
        << QByteArray("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n\n"
                      "resources:\n- ../../base\nimages:\n- name: ghcr.io/akuity/guestbook\n"
                      "  newTag: v0.0.1\n\n");
    QTest::newRow("add images, indented style from resources")
        << QByteArray("resources:\n  - a.yaml\n  - b.yaml\n\ncommonLabels:\n  env: dev\n")
        << QStringLiteral("app") << KustomizeField::NewTag << QStringLiteral("v1")
        << QByteArray("resources:\n  - a.yaml\n  - b.yaml\n\ncommonLabels:\n  env: dev\n"
                      "images:\n  - name: app\n    newTag: v1\n");
    QTest::newRow("add images, crlf, no final newline")
        << QByteArray("resources:\r\n- a.yaml") << QStringLiteral("app") << KustomizeField::NewTag
        << QStringLiteral("v1")
        << QByteArray("resources:\r\n- a.yaml\r\nimages:\r\n- name: app\r\n  newTag: v1");
    QTest::newRow("empty flow list")
        << QByteArray("images: []\nfoo: 1\n") << QStringLiteral("app") << KustomizeField::NewTag
        << QStringLiteral("v1") << QByteArray("images:\n- name: app\n  newTag: v1\nfoo: 1\n");
    QTest::newRow("empty flow list with comment")
        << QByteArray("resources:\n  - a\nimages: [ ] # none yet\n") << QStringLiteral("app")
        << KustomizeField::NewTag << QStringLiteral("v1")
        << QByteArray("resources:\n  - a\nimages: # none yet\n  - name: app\n    newTag: v1\n");
    QTest::newRow("empty images value")
        << QByteArray("images:\nfoo: 1\n") << QStringLiteral("app") << KustomizeField::Digest
        << QStringLiteral("sha256:1")
        << QByteArray("images:\n- name: app\n  digest: sha256:1\nfoo: 1\n");
    QTest::newRow("null images value")
        << QByteArray("images: ~ # none\nfoo: 1\n") << QStringLiteral("app")
        << KustomizeField::NewTag << QStringLiteral("v1")
        << QByteArray("images: # none\n- name: app\n  newTag: v1\nfoo: 1\n");
    QTest::newRow("null images value on the next line")
        << QByteArray("images:\n  null\nfoo: 1\n") << QStringLiteral("app")
        << KustomizeField::NewTag << QStringLiteral("v1")
        << QByteArray("images:\n- name: app\n  newTag: v1\nfoo: 1\n");
    QTest::newRow("empty file") << QByteArray() << QStringLiteral("app") << KustomizeField::NewTag
                                << QStringLiteral("v1")
                                << QByteArray("images:\n- name: app\n  newTag: v1\n");
    QTest::newRow("comments only")
        << QByteArray("# overlay\n") << QStringLiteral("app") << KustomizeField::NewTag
        << QStringLiteral("v1") << QByteArray("# overlay\nimages:\n- name: app\n  newTag: v1\n");
    QTest::newRow("bom only") << QByteArray("\xEF\xBB\xBF") << QStringLiteral("app")
                              << KustomizeField::NewTag << QStringLiteral("v1")
                              << QByteArray("\xEF\xBB\xBFimages:\n- name: app\n  newTag: v1\n");
    QTest::newRow("multi-document: first only")
        << QByteArray("resources:\n- a\n---\nimages:\n- name: app\n  newTag: v0\n")
        << QStringLiteral("app") << KustomizeField::NewTag << QStringLiteral("v1")
        << QByteArray("resources:\n- a\nimages:\n- name: app\n  newTag: v1\n---\nimages:\n- name: "
                      "app\n  newTag: v0\n");
    QTest::newRow("flow entry, existing field")
        << QByteArray("images:\n- {name: app, newTag: v1}\n") << QStringLiteral("app")
        << KustomizeField::NewTag << QStringLiteral("v2")
        << QByteArray("images:\n- {name: app, newTag: v2}\n");
    QTest::newRow("flow list, existing field")
        << QByteArray("images: [{name: app, newTag: \"v1\"}]\n") << QStringLiteral("app")
        << KustomizeField::NewTag << QStringLiteral("1.0")
        << QByteArray("images: [{name: app, newTag: \"1.0\"}]\n");
    QTest::newRow("empty field value")
        << QByteArray("images:\n- name: app\n  newTag:\n") << QStringLiteral("app")
        << KustomizeField::NewTag << QStringLiteral("v1")
        << QByteArray("images:\n- name: app\n  newTag: v1\n");
    QTest::newRow("image name needing quotes")
        << QByteArray("images: []\n") << QStringLiteral("1.0") << KustomizeField::NewTag
        << QStringLiteral("v1") << QByteArray("images:\n- name: \"1.0\"\n  newTag: v1\n");
}

void TestYamlKustomize::setKustomize() {
    QFETCH(QByteArray, input);
    QFETCH(QString, image);
    QFETCH(KustomizeField, field);
    QFETCH(QString, value);
    QFETCH(QByteArray, expected);

    YamlDocument document = parsed(input);
    const auto result = document.setKustomizeImageField(image, field, value);
    QVERIFY2(result.has_value(), errorOf(result).constData());
    QCOMPARE(document.bytes(), expected);
    const auto readBack = document.kustomizeImageField(image, field);
    QVERIFY(readBack.has_value());
    QCOMPARE(readBack->value_or(QStringLiteral("<absent>")), value);
}

void TestYamlKustomize::kustomizeField_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("image");
    QTest::addColumn<KustomizeField>("field");
    QTest::addColumn<QString>("value"); // "<absent>" for nullopt

    const QByteArray images = "images:\n- name: a\n  newTag: \"1.0\"\n  newName: r/a\n- name: b\n"
                              "  digest:\n";
    const QString absent = QStringLiteral("<absent>");
    QTest::newRow("newTag") << images << QStringLiteral("a") << KustomizeField::NewTag
                            << QStringLiteral("1.0");
    QTest::newRow("newName") << images << QStringLiteral("a") << KustomizeField::NewName
                             << QStringLiteral("r/a");
    QTest::newRow("absent field") << images << QStringLiteral("a") << KustomizeField::Digest
                                  << absent;
    QTest::newRow("empty field") << images << QStringLiteral("b") << KustomizeField::Digest
                                 << absent;
    QTest::newRow("absent entry") << images << QStringLiteral("c") << KustomizeField::NewTag
                                  << absent;
    QTest::newRow("no images") << QByteArray("resources: []\n") << QStringLiteral("a")
                               << KustomizeField::NewTag << absent;
    QTest::newRow("empty images") << QByteArray("images:\n") << QStringLiteral("a")
                                  << KustomizeField::NewTag << absent;
    QTest::newRow("empty file") << QByteArray() << QStringLiteral("a") << KustomizeField::NewTag
                                << absent;
    QTest::newRow("through an alias")
        << QByteArray("x: &i [{name: a, newTag: v}]\nimages: *i\n") << QStringLiteral("a")
        << KustomizeField::NewTag << QStringLiteral("v");
}

void TestYamlKustomize::kustomizeField() {
    QFETCH(QByteArray, input);
    QFETCH(QString, image);
    QFETCH(KustomizeField, field);
    QFETCH(QString, value);

    const auto result = parsed(input).kustomizeImageField(image, field);
    QVERIFY2(result.has_value(), errorOf(result).constData());
    QCOMPARE(result->value_or(QStringLiteral("<absent>")), value);
}

void TestYamlKustomize::kustomizeErrors_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("image");
    QTest::addColumn<Error::Kind>("kind");
    QTest::addColumn<QString>("location");
    QTest::addColumn<QString>("message");

    QTest::newRow("flow entry, missing field")
        << QByteArray("images:\n- {name: app, newName: x}\n") << QStringLiteral("app")
        << Error::Kind::Unsupported << QStringLiteral("f.yaml:2:3") << QStringLiteral("flow style");
    QTest::newRow("flow list, missing entry")
        << QByteArray("images: [{name: other}]\n") << QStringLiteral("app")
        << Error::Kind::Unsupported << QStringLiteral("f.yaml:1:9") << QStringLiteral("flow list");
    QTest::newRow("images through an alias")
        << QByteArray("x: &i [{name: a, newTag: v}]\nimages: *i\n") << QStringLiteral("a")
        << Error::Kind::Unsupported << QStringLiteral("f.yaml:2:9")
        << QStringLiteral("through an alias");
    QTest::newRow("entry is anchored and reused")
        << QByteArray("images:\n- &e\n  name: a\n  newName: x\nother: *e\n") << QStringLiteral("a")
        << Error::Kind::Unsupported << QStringLiteral("f.yaml:5:8")
        << QStringLiteral("reused by this alias");
    QTest::newRow("two entries for the image")
        << QByteArray("images:\n- name: a\n- name: a\n") << QStringLiteral("a")
        << Error::Kind::Unsupported << QStringLiteral("f.yaml:3:3")
        << QStringLiteral("two entries");
    QTest::newRow("images is a map")
        << QByteArray("images:\n  a: b\n") << QStringLiteral("a") << Error::Kind::Unsupported
        << QStringLiteral("f.yaml:2:3") << QStringLiteral("not a list");
    QTest::newRow("entry is not a map")
        << QByteArray("images:\n- a\n") << QStringLiteral("a") << Error::Kind::Unsupported
        << QStringLiteral("f.yaml:2:3") << QStringLiteral("not a map");
    QTest::newRow("top level is a list")
        << QByteArray("- a\n") << QStringLiteral("a") << Error::Kind::Unsupported
        << QStringLiteral("f.yaml:1:1") << QStringLiteral("not a kustomization");
    QTest::newRow("flow root") << QByteArray("{resources: [a]}\n") << QStringLiteral("a")
                               << Error::Kind::Unsupported << QStringLiteral("f.yaml:1:1")
                               << QStringLiteral("flow style");
    QTest::newRow("block scalar at the end without a final newline")
        << QByteArray("images:\n- name: app\n  note: |\n    text") << QStringLiteral("app")
        << Error::Kind::Unsupported << QStringLiteral("f.yaml:2:3")
        << QStringLiteral("add newTag by hand");
    QTest::newRow("explicit complex key first")
        << QByteArray("? [a]\n: b\n") << QStringLiteral("app") << Error::Kind::Unsupported
        << QStringLiteral("f.yaml:1:1") << QStringLiteral("add images: by hand");
    QTest::newRow("explicit key first")
        << QByteArray("? c\nx: 1\n") << QStringLiteral("app") << Error::Kind::Unsupported
        << QStringLiteral("f.yaml:1:1") << QStringLiteral("add images: by hand");
    QTest::newRow("tagged empty document")
        << QByteArray("--- !custom\n") << QStringLiteral("app") << Error::Kind::Unsupported
        << QStringLiteral("f.yaml:1:5") << QStringLiteral("carrying a tag or anchor");
    QTest::newRow("empty first document of several")
        << QByteArray("---\n---\nimages: []\n") << QStringLiteral("app") << Error::Kind::Unsupported
        << QStringLiteral("f.yaml:2:1") << QStringLiteral("followed by other documents");
    QTest::newRow("empty image name")
        << QByteArray("images: []\n") << QString() << Error::Kind::InvalidInput
        << QStringLiteral("f.yaml") << QStringLiteral("image name is empty");
    QTest::newRow("verification refuses a keep-chomped block scalar")
        << QByteArray("images:\n- name: app\n  note: |+\n    text\n\n") << QStringLiteral("app")
        << Error::Kind::Unsupported << QStringLiteral("f.yaml:4:9")
        << QStringLiteral("would read differently at line 3");
}

void TestYamlKustomize::kustomizeErrors() {
    QFETCH(QByteArray, input);
    QFETCH(QString, image);
    QFETCH(Error::Kind, kind);
    QFETCH(QString, location);
    QFETCH(QString, message);

    YamlDocument document = parsed(input);
    const auto result =
        document.setKustomizeImageField(image, KustomizeField::NewTag, QStringLiteral("v9"));
    QVERIFY(!result.has_value());
    QCOMPARE(result.error().kind, kind);
    QCOMPARE(result.error().location, location);
    QVERIFY2(result.error().message.contains(message), qPrintable(result.error().message));
    QCOMPARE(document.bytes(), input);
}

QTEST_GUILESS_MAIN(TestYamlKustomize)
#include "tst_yamlkustomize.moc"

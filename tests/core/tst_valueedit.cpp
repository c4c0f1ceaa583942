#include "valueedit.h"

#include <QTest>

using fd::core::KustomizeField;
using fd::core::ValueEdit;

class TestValueEdit final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void fromSpec_data();
    void fromSpec();
    void fromSpecRefused_data();
    void fromSpecRefused();
    void fromImageSpec_data();
    void fromImageSpec();
    void fromImageSpecRefused();
    void describe();
};

void TestValueEdit::fromSpec_data() {
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::newRow("helm tag") << "env/prod/frontend/frontend-values.yaml:image.tag=1.0.12"
                              << "env/prod/frontend/frontend-values.yaml"
                              << "image.tag"
                              << "1.0.12";
    QTest::newRow("value with = and :") << "a.yaml:env.0.value=x=y:z"
                                        << "a.yaml"
                                        << "env.0.value"
                                        << "x=y:z";
    QTest::newRow("escaped = in key") << "a.yaml:labels.a\\=b=1"
                                      << "a.yaml"
                                      << "labels.a=b"
                                      << "1";
    QTest::newRow("escaped dot stays")
        << "a.yaml:metadata.annotations.kargo\\.akuity\\.io/color=red"
        << "a.yaml"
        << "metadata.annotations.kargo\\.akuity\\.io/color"
        << "red";
    QTest::newRow("empty value") << "a.yaml:image.tag="
                                 << "a.yaml"
                                 << "image.tag"
                                 << "";
}

void TestValueEdit::fromSpec() {
    QFETCH(QString, spec);
    const auto edit = ValueEdit::fromSpec(spec);
    QVERIFY2(edit.has_value(), qPrintable(edit ? QString() : edit.error().toString()));
    QCOMPARE(edit->kind, ValueEdit::Kind::YamlKey);
    QTEST(edit->path, "path");
    QTEST(edit->key, "key");
    QTEST(edit->value, "value");
}

void TestValueEdit::fromSpecRefused_data() {
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("says");
    QTest::newRow("no colon") << "image.tag=1"
                              << "PATH:KEY=VALUE";
    QTest::newRow("leading colon") << ":image.tag=1"
                                   << "PATH:KEY=VALUE";
    QTest::newRow("no equals") << "a.yaml:image.tag"
                               << "no '='";
    QTest::newRow("empty key") << "a.yaml:=1"
                               << "key is empty";
}

void TestValueEdit::fromSpecRefused() {
    QFETCH(QString, spec);
    QFETCH(QString, says);
    const auto edit = ValueEdit::fromSpec(spec);
    QVERIFY(!edit.has_value());
    QCOMPARE(edit.error().kind, fd::core::Error::Kind::InvalidInput);
    QVERIFY2(edit.error().message.contains(says), qPrintable(edit.error().message));
    QVERIFY(edit.error().message.contains(spec));
}

void TestValueEdit::fromImageSpec_data() {
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("newName");
    QTest::addColumn<QString>("newTag");
    QTest::addColumn<QString>("digest");
    QTest::newRow("tag, folder") << "env/dev:ghcr.io/akuity/guestbook:v0.0.2"
                                 << "env/dev/kustomization.yaml"
                                 << "ghcr.io/akuity/guestbook"
                                 << ""
                                 << "v0.0.2"
                                 << "";
    QTest::newRow("file given") << "env/dev/kustomization.yml:nginx:1.25"
                                << "env/dev/kustomization.yml"
                                << "nginx"
                                << ""
                                << "1.25"
                                << "";
    QTest::newRow("registry port, no tag") << "o/:host:5000/app=host:5000/app2"
                                           << "o/kustomization.yaml"
                                           << "host:5000/app"
                                           << "host:5000/app2"
                                           << ""
                                           << "";
    QTest::newRow("registry port with tag") << "o:host:5000/app:1.2"
                                            << "o/kustomization.yaml"
                                            << "host:5000/app"
                                            << ""
                                            << "1.2"
                                            << "";
    QTest::newRow("digest") << "o:app@sha256:abc"
                            << "o/kustomization.yaml"
                            << "app"
                            << ""
                            << ""
                            << "sha256:abc";
    QTest::newRow("all three") << "o:app=registry/app:2@sha256:def"
                               << "o/kustomization.yaml"
                               << "app"
                               << "registry/app"
                               << "2"
                               << "sha256:def";
}

void TestValueEdit::fromImageSpec() {
    QFETCH(QString, spec);
    QFETCH(QString, path);
    QFETCH(QString, name);
    const auto edits = ValueEdit::fromImageSpec(spec);
    QVERIFY2(edits.has_value(), qPrintable(edits ? QString() : edits.error().toString()));
    QHash<KustomizeField, QString> fields;
    for (const ValueEdit& edit : *edits) {
        QCOMPARE(edit.kind, ValueEdit::Kind::KustomizeImage);
        QCOMPARE(edit.path, path);
        QCOMPARE(edit.key, name);
        QVERIFY(!fields.contains(edit.field));
        fields.insert(edit.field, edit.value);
    }
    QTEST(fields.value(KustomizeField::NewName), "newName");
    QTEST(fields.value(KustomizeField::NewTag), "newTag");
    QTEST(fields.value(KustomizeField::Digest), "digest");
}

void TestValueEdit::fromImageSpecRefused() {
    QVERIFY(!ValueEdit::fromImageSpec(QStringLiteral("nginx")).has_value());
    const auto nothing = ValueEdit::fromImageSpec(QStringLiteral("env/dev:nginx"));
    QVERIFY(!nothing.has_value());
    QVERIFY(nothing.error().message.contains(QStringLiteral("tag")));
    QCOMPARE(nothing.error().location, QStringLiteral("env/dev/kustomization.yaml"));
    QVERIFY(!ValueEdit::fromImageSpec(QStringLiteral("env/dev:=x:1")).has_value());
}

void TestValueEdit::describe() {
    const ValueEdit helm{ValueEdit::Kind::YamlKey,
                         QStringLiteral("v.yaml"),
                         QStringLiteral("image.tag"),
                         {},
                         QStringLiteral("1")};
    QCOMPARE(helm.describe(), QStringLiteral("v.yaml: image.tag"));
    const ValueEdit image{ValueEdit::Kind::KustomizeImage, QStringLiteral("k.yaml"),
                          QStringLiteral("nginx"), KustomizeField::Digest,
                          QStringLiteral("sha256:1")};
    QCOMPARE(image.describe(), QStringLiteral("k.yaml: images[nginx].digest"));
}

QTEST_GUILESS_MAIN(TestValueEdit)
#include "tst_valueedit.moc"

#include "targetvalue.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using fd::core::PipelineTarget;

class TestTargetValue final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void read_data();
    void read();
};

void TestTargetValue::read_data() {
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("value"); // "<none>": nullopt

    const int yaml = int(PipelineTarget::Kind::YamlKey);
    const int image = int(PipelineTarget::Kind::KustomizeImage);
    const int chart = int(PipelineTarget::Kind::HelmChart);
    const QByteArray kustomization = "images:\n- name: ghcr.io/a/b\n  newTag: v1.2.3\n"
                                     "- name: ghcr.io/a/c\n  newTag: v1\n  digest: sha256:abc\n";
    const QByteArray chartYaml = "apiVersion: v2\nname: umbrella\ndependencies:\n"
                                 "- name: api\n  version: 1.4.0\n  repository: oci://r/charts\n"
                                 "- name: web\n  repository: https://charts.example.com\n";
    QTest::newRow("key") << yaml << u"image.tag"_s << QByteArray("image:\n  tag: \"1.0\"\n")
                         << u"1.0"_s;
    QTest::newRow("missing key") << yaml << u"image.tag"_s << QByteArray("image: {}\n")
                                 << u"<none>"_s;
    QTest::newRow("not YAML") << yaml << u"image.tag"_s << QByteArray("image: [\n") << u"<none>"_s;
    QTest::newRow("kustomize tag") << image << u"ghcr.io/a/b"_s << kustomization << u"v1.2.3"_s;
    QTest::newRow("kustomize digest wins")
        << image << u"ghcr.io/a/c"_s << kustomization << u"@sha256:abc"_s;
    QTest::newRow("kustomize image absent")
        << image << u"ghcr.io/a/d"_s << kustomization << u"<none>"_s;
    QTest::newRow("chart dependency") << chart << u"api"_s << chartYaml << u"1.4.0"_s;
    QTest::newRow("chart without version") << chart << u"web"_s << chartYaml << u"<none>"_s;
    QTest::newRow("chart absent") << chart << u"db"_s << chartYaml << u"<none>"_s;
}

void TestTargetValue::read() {
    QFETCH(int, kind);
    QFETCH(QString, key);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, value);
    PipelineTarget target;
    target.kind = PipelineTarget::Kind(kind);
    target.file = u"f.yaml"_s;
    (target.kind == PipelineTarget::Kind::KustomizeImage ? target.image : target.key) = key;
    const auto read = fd::core::readTargetValue(target, bytes);
    QCOMPARE(read.value_or(u"<none>"_s), value);
}

QTEST_GUILESS_MAIN(TestTargetValue)
#include "tst_targetvalue.moc"

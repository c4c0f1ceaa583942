#include "promotionedits.h"

#include <QTest>

using namespace fd::core;
using namespace Qt::Literals::StringLiterals;

namespace {

Freight freight() {
    return Freight::make(
        u"guestbook"_s, u"guestbook"_s,
        {FreightArtifact::image(u"ghcr.io/akuity/guestbook"_s, u"v0.0.2"_s, u"sha256:abc"_s),
         FreightArtifact::image(u"nginx"_s, u"1.27.1"_s, u"sha256:def"_s),
         FreightArtifact::chart(u"https://charts.example.com"_s, u"guestbook"_s, u"1.4.0"_s),
         FreightArtifact::commit(u"https://github.com/akuity/guestbook-config.git"_s,
                                 u"0123456789abcdef0123456789abcdef01234567"_s)},
        QDateTime::currentDateTimeUtc());
}

PipelineTarget target(PipelineTarget::Kind kind, const QString& value) {
    PipelineTarget result;
    result.kind = kind;
    result.file = u"env/prod/values.yaml"_s;
    result.key = u"image.tag"_s;
    result.image = u"ghcr.io/akuity/guestbook"_s;
    result.value = value;
    result.location = u"kargo/prod.yaml:20:9"_s;
    return result;
}

} // namespace

class TestPromotionEdits final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void renderedValues_data() {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("tag") << u"imageFrom(ghcr.io/akuity/guestbook).Tag"_s << u"v0.0.2"_s;
        QTest::newRow("quoted") << u"imageFrom(\"ghcr.io/akuity/guestbook\").Digest"_s
                                << u"sha256:abc"_s;
        QTest::newRow("Docker Hub spelling")
            << u"imageFrom(docker.io/library/nginx).Tag"_s << u"1.27.1"_s;
        QTest::newRow("chart") << u"chartFrom(https://charts.example.com).Version"_s << u"1.4.0"_s;
        QTest::newRow("only commit")
            << u"commitFrom(whatever).ID"_s << u"0123456789abcdef0123456789abcdef01234567"_s;
        QTest::newRow("template") << u"${{ imageFrom(nginx).Tag }}-${{ chartFrom(x).Version }}"_s
                                  << u"1.27.1-1.4.0"_s;
        QTest::newRow("literal") << u"prod"_s << u"prod"_s;
    }

    void renderedValues() {
        QFETCH(QString, value);
        QFETCH(QString, expected);
        const auto rendered = renderTargetValue(value, freight());
        QVERIFY2(rendered, qPrintable(rendered ? QString() : rendered.error().toString()));
        QCOMPARE(*rendered, expected);
    }

    void valuesThatCannotBeFilled() {
        // Two images and neither is named: which one is not guessed.
        const auto ambiguous = renderTargetValue(u"imageFrom(ghcr.io/other/app).Tag"_s, freight());
        QVERIFY(!ambiguous);
        QCOMPARE(ambiguous.error().kind, Error::Kind::NotFound);
        QVERIFY(!renderTargetValue(u"${{ vars.thing }}"_s, freight()));
        QVERIFY(!renderTargetValue(u"imageFrom(nginx).Created"_s, freight()));
    }

    void editsForAStage() {
        PipelineStage stage;
        stage.name = u"guestbook-prod"_s;
        stage.targets = {
            target(PipelineTarget::Kind::YamlKey, u"imageFrom(ghcr.io/akuity/guestbook).Tag"_s),
            target(PipelineTarget::Kind::KustomizeImage,
                   u"imageFrom(ghcr.io/akuity/guestbook).Digest"_s)};
        const auto edits = promotionEdits(stage, freight());
        QVERIFY2(edits, qPrintable(edits ? QString() : edits.error().toString()));
        QCOMPARE(edits->size(), 2);
        QCOMPARE(edits->at(0).kind, ValueEdit::Kind::YamlKey);
        QCOMPARE(edits->at(0).key, u"image.tag"_s);
        QCOMPARE(edits->at(0).value, u"v0.0.2"_s);
        QCOMPARE(edits->at(1).kind, ValueEdit::Kind::KustomizeImage);
        QCOMPARE(edits->at(1).key, u"ghcr.io/akuity/guestbook"_s);
        QCOMPARE(edits->at(1).field, KustomizeField::Digest);
        QCOMPARE(edits->at(1).value, u"sha256:abc"_s);
    }

    void stagesFreightdeskWillNotWrite() {
        PipelineStage stage;
        stage.name = u"guestbook-prod"_s;
        stage.readOnly = true;
        stage.readOnlyReason = u"unsupported step 'http'"_s;
        auto edits = promotionEdits(stage, freight());
        QVERIFY(!edits);
        QVERIFY(edits.error().message.contains(u"unsupported step 'http'"_s));

        stage.readOnly = false;
        QVERIFY(!promotionEdits(stage, freight())); // nothing to write

        PipelineTarget elsewhere =
            target(PipelineTarget::Kind::YamlKey, u"imageFrom(ghcr.io/akuity/guestbook).Tag"_s);
        elsewhere.repoUrl = u"https://github.com/acme/other.git"_s;
        stage.targets = {elsewhere};
        edits = promotionEdits(stage, freight());
        QVERIFY(!edits);
        QCOMPARE(edits.error().location, u"kargo/prod.yaml:20:9"_s);

        stage.targets = {target(PipelineTarget::Kind::HelmChart, u"1.4.0"_s)};
        QVERIFY(!promotionEdits(stage, freight()));
        stage.targets = {target(PipelineTarget::Kind::YamlKey, u"imageFrom(ghcr.io/x/y).Tag"_s)};
        edits = promotionEdits(stage, freight());
        QVERIFY(!edits);
        QCOMPARE(edits.error().location, u"kargo/prod.yaml:20:9"_s);
    }
};

QTEST_GUILESS_MAIN(TestPromotionEdits)
#include "tst_promotionedits.moc"

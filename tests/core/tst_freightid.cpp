#include "freightalias.h"
#include "freightid.h"
#include "kargourls.h"

#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

using fd::core::FreightArtifact;

// Kargo's GenerateFreightID (pkg/api in akuity/kargo): SHA-1 over "Warehouse/<name>:" and the
// artifacts' parts sorted and joined by '|'. The expected IDs below were computed outside this
// code, by writing the parts by hand and hashing them with `printf '%s' ... | sha1sum`.
class TestFreightId final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void gitUrls_data();
    void gitUrls();
    void imageUrls_data();
    void imageUrls();
    void chartUrls_data();
    void chartUrls();
    void pathJoin_data();
    void pathJoin();
    void identityParts();
    void ids_data();
    void ids();
    void orderDoesNotMatter();
    void alias();
};

namespace {

// printf 'one' | sha256sum, printf 'two' | sha256sum
const QString digestOne =
    u"sha256:7692c3ad3540bb803c020b3aee66cd8887123234ea0c6e7143c0add73ff431ed"_s;
const QString digestTwo =
    u"sha256:3fc4ccfe745870e2c0d99f71f30ff0656c8dedd41cc1d7d3d376b0dbe685e2f3"_s;
// printf 'commit one' | sha1sum, printf 'commit two' | sha1sum
const QString commitOne = u"9d48e7ee4b137950bc57a0c70070ec04e17d1173"_s;
const QString commitTwo = u"5f13f67e1e0d1e446cb89c7d786eb885ffca8dfc"_s;

QList<FreightArtifact> webArtifacts() {
    return {FreightArtifact::commit(u"git@github.com:Example/Repo.git"_s, commitOne, u"v1.2.3"_s),
            FreightArtifact::image(u"nginx"_s, u"1.27.0"_s, digestTwo),
            FreightArtifact::chart(u"https://charts.example.com/"_s, u"podinfo"_s, u"6.5.0"_s)};
}

} // namespace

void TestFreightId::gitUrls_data() {
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("normalised");
    // From Kargo's own table for urls.NormalizeGit.
    QTest::newRow("https") << u"https://github.com/example/repo"_s
                           << u"https://github.com/example/repo"_s;
    QTest::newRow("slash") << u"https://github.com/"_s << u"https://github.com"_s;
    QTest::newRow("git and slash")
        << u"https://github.com/example/repo.git/"_s << u"https://github.com/example/repo"_s;
    QTest::newRow("proxy user") << u"https://foo:bar@localhost:8443/example/repo.git"_s
                                << u"https://localhost:8443/example/repo"_s;
    QTest::newRow("ssh keeps user") << u"ssh://git@localhost:2222/example/repo.git/"_s
                                    << u"ssh://git@localhost:2222/example/repo"_s;
    QTest::newRow("scp") << u"git@github.com:example/repo.git"_s
                         << u"ssh://git@github.com/example/repo"_s;
    QTest::newRow("scp host only") << u"git.example.com"_s << u"ssh://git.example.com"_s;
    QTest::newRow("lower case") << u"https://GitHub.com/Example/Repo"_s
                                << u"https://github.com/example/repo"_s;
    QTest::newRow("outer spaces and BOM")
        << u" \ufeffhttps://github.com/example/repo\t"_s << u"https://github.com/example/repo"_s;
    QTest::newRow("zero-width spaces")
        << u"\u200bssh://github.com/example/repo\u200b"_s << u"ssh://github.com/example/repo"_s;
    QTest::newRow("internal space")
        << u"https://github.com /example/repo"_s << u"https://github.com /example/repo"_s;
    QTest::newRow("encoded space")
        << u"https://github.com/example%20repo"_s << u"https://github.com/example%20repo"_s;
    QTest::newRow("query") << u"http://github.com/example/repo?foo=bar"_s
                           << u"http://github.com/example/repo?foo=bar"_s;
    QTest::newRow("not a url") << u"not even remotely a url"_s << u"not even remotely a url"_s;
}

void TestFreightId::gitUrls() {
    QFETCH(QString, url);
    QFETCH(QString, normalised);
    QCOMPARE(fd::core::kargoNormalizeGitUrl(url), normalised);
}

void TestFreightId::imageUrls_data() {
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("normalised");
    // From Kargo's own table for urls.NormalizeImage.
    QTest::newRow("official") << u"index.docker.io/library/busybox"_s << u"busybox"_s;
    QTest::newRow("registry-1") << u"registry-1.docker.io/busybox"_s << u"busybox"_s;
    QTest::newRow("docker.io") << u"docker.io/library/busybox"_s << u"busybox"_s;
    QTest::newRow("library") << u"library/busybox"_s << u"busybox"_s;
    QTest::newRow("org on hub") << u"docker.io/example/repo"_s << u"example/repo"_s;
    QTest::newRow("ghcr") << u"ghcr.io/example/repo"_s << u"ghcr.io/example/repo"_s;
    QTest::newRow("port") << u"localhost:5000/team/app"_s << u"localhost:5000/team/app"_s;
    QTest::newRow("tag dropped") << u"quay.io/example/repo:1.2"_s << u"quay.io/example/repo"_s;
    QTest::newRow("spaces") << u" \ufeffdocker.io/example /repo\n"_s << u"example/repo"_s;
    QTest::newRow("encoded space") << u"docker.io/example%20repo"_s << u"examplerepo"_s;
    QTest::newRow("upper case stays") << u"ghcr.io/Example/Repo"_s << u"ghcr.io/Example/Repo"_s;
}

void TestFreightId::imageUrls() {
    QFETCH(QString, url);
    QFETCH(QString, normalised);
    QCOMPARE(fd::core::kargoNormalizeImageUrl(url), normalised);
}

void TestFreightId::chartUrls_data() {
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("normalised");
    // From Kargo's own table for urls.NormalizeChart.
    QTest::newRow("empty") << u""_s << u""_s;
    QTest::newRow("word") << u"  REpo  "_s << u"repo"_s;
    QTest::newRow("oci") << u"OCI://Repo"_s << u"repo"_s;
    QTest::newRow("oci hub") << u"oci://registry-1.docker.io/example/repo"_s << u"example/repo"_s;
    QTest::newRow("oci ghcr") << u"oci://ghcr.io/stefanprodan/charts/podinfo"_s
                              << u"ghcr.io/stefanprodan/charts/podinfo"_s;
    // An https repository parses as registry "https:" and comes back as it was.
    QTest::newRow("https") << u"https://Charts.example.com/"_s << u"https://charts.example.com/"_s;
}

void TestFreightId::chartUrls() {
    QFETCH(QString, url);
    QFETCH(QString, normalised);
    QCOMPARE(fd::core::kargoNormalizeChartUrl(url), normalised);
}

void TestFreightId::pathJoin_data() {
    QTest::addColumn<QString>("first");
    QTest::addColumn<QString>("second");
    QTest::addColumn<QString>("joined");
    // Go's path.Join cleans, so "https://host" loses a slash: Kargo's IDs carry that.
    QTest::newRow("url") << u"https://charts.example.com/"_s << u"podinfo"_s
                         << u"https:/charts.example.com/podinfo"_s;
    QTest::newRow("no name") << u"ghcr.io/org/chart"_s << u""_s << u"ghcr.io/org/chart"_s;
    QTest::newRow("both empty") << u""_s << u""_s << u""_s;
    QTest::newRow("dots") << u"a/./b/../c"_s << u"d"_s << u"a/c/d"_s;
    QTest::newRow("rooted parent") << u"/.."_s << u"x"_s << u"/x"_s;
    QTest::newRow("relative parent") << u".."_s << u"x"_s << u"../x"_s;
}

void TestFreightId::pathJoin() {
    QFETCH(QString, first);
    QFETCH(QString, second);
    QFETCH(QString, joined);
    QCOMPARE(fd::core::goPathJoin(first, second), joined);
}

void TestFreightId::identityParts() {
    const auto artifacts = webArtifacts();
    QCOMPARE(artifacts[0].identityPart(),
             u"ssh://git@github.com/example/repo:v1.2.3:"_s + commitOne);
    QCOMPARE(artifacts[1].identityPart(), u"nginx:1.27.0@"_s + digestTwo);
    QCOMPARE(artifacts[2].identityPart(), u"https:/charts.example.com/podinfo:6.5.0"_s);
    QCOMPARE(FreightArtifact::commit(u"https://u:p@github.com/a/b.git"_s, commitTwo).identityPart(),
             u"https://github.com/a/b:"_s + commitTwo);
}

void TestFreightId::ids_data() {
    QTest::addColumn<QString>("warehouse");
    QTest::addColumn<QList<FreightArtifact>>("artifacts");
    QTest::addColumn<QString>("id");
    // printf '%s' "Warehouse/guestbook:ghcr.io/akuity/guestbook:v0.0.1@$D1" | sha1sum
    QTest::newRow("one image") << u"guestbook"_s
                               << QList<FreightArtifact>{FreightArtifact::image(
                                      u"ghcr.io/akuity/guestbook"_s, u"v0.0.1"_s, digestOne)}
                               << u"0e0ae874a46c154ec7350a1fb894c5d5611981da"_s;
    // printf '%s' "Warehouse/web:https:/charts.example.com/podinfo:6.5.0|nginx:1.27.0@$D2|
    //   ssh://git@github.com/example/repo:v1.2.3:$C1" | sha1sum   (one line, sorted by bytes)
    QTest::newRow("commit, image and chart")
        << u"web"_s << webArtifacts() << u"2f154b8f6727166983d1ddb7db5584b5d8983bf6"_s;
    // printf '%s' "Warehouse/api:ghcr.io/stefanprodan/charts/podinfo:6.5.0|
    //   https://github.com/example/repo:$C2" | sha1sum
    QTest::newRow("oci chart and untagged commit")
        << u"api"_s
        << QList<FreightArtifact>{FreightArtifact::commit(
                                      u"https://user:pw@GitHub.com/example/repo.git/"_s, commitTwo),
                                  FreightArtifact::chart(
                                      u"oci://ghcr.io/stefanprodan/charts/podinfo"_s, {},
                                      u"6.5.0"_s)}
        << u"e2b0cb8fa3f1aff856c6278e3d0f9aff2fcc2793"_s;
    // printf '%s' "Warehouse/empty:" | sha1sum
    QTest::newRow("nothing") << u"empty"_s << QList<FreightArtifact>{}
                             << u"0300296afd6263c0873851912f31edd0726cccba"_s;
}

void TestFreightId::ids() {
    QFETCH(QString, warehouse);
    QFETCH(QList<FreightArtifact>, artifacts);
    QFETCH(QString, id);
    QCOMPARE(fd::core::freightId(warehouse, artifacts), id);
}

void TestFreightId::orderDoesNotMatter() {
    auto artifacts = webArtifacts();
    const QString id = fd::core::freightId(u"web"_s, artifacts);
    std::reverse(artifacts.begin(), artifacts.end());
    QCOMPARE(fd::core::freightId(u"web"_s, artifacts), id);
    QVERIFY(fd::core::freightId(u"other"_s, artifacts) != id);
    artifacts[1].digest = digestOne; // the same tag with a new digest is new freight
    QVERIFY(fd::core::freightId(u"web"_s, artifacts) != id);
}

void TestFreightId::alias() {
    const QRegularExpression shape(u"\\A[a-z]+-[a-z]+\\z"_s);
    QSet<QString> aliases;
    for (int i = 0; i < 400; ++i) {
        const QString id = fd::core::freightId(
            u"w"_s, {FreightArtifact::image(u"app"_s, QString::number(i), digestOne)});
        const QString alias = fd::core::freightAlias(id);
        QVERIFY2(shape.match(alias).hasMatch(), qPrintable(alias));
        QCOMPARE(fd::core::freightAlias(id), alias);
        aliases.insert(alias);
    }
    // Some 42,000 pairs: 400 IDs share a name only rarely.
    QVERIFY2(aliases.size() > 390, qPrintable(QString::number(aliases.size())));
}

QTEST_GUILESS_MAIN(TestFreightId)
#include "tst_freightid.moc"

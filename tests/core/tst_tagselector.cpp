#include "kargotesting.h"
#include "tagselector.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;

using fd::core::DatedTag;
using fd::core::TagSelectionPolicy;
using fd::core::TagSelector;
using fd::core::WarehouseSubscription;
using Strategy = fd::core::TagSelectionPolicy::Strategy;

// Expectations follow Kargo's image and Git selectors (internal/image, internal/controller/git
// in akuity/kargo) and its Warehouse documentation.
class TestTagSelector final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void semverOrder_data();
    void semverOrder();
    void filters_data();
    void filters();
    void lexical();
    void newestBuild();
    void newestTag();
    void digest();
    void invalidPatterns_data();
    void invalidPatterns();
    void fromSubscription();
    void fromWarehouseYaml();
    void subscriptionErrors_data();
    void subscriptionErrors();
};

namespace {

const QStringList registryTags = {u"1.0.0"_s,      u"v1.2.0"_s,  u"1.2"_s,   u"latest"_s,
                                  u"2.0.0-rc.1"_s, u"1.10.0"_s,  u"1.9.0"_s, u"sha-3f2a1b"_s,
                                  u"1.2.0"_s,      u"1234567"_s, u"v2"_s};

TagSelector selector(const TagSelectionPolicy& policy) {
    auto created = TagSelector::create(policy);
    if (!created)
        qFatal("%s", qPrintable(created.error().message));
    return *created;
}

TagSelectionPolicy policy(Strategy strategy) {
    TagSelectionPolicy p;
    p.strategy = strategy;
    return p;
}

QDateTime at(const char* iso) {
    return QDateTime::fromString(QString::fromUtf8(iso), Qt::ISODate);
}

} // namespace

void TestTagSelector::semverOrder_data() {
    QTest::addColumn<bool>("strict");
    QTest::addColumn<QString>("constraint");
    QTest::addColumn<QStringList>("expected");
    // Without a constraint every version counts, pre-releases too; equal versions by tag,
    // descending (Kargo's tie-break: "v1.2.0" > "1.2.0" > "1.2").
    QTest::newRow("strict") << true << QString()
                            << QStringList{u"2.0.0-rc.1"_s, u"1.10.0"_s, u"1.9.0"_s,
                                           u"v1.2.0"_s,     u"1.2.0"_s,  u"1.0.0"_s};
    QTest::newRow("lenient") << false << QString()
                             << QStringList{u"1234567"_s, u"v2"_s,    u"2.0.0-rc.1"_s,
                                            u"1.10.0"_s,  u"1.9.0"_s, u"v1.2.0"_s,
                                            u"1.2.0"_s,   u"1.2"_s,   u"1.0.0"_s};
    QTest::newRow("caret") << true << u"^1.2"_s
                           << QStringList{u"1.10.0"_s, u"1.9.0"_s, u"v1.2.0"_s, u"1.2.0"_s};
    QTest::newRow("range") << false << u">= 1.2, < 2"_s
                           << QStringList{u"1.10.0"_s, u"1.9.0"_s, u"v1.2.0"_s, u"1.2.0"_s,
                                          u"1.2"_s};
    QTest::newRow("pre-release asked for")
        << true << u">= 2.0.0-0"_s << QStringList{u"2.0.0-rc.1"_s};
    QTest::newRow("nothing") << true << u"> 5"_s << QStringList{};
}

void TestTagSelector::semverOrder() {
    QFETCH(bool, strict);
    QFETCH(QString, constraint);
    QFETCH(QStringList, expected);
    TagSelectionPolicy p;
    p.strictSemvers = strict;
    p.constraint = constraint;
    const TagSelector s = selector(p);
    QVERIFY(!s.needsCreationTimes());
    QCOMPARE(s.select(registryTags), expected);
    // accepts() and eligible() agree with what select() keeps.
    QStringList eligible = s.eligible(registryTags);
    QCOMPARE(eligible.size(), expected.size());
    for (const QString& tag : expected)
        QVERIFY(s.accepts(tag) && eligible.contains(tag));
}

void TestTagSelector::filters_data() {
    QTest::addColumn<QStringList>("allow");
    QTest::addColumn<QStringList>("ignore");
    QTest::addColumn<QStringList>("ignoreExact");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("allow") << QStringList{u"^v"_s} << QStringList{} << QStringList{}
                           << QStringList{u"v1.2.0"_s};
    QTest::newRow("allow any of") << QStringList{u"^v"_s, u"^1\\.9"_s} << QStringList{}
                                  << QStringList{} << QStringList{u"1.9.0"_s, u"v1.2.0"_s};
    QTest::newRow("unanchored") << QStringList{u"\\.0$"_s} << QStringList{u"10"_s} << QStringList{}
                                << QStringList{u"1.9.0"_s, u"v1.2.0"_s, u"1.2.0"_s, u"1.0.0"_s};
    QTest::newRow("ignore wins") << QStringList{u"^1\\."_s} << QStringList{u"^1\\.(9|0)"_s}
                                 << QStringList{} << QStringList{u"1.10.0"_s, u"1.2.0"_s};
    QTest::newRow("ignoreTags exact")
        << QStringList{} << QStringList{} << QStringList{u"1.10.0"_s, u"1.9"_s, u"2.0.0-rc.1"_s}
        << QStringList{u"1.9.0"_s, u"v1.2.0"_s, u"1.2.0"_s, u"1.0.0"_s};
}

void TestTagSelector::filters() {
    QFETCH(QStringList, allow);
    QFETCH(QStringList, ignore);
    QFETCH(QStringList, ignoreExact);
    QFETCH(QStringList, expected);
    TagSelectionPolicy p;
    p.allowTagsRegexes = allow;
    p.ignoreTagsRegexes = ignore;
    p.ignoreTags = ignoreExact;
    QCOMPARE(selector(p).select(registryTags), expected);
}

void TestTagSelector::lexical() {
    TagSelectionPolicy p = policy(Strategy::Lexical);
    p.allowTagsRegexes = {u"^nightly-\\d{8}$"_s};
    const TagSelector s = selector(p);
    const QStringList tags = {u"nightly-20240101"_s, u"nightly-20231231"_s, u"release"_s,
                              u"nightly-20240215"_s, u"nightly-2024"_s};
    QCOMPARE(s.select(tags),
             (QStringList{u"nightly-20240215"_s, u"nightly-20240101"_s, u"nightly-20231231"_s}));
    // Not a version order: "9" sorts after "10".
    QCOMPARE(selector(policy(Strategy::Lexical)).select({u"10"_s, u"9"_s, u"100"_s}),
             (QStringList{u"9"_s, u"100"_s, u"10"_s}));
}

void TestTagSelector::newestBuild() {
    TagSelectionPolicy p = policy(Strategy::NewestBuild);
    p.ignoreTagsRegexes = {u"^latest$"_s};
    const TagSelector s = selector(p);
    QVERIFY(s.needsCreationTimes());
    const QStringList listed = {u"main-7"_s, u"latest"_s, u"main-9"_s, u"main-8"_s, u"pr-1"_s};
    // What to fetch build times for: everything the filters keep, and nothing else.
    QCOMPARE(s.eligible(listed), (QStringList{u"main-7"_s, u"main-9"_s, u"main-8"_s, u"pr-1"_s}));
    const QList<DatedTag> dated = {{u"main-7"_s, at("2024-05-01T10:00:00Z")},
                                   {u"latest"_s, at("2024-06-01T00:00:00Z")},
                                   {u"main-9"_s, at("2024-05-03T10:00:00Z")},
                                   {u"main-8"_s, at("2024-05-03T10:00:00Z")},
                                   {u"pr-1"_s, QDateTime()}};
    // Newest first; the tie by tag, descending; an unknown time last.
    QCOMPARE(s.select(dated), (QStringList{u"main-9"_s, u"main-8"_s, u"main-7"_s, u"pr-1"_s}));
    QCOMPARE(s.discoveryLimit(), TagSelectionPolicy::defaultDiscoveryLimit);
}

void TestTagSelector::newestTag() {
    TagSelectionPolicy p = policy(Strategy::NewestTag);
    p.allowTagsRegexes = {u"^release-"_s};
    const TagSelector s = selector(p);
    QVERIFY(s.needsCreationTimes());
    const QList<DatedTag> dated = {{u"release-a"_s, at("2024-01-01T00:00:00+02:00")},
                                   {u"release-b"_s, at("2023-12-31T23:30:00Z")},
                                   {u"hotfix"_s, at("2025-01-01T00:00:00Z")}};
    // 2024-01-01T00:00+02:00 is 2023-12-31T22:00Z: older than release-b.
    QCOMPARE(s.select(dated), (QStringList{u"release-b"_s, u"release-a"_s}));
}

void TestTagSelector::digest() {
    TagSelectionPolicy p = policy(Strategy::Digest);
    p.constraint = u"latest"_s;
    p.allowTagsRegexes = {u"^v"_s}; // Digest follows one tag; the regexes play no part
    const TagSelector s = selector(p);
    QCOMPARE(s.select(registryTags), QStringList{u"latest"_s});
    QCOMPARE(s.select(QStringList{u"v1"_s, u"v2"_s}), QStringList{});
    QVERIFY(s.accepts(u"latest"_s));
    QVERIFY(!s.accepts(u"v1"_s));
}

void TestTagSelector::invalidPatterns_data() {
    QTest::addColumn<QStringList>("allow");
    QTest::addColumn<QStringList>("ignore");
    QTest::addColumn<QString>("constraint");
    QTest::addColumn<QString>("expected");
    QTest::newRow("allow") << QStringList{u"^v(1"_s} << QStringList{} << QString()
                           << u"allowTagsRegexes: \"^v(1\""_s;
    QTest::newRow("ignore") << QStringList{} << QStringList{u"[a-"_s} << QString()
                            << u"ignoreTagsRegexes: \"[a-\""_s;
    QTest::newRow("constraint") << QStringList{} << QStringList{} << u"^1.x.y"_s
                                << u"\"^1.x.y\" is not a valid SemVer constraint"_s;
}

void TestTagSelector::invalidPatterns() {
    QFETCH(QStringList, allow);
    QFETCH(QStringList, ignore);
    QFETCH(QString, constraint);
    QFETCH(QString, expected);
    TagSelectionPolicy p;
    p.allowTagsRegexes = allow;
    p.ignoreTagsRegexes = ignore;
    p.constraint = constraint;
    const auto created = TagSelector::create(p);
    QVERIFY(!created);
    QVERIFY2(created.error().message.contains(expected), qPrintable(created.error().message));
}

void TestTagSelector::fromSubscription() {
    WarehouseSubscription image;
    image.repoURL = u"ghcr.io/example/app"_s;
    image.semverConstraint = u"^0.9"_s; // the older field, read when `constraint` is empty
    image.allowTags = u"^v"_s;
    image.allowTagsRegexes = {u"^1"_s};
    image.discoveryLimit = 500;
    auto p = TagSelectionPolicy::fromSubscription(image);
    QVERIFY2(p, qPrintable(p ? QString() : p.error().message));
    QCOMPARE(p->strategy, Strategy::SemVer);
    QVERIFY(p->strictSemvers);
    QCOMPARE(p->constraint, u"^0.9"_s);
    QCOMPARE(p->allowTagsRegexes, (QStringList{u"^1"_s, u"^v"_s}));
    QCOMPARE(p->discoveryLimit, TagSelectionPolicy::maxDiscoveryLimit);
    image.constraint = u"^1"_s;
    image.selectionStrategy = u"Lexical"_s;
    p = TagSelectionPolicy::fromSubscription(image);
    QVERIFY(p);
    QCOMPARE(p->strategy, Strategy::Lexical);
    QCOMPARE(p->constraint, u"^1"_s);

    WarehouseSubscription git;
    git.kind = WarehouseSubscription::Kind::Git;
    git.selectionStrategy = u"NewestTag"_s;
    git.semverConstraint = u"^2"_s;
    git.constraint = u"^3"_s;
    p = TagSelectionPolicy::fromSubscription(git);
    QVERIFY(p);
    QCOMPARE(p->strategy, Strategy::NewestTag);
    QCOMPARE(p->constraint, u"^2"_s); // Git subscriptions read semverConstraint
    QCOMPARE(p->discoveryLimit, TagSelectionPolicy::defaultDiscoveryLimit);

    WarehouseSubscription chart;
    chart.kind = WarehouseSubscription::Kind::Chart;
    chart.semverConstraint = u"1.x"_s;
    p = TagSelectionPolicy::fromSubscription(chart);
    QVERIFY(p);
    QCOMPARE(p->strategy, Strategy::SemVer);
    QVERIFY(!p->strictSemvers);
    QCOMPARE(selector(*p).select({u"1.2"_s, u"2.0.0"_s, u"1.10.1"_s}),
             (QStringList{u"1.10.1"_s, u"1.2"_s}));
}

void TestTagSelector::fromWarehouseYaml() {
    const auto kargo = fd::test::readKargoText(
        "apiVersion: kargo.akuity.io/v1alpha1\nkind: Warehouse\n"
        "metadata: {name: w, namespace: p}\nspec:\n  subscriptions:\n"
        "  - image: {repoURL: example.com/a}\n"
        "  - image: {repoURL: example.com/b, strictSemvers: false, discoveryLimit: 3}\n");
    const auto* warehouse = kargo.warehouse(u"p"_s, u"w"_s);
    QVERIFY(warehouse);
    const auto strictByDefault = TagSelectionPolicy::fromSubscription(warehouse->subscriptions[0]);
    QVERIFY(strictByDefault);
    QVERIFY(strictByDefault->strictSemvers); // Kargo's CRD default
    const auto lenient = TagSelectionPolicy::fromSubscription(warehouse->subscriptions[1]);
    QVERIFY(lenient);
    QVERIFY(!lenient->strictSemvers);
    QCOMPARE(lenient->discoveryLimit, 3);
    QCOMPARE(selector(*strictByDefault).select({u"1"_s, u"1.0.0"_s}), QStringList{u"1.0.0"_s});
    QCOMPARE(selector(*lenient).select({u"1"_s, u"1.0.0"_s}), (QStringList{u"1.0.0"_s, u"1"_s}));
}

void TestTagSelector::subscriptionErrors_data() {
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QString>("constraint");
    QTest::addColumn<QString>("expected");
    const int image = int(WarehouseSubscription::Kind::Image);
    const int git = int(WarehouseSubscription::Kind::Git);
    QTest::newRow("unknown image strategy")
        << image << u"Newest"_s << QString() << u"imageSelectionStrategy \"Newest\""_s;
    QTest::newRow("digest without tag")
        << image << u"Digest"_s << QString() << u"needs `constraint`"_s;
    QTest::newRow("branch") << git << QString() << QString() << u"not tags"_s;
    QTest::newRow("explicit branch") << git << u"NewestFromBranch"_s << QString() << u"not tags"_s;
    QTest::newRow("image strategy on git")
        << git << u"NewestBuild"_s << QString() << u"commitSelectionStrategy \"NewestBuild\""_s;
}

void TestTagSelector::subscriptionErrors() {
    QFETCH(int, kind);
    QFETCH(QString, strategy);
    QFETCH(QString, constraint);
    QFETCH(QString, expected);
    WarehouseSubscription sub;
    sub.kind = WarehouseSubscription::Kind(kind);
    sub.repoURL = u"example.com/app"_s;
    sub.selectionStrategy = strategy;
    sub.constraint = constraint;
    sub.position = {u"warehouse.yaml"_s, 7, 9};
    const auto p = TagSelectionPolicy::fromSubscription(sub);
    QVERIFY(!p);
    QVERIFY2(p.error().message.contains(expected), qPrintable(p.error().message));
    QVERIFY2(p.error().message.contains(u"example.com/app"_s), qPrintable(p.error().message));
    QCOMPARE(p.error().location, u"warehouse.yaml:7:9"_s);
}

QTEST_GUILESS_MAIN(TestTagSelector)
#include "tst_tagselector.moc"

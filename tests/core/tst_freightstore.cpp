#include "freightref.h"
#include "freightstages.h"
#include "freightstore.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace fd::core;
using namespace Qt::Literals::StringLiterals;

namespace {

QDateTime at(int hour) {
    return QDateTime(QDate(2026, 5, 4), QTime(hour, 0), Qt::UTC);
}

Freight image(const QString& service, const QString& tag, int hour,
              const QString& digest = QString()) {
    return Freight::make(service, service,
                         {FreightArtifact::image(u"ghcr.io/acme/"_s + service, tag,
                                                 digest.isEmpty() ? u"sha256:"_s + tag : digest)},
                         at(hour));
}

ServiceFreight found(const QString& service, QList<Freight> freight) {
    return {service, std::move(freight), {}, {}};
}

QStringList tags(const QList<Freight>& freight) {
    QStringList result;
    for (const Freight& each : freight)
        result.append(each.service + u':' + each.artifacts.constFirst().tag);
    return result;
}

VersionRecord record(const QString& service, const QString& stage, const QString& version) {
    VersionRecord result;
    result.service = service;
    result.stage = stage;
    result.version = version;
    return result;
}

} // namespace

class TestFreightStore final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init() { QVERIFY(m_directory.isValid()); }

    void missingOrBrokenFileIsAnEmptyStore() {
        QCOMPARE(FreightStore::open(m_directory.filePath(u"none.json"_s)).freight().size(), 0);
        for (const QByteArray& broken :
             {QByteArray("{not json"), QByteArray(R"({"version": 99, "freight": []})"),
              QByteArray(R"({"version": 1, "freight": [{"id": 3}]})")}) {
            QFile file(m_directory.filePath(u"broken.json"_s));
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(broken);
            file.close();
            const FreightStore store = FreightStore::open(file.fileName());
            QVERIFY(store.freight().isEmpty());
            QVERIFY(!store.refreshedAt().isValid());
        }
    }

    void savedAndReadBack() {
        const QString path = m_directory.filePath(u"deep/folder/store.json"_s);
        FreightStore store = FreightStore::open(path);
        Freight api = image(u"api"_s, u"1.0.0"_s, 1);
        api.stages.insert(u"api-prod"_s, {false, true, true});
        store.merge({found(u"api"_s, {api}), found(u"web"_s, {image(u"web"_s, u"2.0"_s, 1)})},
                    at(2));
        QVERIFY(store.save());
        const FreightStore read = FreightStore::open(path);
        QCOMPARE(read.freight(), store.freight());
        QCOMPARE(read.refreshedAt(), at(2));
        QCOMPARE(read.freight(u"api"_s).constFirst().stages.value(u"api-prod"_s).approved, true);
        QCOMPARE(tags(read.freight()), (QStringList{u"api:1.0.0"_s, u"web:2.0"_s}));
    }

    void mergeKeepsWhatItKnew() {
        FreightStore store = FreightStore::open(m_directory.filePath(u"merge.json"_s));
        store.merge(
            {found(u"api"_s, {image(u"api"_s, u"1.2.0"_s, 1), image(u"api"_s, u"1.1.0"_s, 1),
                              image(u"api"_s, u"1.0.0"_s, 1)})},
            at(1));
        Freight approved = store.freight(u"api"_s).at(1);
        approved.stages.insert(u"api-prod"_s, {false, false, true});
        // Later: 1.3.0 is new; 1.0.0 fell out of the registry's window; 1.1.0 was seen before
        // and keeps when it was first seen and what it had.
        Freight again = image(u"api"_s, u"1.1.0"_s, 5);
        store.merge({found(u"api"_s, {image(u"api"_s, u"1.3.0"_s, 5),
                                      image(u"api"_s, u"1.2.0"_s, 5), again})},
                    at(5));
        const QList<Freight> freight = store.freight(u"api"_s);
        QCOMPARE(tags(freight),
                 (QStringList{u"api:1.3.0"_s, u"api:1.2.0"_s, u"api:1.1.0"_s, u"api:1.0.0"_s}));
        QCOMPARE(freight.at(0).discoveredAt, at(5));
        QCOMPARE(freight.at(1).discoveredAt, at(1));
        QCOMPARE(store.refreshedAt(), at(5));

        // A service whose discovery failed keeps its freight.
        ServiceFreight failed{u"api"_s, {}, {Error{Error::Kind::Network, u"down"_s, {}}}, {}};
        store.merge({failed}, at(6));
        QCOMPARE(store.freight(u"api"_s).size(), 4);
    }

    void mergeKeepsStageStates() {
        FreightStore store = FreightStore::open(m_directory.filePath(u"states.json"_s));
        Freight api = image(u"api"_s, u"1.0.0"_s, 1);
        api.stages.insert(u"api-prod"_s, {false, true, true});
        store.merge({found(u"api"_s, {api})}, at(1));
        store.merge({found(u"api"_s, {image(u"api"_s, u"1.0.0"_s, 3)})}, at(3));
        QCOMPARE(store.freight(u"api"_s).constFirst().stages.value(u"api-prod"_s).verified, true);
    }

    void aServiceKeepsItsNewest() {
        FreightStore store = FreightStore::open(m_directory.filePath(u"cap.json"_s));
        for (int round = 0; round < 3; ++round) {
            QList<Freight> batch;
            for (int i = 0; i < FreightStore::maxPerService / 2 + 10; ++i)
                batch.append(image(u"api"_s, u"%1.%2.0"_s.arg(round).arg(i), round + 1));
            store.merge({found(u"api"_s, batch)}, at(round + 1));
        }
        const QList<Freight> freight = store.freight(u"api"_s);
        QCOMPARE(freight.size(), FreightStore::maxPerService);
        QCOMPARE(freight.constFirst().artifacts.constFirst().tag, u"2.0.0"_s);
        QCOMPARE(freight.constLast().discoveredAt, at(2));
    }

    void pathDependsOnSourceAndBranch() {
        const QString a = FreightStore::pathFor(u"https://git.example.com/a.git"_s, u"main"_s,
                                                m_directory.path());
        QVERIFY(a.startsWith(m_directory.path()));
        QVERIFY(a != FreightStore::pathFor(u"https://git.example.com/a.git"_s, u"dev"_s,
                                           m_directory.path()));
        QVERIFY(a != FreightStore::pathFor(u"https://git.example.com/b.git"_s, u"main"_s,
                                           m_directory.path()));
    }

    void currentStagesFromTheBranchTip() {
        QList<Freight> freight{image(u"api"_s, u"1.2.0"_s, 1), image(u"api"_s, u"1.1.0"_s, 1),
                               image(u"web"_s, u"1.1.0"_s, 1),
                               image(u"edge"_s, u"latest"_s, 2, u"sha256:bbbb"_s),
                               image(u"edge"_s, u"latest"_s, 1, u"sha256:aaaa"_s)};
        freight[1].stages.insert(u"api-prod"_s, {true, true, false});
        markCurrentStages(freight, {record(u"api"_s, u"api-dev"_s, u"1.2.0"_s),
                                    record(u"api"_s, u"api-prod"_s, u"1.2.0"_s),
                                    record(u"api"_s, u"api-staging"_s, u"1.1.0"_s),
                                    record(u"edge"_s, u"edge-dev"_s, u"latest"_s),
                                    record(u"edge"_s, u"edge-prod"_s, u"@sha256:aaaa"_s)});
        QVERIFY(freight[0].stages.value(u"api-dev"_s).current);
        QVERIFY(freight[0].stages.value(u"api-prod"_s).current);
        QVERIFY(!freight[0].stages.contains(u"api-staging"_s));
        // Prod moved on: no longer current there, still verified.
        QVERIFY(!freight[1].stages.value(u"api-prod"_s).current);
        QVERIFY(freight[1].stages.value(u"api-prod"_s).verified);
        QVERIFY(freight[1].stages.value(u"api-staging"_s).current);
        // Same tag, other service: not its stage.
        QVERIFY(freight[2].stages.isEmpty());
        // A mutable tag is current as its newest freight; a pinned digest as its own.
        QVERIFY(freight[3].stages.value(u"edge-dev"_s).current);
        QVERIFY(!freight[4].stages.value(u"edge-dev"_s).current);
        QVERIFY(freight[4].stages.value(u"edge-prod"_s).current);
        QVERIFY(!freight[3].stages.value(u"edge-prod"_s).current);

        QVERIFY(freightMatchesVersion(
            Freight::make(u"c"_s, u"c"_s,
                          {FreightArtifact::commit(u"https://git.example.com/c.git"_s,
                                                   u"0123456789abcdef0123456789abcdef01234567"_s)},
                          at(1)),
            u"0123456"_s));
        QVERIFY(!freightMatchesVersion(image(u"api"_s, u"1.2.0"_s, 1), QString()));
    }

    void freightByWhatAPersonTypes() {
        const QList<Freight> freight{image(u"api"_s, u"1.2.0"_s, 2), image(u"api"_s, u"1.1.0"_s, 1),
                                     image(u"api"_s, u"latest"_s, 2, u"sha256:bbbb"_s),
                                     image(u"api"_s, u"latest"_s, 1, u"sha256:aaaa"_s)};
        QCOMPARE(resolveFreight(freight, u"1.1.0"_s)->id, freight[1].id);
        QCOMPARE(resolveFreight(freight, freight[0].alias)->id, freight[0].id);
        QCOMPARE(resolveFreight(freight, freight[0].id)->id, freight[0].id);
        QCOMPARE(resolveFreight(freight, freight[0].id.left(8))->id, freight[0].id);
        QCOMPARE(resolveFreight(freight, u"@sha256:aaaa"_s)->id, freight[3].id);
        QVERIFY(!resolveFreight(freight, freight[0].id.left(5))); // too short to be an ID
        const auto ambiguous = resolveFreight(freight, u"latest"_s);
        QVERIFY(!ambiguous);
        QCOMPARE(ambiguous.error().kind, Error::Kind::InvalidInput);
        QVERIFY(ambiguous.error().message.contains(freight[2].alias));
        QVERIFY(ambiguous.error().message.contains(freight[3].alias));
        const auto missing = resolveFreight(freight, u"9.9.9"_s);
        QCOMPARE(missing.error().kind, Error::Kind::NotFound);
        QVERIFY(!resolveFreight(freight, u"  "_s));
    }

private:
    QTemporaryDir m_directory;
};

QTEST_GUILESS_MAIN(TestFreightStore)
#include "tst_freightstore.moc"

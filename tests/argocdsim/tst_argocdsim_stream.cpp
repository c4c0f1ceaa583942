#include "simtesting.h"
#include "testrepos.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace fd::argocdsim;
using namespace fd::argocdsim::testing;

namespace {

/** Reads server-sent events from a reply as they arrive. */
class EventReader final {
public:
    explicit EventReader(QNetworkReply* reply)
        : m_reply(reply) {
        QObject::connect(reply, &QNetworkReply::readyRead, &m_context, [this] { read(); });
    }
    EventReader(const EventReader&) = delete;
    EventReader& operator=(const EventReader&) = delete;
    QList<QJsonObject> events;
    int comments = 0;

private:
    void read() {
        m_buffer += m_reply->readAll();
        qsizetype end;
        while ((end = m_buffer.indexOf("\n\n")) >= 0) {
            const QByteArray event = m_buffer.left(end);
            m_buffer.remove(0, end + 2);
            if (event.startsWith(':'))
                ++comments;
            else if (event.startsWith("data: "))
                events.append(QJsonDocument::fromJson(event.mid(6))
                                  .object()[QStringLiteral("result")]
                                  .toObject());
        }
    }
    QNetworkReply* m_reply;
    QByteArray m_buffer;
    QObject m_context; // disconnects when the reader goes
};

QString field(const QJsonObject& event, const QString& path) {
    QJsonValue value = event[QStringLiteral("application")];
    for (const QString& key : path.split(u'.'))
        value = value[key];
    return value.toString();
}

} // namespace

class TestArgoCDSimStream final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void streamDeliversChangesInOrder();
    void resumingSkipsTheInitialList();
    void droppedStreamEndsWithAnError();
    void keepAliveComments();

private:
    QNetworkReply* openStream(const QString& query);

    QTemporaryDir m_home;
    QString m_repository;
    std::unique_ptr<ArgoCDSimulator> m_simulator;
    std::unique_ptr<SimClient> m_client;
};

void TestArgoCDSimStream::initTestCase() {
    QVERIFY(m_home.isValid());
    fd::testsupport::TestRepos::isolateEnvironment(m_home.path());
    m_repository = createDeployRepository(m_home.path());
    QVERIFY(!m_repository.isEmpty());
    m_simulator = std::make_unique<ArgoCDSimulator>(testConfig(m_repository));
    const auto started = m_simulator->start();
    QVERIFY2(started, started ? "" : qPrintable(started.error().toString()));
    m_client = std::make_unique<SimClient>(m_simulator->url());
}

QNetworkReply* TestArgoCDSimStream::openStream(const QString& query) {
    QNetworkRequest request(m_client->url(QStringLiteral("/api/v1/stream/applications") + query));
    request.setRawHeader("Authorization", "Bearer " + m_simulator->issueToken().toUtf8());
    request.setRawHeader("Accept", "text/event-stream");
    return m_client->network().get(request);
}

void TestArgoCDSimStream::streamDeliversChangesInOrder() {
    QNetworkReply* reply = openStream(QStringLiteral("?name=guestbook-prod"));
    EventReader reader(reply);
    QTRY_COMPARE_WITH_TIMEOUT(reader.events.size(), 1, 10000);
    QCOMPARE(reply->rawHeader("Content-Type"), QByteArray("text/event-stream"));
    QCOMPARE(reader.events.first()[QStringLiteral("type")].toString(), QStringLiteral("ADDED"));

    const QString commit = pushTag(m_repository, QStringLiteral("prod"), QStringLiteral("3.0.0"));
    const QString token = m_simulator->issueToken();
    m_client->get(QStringLiteral("/api/v1/applications/guestbook-prod?refresh=normal"), token);
    QCOMPARE(m_client->post(QStringLiteral("/api/v1/applications/guestbook-prod/sync"), {}, token)
                 .status,
             200);
    QTRY_VERIFY_WITH_TIMEOUT(
        !reader.events.isEmpty() &&
            field(reader.events.last(),
                  QStringLiteral("status.operationState.syncResult.revision")) == commit &&
            field(reader.events.last(), QStringLiteral("status.health.status")) == u"Healthy",
        10000);
    // OutOfSync, Running, Succeeded + Progressing, Healthy: each once, in that order.
    QStringList seen;
    qlonglong lastVersion = 0;
    for (const QJsonObject& event : std::as_const(reader.events)) {
        const qlonglong version =
            field(event, QStringLiteral("metadata.resourceVersion")).toLongLong();
        QVERIFY(version > lastVersion);
        lastVersion = version;
        if (event[QStringLiteral("type")].toString() == u"MODIFIED")
            seen.append(field(event, QStringLiteral("status.sync.status")) + u'/' +
                        field(event, QStringLiteral("status.operationState.phase")) + u'/' +
                        field(event, QStringLiteral("status.health.status")));
    }
    QCOMPARE(seen, (QStringList{QStringLiteral("OutOfSync//Healthy"),
                                QStringLiteral("OutOfSync/Running/Healthy"),
                                QStringLiteral("Synced/Succeeded/Progressing"),
                                QStringLiteral("Synced/Succeeded/Healthy")}));
    QCOMPARE(
        field(reader.events.last(), QStringLiteral("status.operationState.syncResult.revision")),
        commit);
    reply->abort();
    reply->deleteLater();
}

void TestArgoCDSimStream::resumingSkipsTheInitialList() {
    QTRY_COMPARE_WITH_TIMEOUT(m_simulator->openStreamCount(), 0, 10000);
    QNetworkReply* reply =
        openStream(QStringLiteral("?resourceVersion=1&selector=env%3Ddev"
                                  "&fields=result.type,result.application.metadata.name"));
    EventReader reader(reply);
    QTRY_COMPARE_WITH_TIMEOUT(m_simulator->openStreamCount(), 1, 10000);
    m_simulator->reconcileNow();
    QTRY_COMPARE_WITH_TIMEOUT(reader.events.size(), 2, 10000); // guestbook-dev and api-dev only
    for (const QJsonObject& event : std::as_const(reader.events)) {
        QCOMPARE(event[QStringLiteral("type")].toString(), QStringLiteral("MODIFIED"));
        QCOMPARE(event[QStringLiteral("application")].toObject().keys(),
                 QStringList{QStringLiteral("metadata")});
    }
    reply->abort();
    reply->deleteLater();
    QTRY_COMPARE_WITH_TIMEOUT(m_simulator->openStreamCount(), 0, 10000);
}

void TestArgoCDSimStream::droppedStreamEndsWithAnError() {
    QNetworkReply* reply = openStream({});
    EventReader reader(reply);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QTRY_COMPARE_WITH_TIMEOUT(reader.events.size(), 3, 10000);
    m_simulator->dropStreams();
    QVERIFY(finished.wait(10000) || !finished.isEmpty());
    QVERIFY(reply->error() != QNetworkReply::NoError);
    QCOMPARE(m_simulator->openStreamCount(), 0);
    reply->deleteLater();
}

void TestArgoCDSimStream::keepAliveComments() {
    m_simulator->setKeepAliveInterval(std::chrono::milliseconds(100));
    QNetworkReply* reply = openStream(QStringLiteral("?name=guestbook-dev"));
    EventReader reader(reply);
    QTRY_VERIFY_WITH_TIMEOUT(reader.comments >= 2, 10000);
    reply->abort();
    reply->deleteLater();
    m_simulator->setKeepAliveInterval(std::chrono::seconds(15));
}

QTEST_GUILESS_MAIN(TestArgoCDSimStream)
#include "tst_argocdsim_stream.moc"

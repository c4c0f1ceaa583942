#include "uifixture.h"

#include "freightstore.h"
#include "gitrepository.h"
#include "promotionlog.h"
#include "testrepos.h"

#include <QCryptographicHash>

using namespace Qt::Literals::StringLiterals;

namespace fd::testsupport {

namespace {

QByteArray config() {
    return R"(version: 1
environments:
  - name: dev
  - name: staging
    upstream: [dev]
    freeze:
      - from: 2020-01-01T00:00:00Z
        until: 2099-01-01T00:00:00Z
        reason: Migration
  - name: prod
    upstream: [staging]
    requiredApprovals: 1
    color: "#c0392b"
services:
  - name: guestbook
    image: ghcr.io/example/guestbook
    file: env/{environment}/guestbook.yaml
    key: image.tag
  - name: api
    image: ghcr.io/example/api
    file: env/{environment}/api.yaml
    key: image.tag
)";
}

QByteArray values(const char* tag) {
    return QByteArray("image:\n  tag: \"") + tag + "\"\n";
}

/** A digest of its own per tag, as a registry would give (the store wants one). */
QString digestOf(const QString& tag) {
    return u"sha256:"_s +
           QString::fromLatin1(
               QCryptographicHash::hash(tag.toUtf8(), QCryptographicHash::Sha256).toHex());
}

core::ServiceFreight serviceFreight(const QString& service, const QStringList& tags) {
    core::ServiceFreight found{service, {}, {}, {}};
    // Newest first by discovery time, as the store orders them.
    const QDateTime newest = QDateTime::currentDateTimeUtc();
    for (const QString& tag : tags)
        found.freight.append(core::Freight::make(
            service, service,
            {core::FreightArtifact::image(u"ghcr.io/example/"_s + service, tag, digestOf(tag))},
            newest.addSecs(-found.freight.size())));
    return found;
}

QString freightId(const QString& service, const QString& tag) {
    return serviceFreight(service, {tag}).freight.constFirst().id;
}

core::PromotionEvent event(core::PromotionEvent::Kind kind, const QString& service,
                           const QString& stage, const QString& tag, int minutesAgo) {
    core::PromotionEvent event;
    event.kind = kind;
    event.at = QDateTime::currentDateTimeUtc().addSecs(-60 * minutesAgo);
    event.byName = u"Rita Release"_s;
    event.byEmail = u"rita@example.com"_s;
    event.service = service;
    event.stage = stage;
    if (!tag.isEmpty())
        event.freightId = freightId(service, tag);
    return event;
}

} // namespace

core::Result<core::RepositoryState> UiFixture::load() const {
    return core::loadRepositoryState(request(), m_options, QDateTime::currentDateTimeUtc());
}

QString UiFixture::create() {
    if (!m_root.isValid())
        return m_root.errorString();
    const QString root = m_root.path();
    // For a look at the app with this repository: keep the folder and say where it is.
    if (qEnvironmentVariableIsSet("FREIGHTDESK_KEEP_UI_FIXTURE")) {
        m_root.setAutoRemove(false);
        qInfo("UI fixture kept in %s", qPrintable(root));
    }
    TestRepos::isolateEnvironment(root);
    m_bare = root + u"/deploy.git"_s;
    auto created =
        TestRepos::createBare(m_bare, {{u"freightdesk.yaml"_s, config()},
                                       {u"env/dev/guestbook.yaml"_s, values("1.0.0")},
                                       {u"env/staging/guestbook.yaml"_s, values("1.0.0")},
                                       {u"env/prod/guestbook.yaml"_s, values("1.0.0")},
                                       {u"env/dev/api.yaml"_s, values("2.0.0")},
                                       {u"env/staging/api.yaml"_s, values("2.0.0")},
                                       {u"env/prod/api.yaml"_s, values("2.0.0")}});
    if (!created)
        return created.error().toString();
    const QList<std::pair<QString, const char*>> promotions{{u"dev"_s, "1.1.0"},
                                                            {u"staging"_s, "1.1.0"},
                                                            {u"dev"_s, "1.2.0"},
                                                            {u"staging"_s, "1.2.0"},
                                                            {u"dev"_s, "1.4.0"}};
    for (const auto& [environment, tag] : promotions) {
        auto committed = TestRepos::commit(
            m_bare, u"main"_s, {{u"env/%1/guestbook.yaml"_s.arg(environment), values(tag)}},
            u"Promote guestbook %1 to %2"_s.arg(QString::fromLatin1(tag), environment));
        if (!committed)
            return committed.error().toString();
    }

    m_options.snapshot.historyCacheDirectory = root + u"/history"_s;
    m_options.snapshot.git.cacheDirectory = root + u"/mirrors"_s;
    m_options.snapshot.git.useKeychain = false;
    m_options.snapshot.git.useCredentialHelpers = false;
    m_options.snapshot.git.identity = core::GitIdentity{u"Rita Release"_s, u"rita@example.com"_s};
    m_options.freightDirectory = root + u"/freight"_s;
    m_options.discoverFreight = false; // the store holds the freight these tests want
    if (QString error = writeFreight(); !error.isEmpty())
        return error;
    return writeLog();
}

QString UiFixture::writeFreight() {
    auto store = core::FreightStore::open(
        core::FreightStore::pathFor(url(), u"main"_s, m_options.freightDirectory));
    store.merge(
        {serviceFreight(u"guestbook"_s, {u"1.5.0"_s, u"1.4.0"_s, u"1.3.0"_s, u"1.2.0"_s, u"1.1.0"_s,
                                         u"1.0.0"_s, u"0.9.0"_s, u"0.8.0"_s, u"0.7.0"_s}),
         serviceFreight(u"api"_s, {u"2.1.0"_s, u"2.0.0"_s})},
        QDateTime::currentDateTimeUtc());
    auto saved = store.save();
    return saved ? QString() : saved.error().toString();
}

QString UiFixture::writeLog() {
    using Kind = core::PromotionEvent::Kind;
    auto repository = core::GitRepository::open(url(), m_options.snapshot.git);
    if (!repository)
        return repository.error().toString();
    const QString g = u"guestbook"_s;
    auto appended = core::PromotionLog(**repository)
                        .append({
                            // 1.2.0 passed dev and staging: prod may take it with an approval.
                            event(Kind::Verified, g, u"guestbook-dev"_s, u"1.2.0"_s, 60),
                            event(Kind::Verified, g, u"guestbook-staging"_s, u"1.2.0"_s, 50),
                            // 1.1.0 approved for prod: available there, approvals met.
                            event(Kind::Approved, g, u"guestbook-prod"_s, u"1.1.0"_s, 40),
                            event(Kind::Verified, g, u"guestbook-dev"_s, u"1.4.0"_s, 30),
                            event(Kind::PromotionFailed, g, u"guestbook-staging"_s, u"1.4.0"_s, 20),
                            event(Kind::VerificationFailed, g, u"guestbook-dev"_s, u"1.1.0"_s, 10),
                            event(Kind::Held, u"api"_s, u"api-prod"_s, {}, 5),
                        });
    return appended ? QString() : appended.error().toString();
}

} // namespace fd::testsupport

#include "simtesting.h"

#include "testrepos.h"

#include <QJsonDocument>
#include <QNetworkReply>
#include <QSignalSpy>

namespace fd::argocdsim::testing {

using fd::testsupport::TestRepos;

namespace {

QByteArray application(const QString& name, const QString& ns, const QString& project,
                       const QString& env, const QString& team, bool automated) {
    QString text =
        QStringLiteral("apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n"
                       "  name: %1\n  namespace: %2\n  labels:\n    env: %4\n    team: %5\n"
                       "spec:\n  project: %3\n  source:\n"
                       "    repoURL: https://git.example.com/deploy.git\n"
                       "    targetRevision: main\n    path: charts/guestbook\n"
                       "    helm:\n      valueFiles:\n        - ../../env/%4/values.yaml\n"
                       "  destination:\n    server: https://kubernetes.default.svc\n"
                       "    namespace: %4\n")
            .arg(name, ns, project, env, team);
    if (automated)
        text += QStringLiteral("  syncPolicy:\n    automated: {}\n");
    return text.toUtf8();
}

QByteArray values(const QString& tag) {
    return QStringLiteral("image:\n  tag: \"%1\"\n").arg(tag).toUtf8();
}

} // namespace

QJsonObject Reply::json() const {
    return QJsonDocument::fromJson(body).object();
}

QUrl SimClient::url(const QString& pathAndQuery) const {
    return QUrl(m_base.toString() + pathAndQuery);
}

Reply SimClient::get(const QString& pathAndQuery, const QString& token) {
    QNetworkRequest request(url(pathAndQuery));
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    return send(m_network.get(request));
}

Reply SimClient::post(const QString& path, const QJsonObject& body, const QString& token,
                      const QByteArray& contentType) {
    QNetworkRequest request(url(path));
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    request.setRawHeader("Content-Type", contentType);
    return send(m_network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact)));
}

Reply SimClient::send(QNetworkReply* reply) {
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(15000);
    Reply result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.contentType = reply->rawHeader("Content-Type");
    result.body = reply->readAll();
    reply->deleteLater();
    return result;
}

QString createDeployRepository(const QString& folder) {
    const QString path = folder + QStringLiteral("/deploy.git");
    const auto created = TestRepos::createBare(
        path, {{QStringLiteral("apps/guestbook-dev.yaml"),
                application(QStringLiteral("guestbook-dev"), QStringLiteral("argocd"),
                            QStringLiteral("default"), QStringLiteral("dev"), QStringLiteral("web"),
                            false)},
               {QStringLiteral("apps/guestbook-prod.yaml"),
                application(QStringLiteral("guestbook-prod"), QStringLiteral("argocd"),
                            QStringLiteral("prod"), QStringLiteral("prod"), QStringLiteral("web"),
                            false)},
               {QStringLiteral("apps/api-dev.yaml"),
                application(QStringLiteral("api-dev"), QStringLiteral("team-a"),
                            QStringLiteral("default"), QStringLiteral("dev"), QStringLiteral("api"),
                            true)},
               {QStringLiteral("charts/guestbook/Chart.yaml"),
                "apiVersion: v2\nname: guestbook\nversion: 0.1.0\n"},
               {QStringLiteral("charts/guestbook/values.yaml"),
                "image:\n  repository: ghcr.io/example/guestbook\n  tag: latest\n"},
               {QStringLiteral("env/dev/values.yaml"), values(QStringLiteral("1.0.0"))},
               {QStringLiteral("env/prod/values.yaml"), values(QStringLiteral("1.0.0"))}});
    return created ? path : QString();
}

QString pushTag(const QString& repository, const QString& environment, const QString& tag) {
    const auto commit =
        TestRepos::commit(repository, QStringLiteral("main"),
                          {{QStringLiteral("env/%1/values.yaml").arg(environment), values(tag)}},
                          QStringLiteral("%1 to %2").arg(environment, tag));
    return commit ? *commit : QString();
}

SimConfig testConfig(const QString& repository) {
    SimConfig config;
    config.repository = repository;
    config.accounts = {
        {QStringLiteral("admin"), QStringLiteral("password"), {}},
        {QStringLiteral("alice"), QStringLiteral("secret"), {QStringLiteral("default")}}};
    config.reconcileInterval = std::chrono::minutes(10);
    config.syncDelay = std::chrono::milliseconds(50);
    config.healthDelay = std::chrono::milliseconds(300);
    return config;
}

} // namespace fd::argocdsim::testing

#pragma once

#include "argocdsimulator.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QString>

#include <memory>

namespace fd::argocdsim::testing {

/** One finished HTTP exchange. */
struct Reply final {
    int status = 0;
    QByteArray contentType;
    QByteArray body;
    QJsonObject json() const;
};

/** Plain QNetworkAccessManager requests with a bound on every wait, as a client would send. */
class SimClient final {
public:
    explicit SimClient(QUrl base)
        : m_base(std::move(base)) {}

    Reply get(const QString& pathAndQuery, const QString& token = {});
    Reply post(const QString& path, const QJsonObject& body, const QString& token = {},
               const QByteArray& contentType = "application/json");
    QNetworkAccessManager& network() { return m_network; }
    QUrl url(const QString& pathAndQuery) const;

private:
    Reply send(QNetworkReply* reply);

    QUrl m_base;
    QNetworkAccessManager m_network;
};

/**
 * A bare repository with three Argo CD Applications of a Helm chart (guestbook-dev and
 * guestbook-prod in "argocd", api-dev in "team-a"), at env/<env>/values.yaml image.tag 1.0.0.
 */
QString createDeployRepository(const QString& folder);
/** Commits image.tag @p tag to env/@p environment/values.yaml; returns the commit. */
QString pushTag(const QString& repository, const QString& environment, const QString& tag);
/** Fast timings for tests: short sync and health delays, a long interval (refresh drives). */
SimConfig testConfig(const QString& repository);

} // namespace fd::argocdsim::testing

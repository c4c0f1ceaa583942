#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QUrl>

#include <functional>

namespace fd::demo {

/** One image tag of the demo's registry. */
struct DemoImage final {
    QString service;
    QString tag;
    QDateTime created;
};

/** Where the demo repository's files point: its own URL, the registry, the time it is built. */
struct DemoSetting final {
    QUrl repositoryUrl;
    QString registryHost; // "127.0.0.1:<port>"
    QDateTime now;
};

/**
 * The demo's GitOps repository, written by Freightdesk: four services (frontend, catalogue,
 * recommendation, voting) × dev/staging/prod as Helm values files, the Argo CD Applications
 * that deploy them, Kargo's Warehouses, Stages and PromotionTasks, and a freightdesk.yaml that
 * asks one approval for prod. Its history is three weeks of promotions, and its promotion log
 * (the `freightdesk-log` branch) records their verifications and approvals, so the matrix
 * starts with something to show: prod lags, one tag is new, one is Degraded in dev.
 */
class DemoRepository final {
public:
    explicit DemoRepository(DemoSetting setting);

    /** Every tag the registry holds, oldest first per service. */
    QList<DemoImage> images() const;
    /** The tag that deploys Degraded. */
    static QString brokenTag() { return QStringLiteral("1.3.0"); }
    /** The image repository of @p service as the manifests name it ("127.0.0.1:5000/demo/x"). */
    QString imageOf(const QString& service) const;

    /**
     * The whole history as a `git fast-import` stream: `main` and `freightdesk-log`. The log's
     * events name freight by ID, which needs each tag's digest: @p digestOf gives it.
     */
    QByteArray fastImport(
        const std::function<QString(const QString& service, const QString& tag)>& digestOf) const;

private:
    DemoSetting m_setting;
};

} // namespace fd::demo

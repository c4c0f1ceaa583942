#include "simpipeline.h"

#include "simtesting.h"
#include "testrepos.h"

#include <QCryptographicHash>

using namespace Qt::Literals::StringLiterals;

namespace fd::testsupport {

QString createSimPipeline(const QString& folder) {
    const QString deploy = argocdsim::testing::createDeployRepository(folder);
    if (deploy.isEmpty())
        return {};
    auto configured =
        TestRepos::commit(deploy, u"main"_s,
                          {{u"freightdesk.yaml"_s, "version: 1\n"
                                                   "environments:\n"
                                                   "  - name: dev\n"
                                                   "services:\n"
                                                   "  - name: api\n"
                                                   "    image: ghcr.io/example/api\n"
                                                   "    file: env/{environment}/values.yaml\n"
                                                   "    key: image.tag\n"
                                                   "    argocdApp: team-a/api-dev\n"}},
                          u"Describe the pipeline"_s);
    return configured ? deploy : QString();
}

core::RepositoryLoaderOptions optionsUnder(core::RepositoryLoaderOptions base,
                                           const QString& folder) {
    base.snapshot.historyCacheDirectory = folder + u"/history"_s;
    base.snapshot.git.cacheDirectory = folder + u"/mirrors"_s;
    base.freightDirectory = folder + u"/freight"_s;
    return base;
}

core::PromotionRunOptions fastRunOptions() {
    core::PromotionRunOptions options;
    options.tick = std::chrono::milliseconds(100);
    options.watch.firstRetry = std::chrono::milliseconds(50);
    options.watch.maxRetry = std::chrono::milliseconds(200);
    options.watch.pollInterval = std::chrono::milliseconds(200);
    return options;
}

core::Freight apiFreight(const QString& tag) {
    const QString digest = QString::fromLatin1(
        QCryptographicHash::hash(tag.toUtf8(), QCryptographicHash::Sha256).toHex());
    return core::Freight::make(
        u"api"_s, u"api"_s,
        {core::FreightArtifact::image(u"ghcr.io/example/api"_s, tag, u"sha256:"_s + digest)},
        QDateTime::currentDateTimeUtc());
}

} // namespace fd::testsupport

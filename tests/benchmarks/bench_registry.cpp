// Benchmark of RegistryClient::listTags: a repository with 1,000 tags (SemVer, v-prefixed,
// pre-release and build names) in Debian's docker-registry, listed through the paginated API,
// against one plain unpaginated request and `skopeo list-tags` on the same repository, measured
// in the same run. docker-registry 2.8 ignores `n`, so pagination proper is measured too against
// a server that pages by Link. A program that prints its figures, not a timed test; `--help`.

#include "awaitresult.h"
#include "benchsystem.h"
#include "dockerregistry.h"
#include "fakeregistry.h"
#include "ocilayout.h"
#include "registryclient.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTemporaryDir>
#include <QUrlQuery>

namespace fd::bench {
namespace {

using fd::core::ImageReference;
using fd::core::RegistryClient;
using fd::core::RegistryClientOptions;
using fd::core::Result;
using fd::testsupport::DockerRegistry;
using fd::testsupport::FakeRegistry;
using fd::testsupport::FakeReply;
using fd::testsupport::FakeRequest;
using fd::testsupport::OciLayout;

struct Options final {
    int tags = 1000;
    int pageSize = 100;
    int iterations = 7;
};

Options parseOptions(const QCoreApplication& app) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Times RegistryClient::listTags on a repository with many tags against one "
                       "unpaginated request and `skopeo list-tags`."));
    parser.addHelpOption();
    const QCommandLineOption tags(QStringLiteral("tags"), QStringLiteral("Tags (1000)."),
                                  QStringLiteral("n"), QStringLiteral("1000"));
    const QCommandLineOption pageSize(QStringLiteral("page-size"),
                                      QStringLiteral("Tags asked for per page (100)."),
                                      QStringLiteral("n"), QStringLiteral("100"));
    const QCommandLineOption iterations(QStringLiteral("iterations"),
                                        QStringLiteral("Timed runs of each (7)."),
                                        QStringLiteral("n"), QStringLiteral("7"));
    parser.addOptions({tags, pageSize, iterations});
    parser.process(app);
    return {positiveValue(parser, tags), positiveValue(parser, pageSize),
            positiveValue(parser, iterations)};
}

// Mixed names, as a real repository collects them over the years.
QStringList tagNames(int count) {
    QStringList names;
    for (int i = 0; i < count; ++i) {
        switch (i % 4) {
        case 0:
            names.append(QStringLiteral("1.%1.%2").arg(i / 40).arg(i % 40));
            break;
        case 1:
            names.append(QStringLiteral("v2.%1.0").arg(i));
            break;
        case 2:
            names.append(QStringLiteral("3.0.0-rc.%1").arg(i));
            break;
        default:
            names.append(QStringLiteral("build-%1-%2")
                             .arg(i)
                             .arg(qHash(i) % 0xfffff, 5, 16, QLatin1Char('0')));
        }
    }
    return names;
}

Result<QByteArray> request(QNetworkAccessManager& network, const QByteArray& verb, const QUrl& url,
                           const QByteArray& body = {}, const QByteArray& contentType = {}) {
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/vnd.oci.image.manifest.v1+json");
    if (!contentType.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    QNetworkReply* reply = network.sendCustomRequest(request, verb, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status < 200 || status >= 300)
        return fd::core::Error{fd::core::Error::Kind::Network,
                               QStringLiteral("%1 %2: %3 %4")
                                   .arg(QString::fromLatin1(verb), url.toString())
                                   .arg(status)
                                   .arg(QString::fromUtf8(reply->readAll())),
                               {}};
    return reply->readAll();
}

// One image pushed by skopeo, then the same manifest put under every other tag by the
// registry's own API: a thousand skopeo runs would take minutes.
void fillRepository(const DockerRegistry& registry, const QString& repository,
                    const QStringList& tags, QNetworkAccessManager& network) {
    QTemporaryDir layoutDir;
    require(layoutDir.isValid(), QStringLiteral("a temporary folder"));
    OciLayout layout(layoutDir.path());
    const auto digest = layout.add(QStringLiteral("seed"),
                                   {{{}, QDateTime::currentDateTimeUtc(), QByteArray("bench")}});
    require(bool(digest), QStringLiteral("the OCI layout"));
    const auto pushed = registry.push(layoutDir.path(), QStringLiteral("seed"),
                                      repository + QStringLiteral(":") + tags.first());
    if (!pushed)
        fail(pushed.error().toString());
    const QString base =
        QStringLiteral("http://%1/v2/%2/manifests/").arg(registry.host(), repository);
    const auto manifest = request(network, "GET", QUrl(base + tags.first()));
    if (!manifest)
        fail(manifest.error().toString());
    for (qsizetype i = 1; i < tags.size(); ++i) {
        const auto put = request(network, "PUT", QUrl(base + tags.at(i)), *manifest,
                                 "application/vnd.oci.image.manifest.v1+json");
        if (!put)
            fail(put.error().toString());
    }
}

struct Timing final {
    QList<double> ms;
    qint64 requests = 0;
    qsizetype tags = 0;
};

Timing timeClient(QNetworkAccessManager& network, const QString& image, int pageSize,
                  int iterations) {
    Timing timing;
    const auto reference = ImageReference::parse(image);
    require(bool(reference), QStringLiteral("image name %1").arg(image));
    for (int i = -1; i < iterations; ++i) { // the first run warms up connections
        RegistryClientOptions options;
        options.overrides.setInsecure(reference->registry);
        options.credentials = {};
        options.pageSize = pageSize;
        RegistryClient client(&network, std::move(options));
        QElapsedTimer timer;
        timer.start();
        const auto tags = fd::core::awaitResult<QStringList>(
            [&](auto done) { client.listTags(*reference, nullptr, done); });
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        if (!tags)
            fail(tags.error().toString());
        if (i >= 0)
            timing.ms.append(ms);
        timing.requests = client.requestCount();
        timing.tags = tags->size();
    }
    return timing;
}

Timing timePlainRequest(QNetworkAccessManager& network, const QUrl& url, int iterations) {
    Timing timing;
    for (int i = -1; i < iterations; ++i) {
        QElapsedTimer timer;
        timer.start();
        const auto body = request(network, "GET", url);
        if (!body)
            fail(body.error().toString());
        const auto tags =
            QJsonDocument::fromJson(*body).object().value(QStringLiteral("tags")).toArray();
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        if (i >= 0)
            timing.ms.append(ms);
        timing.requests = 1;
        timing.tags = tags.size();
    }
    return timing;
}

Timing timeSkopeo(const QString& image, int iterations) {
    Timing timing;
    for (int i = -1; i < iterations; ++i) {
        QProcess skopeo;
        QElapsedTimer timer;
        timer.start();
        skopeo.start(QStringLiteral("skopeo"),
                     {QStringLiteral("list-tags"), QStringLiteral("--tls-verify=false"),
                      QStringLiteral("docker://") + image});
        if (!skopeo.waitForFinished(120000) || skopeo.exitCode() != 0)
            fail(QStringLiteral("skopeo list-tags failed: %1")
                     .arg(QString::fromLocal8Bit(skopeo.readAllStandardError())));
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        const auto tags = QJsonDocument::fromJson(skopeo.readAllStandardOutput())
                              .object()
                              .value(QStringLiteral("Tags"))
                              .toArray();
        if (i >= 0)
            timing.ms.append(ms);
        timing.requests = -1;
        timing.tags = tags.size();
    }
    return timing;
}

// Pages of `n` after `last`, with a Link to the next, as distribution v3 and most hosted
// registries answer.
FakeReply pagedAnswer(const QStringList& all, const FakeRequest& request, const QByteArray& host) {
    const QUrlQuery query(QString::fromLatin1(request.target).section(u'?', 1));
    const int n = query.queryItemValue(QStringLiteral("n")).toInt();
    const QString last = query.queryItemValue(QStringLiteral("last"));
    const qsizetype start = last.isEmpty() ? 0 : all.indexOf(last) + 1;
    const QStringList page = all.mid(start, n > 0 ? n : -1);
    FakeReply reply = FakeReply::json(
        QJsonDocument(QJsonObject{{QStringLiteral("name"), QStringLiteral("bench/app")},
                                  {QStringLiteral("tags"), QJsonArray::fromStringList(page)}})
            .toJson(QJsonDocument::Compact));
    if (n > 0 && start + n < all.size())
        reply.headers.emplaceBack("Link", "<http://" + host +
                                              "/v2/bench/app/tags/list?n=" + QByteArray::number(n) +
                                              "&last=" + page.last().toUtf8() + ">; rel=\"next\"");
    return reply;
}

QString row(const QString& name, const Timing& timing, double baseline) {
    const double ms = median(timing.ms);
    return QStringLiteral("  %1 %2 ms  %3 requests  %4 tags  ratio %5")
        .arg(name, -38)
        .arg(ms, 8, 'f', 2)
        .arg(timing.requests < 0 ? QStringLiteral("?") : QString::number(timing.requests), 3)
        .arg(timing.tags, 5)
        .arg(ms / baseline, 0, 'f', 2);
}

int run(const Options& options) {
    if (DockerRegistry::program().isEmpty())
        fail(QStringLiteral("docker-registry is not installed (apt-get install docker-registry)"));
    DockerRegistry registry;
    if (const auto started = registry.start(); !started)
        fail(started.error().toString());
    QNetworkAccessManager network;
    const QStringList tags = tagNames(options.tags);
    say(QStringLiteral("filling %1/bench/app with %2 tags...")
            .arg(registry.host())
            .arg(tags.size()));
    QElapsedTimer fill;
    fill.start();
    fillRepository(registry, QStringLiteral("bench/app"), tags, network);
    say(QStringLiteral("filled in %1 s").arg(double(fill.elapsed()) / 1000, 0, 'f', 1));

    const QString image = registry.host() + QStringLiteral("/bench/app");
    const Timing plain = timePlainRequest(
        network, QUrl(QStringLiteral("http://%1/v2/bench/app/tags/list").arg(registry.host())),
        options.iterations);
    const Timing client = timeClient(network, image, options.pageSize, options.iterations);
    const Timing skopeo = timeSkopeo(image, options.iterations);
    require(plain.tags == tags.size() && client.tags == tags.size() && skopeo.tags == tags.size(),
            QStringLiteral("every reader saw all %1 tags").arg(tags.size()));

    FakeRegistry paged([&](const FakeRequest& request) {
        return pagedAnswer(tags, request, "127.0.0.1:" + QByteArray::number(paged.port()));
    });
    require(paged.listen(), QStringLiteral("a port for the paging server"));
    const QString pagedImage = QStringLiteral("127.0.0.1:%1/bench/app").arg(paged.port());
    const Timing pagedPlain = timePlainRequest(
        network,
        QUrl(
            QStringLiteral("http://%1/v2/bench/app/tags/list").arg(pagedImage.section(u'/', 0, 0))),
        options.iterations);
    const Timing pagedClient =
        timeClient(network, pagedImage, options.pageSize, options.iterations);
    require(pagedClient.tags == tags.size(), QStringLiteral("the paged listing saw every tag"));

    say(QStringLiteral("\n%1 tags, page size %2; medians of %3 runs; load %4")
            .arg(tags.size())
            .arg(options.pageSize)
            .arg(options.iterations)
            .arg(loadAverage()));
    say(QStringLiteral("docker-registry %1 (ignores n: one page)").arg(registry.host()));
    say(row(QStringLiteral("one GET /tags/list (baseline)"), plain, median(plain.ms)));
    say(row(QStringLiteral("RegistryClient::listTags"), client, median(plain.ms)));
    say(row(QStringLiteral("skopeo list-tags"), skopeo, median(plain.ms)));
    say(QStringLiteral("  RegistryClient against skopeo: ratio %1")
            .arg(median(client.ms) / median(skopeo.ms), 0, 'f', 3));
    say(QStringLiteral("Link-paginating server (FakeRegistry, pages of %1)").arg(options.pageSize));
    say(row(QStringLiteral("one GET without n (baseline)"), pagedPlain, median(pagedPlain.ms)));
    say(row(QStringLiteral("RegistryClient::listTags, paginated"), pagedClient,
            median(pagedPlain.ms)));
    return 0;
}

} // namespace
} // namespace fd::bench

int main(int argc, char** argv) {
    return fd::bench::benchmarkMain(argc, argv, "bench_registry", [](const QCoreApplication& app) {
        return fd::bench::run(fd::bench::parseOptions(app));
    });
}

#include "argocdsimulator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

using fd::argocdsim::ArgoCDSimulator;
using fd::argocdsim::SimAccount;
using fd::argocdsim::SimConfig;

namespace {

std::chrono::milliseconds milliseconds(const QCommandLineParser& parser, const QString& name,
                                       std::chrono::milliseconds fallback) {
    return parser.isSet(name) ? std::chrono::milliseconds(parser.value(name).toLongLong())
                              : fallback;
}

} // namespace

int main(int argc, char* argv[]) {
    QCoreApplication application(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("freightdesk-argocd-sim"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "An Argo CD API server simulated over a Git repository, for tests and demos."));
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("repo"), QStringLiteral("Bare repository path or URL."),
         QStringLiteral("url")},
        {QStringLiteral("port"), QStringLiteral("Port on 127.0.0.1 (default: a free one)."),
         QStringLiteral("n")},
        {QStringLiteral("token"), QStringLiteral("Static bearer token for the admin account."),
         QStringLiteral("token")},
        {QStringLiteral("account"),
         QStringLiteral("user:password[:project,project] (repeatable; replaces admin:password)."),
         QStringLiteral("account")},
        {QStringLiteral("interval-ms"), QStringLiteral("Reconciliation interval."),
         QStringLiteral("ms")},
        {QStringLiteral("refresh-delay-ms"), QStringLiteral("Delay of ?refresh answers."),
         QStringLiteral("ms")},
        {QStringLiteral("sync-delay-ms"), QStringLiteral("Duration of a sync operation."),
         QStringLiteral("ms")},
        {QStringLiteral("health-delay-ms"), QStringLiteral("Progressing time after a sync."),
         QStringLiteral("ms")},
        {QStringLiteral("token-ttl-ms"), QStringLiteral("Session token lifetime."),
         QStringLiteral("ms")},
        {QStringLiteral("broken-tag"),
         QStringLiteral("An image tag that deploys Degraded (repeatable)."), QStringLiteral("tag")},
    });
    parser.process(application);
    QTextStream err(stderr);
    if (!parser.isSet(QStringLiteral("repo"))) {
        err << "freightdesk-argocd-sim: --repo is required\n";
        return 2;
    }
    SimConfig config;
    config.repository = parser.value(QStringLiteral("repo"));
    config.port = static_cast<quint16>(parser.value(QStringLiteral("port")).toUInt());
    config.staticToken = parser.value(QStringLiteral("token"));
    config.brokenTags = parser.values(QStringLiteral("broken-tag"));
    if (parser.isSet(QStringLiteral("account"))) {
        config.accounts.clear();
        for (const QString& account : parser.values(QStringLiteral("account"))) {
            const QStringList parts = account.split(u':');
            config.accounts.append(SimAccount{parts.value(0), parts.value(1),
                                              parts.value(2).split(u',', Qt::SkipEmptyParts)});
        }
    }
    config.reconcileInterval =
        milliseconds(parser, QStringLiteral("interval-ms"), config.reconcileInterval);
    config.refreshDelay =
        milliseconds(parser, QStringLiteral("refresh-delay-ms"), config.refreshDelay);
    config.syncDelay = milliseconds(parser, QStringLiteral("sync-delay-ms"), config.syncDelay);
    config.healthDelay =
        milliseconds(parser, QStringLiteral("health-delay-ms"), config.healthDelay);
    config.tokenLifetime =
        milliseconds(parser, QStringLiteral("token-ttl-ms"), config.tokenLifetime);

    ArgoCDSimulator simulator(config);
    if (auto started = simulator.start(); !started) {
        err << "freightdesk-argocd-sim: " << started.error().toString() << '\n';
        return 1;
    }
    QTextStream out(stdout);
    out << simulator.url().toString() << Qt::endl;
    err << "serving " << simulator.applicationNames().join(QStringLiteral(", ")) << '\n';
    err.flush();
    return QCoreApplication::exec();
}

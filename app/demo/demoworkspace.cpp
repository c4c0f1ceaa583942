#include "demoworkspace.h"

#include "argocdsimulator.h"
#include "demogitserver.h"
#include "demoregistry.h"
#include "demorepository.h"

#include <QDir>
#include <QProcess>
#include <QUuid>

namespace fd::demo {

namespace {

constexpr auto RepositoryName = "demo.git";

core::Result<void> runGit(const QStringList& arguments, const QByteArray& input = {}) {
    QProcess git;
    git.start(QStringLiteral("git"), arguments);
    if (!git.waitForStarted())
        return core::Error{
            core::Error::Kind::NotFound,
            QStringLiteral("the demo needs the git command: %1").arg(git.errorString()),
            {}};
    git.write(input);
    git.closeWriteChannel();
    if (!git.waitForFinished(60000) || git.exitStatus() != QProcess::NormalExit ||
        git.exitCode() != 0)
        return core::Error{core::Error::Kind::Git,
                           QStringLiteral("git %1 failed while building the demo: %2")
                               .arg(arguments.value(2),
                                    QString::fromLocal8Bit(git.readAllStandardError()).trimmed()),
                           {}};
    return {};
}

} // namespace

DemoWorkspace::DemoWorkspace()
    : m_registry(new DemoRegistry(this))
    , m_git(nullptr) {}

DemoWorkspace::~DemoWorkspace() {
    // The servers go before the folder they serve.
    delete m_argocd;
    delete m_git;
    delete m_registry;
}

core::Result<std::unique_ptr<DemoWorkspace>> DemoWorkspace::start() {
    std::unique_ptr<DemoWorkspace> workspace(new DemoWorkspace);
    if (auto built = workspace->build(); !built)
        return built.error();
    return workspace;
}

core::Result<void> DemoWorkspace::build() {
    if (!m_root.isValid())
        return core::Error{
            core::Error::Kind::Io,
            QStringLiteral("cannot make the demo's temporary folder: %1").arg(m_root.errorString()),
            {}};
    const QString repositories = m_root.filePath(QStringLiteral("repositories"));
    const QString bare = repositories + u'/' + QLatin1String(RepositoryName);
    QDir().mkpath(repositories);
    m_git = new DemoGitServer(repositories, this);
    if (auto started = m_git->start(); !started)
        return started;
    if (auto started = m_registry->start(); !started)
        return started;

    const DemoRepository content({m_git->repositoryUrl(QLatin1String(RepositoryName)),
                                  m_registry->host(), QDateTime::currentDateTimeUtc()});
    for (const DemoImage& image : content.images())
        m_registry->addImage(QStringLiteral("demo/") + image.service, image.tag, image.created);
    const QByteArray history =
        content.fastImport([this](const QString& service, const QString& tag) {
            return m_registry->digest(QStringLiteral("demo/") + service, tag);
        });
    if (auto made =
            runGit({QStringLiteral("init"), QStringLiteral("--quiet"), QStringLiteral("--bare"),
                    QStringLiteral("--initial-branch=main"), bare});
        !made)
        return made;
    if (auto imported = runGit({QStringLiteral("--git-dir"), bare, QStringLiteral("fast-import"),
                                QStringLiteral("--quiet")},
                               history);
        !imported)
        return imported;

    m_token = QUuid::createUuid().toString(QUuid::WithoutBraces);
    argocdsim::SimConfig config;
    config.repository = bare;
    config.staticToken = m_token;
    config.brokenTags = {DemoRepository::brokenTag()};
    // Slow enough to watch a promotion go through its states.
    config.reconcileInterval = std::chrono::seconds(2);
    config.syncDelay = std::chrono::milliseconds(1500);
    config.healthDelay = std::chrono::milliseconds(2500);
    m_argocd = new argocdsim::ArgoCDSimulator(config, this);
    return m_argocd->start();
}

core::RepositoryRequest DemoWorkspace::repository() const {
    return {m_git->repositoryUrl(QLatin1String(RepositoryName)).toString(), QStringLiteral("main")};
}

core::RepositoryLoaderOptions DemoWorkspace::loaderOptions() const {
    core::RepositoryLoaderOptions options;
    const QString caches = m_root.filePath(QStringLiteral("cache"));
    options.snapshot.historyCacheDirectory = caches + QStringLiteral("/history");
    options.snapshot.git.cacheDirectory = caches + QStringLiteral("/mirrors");
    options.snapshot.git.useKeychain = false;
    options.snapshot.git.useCredentialHelpers = false;
    options.snapshot.git.useSshAgent = false;
    options.snapshot.git.identity =
        core::GitIdentity{QStringLiteral("You (demo)"), QStringLiteral("you@demo.invalid")};
    options.freightDirectory = caches + QStringLiteral("/freight");
    options.argocd.server = m_argocd->url().toString();
    options.argocd.authToken = m_token;
    options.argocd.plainText = true;
    options.registries.setInsecure(m_registry->host());
    options.freightInterval = std::chrono::seconds(30);
    return options;
}

} // namespace fd::demo
